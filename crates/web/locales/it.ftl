# Portineria — italiano (lingua principale)

## Struttura
nav-label = Navigazione principale
nav-map = Mappa
nav-directory = Cerca
nav-hubs = Hub
nav-manage = Gestione
nav-logout = Esci
nav-login = Accedi
nav-signup = Registrati
switch-language = English
skip-to-content = Vai al contenuto
footer-about = Portineria, la portineria aumentata del quartiere
footer-api = API
back-home = Torna alla pagina iniziale
next-page = Pagina successiva →
save = Salva
edit = Modifica
cancel = Annulla
actions = Azioni
yes = sì
no = no
never = mai
form-has-errors = Controlla i campi segnalati qui sotto.

## Pagina iniziale
home-title = Cosa offre il quartiere, adesso
home-lead = Coworking, bar, biblioteche e negozi della rete: un solo accesso, posti a portata di passeggiata.
search-label = Cerca
search-placeholder = Un luogo, un quartiere, una sala riunioni…
search-button = Cerca
home-numbers = La rete in numeri
stat-hubs = hub
stat-sites = sedi
stat-places = spazi
stat-seats = posti
home-open-now = { $count ->
    [0] Nessuna sede aperta adesso
    [one] Una sede aperta adesso
   *[other] { $count } sedi aperte adesso
}
home-nothing-open = Ora è tutto chiuso. Guarda gli orari nella pagina di ogni sede.
home-all-open = Vedi tutte le { $count } sedi aperte
home-hubs = Gli hub della rete
home-all-hubs = Tutti gli hub
home-see-map = Guarda la mappa
sites-count = { $count ->
    [one] una sede
   *[other] { $count } sedi
}

## Mappa
map-title = Mappa della rete
map-lead = Ogni indicatore è una sede: il coworking centrale e i suoi satelliti.
map-region = Mappa delle sedi
map-noscript = La mappa interattiva richiede JavaScript; l'elenco qui sotto contiene le stesse sedi con indirizzo e coordinate.
map-list = { $count ->
    [one] Una sede
   *[other] { $count } sedi
}

## Ricerca
directory-title = Cerca nella rete
filter-kind = Tipo di sede
filter-any-kind = Qualsiasi tipo
filter-open-now = Solo aperte adesso
filter-walk = A piedi da…
filter-walk-minutes = Entro
filter-any-distance = qualsiasi distanza
minutes = { $count } minuti
filter-from-site = Da: { $name }
filter-remove-origin = (togli)
filter-lat = Latitudine
filter-lon = Longitudine
filter-my-position = Usa la mia posizione
walk-rule = Tempo a piedi stimato: distanza in linea d'aria × 1,3, a 4,5 km/h.
filter-apply = Applica
results-count = { $count ->
    [0] Nessun risultato
    [one] Un risultato
   *[other] { $count } risultati
}
results-none = Nessuna sede corrisponde alla ricerca. Prova a togliere un filtro.
walk-minutes = { $count } min a piedi

## Sedi e spazi
edit-site = Modifica la sede
site-hours = Orari
site-closed-holidays = Chiuso nei giorni festivi nazionali.
site-exceptions = Giorni particolari
site-how-to-get-there = Come arrivare
site-coordinates = Coordinate
site-directions = Indicazioni stradali (OpenStreetMap)
site-open-in-app = Apri nell'app delle mappe
site-nearby = Cosa c'è a 15 minuti a piedi da qui
site-accessibility = Accessibilità
site-contacts = Contatti
site-places = { $count ->
    [0] Spazi
    [one] Uno spazio
   *[other] { $count } spazi
}
add-place = Aggiungi uno spazio
site-no-places = Nessuno spazio registrato.
capacity-people = { $count ->
    [one] una persona
   *[other] { $count } persone
}
feed-title = Le tue prenotazioni nel calendario
feed-lead = Un link segreto da aggiungere al calendario del telefono o del computer: le tue prenotazioni compaiono da sole. Chi ha il link le vede, quindi non condividerlo.
feed-create = Crea un nuovo link (quello vecchio smette di funzionare)
feed-created = Ecco il link del tuo calendario. Copialo ora: non verrà più mostrato.
feed-my-calendar = Le mie prenotazioni · Portineria
feed-my-booking = La tua prenotazione su Portineria
feed-busy = occupato
calendar-feed = Calendario (iCal) di quando è occupato
bookable = prenotabile
edit-place = Modifica lo spazio
place-capacity = Capienza
place-pool-note = postazioni prenotabili una per persona
place-bookable = Prenotabile
place-equipment = Dotazioni
hubs-title = Gli hub della rete
edit-hub = Modifica l'hub
add-site = Aggiungi una sede
hub-sites = Sedi
hub-on-map = Vedi le sedi sulla mappa

site-kind-central = coworking centrale
site-kind-bar = bar
site-kind-library = biblioteca
site-kind-shop = negozio
site-kind-market = mercato
site-kind-school = scuola
site-kind-other = altro
place-kind-desk_pool = postazioni
place-kind-meeting_room = sala riunioni
place-kind-event_hall = sala eventi
place-kind-lab = laboratorio
place-kind-kids_room = spazio bimbi
place-kind-garden = giardino
place-kind-other = altro

## Orari
weekday-0 = lunedì
weekday-1 = martedì
weekday-2 = mercoledì
weekday-3 = giovedì
weekday-4 = venerdì
weekday-5 = sabato
weekday-6 = domenica
open-until = Aperto fino alle { $time }
open-until-day = Aperto fino a { $day } alle { $time }
open-now = Aperto
opens-at = Chiuso · apre alle { $time }
opens-day-at = Chiuso · apre { $day } alle { $time }
closed = Chiuso
closed-lower = chiuso
tomorrow = domani
holiday-new-year = Capodanno
holiday-epiphany = Epifania
holiday-easter = Pasqua
holiday-easter-monday = Lunedì dell'Angelo
holiday-liberation = Festa della Liberazione
holiday-labour = Festa del Lavoro
holiday-republic = Festa della Repubblica
holiday-assumption = Ferragosto
holiday-st-francis = San Francesco d'Assisi
holiday-all-saints = Ognissanti
holiday-immaculate = Immacolata Concezione
holiday-christmas = Natale
holiday-st-stephen = Santo Stefano

## Errori
error-title = Qualcosa non va
error-title-400 = Richiesta non valida
error-title-401 = Accesso richiesto
error-title-403 = Non consentito
error-title-404 = Pagina non trovata
error-title-405 = Metodo non consentito
error-title-409 = Conflitto
error-title-413 = Richiesta troppo grande
error-title-415 = Formato non supportato
error-title-422 = Dati non validi
error-title-429 = Troppi tentativi
error-title-500 = Errore del server
error-not-found = Quello che cerchi non esiste, o non esiste più.
error-unauthorized = Per continuare devi accedere.
error-forbidden = Il tuo ruolo non ti permette di farlo.
error-validation = Alcuni dati non sono validi.
error-csrf = La richiesta non viene da una pagina di Portineria o il modulo è scaduto: ricarica la pagina e riprova.
error-rate-limited = Troppi tentativi in poco tempo. Riprova tra un quarto d'ora.
error-internal = Si è verificato un errore imprevisto. Riprova tra poco.
error-malformed = La richiesta non è leggibile.
error-method-not-allowed = Questo indirizzo non accetta questo metodo.
error-payload-too-large = La richiesta è troppo grande.
error-unsupported-media-type = Formato dei dati non supportato: usa JSON (application/json).
error-bad-cursor = Il cursore di paginazione non è valido.
error-bad-limit = Il limite deve essere un numero intero.
error-bad-credentials = Indirizzo email o password non corretti.
error-email-taken = Esiste già un account con questo indirizzo.
error-hub-name-taken = Esiste già un hub con questo nome.
error-site-name-taken = Questo hub ha già una sede con questo nome.
error-hub-has-sites = L'hub ha ancora delle sedi: elimina o sposta prima le sedi.
error-reset-token-invalid = Il link per reimpostare la password non è valido, è già stato usato o è scaduto.

error-full = Non c'è più posto in quell'orario: scegli un altro orario o un altro spazio.
error-outside-hours = In quell'orario la sede è chiusa: la prenotazione deve stare dentro gli orari di apertura.
error-not-bookable = Questo spazio non si può prenotare.
error-too-long = Una prenotazione può durare al massimo 14 giorni.
error-cancel-deadline-passed = Il termine per annullare è passato: chiedi al gestore della sede.

err-required = Campo obbligatorio.
err-too-long = Al massimo { $max } caratteri.
err-control-characters = Contiene caratteri non ammessi.
err-email = Non è un indirizzo email valido.
err-password-short = La password deve avere almeno { $min } caratteri.
err-url = Deve essere un indirizzo web che inizia con https:// o http://.
err-phone = Non è un numero di telefono valido.
err-number = Deve essere un numero.
err-range = Deve essere tra { $min } e { $max }.
err-kind = Tipo non valido.
err-boolean = Deve essere true o false.
err-hours-bad-time = Orario non valido: usa il formato OO:MM (00:00–24:00).
err-hours-bad-weekday = Giorno della settimana non valido.
err-hours-end-before-start = L'orario di chiusura deve venire dopo quello di apertura (per restare aperti dopo mezzanotte aggiungi una fascia dalle 00:00 del giorno dopo).
err-hours-overlap = Si sovrappone a un'altra fascia dello stesso giorno.
err-exception-duplicate-date = C'è già un giorno particolare con questa data.
err-exception-bad-date = Data non valida: usa AAAA-MM-GG.
err-too-many = Al massimo { $max } voci.
err-coordinates-range = Coordinate fuori intervallo.
err-coordinates-format = Usa il formato LAT,LON, per esempio 44.484,11.350.
err-unknown-site = Sede sconosciuta.
err-walk-needs-origin = Per filtrare per tempo a piedi indica un punto di partenza (coordinate o sede).
err-email-taken = Esiste già un account con questo indirizzo.
err-password-wrong = Password non corretta.
err-unknown-account = Nessun account registrato con questo indirizzo.
err-role = Ruolo non valido.
err-role-target = Questo ruolo non si può assegnare qui: amministratore per la rete, gestore e socio per un hub, host per una sede.
err-site-name-taken = Questo hub ha già una sede con questo nome.
err-hub-name-taken = Esiste già un hub con questo nome.

err-instant = Data e ora non valide: usa il formato RFC 3339, per esempio 2026-11-23T09:00:00+01:00.
err-booking-end-before-start = La fine deve venire dopo l'inizio.
err-booking-in-the-past = Non si prenota nel passato.
err-booking-too-short = La prenotazione è più breve del minimo previsto per questo spazio.
err-booking-too-long = La prenotazione è più lunga del massimo previsto per questo spazio.
err-booking-too-far-ahead = Non si può ancora prenotare così in anticipo.

## Account
signup-title = Registrati
signup-lead = Con un account puoi prenotare, iscriverti e partecipare alla vita della rete. Serve solo un indirizzo email.
field-display-name = Nome
field-email = Email
field-password = Password
field-new-password = Nuova password
password-help = Almeno 10 caratteri. Una frase lunga è più sicura di una parola complicata.
signup-button = Crea l'account
signup-have-account = Hai già un account?
login-title = Accedi
login-button = Accedi
login-forgot = Password dimenticata?
forgot-title = Password dimenticata
forgot-lead = Scrivi l'indirizzo del tuo account: ti mandiamo un link per sceglierne una nuova, valido per un'ora.
forgot-button = Mandami il link
forgot-sent = Se l'indirizzo corrisponde a un account, riceverai a breve un'email con il link. Controlla anche la posta indesiderata.
reset-title = Scegli una nuova password
reset-button = Salva la nuova password
profile-title = Il tuo profilo
profile-details = I tuoi dati
profile-roles = I tuoi ruoli
profile-resident = Sei un residente della rete: puoi esplorare e partecipare. Gestori e amministratori possono assegnarti altri ruoli.
tokens-title = Token per l'API
tokens-lead = Un token permette a un programma di usare l'API a tuo nome. Trattalo come una password.
tokens-created = Ecco il nuovo token. Copialo ora: non verrà più mostrato.
tokens-name = Nome del token
tokens-created-at = Creato
tokens-last-used = Ultimo uso
tokens-revoke = Revoca
tokens-create = Crea un token
data-title = I tuoi dati personali
data-export-lead = Puoi scaricare in qualsiasi momento tutti i dati che conserviamo su di te, in formato JSON.
data-export = Scarica i miei dati
data-erase = Cancella il mio account
data-erase-lead = L'account e i dati personali vengono cancellati subito e per sempre. Nel registro delle modifiche le tue azioni restano, senza il tuo nome.
data-erase-button = Cancella definitivamente
notice-password-changed = Password cambiata. Ora puoi accedere con quella nuova.
notice-erased = Il tuo account è stato cancellato.
notice-welcome = Benvenuto nella rete! Il tuo account è pronto.
notice-saved = Modifiche salvate.
notice-token-revoked = Token revocato.
notice-deleted = Eliminato.
notice-role-added = Ruolo assegnato.
notice-role-removed = Ruolo tolto.
mail-reset-subject = Portineria: nuova password
mail-reset-body = Ciao { $name },

    qualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo account Portineria.
    Per sceglierne una nuova apri questo link entro un'ora:

    { $link }

    Se non sei stato tu, ignora questo messaggio: la password resta quella di prima.

role-admin = Amministratore della rete
role-manager = Gestore di hub
role-host = Host di sede
role-member = Socio
role-manager-of = Gestore di { $hub }
role-member-of = Socio di { $hub }
role-host-of = Host di { $site }

## Gestione
manage-title = Gestione
add-hub = Nuovo hub
manage-people = Persone e ruoli
manage-audit = Registro delle modifiche
manage-my-hubs = Hub che gestisci
manage-my-sites = Sedi che ospiti
field-name = Nome
field-city = Città
field-description = Descrizione
field-website = Sito web
field-phone = Telefono
field-site-kind = Tipo di sede
field-address = Indirizzo
field-lat = Latitudine
field-lon = Longitudine
field-coordinates-help = In gradi decimali (per esempio 44.48400 e 11.35035): su OpenStreetMap, tasto destro sul punto → «Mostra indirizzo».
field-accessibility = Accessibilità (ingressi, gradini, bagni, percorsi)
field-closed-on-holidays = Chiuso nei giorni festivi nazionali
hours-help = Fino a tre fasce per giorno; lascia vuoto se chiuso. Per restare aperti dopo mezzanotte aggiungi una fascia dalle 00:00 del giorno dopo.
hours-opens = Apre
hours-closes = Chiude
exceptions-help = Chiusure o orari speciali per una data. Senza orari la sede è chiusa tutto il giorno. Più righe con la stessa data aggiungono fasce.
exception-date = Data
exception-note = Nota
field-place-kind = Tipo di spazio
field-equipment = Dotazioni
field-equipment-help = Separate da virgole: wifi, proiettore, lavagna…
booking-rules = Regole di prenotazione
field-min-minutes = Durata minima (minuti)
field-max-minutes = Durata massima (minuti)
field-max-days-ahead = Prenotabile con quanti giorni di anticipo
field-cancel-minutes-before = Annullabile fino a quanti minuti prima
field-bookable = Prenotabile
delete-hub = Elimina l'hub
delete-site = Elimina la sede
delete-place = Elimina lo spazio
delete-confirm = Sì, elimina
edit-named = Modifica: { $name }
delete-hub-question = Eliminare l'hub «{ $name }»? Si può solo se non ha più sedi.
delete-site-question = Eliminare la sede «{ $name }» e i suoi { $places } spazi? Non si può annullare.
delete-place-question = Eliminare lo spazio «{ $name }»? Non si può annullare.
people-hub = Hub
people-all-hubs = Tutta la rete
people-role = Ruolo
people-remove = Togli
people-add = Assegna un ruolo
people-where = Dove
people-add-button = Assegna
people-network = L'intera rete
people-title-hub = Persone e ruoli · { $hub }
audit-when = Quando
audit-who = Chi
audit-what = Cosa
audit-object = Oggetto
audit-detail = Dettagli
audit-erased = account cancellato

## API
api-docs-title = Documentazione dell'API
api-docs-lead = Il documento OpenAPI 3.1 completo:
api-docs-index = Indice delle operazioni
api-docs-auth = richiede un token
api-docs-param = Parametro
api-docs-in = Dove
api-docs-description = Descrizione
api-docs-body = Corpo della richiesta
api-docs-responses = Risposte

## Plans, passes, vouchers, the desk, settlement

error-already-checked-in = Questa persona risulta già entrata in una sede: prima va registrata l'uscita.
error-pass-not-yours = Quell'abbonamento appartiene a un'altra persona.
error-voucher-not-yours = Quel voucher appartiene a un'altra persona e non è condiviso con questa.
error-not-checked-in = Questa persona non risulta entrata.
error-checked-in-elsewhere = Questa persona risulta entrata in un'altra sede: l'uscita va registrata lì.
error-plan-kind-fixed = Il tipo e il polo di un piano non si cambiano: crea un piano nuovo.
error-plan-inactive = Questo piano non è più in vendita.
error-plan-of-another-hub = Questo piano è di un altro polo: può venderlo solo quel polo.
error-unknown-account = Nessun account con questo indirizzo.
error-unknown-site = Una delle sedi indicate non esiste.
error-bad-window = La validità deve finire dopo il suo inizio.
error-bad-rounding = Regola di arrotondamento non valida.
error-bad-date = Data non valida.
error-no-entries-left = Non restano ingressi su questo carnet.
error-pass-not-valid-now = L'abbonamento non è valido in questo momento (scaduto o non ancora iniziato).
error-pass-not-covering = L'abbonamento non comprende questa sede.
error-voucher-empty = Il voucher non ha più ore.
error-voucher-not-valid-now = Il voucher non è valido in questo momento (scaduto o non ancora iniziato).
error-voucher-not-accepted = Questa sede non accetta i voucher a ore.
error-no-entitlement = Nessun abbonamento o voucher valido per questa sede.
err-plan-kind = Scegli un tipo di piano.
err-payment-method = Scegli come è stato pagato: contanti, bonifico o POS.
err-date = Scrivi una data come 2026-11-23.
err-date-too-early = La data è troppo indietro nel passato.
err-date-order = La fine deve venire dopo l'inizio.
err-period-too-long = Il periodo può durare al massimo 400 giorni.
err-members-only-vouchers = Solo i voucher a ore si possono condividere.
err-qr-forged = Codice non riconosciuto: controlla di averlo letto o scritto per intero.
err-qr-expired = Codice scaduto: la persona trova quello nuovo nella sua pagina «Il mio codice».
err-pass-or-voucher = Indica un abbonamento oppure un voucher, non entrambi.
err-site-of-another-hub = Un piano di un polo copre solo le sedi di quel polo.
err-rounding-mode = Scegli per eccesso, al più vicino o per difetto.
err-money = Scrivi un importo in euro, come 12,50.

mail-booking-confirmed-subject = Prenotazione confermata: { $place }
mail-booking-confirmed-body = Ciao { $name },

    la tua prenotazione è confermata.

    { $place } — { $site }
    { $when }

    Le tue prenotazioni, per vederle o annullarle: { $link }
mail-booking-cancelled-subject = Prenotazione annullata: { $place }
mail-booking-cancelled-body = Ciao { $name },

    la prenotazione di { $place } ({ $site }) per { $when } è stata annullata.

    Le tue prenotazioni: { $link }
mail-voucher-low-subject = Il tuo voucher «{ $plan }» sta per finire
mail-voucher-low-body = Ciao { $name },

    sul voucher «{ $plan }» restano { $left } ore su { $total }.
    Puoi ricaricarlo alla portineria di qualunque sede.

    I tuoi abbonamenti e voucher: { $link }
mail-pass-expiring-subject = Il tuo abbonamento «{ $plan }» sta per scadere
mail-pass-expiring-body = Ciao { $name },

    l'abbonamento «{ $plan }» scade il { $until }.
    Per rinnovarlo passa dalla portineria di una sede.

    I tuoi abbonamenti e voucher: { $link }
error-end-before-start = La fine deve venire dopo l'inizio.

## Booking, passes and the desk: pages
back = Indietro
show = Mostra
field-hub = Polo
field-site = Sede
book-heading = Prenota
book-days = Giorni
day-before = Giorno prima
day-after = Giorno dopo
book-closed-day = La sede è chiusa in questo giorno.
book-grid-caption = Posti liberi ora per ora
book-hour = Ora
book-free = Posti liberi
book-full = Pieno
book-day = Giorno
book-from = Dalle
book-to = Alle
book-weeks = Per quante settimane
book-submit = Prenota
book-login = Accedi per prenotare
booking-rules-summary = Da { $min } minuti a { $max } ore, fino a { $days } giorni prima; si annulla fino a { $cancel } minuti prima dell'inizio.
booked-title = Prenotazioni ripetute
booked-ok = { $count ->
    [one] Una prenotazione confermata
   *[other] { $count } prenotazioni confermate
}
booked-failed = { $count ->
    [one] Una settimana non prenotata
   *[other] { $count } settimane non prenotate
}
my-bookings = Le mie prenotazioni
my-bookings-none = Nessuna prenotazione in arrivo. Trova uno spazio nell'elenco:
my-passes = Abbonamenti e voucher
my-qr = Il mio codice
calendar-personal = Il mio calendario
booking-when = Quando
booking-place = Spazio
booking-cancel = Annulla
booking-cancel-closed = Non più annullabile
notice-booked = Prenotazione confermata: ti abbiamo scritto una mail.
notice-booking-cancelled = Prenotazione annullata.
passes-heading = Abbonamenti
passes-none = Nessun abbonamento: si acquistano alla portineria di una sede.
pass-valid = Validità
pass-entries = Ingressi rimasti
pass-current = valido ora
vouchers-heading = Voucher a ore
vouchers-none = Nessun voucher a ore.
voucher-shared = condiviso
voucher-balance = Restano { $left } ore su { $total }
voucher-expires = scade il { $date }
voucher-history = Storico degli utilizzi
voucher-used = Usate
voucher-left = Restano
voucher-expiry = Scadenza
voucher-members = Condiviso con
stays-heading = Le mie presenze
stays-none = Nessuna presenza registrata.
stay-length = Durata
stay-open = in corso
qr-alt = Il tuo codice QR personale
qr-valid-until = Valido fino al { $date }.
qr-help = Mostralo alla portineria di qualunque sede, satelliti compresi: all'entrata e all'uscita. Puoi stamparlo; se la fotocamera non lo legge, dai il codice scritto qui sopra.
desk-title = Portineria: { $site }
desk-open = Portineria
desk-free-seats = { $count ->
    [one] 1 postazione libera ora
   *[other] { $count } postazioni libere ora
}
desk-code = Codice della persona
desk-scan = Leggi con la fotocamera
desk-scan-stop = Ferma la fotocamera
desk-scan-error = Non riesco ad aprire la fotocamera: scrivi il codice.
desk-in = Entrata
desk-out = Uscita
desk-present = { $count ->
    [one] 1 persona presente
   *[other] { $count } persone presenti
}
desk-nobody = Nessuno presente.
desk-since = Dalle
desk-via = Con
via-pass = abbonamento
via-voucher = voucher a ore
notice-checked-in-pass = Entrata registrata con l'abbonamento.
notice-checked-in-voucher = Entrata registrata: le ore si scalano dal voucher all'uscita.
notice-checked-out = Uscita registrata: { $time } ore.
notice-voucher-left = Sul voucher restano { $time } ore.
notice-uncovered = { $time } ore non coperte dal voucher: da saldare in portineria.
site-free-now = { $count ->
    [one] 1 postazione libera ora
   *[other] { $count } postazioni libere ora
}
manage-plans = Piani
manage-sales = Vendite
manage-bookings = Prenotazioni
manage-settlement = Compensazioni
plans-none = Nessun piano ancora.
plan-new = Nuovo piano
plan-kind = Tipo
plan-price = Prezzo (€)
plan-valid-days = Validità (giorni)
plan-entries = Ingressi (carnet)
plan-hours = Ore (voucher)
plan-fields-help = Gli ingressi servono solo al carnet, le ore solo al voucher a ore; la validità, se vuota, è quella tipica del tipo.
plan-sites = Sedi comprese
plan-sites-help = Nessuna sede spuntata: tutte le sedi del polo.
plan-active = In vendita
plan-inactive = non in vendita
plan-network = Tutta la rete
plan-network-check = Piano di tutta la rete (lo vende ogni polo)
plan-all-sites = Tutte le sedi del polo
plan-some-sites = { $count ->
    [one] 1 sede
   *[other] { $count } sedi
}
plan-kind-day = Giornaliero
plan-kind-entries = Carnet di ingressi
plan-kind-monthly = Mensile
plan-kind-annual = Annuale
plan-kind-membership = Tessera base della rete
plan-kind-premium = Pacchetto premium
plan-kind-course = Tessera di un corso
plan-kind-hours = Voucher a ore
sell-heading = Vendi
sell-plan = Piano
sell-email = Indirizzo della persona
sell-starts-on = Valido dal
sell-amount = Importo (€)
sell-method = Pagamento
sell-reference = Riferimento (ricevuta, CRO…)
sell-members = Condiviso con (indirizzi, separati da virgole)
sell-help = Importo vuoto: il prezzo del piano. La condivisione vale solo per i voucher a ore.
sell-submit = Registra la vendita
notice-sold = Vendita registrata.
method-cash = Contanti
method-transfer = Bonifico
method-pos = POS
method-online = Online
payments-heading = Pagamenti registrati
payments-none = Nessun pagamento ancora.
bookings-from-day = Settimana dal
bookings-none-week = Nessuna prenotazione in questa settimana.
settlement-from = Dal
settlement-to = Al (escluso)
settlement-none = Nessuna presenza chiusa nel periodo.
settlement-issuer = Polo che ha venduto
settlement-stays = Presenze
settlement-hours = Ore
settlement-rate = Tariffa oraria
settlement-owed = Dovuto alla sede
settlement-total = Totale
settlement-csv = Scarica in CSV
terms-heading = Regole del polo e tariffe delle sedi
terms-vouchers = Accetta voucher
terms-rate = Tariffa oraria (€)
rounding-step = Arrotondamento (minuti)
rounding-mode = Verso
rounding-up = per eccesso
rounding-nearest = al più vicino
rounding-down = per difetto
week-before = Settimana prima
week-after = Settimana dopo
view-day = Vista giorno
view-week = Vista settimana
view-site = Tutti gli spazi della sede
site-grid-title = Posti liberi: { $site }
site-grid-none = Questa sede non ha spazi prenotabili.
site-grid-help = Scegli uno spazio (in testa alla colonna) per prenotarlo.
site-grid-link = Posti liberi ora per ora
field-holders-only = Prenotabile solo da chi ha un abbonamento o un voucher che lo comprende
plan-place-kinds = Spazi compresi
plan-place-kinds-help = Nessuno spuntato: ogni tipo di spazio.
place-holders-only = per chi ha un abbonamento o un voucher che lo comprende.
settlement-whole-network = Tutta la rete

## Banca del tempo
error-transfer-to-self = Non si può trasferire tempo a sé stessi.
error-transfer-not-positive = I minuti da trasferire devono essere più di zero.
error-transfer-credit-limit = Il trasferimento porterebbe il conto sotto il suo limite di credito.
error-transfer-highest-balance = Il trasferimento porterebbe il conto di chi riceve sopra il suo saldo massimo.
error-limits-invalid = Il limite di credito deve essere zero o negativo e il saldo massimo zero o positivo.
error-limits-exclude-balance = Il saldo attuale del conto è fuori da questi limiti: prima va riportato dentro.
error-owner-kind = Un conto della banca del tempo appartiene a una persona, a un attore locale o alla rete.
error-already-reversed = Questo movimento è già stato stornato.
error-reversal-of-reversal = Uno storno non si storna: si registra un nuovo trasferimento.
err-to-account-or-person = Indica chi riceve: un conto (to_account) oppure una persona (to_person), non entrambi.
timebank-title = Banca del tempo
timebank-balance = Saldo: { $hours } ore
timebank-limits = Puoi scendere fino a { $min } e salire fino a { $max } ore.
timebank-send = Dai tempo a qualcuno
timebank-to = Indirizzo email di chi riceve
timebank-minutes = Minuti
timebank-description = Per che cosa
timebank-send-button = Trasferisci
timebank-statement = Movimenti
timebank-none = Ancora nessun movimento.
timebank-csv = Scarica i movimenti (CSV)
timebank-with = Con
timebank-amount = Ore
timebank-reversal = storno
timebank-sent = Trasferimento registrato.
err-timebank-unknown-person = Nessuna persona iscritta con questo indirizzo.
err-visibility = Scegli chi può vedere il profilo: tutti, chi fa parte della rete o solo il gruppo.
error-actor-name-taken = C'è già un attore con questo nome.
error-actor-last-owner = Ogni attore ha almeno un responsabile: nominane un altro prima.
error-actor-role = Il ruolo è «owner» (responsabile) o «member» (membro).
err-actor-role = Il ruolo è «owner» (responsabile) o «member» (membro).
err-unknown-hub = Hub sconosciuto.
err-direction = Scegli se offri o cerchi.
error-category-slug-taken = C'è già una categoria con questo nome.
error-category-two-levels = Le categorie hanno due livelli: una sottocategoria non ne ha altre sotto.
error-unknown-category = Categoria sconosciuta.
error-listing-status = L'annuncio non può passare a questo stato da quello in cui è.
err-listing-status = Lo stato è «open», «in_exchange» o «closed».
err-not-a-member = Puoi pubblicare per un attore solo se ne fai parte.
mail-listing-expiring-subject = Il tuo annuncio «{ $title }» sta per scadere
mail-listing-expiring-body = Ciao { $name },

    il tuo annuncio «{ $title }» scade il { $until }.
    Se vale ancora, rinnovalo: basta modificarlo e salvarlo.

    L'annuncio: { $link }
match-same-category = stessa categoria
match-same-area = categoria vicina
match-reliable = partner affidabile
match-shared-words = parole in comune: { $words }
match-walk = { $minutes } minuti a piedi
match-times = disponibili entrambi { $day } { $from }–{ $to }
# Exchanges
error-exchange-no-legs = Uno scambio ha almeno un passaggio: qualcosa che va da una persona a un'altra.
err-exchange-no-legs = Indica almeno un passaggio.
error-exchange-too-many-legs = Uno scambio ha al massimo 12 passaggi.
error-exchange-leg-to-self = In un passaggio chi dà e chi riceve sono persone diverse.
error-exchange-listing-twice = Lo stesso annuncio compare due volte nello scambio.
error-exchange-listing-poster = Un'offerta la dà chi l'ha pubblicata; una richiesta la riceve chi l'ha pubblicata.
error-exchange-listing-not-open = Uno degli annunci non è più aperto o è scaduto.
error-exchange-minutes-range = Il tempo di un passaggio va da 1 minuto a 100 ore.
error-exchange-proposer-not-party = Puoi proporre solo scambi di cui fai parte.
error-exchange-deadline-range = La scadenza per confermare va da un'ora a 30 giorni.
error-exchange-unknown-listing = Uno degli annunci non esiste.
error-exchange-leg-moves = Ogni passaggio sposta un annuncio oppure del tempo, non entrambi.
err-exchange-leg-moves = Ogni passaggio sposta un annuncio oppure del tempo, non entrambi.
error-exchange-unknown-party = Una delle persone dello scambio non esiste.
error-exchange-party-erased = Una delle persone dello scambio ha cancellato il suo account.
error-exchange-not-party = Non fai parte di questo scambio.
error-exchange-already-answered = Hai già risposto a questo scambio.
error-exchange-expired = Il tempo per confermare questo scambio è scaduto.
error-exchange-status = Lo scambio non è nello stato giusto per questa azione.
err-exchange-status = Lo stato è proposed, accepted, completed, reviewed, declined, expired o cancelled.
error-exchange-listing-taken = Uno degli annunci è già impegnato in un altro scambio o è scaduto: lo scambio non può partire.
error-listing-in-exchange = L'annuncio è impegnato in uno scambio accettato: cambia con lo scambio.
error-review-not-party = Puoi recensire solo gli scambi di cui hai fatto parte.
error-review-not-counterpart = Puoi recensire solo chi ha dato o ricevuto qualcosa da te in questo scambio.
error-review-not-done = Si recensisce uno scambio quando è concluso.
error-review-rating-range = Il voto va da 1 a 5.
error-review-twice = Hai già recensito questa persona per questo scambio.
error-mark-not-offer = Si segna «lo prenderei» solo su un'offerta.
error-mark-own-listing = Non puoi segnare un tuo annuncio.
exchange-minutes = { $hours } ore di tempo
mail-exchange-proposed-subject = Ti propongono uno scambio (n. { $id })
mail-exchange-proposed-body = Ciao { $name },

    { $proposer } propone uno scambio: { $what }.
    Niente si muove finché tutte le persone coinvolte non confermano, entro il { $deadline }.

    Conferma o rifiuta: { $link }
mail-exchange-accepted-subject = Scambio n. { $id } confermato da tutti
mail-exchange-accepted-body = Ciao { $name },

    tutte le persone hanno confermato lo scambio: { $what }.
    Quando è avvenuto, segnalo come concluso: il tempo passerà da un conto all'altro.

    Lo scambio: { $link }
# The board of offers and demands
nav-board = Bacheca
board-title = Bacheca di offerte e richieste
board-lead = Cosa offrono e cosa cercano le persone, le associazioni e le botteghe del quartiere.
board-search = Cerca
board-search-hint = per esempio: bici, ripetizioni, passeggino
board-direction = Offerte o richieste
board-both = Entrambe
board-any-category = Tutte le categorie
board-search-button = Cerca
board-none = Nessun annuncio aperto con questi filtri.
listing-offers = Offerte
listing-demands = Richieste
listing-offer = Offro
listing-demand = Cerco
listing-category = Categoria
listing-hours-value = { $hours } ore
listing-new-title = Pubblica un annuncio
listing-new-lead = Bastano tre cose: se offri o cerchi, cosa, e la categoria. Il resto è facoltativo.
listing-direction = Offri o cerchi?
listing-i-need = Cerco
listing-i-offer = Offro
listing-what = Cosa
listing-more = Altri dettagli (facoltativi)
listing-description = Descrizione
listing-hours = Valore in ore (per esempio 1 o 1:30)
listing-post = Pubblica
err-listing-hours = Scrivi le ore come 1, 1,5 oppure 1:30 (al massimo 100).
listing-posted = Annuncio pubblicato. Qui sotto chi potrebbe fare al caso tuo.
listing-marked = Segnato: lo prenderesti. Lo terremo presente per gli scambi a catena.
listing-status-open = aperto
listing-status-in_exchange = in uno scambio
listing-status-closed = chiuso
listing-by = di { $name }
listing-expires = scade il { $when }
listing-mark = Lo prenderei
matches-title = Chi fa al caso tuo
matches-none = Per ora nessuna controparte aperta in questa categoria.
matches-why = Perché:
propose-hours-received = Ore che ricevi
propose-hours-paid = Ore che dai in cambio
propose-button = Proponi lo scambio
exchanges-title = I miei scambi
exchanges-none = Nessuno scambio, per ora.
exchange-what = Cosa
exchange-with = Con
exchange-status = Stato
exchange-your-turn = tocca a te
exchange-status-proposed = proposto
exchange-status-accepted = accettato da tutti
exchange-status-completed = concluso
exchange-status-reviewed = concluso e recensito
exchange-status-declined = rifiutato
exchange-status-expired = scaduto
exchange-status-cancelled = annullato
exchange-title = Scambio n. { $id }
exchange-legs = Cosa passa da chi a chi
exchange-leg = { $from } → { $to }
exchange-parties = Chi partecipa
exchange-confirmed = ha confermato
exchange-declined = ha rifiutato
exchange-waiting = deve ancora rispondere
exchange-rating = voto medio { $rating } su { $reviews } recensioni
exchange-reliable = partner affidabile
exchange-confirm-by = Conferma entro il { $when }. Finché non confermano tutti, non si muove niente.
exchange-confirm = Confermo
exchange-decline = Rifiuto
exchange-complete-lead = Quando lo scambio è avvenuto, segnalo come concluso: il tempo passerà da un conto all'altro.
exchange-complete = È avvenuto
exchange-cancel = Annulla lo scambio
exchange-review-of = Com'è andata con { $name }?
exchange-review-text = Due parole (facoltative)
exchange-review-send = Invia la recensione
exchange-done-proposed = Scambio proposto: le altre persone riceveranno una mail per confermare.
exchange-done-confirm = Hai confermato.
exchange-done-decline = Hai rifiutato lo scambio: non si muove niente.
exchange-done-complete = Scambio concluso: il tempo è passato da un conto all'altro.
exchange-done-cancel = Scambio annullato: gli annunci sono di nuovo aperti.
exchange-done-review = Grazie per la recensione.
exchange-you = tu
cycles-title = Scambi a catena per te
cycles-lead = Trovati tra le cose che tu e altre persone avete segnato con «Lo prenderei»: ognuno dà qualcosa e riceve qualcosa.
cycles-with-time = Un passaggio è chiuso con ore della banca del tempo, dove mancava una cosa da dare.
cycles-propose = Proponi questo scambio
monitor-title = Scambi e banca del tempo
monitor-lead = Gli ultimi dodici mesi della piattaforma: quanti scambi, in quali categorie, quanti vanno in porto, quante ore passano di mano.
monitor-proposed = Proposti
monitor-done = Conclusi
monitor-completion = Tasso di completamento
monitor-failed = { $n } rifiutati, scaduti o annullati
monitor-hours = Ore scambiate
monitor-per-month = Per mese e categoria
monitor-month = Mese
monitor-unanswered = Categorie con richieste e nessuna offerta
monitor-unanswered-none = Ogni categoria con richieste aperte ha almeno un'offerta.
monitor-demands = { $n } richieste aperte
monitor-timebank = Banca del tempo, in tutta la rete
monitor-accounts = { $n } conti
monitor-entries = { $n } movimenti
monitor-moved = { $hours } ore trasferite (correzioni escluse)
monitor-sum = somma dei saldi: { $hours } (deve essere zero)
manage-exchanges = Scambi
digest-title = Le nuove corrispondenze, ogni settimana
digest-label = Mandami una mail alla settimana con le nuove offerte e richieste adatte ai miei annunci
digest-save = Salva
notice-digest-on = Riceverai una mail alla settimana con le nuove corrispondenze.
notice-digest-off = Non riceverai più la mail settimanale.
mail-digest-subject = Nuove corrispondenze per i tuoi annunci
mail-digest-body = Ciao { $name },

    questa settimana sono arrivati annunci che fanno al caso tuo:

    { $lines }

    Non vuoi più questa mail? Toglila dal tuo profilo: { $link }
mail-digest-line = «{ $theirs }» per il tuo «{ $mine }» ({ $why }): { $link }
actors-title = Chi c'è nel quartiere
actors-lead = Associazioni, gruppi, botteghe, artigiani, scuole, enti e professionisti della rete.
actors-search-hint = per esempio: riparazioni, grafica, Pilastro
actors-kind = Tipo
actors-any-kind = Tutti i tipi
actors-none = Nessuno con questi filtri.
actors-verified = verificato dalla rete
actors-skills = Cosa sa fare
actors-contacts = Contatti
actors-people = Le persone
actors-listings = Offerte e richieste aperte
actors-timebank = Il conto della banca del tempo
actors-credit-limit = limite di credito { $hours }
actor-role-owner = responsabile
actor-role-member = membro
actor-kind-association = associazione
actor-kind-informal_group = gruppo informale
actor-kind-company = impresa
actor-kind-shop = negozio
actor-kind-artisan = artigiano
actor-kind-school = scuola
actor-kind-public_body = ente pubblico
actor-kind-freelancer = professionista
board-posted-by = Pubblicato da
board-anyone = Chiunque
actors-verify = Verifica per la rete
actors-unverify = Togli la verifica
actors-verified-done = Verificato: ora compare come verificato dalla rete.
actors-unverified-done = La verifica è stata tolta.
categories-title = Categorie di offerte e richieste
categories-lead = Due livelli: una categoria e le sue sottocategorie, in italiano e in inglese.
categories-add = Aggiungi una categoria
categories-parent = Dentro
categories-top-level = (categoria principale)
categories-name-it = Nome in italiano
categories-name-en = Nome in inglese
categories-rename = Rinomina
manage-categories = Categorie

## Programme: courses and events
programme-title = Programma del quartiere
stats-total = Totale
plan-trainings = Formazioni incluse
pass-trainings = Formazioni rimaste
err-out-of-range = Deve essere tra { $min } e { $max }.
err-event-kind = Scegli che cosa è: corso, laboratorio, seminario, incontro, laboratorio per bambini, concerto, open day o mercato.
err-event-audience = Scegli a chi è rivolto.
err-event-level = Scegli il livello.
err-event-language = La lingua si scrive con due lettere, per esempio it o en.
err-unknown-topic = Uno dei temi non è tra quelli previsti.
err-too-many-topics = Al massimo { $max } temi.
err-event-teachers = Al massimo 10 docenti, di 80 caratteri ciascuno.
err-event-no-sessions = Serve almeno un incontro.
err-rrule-one-session = Una ripetizione settimanale parte da un solo incontro.
err-rrule-malformed = La regola di ripetizione non si legge: scrivi per esempio FREQ=WEEKLY;COUNT=8.
err-rrule-only-weekly = Si ripete solo ogni settimana (FREQ=WEEKLY).
err-rrule-never-ends = La ripetizione deve finire: aggiungi COUNT=n oppure UNTIL=data.
err-rrule-too-many = Troppi incontri: al massimo 60.
err-too-many-sessions = Al massimo { $max } incontri.
err-session-in-the-past = Un incontro è nel passato.
err-sessions-overlap = Due incontri si sovrappongono.
err-session-end-before-start = Un incontro finisce prima di cominciare.
err-session-too-long = Un incontro dura al massimo un giorno.
err-plan-course-kind = Solo un abbonamento di tipo corso indica il suo corso.
err-unknown-actor = Realtà sconosciuta.
error-session-outside-hours = Un incontro cade fuori dagli orari di apertura della sede.
error-session-site-hub = Gli incontri si tengono nelle sedi dell'hub che organizza.
error-session-place-taken = Lo spazio di un incontro è già prenotato in quell'orario.
error-session-place-site = Lo spazio scelto non è in quella sede.
error-session-no-booker = Serve un organizzatore a cui intestare la prenotazione dello spazio.
error-event-no-sessions = L'evento non ha incontri.
error-capacity-below-enrolled = I posti non possono scendere sotto il numero degli iscritti.
error-deadline-after-start = Le iscrizioni devono chiudere prima dell'inizio.
error-event-cancelled = L'evento è annullato.
error-event-full = Non ci sono più posti.
error-event-started = L'evento è già cominciato: l'iscrizione non si può più annullare.
error-enrolment-closed = Le iscrizioni sono chiuse.
error-already-enrolled = Sei già iscritto o in lista d'attesa.
error-no-trainings-left = Non ti restano formazioni incluse nell'abbonamento.
error-not-waiting = Questa persona non è in lista d'attesa.
error-move-same-event = La persona è già in questo evento.
error-enrolment-cancelled = L'iscrizione è già annullata.
error-not-enrolled = Questa persona non è iscritta.
error-unknown-course = Il corso indicato non esiste.
mail-enrolled-subject = Iscrizione confermata: { $event }
mail-enrolled-body = Ciao { $name },

    sei iscritto a «{ $event }».

    { $when } — { $site }

    L'evento: { $link }
    Le tue iscrizioni, per vederle o annullarle: { $mine }
mail-waitlisted-subject = In lista d'attesa: { $event }
mail-waitlisted-body = Ciao { $name },

    i posti per «{ $event }» sono esauriti: sei in lista d'attesa, al posto { $position }.
    Se qualcuno rinuncia, il posto passa al primo in lista e ti scriviamo.

    { $when } — { $site }

    Le tue iscrizioni: { $mine }
mail-promoted-subject = Si è liberato un posto: { $event }
mail-promoted-body = Ciao { $name },

    si è liberato un posto per «{ $event }» ed è tuo: ora sei iscritto.

    { $when } — { $site }

    Se non puoi più venire, annulla qui, così il posto passa al prossimo: { $mine }
mail-event-reminder-subject = Domani: { $event }
mail-event-reminder-body = Ciao { $name },

    ti ricordiamo «{ $event }».

    { $when } — { $site }

    L'evento: { $link }
mail-event-cancelled-subject = Annullato: { $event }
mail-event-cancelled-body = Ciao { $name },

    ci dispiace: «{ $event }» del { $when } è annullato.
    Se avevi usato una formazione del tuo abbonamento, ti è stata restituita.

    Il programma del quartiere: { $link }
err-bad-cursor = Il cursore di paginazione non è valido.
audience-all = Per tutti
audience-adults = Adulti
audience-kids = Bambini e ragazzi
audience-families = Famiglie
audience-seniors = Anziani
audience-job-seekers = Chi cerca lavoro
event-kind-course = Corso
event-kind-workshop = Laboratorio
event-kind-seminar = Seminario
event-kind-talk = Incontro
event-kind-kids-lab = Laboratorio per bambini
event-kind-concert = Concerto
event-kind-open-day = Open day
event-kind-market = Mercato
level-any = Per tutti i livelli
level-beginner = Principianti
level-intermediate = Intermedio
level-advanced = Avanzato
topic-digital-literacy = Alfabetizzazione digitale
topic-coding = Coding
topic-robotics = Robotica
topic-stem = STEM
topic-cyberbullying = Cyberbullismo
topic-sustainability = Sostenibilità
topic-arts = Arti
topic-music = Musica
topic-crafts = Artigianato
topic-languages = Lingue
topic-work = Lavoro
topic-wellbeing = Benessere
topic-community = Comunità
nav-programme = Programma
programme-lead = Corsi, laboratori, incontri e feste in tutte le sedi del quartiere, anche nei bar, nelle biblioteche e nei negozi.
programme-series = dal { $first }, { $count } incontri
programme-any-site = Tutte le sedi
programme-subscribe = Aggiungi al tuo calendario (iCal)
programme-filters = Filtra il programma
programme-from = Dal
programme-to = Al
programme-site = Sede
programme-audience = Per chi
programme-kind = Che cosa
programme-topic = Tema
programme-any = Qualsiasi
programme-free-only = Solo gratuiti
programme-filter-button = Filtra
programme-none = Nessun evento in programma con questi filtri.
programme-more = Altri eventi
programme-free = Gratuito
programme-cancelled = Annullato
programme-full = Posti esauriti: lista d'attesa aperta
programme-places-left = { $count } posti liberi
programme-sessions = Quando e dove
programme-deadline = iscrizioni fino al { $when }
programme-you-wait = Sei in lista d'attesa, al posto { $position }.
programme-you-are-in = Sei iscritto.
programme-cancel-mine = Annulla la mia iscrizione
programme-join-waiting = Mettimi in lista d'attesa
programme-enrol = Iscriviti
programme-back = Torna al programma
programme-position = posto { $position }
programme-training-used = pagato con una formazione dell'abbonamento
programme-due = da pagare in sede: { $amount }
my-enrolments = Le mie iscrizioni
my-enrolments-none = Non sei iscritto a nulla.
enrolment-enrolled = Iscritto
enrolment-waiting = In lista d'attesa
enrolment-cancelled = Annullata
notice-enrolment-enrolled = Fatto: sei iscritto. Ti abbiamo scritto una mail.
notice-enrolment-waiting = I posti sono esauriti: sei in lista d'attesa. Se si libera un posto ti scriviamo.
notice-enrolment-cancelled = Iscrizione annullata.
programme-roster-csv = Scarica i partecipanti (CSV)
error-session-place-pool = Un incontro prende una stanza intera: i posti di un'area di scrivanie si prenotano uno a uno.

## Programme: manager pages, calendar, certificate
manage-programme = Programma del polo
programme-past = Eventi passati
programme-upcoming = In programma
programme-new-event = Nuovo corso o evento
programme-stats = Numeri del programma
programme-when = Quando
programme-enrolled = iscritti
programme-field-title = Titolo
programme-level = Livello
programme-language = Lingua (due lettere)
programme-topics = Temi
programme-teachers = Docenti o relatori (separati da virgole)
programme-capacity = Posti
programme-price = Prezzo in euro
programme-deadline-hours = Iscrizioni chiuse quante ore prima dell'inizio
programme-price-help = Lascia vuoto il prezzo per un evento gratuito. Chi paga, paga in sede o con una formazione dell'abbonamento.
programme-included = Compreso negli abbonamenti con formazioni
programme-first-session = Primo incontro
programme-room = Sala prenotata
programme-no-room = Nessuna sala (spazio aperto, bar, cortile)
programme-field-date = Giorno
programme-field-start = Dalle
programme-field-end = Alle
programme-weeks = Quanti incontri settimanali
programme-weeks-help = Con più di un incontro, il corso si ripete ogni settimana allo stesso orario (ora di Roma, anche al cambio dell'ora). La sala viene prenotata per ogni incontro.
programme-create = Pubblica nel programma
programme-waiting-count = { $count ->
    [one] 1 in lista d'attesa
   *[other] { $count } in lista d'attesa
}
programme-public-page = Pagina pubblica
programme-manage-event = Gestisci iscritti e presenze
programme-roster = Iscritti e lista d'attesa
programme-roster-empty = Ancora nessun iscritto.
programme-status = Stato
programme-requested = Richiesta del
programme-payment = Pagamento
programme-attended = Presenze
programme-promote = Dai il posto
programme-move-to = Sposta in un altro evento
programme-move = Sposta
programme-remove = Togli
programme-present = presente
programme-attendance-sheet = Registro presenze
programme-attendance-course = Presenze del corso
programme-duplicate = Duplica
programme-duplicate-date = Giorno del primo incontro della copia
programme-duplicate-help = La copia ha gli stessi orari, sale, posti e prezzo; gli iscritti non vengono copiati.
programme-cancel-event = Annulla l'evento
programme-cancel-confirm = { $count ->
    [0] Confermo l'annullamento.
    [one] Confermo: la persona iscritta riceverà una mail.
   *[other] Confermo: le { $count } persone iscritte o in attesa riceveranno una mail.
}
programme-cancel-confirm-needed = Spunta la conferma per annullare l'evento.
programme-session-number = incontro { $number }
programme-present-count = { $count ->
    [one] 1 presente
   *[other] { $count } presenti
}
programme-who-came = Chi è venuto
programme-qr-checkin = Ingresso con il QR personale
programme-qr-code = Codice del QR (PRT1.…)
programme-qr-help = Inquadra il QR della persona con il lettore o incolla qui il codice.
programme-checkin = Registra la presenza
programme-whole-network = Tutta la rete
programme-until-excluded = Fino al (escluso)
programme-stats-help = Giorni di programmazione gratuita: giorni con almeno un incontro gratuito. Partecipanti: presenze registrate. Persone raggiunte: persone diverse iscritte o presenti. Nel totale ogni evento, giorno e persona contano una volta sola.
stats-events = Eventi
stats-sessions = Incontri
stats-free-days = Giorni gratuiti
stats-kids-labs = Laboratori per bambini
stats-participants = Partecipanti
stats-people-reached = Persone raggiunte
certificate-title = Attestato di partecipazione
certificate-states = Si attesta che
certificate-attended = { $count ->
    [one] ha partecipato a 1 incontro su { $total } di «{ $title }» ({ $kind }), per { $duration }.
   *[other] ha partecipato a { $count } incontri su { $total } di «{ $title }» ({ $kind }), per { $duration } in tutto.
}
certificate-duration = { $minutes ->
    [0] { $hours } ore
   *[other] { $hours } ore e { $minutes } minuti
}
certificate-teachers = Docenti: { $teachers }
certificate-sessions = Incontri frequentati
certificate-issued = Rilasciato il { $date }
certificate-number = n. { $number }
certificate-signature = Firma di chi organizza
certificate-print-help = Per stamparlo o salvarlo in PDF usa la funzione Stampa del browser.
error-certificate-no-attendance = L'attestato c'è solo per chi è iscritto ed è stato presente almeno a un incontro.
programme-you-attended = { $count ->
    [one] presente a 1 incontro su { $total }
   *[other] presente a { $count } incontri su { $total }
}
programme-month-view = Calendario del mese
programme-list-view = Elenco
programme-calendar = Calendario del quartiere
programme-months = Mesi
programme-prev-month = Mese prima
programme-next-month = Mese dopo
programme-month = { $month } { $year }
month-1 = gennaio
month-2 = febbraio
month-3 = marzo
month-4 = aprile
month-5 = maggio
month-6 = giugno
month-7 = luglio
month-8 = agosto
month-9 = settembre
month-10 = ottobre
month-11 = novembre
month-12 = dicembre
notice-programme-created = Pubblicato nel programma.
notice-programme-saved = Modifiche salvate.
notice-programme-duplicated = Copia creata: questa è la nuova data.
notice-programme-cancelled = Evento annullato: le persone iscritte sono state avvisate.
notice-programme-promoted = Posto assegnato: la persona ha ricevuto una mail.
notice-programme-moved = Persona spostata nell'altro evento.
notice-programme-removed = Iscrizione tolta; il primo in lista d'attesa, se c'è, è passato tra gli iscritti.
notice-programme-attendance-saved = Presenze salvate.
notice-programme-checked-in = Presenza registrata.
programme-promote-help = Dà il posto subito, prima degli altri in attesa: se i posti sono pieni ne aggiunge uno.
programme-present-col = Presenti

## Mail not sent (/manage/mail)
manage-mail = Posta non consegnata
mail-intro = Le mail che non è stato possibile inviare. Quelle in attesa vengono ritentate da sole, ogni volta un po' più tardi; quelle abbandonate partono solo se le invii di nuovo.
mail-none = Nessuna mail in sospeso: tutto è stato consegnato.
mail-kind = Tipo
mail-recipient = Destinatario
mail-attempts = Tentativi
mail-last-error = Ultimo errore
mail-next-attempt = Prossimo tentativo
mail-queued = Accodata il
mail-status-failed = Abbandonata
mail-retry = Invia di nuovo
notice-mail-retried = La mail partirà di nuovo tra pochi secondi.
error-mail-already-sent = Questa mail è già stata inviata.
mail-kind-booking-confirmed = Prenotazione confermata
mail-kind-booking-cancelled = Prenotazione annullata
mail-kind-voucher-low = Voucher quasi esaurito
mail-kind-pass-expiring = Abbonamento in scadenza
mail-kind-listing-expiring = Annuncio in scadenza
mail-kind-exchange-proposed = Scambio proposto
mail-kind-exchange-accepted = Scambio confermato
mail-kind-match-digest = Nuove corrispondenze della settimana
mail-kind-enrolment-enrolled = Iscrizione confermata
mail-kind-enrolment-waitlisted = In lista d'attesa
mail-kind-enrolment-promoted = Posto liberato
mail-kind-event-cancelled = Evento annullato
mail-kind-event-reminder = Promemoria di un incontro
mail-kind-password-reset = Nuova password
