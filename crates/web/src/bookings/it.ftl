# Portineria — prenotazioni

feed-my-calendar = Le mie prenotazioni · Portineria
feed-my-booking = La tua prenotazione su Portineria
feed-busy = occupato
edit-place = Modifica lo spazio
place-pool-note = postazioni prenotabili una per persona
place-bookable = Prenotabile
place-equipment = Dotazioni
error-outside-hours = In quell'orario la sede è chiusa: la prenotazione deve stare dentro gli orari di apertura.
error-not-bookable = Questo spazio non si può prenotare.
error-cancel-deadline-passed = Il termine per annullare è passato: chiedi al gestore della sede.
err-booking-end-before-start = La fine deve venire dopo l'inizio.
err-booking-in-the-past = Non si prenota nel passato.
err-booking-too-short = La prenotazione è più breve del minimo previsto per questo spazio.
err-booking-too-long = La prenotazione è più lunga del massimo previsto per questo spazio.
err-booking-too-far-ahead = Non si può ancora prenotare così in anticipo.
error-end-before-start = La fine deve venire dopo l'inizio.
book-heading = Prenota
book-days = Giorni
day-before = Giorno prima
day-after = Giorno dopo
book-closed-day = La sede è chiusa in questo giorno.
book-grid-caption = Posti liberi ora per ora
book-hour = Ora
book-free = Posti liberi
book-grid-pick = Scegli un'ora libera nella tabella; poi, se vuoi restare di più, un'ora più avanti nella stessa colonna: il modulo qui sotto si compila da solo.
book-closed = chiuso
book-free-seats = posti liberi
# FROM and TO are replaced by the hours chosen on the grid: keep them as they are.
book-chosen = Scelto: dalle FROM alle TO.
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
my-bookings-none = Nessuna prenotazione in arrivo. Trova uno spazio nell'elenco:
calendar-personal = Il mio calendario
booking-place = Spazio
booking-cancel = Annulla
booking-cancel-confirm = Sì, annulla la prenotazione
booking-cancel-closed = Non più annullabile
notice-booked = Prenotazione confermata: ti abbiamo scritto una mail.
notice-booking-cancelled = Prenotazione annullata.
bookings-from-day = Settimana dal
bookings-none-week = Nessuna prenotazione in questa settimana.
week-before = Settimana prima
week-after = Settimana dopo
view-day = Vista giorno
view-week = Vista settimana
view-site = Tutti gli spazi della sede
site-grid-title = Posti liberi: { $site }
site-grid-none = Questa sede non ha spazi prenotabili.
site-grid-help = Scegli un’ora libera per prenotarla in quello spazio, o il nome dello spazio in testa alla colonna per vederlo.
place-holders-only = per chi ha un abbonamento o un voucher che lo comprende.
