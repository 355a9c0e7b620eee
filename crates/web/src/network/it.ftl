# Portineria — la rete: hub, sedi, spazi

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
map-title = Mappa della rete
map-lead = Ogni indicatore è una sede: il coworking centrale e i suoi satelliti.
map-region = Mappa delle sedi
map-noscript = La mappa interattiva richiede JavaScript; l'elenco qui sotto contiene le stesse sedi con indirizzo e coordinate.
map-list = { $count ->
    [one] Una sede
   *[other] { $count } sedi
}
directory-title = Cerca nella rete
filter-kind = Tipo di sede
filter-any-kind = Qualsiasi tipo
filter-open-now = Solo aperte adesso
filter-walk = A piedi da…
filter-walk-minutes = Entro
filter-any-distance = qualsiasi distanza
filter-from-site = Da: { $name }
filter-remove-origin = (togli)
filter-lat = Latitudine
filter-lon = Longitudine
filter-my-position = Usa la mia posizione
walk-rule = Tempo a piedi stimato: distanza in linea d'aria × 1,3, a 4,5 km/h.
results-count = { $count ->
    [0] Nessun risultato
    [one] Un risultato
   *[other] { $count } risultati
}
results-none = Nessuna sede corrisponde alla ricerca. Prova a togliere un filtro.
edit-site = Modifica la sede
site-hours = Orari
site-closed-holidays = Chiuso nei giorni festivi nazionali.
site-exceptions = Giorni particolari
site-how-to-get-there = Come arrivare
site-coordinates = Coordinate
site-directions = Indicazioni stradali (OpenStreetMap)
site-open-in-app = Apri nell'app delle mappe
site-nearby = Cosa c'è a 15 minuti a piedi da qui
site-contacts = Contatti
site-places = { $count ->
    [0] Spazi
    [one] Uno spazio
   *[other] { $count } spazi
}
add-place = Aggiungi uno spazio
site-no-places = Nessuno spazio registrato.
bookable = prenotabile
hubs-title = Gli hub della rete
edit-hub = Modifica l'hub
add-site = Aggiungi una sede
hub-sites = Sedi
hub-on-map = Vedi le sedi sulla mappa
error-hub-name-taken = Esiste già un hub con questo nome.
error-site-name-taken = Questo hub ha già una sede con questo nome.
error-hub-has-sites = L'hub ha ancora delle sedi: elimina o sposta prima le sedi.
err-boolean = Deve essere true o false.
err-hours-overlap = Si sovrappone a un'altra fascia dello stesso giorno.
err-exception-duplicate-date = C'è già un giorno particolare con questa data.
err-exception-bad-date = Data non valida: usa AAAA-MM-GG.
err-walk-needs-origin = Per filtrare per tempo a piedi indica un punto di partenza (coordinate o sede).
err-site-name-taken = Questo hub ha già una sede con questo nome.
err-hub-name-taken = Esiste già un hub con questo nome.
manage-title = Gestione
add-hub = Nuovo hub
manage-my-hubs = Hub che gestisci
manage-my-sites = Sedi che ospiti
field-city = Città
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
desk-open = Portineria
site-free-now = { $count ->
    [one] 1 postazione libera ora
   *[other] { $count } postazioni libere ora
}
site-grid-link = Posti liberi ora per ora
field-holders-only = Prenotabile solo da chi ha un abbonamento o un voucher che lo comprende
manage-exchanges = Scambi
manage-categories = Categorie
field-bookings-at-once = Prenotazioni di una persona nello stesso orario
field-bookings-at-once-help = Quante prenotazioni una persona può tenere nello stesso orario negli spazi di questo hub (da 1 a 20). Un posto di una sala condivisa è sempre uno solo per persona; lo staff che prenota per altri non ha questo limite.
