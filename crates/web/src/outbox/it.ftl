# Portineria — posta (la coda delle mail e quelle non consegnate)

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

# I testi delle mail
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
mail-listing-expiring-subject = Il tuo annuncio «{ $title }» sta per scadere
mail-listing-expiring-body = Ciao { $name },

    il tuo annuncio «{ $title }» scade il { $until }.
    Se vale ancora, rinnovalo: basta modificarlo e salvarlo.

    L'annuncio: { $link }
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
mail-digest-subject = Nuove corrispondenze per i tuoi annunci
mail-digest-body = Ciao { $name },

    questa settimana sono arrivati annunci che fanno al caso tuo:

    { $lines }

    Non vuoi più questa mail? Toglila dal tuo profilo: { $link }
mail-digest-line = «{ $theirs }» per il tuo «{ $mine }» ({ $why }): { $link }
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
mail-reset-subject = Portineria: nuova password
mail-reset-body = Ciao { $name },

    qualcuno (speriamo tu) ha chiesto di reimpostare la password del tuo account Portineria.
    Per sceglierne una nuova apri questo link entro un'ora:

    { $link }

    Se non sei stato tu, ignora questo messaggio: la password resta quella di prima.
