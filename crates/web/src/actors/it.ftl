# Portineria — attori locali

err-visibility = Scegli chi può vedere il profilo: tutti, chi fa parte della rete o solo il gruppo.
error-actor-name-taken = C'è già un attore con questo nome.
error-actor-last-owner = Ogni attore ha almeno un responsabile: nominane un altro prima.
error-actor-role = Il ruolo è «owner» (responsabile) o «member» (membro).
err-actor-role = Il ruolo è «owner» (responsabile) o «member» (membro).
err-unknown-hub = Hub sconosciuto.
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
actors-verify = Verifica per la rete
actors-unverify = Togli la verifica
actors-verified-done = Verificato: ora compare come verificato dalla rete.
actors-unverified-done = La verifica è stata tolta.
