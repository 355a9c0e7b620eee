# Portineria — corsi ed eventi

error-bad-cursor = Il cursore di paginazione non è valido.
programme-title = Programma del quartiere
stats-total = Totale
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
err-bad-cursor = Il cursore di paginazione non è valido.
audience-all = Per tutti
audience-adults = Adulti
audience-kids = Bambini e ragazzi
audience-families = Famiglie
audience-seniors = Anziani
audience-job-seekers = Chi cerca lavoro
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
