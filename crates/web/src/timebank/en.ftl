# Portineria — the time bank

error-transfer-to-self = You cannot transfer time to yourself.
error-transfer-not-positive = The minutes to transfer must be more than zero.
error-transfer-credit-limit = The transfer would take the account below its credit limit.
error-transfer-highest-balance = The transfer would take the receiving account above its highest balance.
error-limits-invalid = The credit limit must be zero or below and the highest balance zero or above.
error-limits-exclude-balance = The account's balance is outside these limits: bring it back within them first.
error-owner-kind = A time-bank account belongs to a person, a local actor or the network.
error-already-reversed = This entry has already been reversed.
error-reversal-of-reversal = A reversal is not reversed: record a new transfer instead.
err-to-account-or-person = Say who receives: an account (to_account) or a person (to_person), not both.
timebank-limits = You may go down to { $min } and up to { $max } hours.
timebank-send = Give time to someone
timebank-to = Email address of the person receiving
timebank-minutes = Minutes
timebank-description = What for
timebank-send-button = Transfer
timebank-statement = Entries
timebank-none = No entries yet.
timebank-csv = Download the entries (CSV)
timebank-with = With
timebank-amount = Hours
timebank-reversal = reversal
err-timebank-unknown-person = No one is signed up with this address.
