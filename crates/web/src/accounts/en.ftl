# Portineria — accounts, roles, audit log

never = never
feed-title = Your bookings in your calendar
feed-lead = A secret link to add to your phone's or computer's calendar: your bookings appear by themselves. Whoever has the link sees them, so do not share it.
feed-create = Make a new link (the old one stops working)
feed-created = Here is your calendar link. Copy it now: it will not be shown again.
error-rate-limited = Too many attempts in a short time. Try again in a quarter of an hour.
error-bad-credentials = Wrong email address or password.
error-email-taken = An account with this address already exists.
error-reset-token-invalid = The password reset link is not valid, was already used, or has expired.
err-email-taken = An account with this address already exists.
err-password-wrong = Wrong password.
err-role-target = This role cannot be given here: admin for the network, manager and member for a hub, host for a site.
signup-title = Sign up
signup-lead = With an account you can book, enrol and take part in the life of the network. All you need is an email address.
field-display-name = Name
field-password = Password
field-new-password = New password
password-help = At least 10 characters. A long phrase is safer than a complicated word.
signup-button = Create the account
signup-have-account = Already have an account?
login-title = Sign in
login-button = Sign in
login-forgot = Forgot your password?
forgot-title = Forgotten password
forgot-lead = Enter your account's address: we will send you a link to choose a new one, valid for one hour.
forgot-button = Send me the link
forgot-sent = If the address matches an account, an email with the link is on its way. Check your spam folder too.
reset-title = Choose a new password
reset-button = Save the new password
profile-title = Your profile
profile-details = Your details
profile-roles = Your roles
profile-resident = You are a resident of the network: you can explore and take part. Managers and admins can give you other roles.
tokens-title = API tokens
tokens-lead = A token lets a program use the API on your behalf. Treat it like a password.
tokens-created = Here is the new token. Copy it now: it will not be shown again.
tokens-name = Token name
tokens-created-at = Created
tokens-last-used = Last used
tokens-revoke = Revoke
tokens-create = Create a token
data-title = Your personal data
data-export-lead = You can download all the data we hold about you at any time, as JSON.
data-export = Download my data
data-erase = Erase my account
data-erase-lead = The account and its personal data are erased at once and for good. Your actions stay in the change log, without your name.
data-erase-button = Erase for good
notice-password-changed = Password changed. You can now sign in with the new one.
notice-erased = Your account has been erased.
notice-welcome = Welcome to the network! Your account is ready.
notice-token-revoked = Token revoked.
notice-role-added = Role given.
notice-role-removed = Role removed.
mail-reset-subject = Portineria: new password
mail-reset-body = Hello { $name },

    someone (hopefully you) asked to reset the password of your Portineria account.
    To choose a new one, open this link within an hour:

    { $link }

    If it was not you, ignore this message: your password stays as it was.
role-admin = Network admin
role-manager = Hub manager
role-host = Site host
role-member = Member
role-manager-of = Manager of { $hub }
role-member-of = Member of { $hub }
role-host-of = Host of { $site }
people-hub = Hub
people-all-hubs = The whole network
people-role = Role
people-remove = Remove
people-add = Give a role
people-where = Where
people-add-button = Give
people-network = The whole network
people-title-hub = People and roles · { $hub }
audit-when = When
audit-who = Who
audit-what = What
audit-object = Object
audit-detail = Details
audit-erased = erased account
digest-title = New matches, every week
digest-label = Send me one mail a week with the new offers and demands that suit my listings
digest-save = Save
notice-digest-on = You will get one mail a week with the new matches.
notice-digest-off = You will no longer get the weekly mail.
