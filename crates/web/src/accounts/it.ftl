# Portineria — account, ruoli, registro

never = mai
feed-title = Le tue prenotazioni nel calendario
feed-lead = Un link segreto da aggiungere al calendario del telefono o del computer: le tue prenotazioni compaiono da sole. Chi ha il link le vede, quindi non condividerlo.
feed-create = Crea un nuovo link (quello vecchio smette di funzionare)
feed-created = Ecco il link del tuo calendario. Copialo ora: non verrà più mostrato.
error-rate-limited = Troppi tentativi in poco tempo. Riprova tra un quarto d'ora.
error-bad-credentials = Indirizzo email o password non corretti.
error-email-taken = Esiste già un account con questo indirizzo.
error-reset-token-invalid = Il link per reimpostare la password non è valido, è già stato usato o è scaduto.
err-email-taken = Esiste già un account con questo indirizzo.
err-password-wrong = Password non corretta.
err-role-target = Questo ruolo non si può assegnare qui: amministratore per la rete, gestore e socio per un hub, host per una sede.
signup-title = Registrati
signup-lead = Con un account puoi prenotare, iscriverti e partecipare alla vita della rete. Serve solo un indirizzo email.
field-display-name = Nome
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
notice-token-revoked = Token revocato.
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
digest-title = Le nuove corrispondenze, ogni settimana
digest-label = Mandami una mail alla settimana con le nuove offerte e richieste adatte ai miei annunci
digest-save = Salva
notice-digest-on = Riceverai una mail alla settimana con le nuove corrispondenze.
notice-digest-off = Non riceverai più la mail settimanale.
