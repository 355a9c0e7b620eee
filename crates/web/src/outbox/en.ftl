# Portineria — mail (the queue and what was not delivered)

manage-mail = Undelivered mail
mail-intro = Mail that could not be sent. Those waiting are tried again by themselves, each time a little later; those given up go out only if you send them again.
mail-none = Nothing waiting: every mail was delivered.
mail-kind = Kind
mail-recipient = Recipient
mail-attempts = Attempts
mail-last-error = Last error
mail-next-attempt = Next attempt
mail-queued = Queued on
mail-status-failed = Given up
mail-retry = Send again
notice-mail-retried = The mail will go out again in a few seconds.
error-mail-already-sent = This mail has already been sent.
mail-kind-booking-confirmed = Booking confirmed
mail-kind-booking-cancelled = Booking cancelled
mail-kind-voucher-low = Voucher running low
mail-kind-pass-expiring = Pass expiring
mail-kind-listing-expiring = Listing expiring
mail-kind-exchange-proposed = Exchange proposed
mail-kind-exchange-accepted = Exchange accepted
mail-kind-match-digest = Weekly new matches
mail-kind-enrolment-enrolled = Enrolled
mail-kind-enrolment-waitlisted = On the waiting list
mail-kind-enrolment-promoted = A place freed up
mail-kind-event-cancelled = Event cancelled
mail-kind-event-reminder = Session reminder
mail-kind-password-reset = New password

# The texts of the mails
mail-booking-confirmed-subject = Booking confirmed: { $place }
mail-booking-confirmed-body = Hello { $name },

    your booking is confirmed.

    { $place } — { $site }
    { $when }

    Your bookings, to see or cancel them: { $link }
mail-booking-cancelled-subject = Booking cancelled: { $place }
mail-booking-cancelled-body = Hello { $name },

    the booking of { $place } ({ $site }) for { $when } was cancelled.

    Your bookings: { $link }
mail-voucher-low-subject = Your voucher "{ $plan }" is running low
mail-voucher-low-body = Hello { $name },

    your voucher "{ $plan }" has { $left } hours left of { $total }.
    You can top it up at the desk of any site.

    Your passes and vouchers: { $link }
mail-pass-expiring-subject = Your pass "{ $plan }" is about to expire
mail-pass-expiring-body = Hello { $name },

    your pass "{ $plan }" expires on { $until }.
    To renew it, drop by the desk of any site.

    Your passes and vouchers: { $link }
mail-listing-expiring-subject = Your listing "{ $title }" is about to expire
mail-listing-expiring-body = Hello { $name },

    your listing "{ $title }" expires on { $until }.
    If it still stands, renew it: edit it and save.

    The listing: { $link }
mail-exchange-proposed-subject = You are offered an exchange (no. { $id })
mail-exchange-proposed-body = Hello { $name },

    { $proposer } proposes an exchange: { $what }.
    Nothing moves until everyone involved confirms, by { $deadline }.

    Confirm or decline: { $link }
mail-exchange-accepted-subject = Exchange no. { $id } confirmed by everyone
mail-exchange-accepted-body = Hello { $name },

    everyone has confirmed the exchange: { $what }.
    When it has taken place, mark it as done: the time will move from one account to the other.

    The exchange: { $link }
mail-digest-subject = New matches for your listings
mail-digest-body = Hello { $name },

    this week, listings that suit you have arrived:

    { $lines }

    Don't want this mail any more? Turn it off on your profile: { $link }
mail-digest-line = "{ $theirs }" for your "{ $mine }" ({ $why }): { $link }
mail-enrolled-subject = Enrolment confirmed: { $event }
mail-enrolled-body = Hello { $name },

    you are enrolled in "{ $event }".

    { $when } — { $site }

    The event: { $link }
    Your enrolments, to see or cancel them: { $mine }
mail-waitlisted-subject = On the waiting list: { $event }
mail-waitlisted-body = Hello { $name },

    "{ $event }" is full: you are on the waiting list, in position { $position }.
    If someone gives up their place, it goes to the first in line and we write to you.

    { $when } — { $site }

    Your enrolments: { $mine }
mail-promoted-subject = A place freed up: { $event }
mail-promoted-body = Hello { $name },

    a place freed up for "{ $event }" and it is yours: you are now enrolled.

    { $when } — { $site }

    If you can no longer come, cancel here so the place goes to the next person: { $mine }
mail-event-reminder-subject = Tomorrow: { $event }
mail-event-reminder-body = Hello { $name },

    a reminder of "{ $event }".

    { $when } — { $site }

    The event: { $link }
mail-event-cancelled-subject = Cancelled: { $event }
mail-event-cancelled-body = Hello { $name },

    we are sorry: "{ $event }" on { $when } is cancelled.
    If you had used a training of your membership, it has been given back.

    The quarter's programme: { $link }
mail-reset-subject = Portineria: new password
mail-reset-body = Hello { $name },

    someone (hopefully you) asked to reset the password of your Portineria account.
    To choose a new one, open this link within an hour:

    { $link }

    If it was not you, ignore this message: your password stays as it was.
