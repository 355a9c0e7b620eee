# Portineria — banca del tempo

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
err-timebank-unknown-person = Nessuna persona iscritta con questo indirizzo.
