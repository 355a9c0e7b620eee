# Portineria — messaggi comuni (struttura, errori, formati)

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
form-has-errors = Controlla i campi segnalati qui sotto.
sites-count = { $count ->
    [one] una sede
   *[other] { $count } sedi
}
minutes = { $count } minuti
filter-apply = Applica
walk-minutes = { $count } min a piedi
site-accessibility = Accessibilità
capacity-people = { $count ->
    [one] una persona
   *[other] { $count } persone
}
calendar-feed = Calendario (iCal) di quando è occupato
place-capacity = Capienza
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
error-internal = Si è verificato un errore imprevisto. Riprova tra poco.
error-malformed = La richiesta non è leggibile.
error-method-not-allowed = Questo indirizzo non accetta questo metodo.
error-payload-too-large = La richiesta è troppo grande.
error-unsupported-media-type = Formato dei dati non supportato: usa JSON (application/json).
error-bad-limit = Il limite deve essere un numero intero.
error-full = Non c'è più posto in quell'orario: scegli un altro orario o un altro spazio.
error-too-long = Una prenotazione può durare al massimo 14 giorni.
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
err-hours-bad-time = Orario non valido: usa il formato OO:MM (00:00–24:00).
err-hours-bad-weekday = Giorno della settimana non valido.
err-hours-end-before-start = L'orario di chiusura deve venire dopo quello di apertura (per restare aperti dopo mezzanotte aggiungi una fascia dalle 00:00 del giorno dopo).
err-too-many = Al massimo { $max } voci.
err-coordinates-range = Coordinate fuori intervallo.
err-coordinates-format = Usa il formato LAT,LON, per esempio 44.484,11.350.
err-unknown-site = Sede sconosciuta.
err-unknown-account = Nessun account registrato con questo indirizzo.
err-role = Ruolo non valido.
err-instant = Data e ora non valide: usa il formato RFC 3339, per esempio 2026-11-23T09:00:00+01:00.
field-email = Email
notice-saved = Modifiche salvate.
notice-deleted = Eliminato.
manage-people = Persone e ruoli
manage-audit = Registro delle modifiche
field-name = Nome
field-description = Descrizione
api-docs-title = Documentazione dell'API
api-docs-lead = Il documento OpenAPI 3.1 completo:
api-docs-index = Indice delle operazioni
api-docs-auth = richiede un token
api-docs-param = Parametro
api-docs-in = Dove
api-docs-description = Descrizione
api-docs-body = Corpo della richiesta
api-docs-responses = Risposte
error-unknown-account = Nessun account con questo indirizzo.
error-unknown-site = Una delle sedi indicate non esiste.
error-bad-date = Data non valida.
err-date = Scrivi una data come 2026-11-23.
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
back = Indietro
show = Mostra
field-hub = Polo
my-bookings = Le mie prenotazioni
my-passes = Abbonamenti e voucher
my-qr = Il mio codice
booking-when = Quando
manage-plans = Piani
manage-sales = Vendite
manage-bookings = Prenotazioni
manage-settlement = Compensazioni
method-cash = Contanti
method-transfer = Bonifico
method-pos = POS
method-online = Online
timebank-title = Banca del tempo
timebank-balance = Saldo: { $hours } ore
timebank-sent = Trasferimento registrato.
err-direction = Scegli se offri o cerchi.
mail-listing-expiring-subject = Il tuo annuncio «{ $title }» sta per scadere
mail-listing-expiring-body = Ciao { $name },

    il tuo annuncio «{ $title }» scade il { $until }.
    Se vale ancora, rinnovalo: basta modificarlo e salvarlo.

    L'annuncio: { $link }
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
board-search = Cerca
board-search-button = Cerca
board-none = Nessun annuncio aperto con questi filtri.
listing-offer = Offro
listing-demand = Cerco
listing-category = Categoria
err-listing-hours = Scrivi le ore come 1, 1,5 oppure 1:30 (al massimo 100).
exchanges-title = I miei scambi
mail-digest-subject = Nuove corrispondenze per i tuoi annunci
mail-digest-body = Ciao { $name },

    questa settimana sono arrivati annunci che fanno al caso tuo:

    { $lines }

    Non vuoi più questa mail? Toglila dal tuo profilo: { $link }
mail-digest-line = «{ $theirs }» per il tuo «{ $mine }» ({ $why }): { $link }
actors-title = Chi c'è nel quartiere
actor-kind-association = associazione
actor-kind-informal_group = gruppo informale
actor-kind-company = impresa
actor-kind-shop = negozio
actor-kind-artisan = artigiano
actor-kind-school = scuola
actor-kind-public_body = ente pubblico
actor-kind-freelancer = professionista
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
event-kind-course = Corso
event-kind-workshop = Laboratorio
event-kind-seminar = Seminario
event-kind-talk = Incontro
event-kind-kids-lab = Laboratorio per bambini
event-kind-concert = Concerto
event-kind-open-day = Open day
event-kind-market = Mercato
nav-programme = Programma
manage-programme = Programma del polo
