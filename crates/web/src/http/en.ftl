# Portineria — shared messages (layout, errors, formats)

nav-label = Main navigation
nav-map = Map
nav-directory = Search
nav-hubs = Hubs
nav-manage = Manage
nav-logout = Sign out
nav-login = Sign in
nav-signup = Sign up
switch-language = Italiano
skip-to-content = Skip to content
footer-about = Portineria, the neighbourhood's augmented concierge
footer-api = API
back-home = Back to the home page
next-page = Next page →
save = Save
edit = Edit
cancel = Cancel
actions = Actions
yes = yes
no = no
form-has-errors = Please check the fields marked below.
sites-count = { $count ->
    [one] one site
   *[other] { $count } sites
}
minutes = { $count } minutes
filter-apply = Apply
walk-minutes = { $count } min on foot
site-accessibility = Accessibility
capacity-people = { $count ->
    [one] one person
   *[other] { $count } people
}
calendar-feed = Calendar (iCal) of when it is booked
place-capacity = Capacity
site-kind-central = central coworking
site-kind-bar = bar
site-kind-library = library
site-kind-shop = shop
site-kind-market = market
site-kind-school = school
site-kind-other = other
place-kind-desk_pool = desks
place-kind-meeting_room = meeting room
place-kind-event_hall = event hall
place-kind-lab = lab
place-kind-kids_room = kids' room
place-kind-garden = garden
place-kind-other = other
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday
open-until = Open until { $time }
open-until-day = Open until { $day } at { $time }
open-now = Open
opens-at = Closed · opens at { $time }
opens-day-at = Closed · opens { $day } at { $time }
closed = Closed
closed-lower = closed
tomorrow = tomorrow
holiday-new-year = New Year's Day
holiday-epiphany = Epiphany
holiday-easter = Easter
holiday-easter-monday = Easter Monday
holiday-liberation = Liberation Day
holiday-labour = Labour Day
holiday-republic = Republic Day
holiday-assumption = Assumption (Ferragosto)
holiday-st-francis = Saint Francis of Assisi
holiday-all-saints = All Saints' Day
holiday-immaculate = Immaculate Conception
holiday-christmas = Christmas Day
holiday-st-stephen = Saint Stephen's Day
error-title = Something went wrong
error-title-400 = Bad request
error-title-401 = Sign-in required
error-title-403 = Not allowed
error-title-404 = Page not found
error-title-405 = Method not allowed
error-title-409 = Conflict
error-title-413 = Request too large
error-title-415 = Unsupported format
error-title-422 = Invalid data
error-title-429 = Too many attempts
error-title-500 = Server error
error-not-found = What you are looking for does not exist, or no longer exists.
error-unauthorized = Please sign in to continue.
error-forbidden = Your role does not allow this.
error-validation = Some of the data is not valid.
error-csrf = The request did not come from a Portineria page, or the form expired: reload the page and try again.
error-internal = An unexpected error happened. Please try again shortly.
error-malformed = The request could not be read.
error-method-not-allowed = This address does not accept this method.
error-payload-too-large = The request is too large.
error-unsupported-media-type = Unsupported data format: use JSON (application/json).
error-bad-limit = The limit must be a whole number.
error-full = There is no room left at that time: choose another time or another place.
error-too-long = A booking can last at most 14 days.
err-required = Required.
err-too-long = At most { $max } characters.
err-control-characters = Contains characters that are not allowed.
err-email = Not a valid email address.
err-password-short = The password needs at least { $min } characters.
err-url = Must be a web address starting with https:// or http://.
err-phone = Not a valid phone number.
err-number = Must be a number.
err-range = Must be between { $min } and { $max }.
err-kind = Not a valid kind.
err-hours-bad-time = Not a valid time: use HH:MM (00:00–24:00).
err-hours-bad-weekday = Not a valid day of the week.
err-hours-end-before-start = Closing time must come after opening time (to stay open past midnight, add a span from 00:00 on the next day).
err-too-many = At most { $max } items.
err-coordinates-range = Coordinates out of range.
err-coordinates-format = Use LAT,LON, for example 44.484,11.350.
err-unknown-site = Unknown site.
err-unknown-account = No account is registered with this address.
err-role = Not a valid role.
err-instant = Not a valid date and time: use RFC 3339, for example 2026-11-23T09:00:00+01:00.
field-email = Email
notice-saved = Changes saved.
notice-deleted = Deleted.
manage-people = People and roles
manage-audit = Change log
field-name = Name
field-description = Description
api-docs-title = API documentation
api-docs-lead = The complete OpenAPI 3.1 document:
api-docs-index = Operations
api-docs-auth = needs a token
api-docs-param = Parameter
api-docs-in = In
api-docs-description = Description
api-docs-body = Request body
api-docs-responses = Responses
error-unknown-account = No account has this address.
error-unknown-site = One of the sites given does not exist.
error-bad-date = Invalid date.
err-date = Write a date like 2026-11-23.
err-money = Write an amount in euros, like 12.50.
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
back = Back
show = Show
field-hub = Hub
my-bookings = My bookings
my-passes = Passes and vouchers
my-qr = My code
booking-when = When
manage-plans = Plans
manage-sales = Sales
manage-bookings = Bookings
manage-settlement = Settlement
method-cash = Cash
method-transfer = Bank transfer
method-pos = POS
method-online = Online
timebank-title = Time bank
timebank-balance = Balance: { $hours } hours
timebank-sent = Transfer recorded.
err-direction = Choose whether you offer or ask.
mail-listing-expiring-subject = Your listing "{ $title }" is about to expire
mail-listing-expiring-body = Hello { $name },

    your listing "{ $title }" expires on { $until }.
    If it still stands, renew it: edit it and save.

    The listing: { $link }
exchange-minutes = { $hours } hours of time
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
# The board of offers and demands
nav-board = Board
board-title = Board of offers and demands
board-search = Search
board-search-button = Search
board-none = No open listing with these filters.
listing-offer = Offer
listing-demand = Looking for
listing-category = Category
err-listing-hours = Write the hours as 1, 1.5 or 1:30 (at most 100).
exchanges-title = My exchanges
mail-digest-subject = New matches for your listings
mail-digest-body = Hello { $name },

    this week, listings that suit you have arrived:

    { $lines }

    Don't want this mail any more? Turn it off on your profile: { $link }
mail-digest-line = "{ $theirs }" for your "{ $mine }" ({ $why }): { $link }
actors-title = Who is in the neighbourhood
actor-kind-association = association
actor-kind-informal_group = informal group
actor-kind-company = company
actor-kind-shop = shop
actor-kind-artisan = artisan
actor-kind-school = school
actor-kind-public_body = public body
actor-kind-freelancer = freelancer
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
event-kind-course = Course
event-kind-workshop = Workshop
event-kind-seminar = Seminar
event-kind-talk = Talk
event-kind-kids-lab = Kids' lab
event-kind-concert = Concert
event-kind-open-day = Open day
event-kind-market = Market
nav-programme = Programme
manage-programme = Hub programme
