# Portineria — English

## Frame
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
never = never
form-has-errors = Please check the fields marked below.

## Home
home-title = What the neighbourhood offers, now
home-lead = Coworkings, bars, libraries and shops of the network: one access, seats within walking distance.
search-label = Search
search-placeholder = A place, a neighbourhood, a meeting room…
search-button = Search
home-numbers = The network in numbers
stat-hubs = hubs
stat-sites = sites
stat-places = places
stat-seats = seats
home-open-now = { $count ->
    [0] No site open right now
    [one] One site open now
   *[other] { $count } sites open now
}
home-nothing-open = Everything is closed right now. Each site's page shows its hours.
home-all-open = See all { $count } open sites
home-hubs = The hubs of the network
home-all-hubs = All hubs
home-see-map = See the map
sites-count = { $count ->
    [one] one site
   *[other] { $count } sites
}

## Map
map-title = Map of the network
map-lead = Each marker is a site: the central coworking and its satellites.
map-region = Map of the sites
map-noscript = The interactive map needs JavaScript; the list below has the same sites with address and coordinates.
map-list = { $count ->
    [one] One site
   *[other] { $count } sites
}

## Search
directory-title = Search the network
filter-kind = Kind of site
filter-any-kind = Any kind
filter-open-now = Open now only
filter-walk = On foot from…
filter-walk-minutes = Within
filter-any-distance = any distance
minutes = { $count } minutes
filter-from-site = From: { $name }
filter-remove-origin = (remove)
filter-lat = Latitude
filter-lon = Longitude
filter-my-position = Use my position
walk-rule = Estimated walking time: straight-line distance × 1.3, at 4.5 km/h.
filter-apply = Apply
results-count = { $count ->
    [0] No results
    [one] One result
   *[other] { $count } results
}
results-none = No site matches the search. Try removing a filter.
walk-minutes = { $count } min on foot

## Sites and places
edit-site = Edit the site
site-hours = Opening hours
site-closed-holidays = Closed on national public holidays.
site-exceptions = Special days
site-how-to-get-there = How to get there
site-coordinates = Coordinates
site-directions = Directions (OpenStreetMap)
site-open-in-app = Open in your maps app
site-nearby = What is within 15 minutes on foot from here
site-accessibility = Accessibility
site-contacts = Contacts
site-places = { $count ->
    [0] Places
    [one] One place
   *[other] { $count } places
}
add-place = Add a place
site-no-places = No places recorded.
capacity-people = { $count ->
    [one] one person
   *[other] { $count } people
}
feed-title = Your bookings in your calendar
feed-lead = A secret link to add to your phone's or computer's calendar: your bookings appear by themselves. Whoever has the link sees them, so do not share it.
feed-create = Make a new link (the old one stops working)
feed-created = Here is your calendar link. Copy it now: it will not be shown again.
feed-my-calendar = My bookings · Portineria
feed-my-booking = Your booking on Portineria
feed-busy = booked
calendar-feed = Calendar (iCal) of when it is booked
bookable = bookable
edit-place = Edit the place
place-capacity = Capacity
place-pool-note = seats booked one per person
place-bookable = Bookable
place-equipment = Equipment
hubs-title = The hubs of the network
edit-hub = Edit the hub
add-site = Add a site
hub-sites = Sites
hub-on-map = See the sites on the map

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

## Hours
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

## Errors
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
error-rate-limited = Too many attempts in a short time. Try again in a quarter of an hour.
error-internal = An unexpected error happened. Please try again shortly.
error-malformed = The request could not be read.
error-method-not-allowed = This address does not accept this method.
error-payload-too-large = The request is too large.
error-unsupported-media-type = Unsupported data format: use JSON (application/json).
error-bad-cursor = The pagination cursor is not valid.
error-bad-limit = The limit must be a whole number.
error-bad-credentials = Wrong email address or password.
error-email-taken = An account with this address already exists.
error-hub-name-taken = A hub with this name already exists.
error-site-name-taken = This hub already has a site with this name.
error-hub-has-sites = The hub still has sites: delete or move them first.
error-reset-token-invalid = The password reset link is not valid, was already used, or has expired.

error-full = There is no room left at that time: choose another time or another place.
error-outside-hours = The site is closed at that time: a booking must fall within the opening hours.
error-not-bookable = This place cannot be booked.
error-too-long = A booking can last at most 14 days.
error-cancel-deadline-passed = The deadline for cancelling has passed: ask the site's manager.

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
err-boolean = Must be true or false.
err-hours-bad-time = Not a valid time: use HH:MM (00:00–24:00).
err-hours-bad-weekday = Not a valid day of the week.
err-hours-end-before-start = Closing time must come after opening time (to stay open past midnight, add a span from 00:00 on the next day).
err-hours-overlap = Overlaps another span on the same day.
err-exception-duplicate-date = There is already a special day with this date.
err-exception-bad-date = Not a valid date: use YYYY-MM-DD.
err-too-many = At most { $max } items.
err-coordinates-range = Coordinates out of range.
err-coordinates-format = Use LAT,LON, for example 44.484,11.350.
err-unknown-site = Unknown site.
err-walk-needs-origin = To filter by walking time, give a starting point (coordinates or a site).
err-email-taken = An account with this address already exists.
err-password-wrong = Wrong password.
err-unknown-account = No account is registered with this address.
err-role = Not a valid role.
err-role-target = This role cannot be given here: admin for the network, manager and member for a hub, host for a site.
err-site-name-taken = This hub already has a site with this name.
err-hub-name-taken = A hub with this name already exists.

err-instant = Not a valid date and time: use RFC 3339, for example 2026-11-23T09:00:00+01:00.
err-booking-end-before-start = The end must come after the start.
err-booking-in-the-past = Bookings cannot be in the past.
err-booking-too-short = The booking is shorter than this place's minimum.
err-booking-too-long = The booking is longer than this place's maximum.
err-booking-too-far-ahead = It is too early to book that far ahead.

## Accounts
signup-title = Sign up
signup-lead = With an account you can book, enrol and take part in the life of the network. All you need is an email address.
field-display-name = Name
field-email = Email
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
notice-saved = Changes saved.
notice-token-revoked = Token revoked.
notice-deleted = Deleted.
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

## Management
manage-title = Manage
add-hub = New hub
manage-people = People and roles
manage-audit = Change log
manage-my-hubs = Hubs you manage
manage-my-sites = Sites you host
field-name = Name
field-city = City
field-description = Description
field-website = Website
field-phone = Phone
field-site-kind = Kind of site
field-address = Address
field-lat = Latitude
field-lon = Longitude
field-coordinates-help = In decimal degrees (for example 44.48400 and 11.35035): on OpenStreetMap, right-click the spot → “Show address”.
field-accessibility = Accessibility (entrances, steps, toilets, routes)
field-closed-on-holidays = Closed on national public holidays
hours-help = Up to three spans a day; leave empty when closed. To stay open past midnight, add a span from 00:00 on the next day.
hours-opens = Opens
hours-closes = Closes
exceptions-help = Closures or special hours for a date. With no times the site is closed all day. Several rows with the same date add spans.
exception-date = Date
exception-note = Note
field-place-kind = Kind of place
field-equipment = Equipment
field-equipment-help = Separated by commas: wifi, projector, whiteboard…
booking-rules = Booking rules
field-min-minutes = Shortest booking (minutes)
field-max-minutes = Longest booking (minutes)
field-max-days-ahead = How many days ahead it can be booked
field-cancel-minutes-before = Can be cancelled until how many minutes before
field-bookable = Bookable
delete-hub = Delete the hub
delete-site = Delete the site
delete-place = Delete the place
delete-confirm = Yes, delete
edit-named = Edit: { $name }
delete-hub-question = Delete the hub “{ $name }”? Only possible once it has no sites.
delete-site-question = Delete the site “{ $name }” and its { $places } places? This cannot be undone.
delete-place-question = Delete the place “{ $name }”? This cannot be undone.
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

## API
api-docs-title = API documentation
api-docs-lead = The complete OpenAPI 3.1 document:
api-docs-index = Operations
api-docs-auth = needs a token
api-docs-param = Parameter
api-docs-in = In
api-docs-description = Description
api-docs-body = Request body
api-docs-responses = Responses

## Plans, passes, vouchers, the desk, settlement

error-already-checked-in = This person is already checked in at a site: check them out first.
error-pass-not-yours = That pass belongs to someone else.
error-voucher-not-yours = That voucher belongs to someone else and is not shared with this person.
error-not-checked-in = This person is not checked in.
error-checked-in-elsewhere = This person is checked in at another site: check them out there.
error-plan-kind-fixed = A plan's kind and hub cannot change: create a new plan.
error-plan-inactive = This plan is no longer on sale.
error-plan-of-another-hub = This plan belongs to another hub: only that hub can sell it.
error-unknown-account = No account has this address.
error-unknown-site = One of the sites given does not exist.
error-bad-window = The validity must end after it starts.
error-bad-rounding = Invalid rounding rule.
error-bad-date = Invalid date.
error-no-entries-left = No entries left on this pass.
error-pass-not-valid-now = The pass is not valid right now (expired or not started yet).
error-pass-not-covering = The pass does not cover this site.
error-voucher-empty = The voucher has no hours left.
error-voucher-not-valid-now = The voucher is not valid right now (expired or not started yet).
error-voucher-not-accepted = This site does not accept hour vouchers.
error-no-entitlement = No valid pass or voucher for this site.
err-plan-kind = Choose a kind of plan.
err-payment-method = Choose how it was paid: cash, bank transfer or POS.
err-date = Write a date like 2026-11-23.
err-date-too-early = The date is too far in the past.
err-date-order = The end must come after the start.
err-period-too-long = The period can last at most 400 days.
err-members-only-vouchers = Only hour vouchers can be shared.
err-qr-forged = Code not recognised: check it was read or typed in full.
err-qr-expired = Code expired: the person finds a new one on their "My code" page.
err-pass-or-voucher = Give a pass or a voucher, not both.
err-site-of-another-hub = A hub's plan covers only that hub's sites.
err-rounding-mode = Choose up, nearest or down.
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
error-end-before-start = The end must come after the start.

## Booking, passes and the desk: pages
back = Back
show = Show
field-hub = Hub
field-site = Site
book-heading = Book
book-days = Days
day-before = Day before
day-after = Day after
book-closed-day = The site is closed on this day.
book-grid-caption = Free seats hour by hour
book-hour = Hour
book-free = Free seats
book-full = Full
book-day = Day
book-from = From
book-to = To
book-weeks = For how many weeks
book-submit = Book
book-login = Sign in to book
booking-rules-summary = From { $min } minutes to { $max } hours, up to { $days } days ahead; cancel up to { $cancel } minutes before the start.
booked-title = Repeated bookings
booked-ok = { $count ->
    [one] One booking confirmed
   *[other] { $count } bookings confirmed
}
booked-failed = { $count ->
    [one] One week not booked
   *[other] { $count } weeks not booked
}
my-bookings = My bookings
my-bookings-none = No upcoming bookings. Find a place in the directory:
my-passes = Passes and vouchers
my-qr = My code
calendar-personal = My calendar
booking-when = When
booking-place = Place
booking-cancel = Cancel
booking-cancel-closed = No longer cancellable
notice-booked = Booking confirmed: we sent you a mail.
notice-booking-cancelled = Booking cancelled.
passes-heading = Passes
passes-none = No passes: buy one at the desk of any site.
pass-valid = Valid
pass-entries = Entries left
pass-current = valid now
vouchers-heading = Hour vouchers
vouchers-none = No hour vouchers.
voucher-shared = shared
voucher-balance = { $left } hours left of { $total }
voucher-expires = expires on { $date }
voucher-history = History of uses
voucher-used = Used
voucher-left = Left
voucher-expiry = Expires
voucher-members = Shared with
stays-heading = My stays
stays-none = No stays recorded.
stay-length = Length
stay-open = ongoing
qr-alt = Your personal QR code
qr-valid-until = Valid until { $date }.
qr-help = Show it at the desk of any site, satellites included: on the way in and on the way out. You can print it; if the camera cannot read it, give the written code above.
desk-title = Desk: { $site }
desk-open = Desk
desk-free-seats = { $count ->
    [one] 1 desk free now
   *[other] { $count } desks free now
}
desk-code = The person's code
desk-scan = Read with the camera
desk-scan-stop = Stop the camera
desk-scan-error = Cannot open the camera: type the code.
desk-in = In
desk-out = Out
desk-present = { $count ->
    [one] 1 person in
   *[other] { $count } people in
}
desk-nobody = Nobody is in.
desk-since = Since
desk-via = With
via-pass = pass
via-voucher = hour voucher
notice-checked-in-pass = Checked in with the pass.
notice-checked-in-voucher = Checked in: the hours come off the voucher at check-out.
notice-checked-out = Checked out: { $time } hours.
notice-voucher-left = { $time } hours left on the voucher.
notice-uncovered = { $time } hours not covered by the voucher: to be paid at the desk.
site-free-now = { $count ->
    [one] 1 desk free now
   *[other] { $count } desks free now
}
manage-plans = Plans
manage-sales = Sales
manage-bookings = Bookings
manage-settlement = Settlement
plans-none = No plans yet.
plan-new = New plan
plan-kind = Kind
plan-price = Price (€)
plan-valid-days = Validity (days)
plan-entries = Entries (multi-entry pass)
plan-hours = Hours (voucher)
plan-fields-help = Entries are for multi-entry passes only, hours for hour vouchers only; an empty validity takes the kind's usual one.
plan-sites = Sites covered
plan-sites-help = No site ticked: every site of the hub.
plan-active = On sale
plan-inactive = not on sale
plan-network = The whole network
plan-network-check = A network-wide plan (every hub sells it)
plan-all-sites = Every site of the hub
plan-some-sites = { $count ->
    [one] 1 site
   *[other] { $count } sites
}
plan-kind-day = Day pass
plan-kind-entries = Multi-entry pass
plan-kind-monthly = Monthly
plan-kind-annual = Annual
plan-kind-membership = Basic network membership
plan-kind-premium = Premium package
plan-kind-course = Course membership
plan-kind-hours = Hour voucher
sell-heading = Sell
sell-plan = Plan
sell-email = The person's address
sell-starts-on = Valid from
sell-amount = Amount (€)
sell-method = Payment
sell-reference = Reference (receipt, transfer id…)
sell-members = Shared with (addresses, comma-separated)
sell-help = An empty amount takes the plan's price. Sharing applies to hour vouchers only.
sell-submit = Record the sale
notice-sold = Sale recorded.
method-cash = Cash
method-transfer = Bank transfer
method-pos = POS
method-online = Online
payments-heading = Payments recorded
payments-none = No payments yet.
bookings-from-day = Week from
bookings-none-week = No bookings this week.
settlement-from = From
settlement-to = To (excluded)
settlement-none = No stays closed in the period.
settlement-issuer = Selling hub
settlement-stays = Stays
settlement-hours = Hours
settlement-rate = Hourly rate
settlement-owed = Owed to the site
settlement-total = Total
settlement-csv = Download as CSV
terms-heading = Hub rules and site rates
terms-vouchers = Accepts vouchers
terms-rate = Hourly rate (€)
rounding-step = Rounding (minutes)
rounding-mode = Direction
rounding-up = up
rounding-nearest = to the nearest
rounding-down = down
week-before = Week before
week-after = Week after
view-day = Day view
view-week = Week view
view-site = Every place of the site
site-grid-title = Free seats: { $site }
site-grid-none = This site has no bookable places.
site-grid-help = Pick a place (at the head of its column) to book it.
site-grid-link = Free seats hour by hour
field-holders-only = Bookable only by holders of a pass or voucher that covers it
plan-place-kinds = Places covered
plan-place-kinds-help = None ticked: every kind of place.
place-holders-only = for holders of a pass or voucher that covers it.
settlement-whole-network = The whole network

## Time bank
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
timebank-title = Time bank
timebank-balance = Balance: { $hours } hours
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
timebank-sent = Transfer recorded.
err-timebank-unknown-person = No one is signed up with this address.
err-visibility = Choose who may see the profile: everyone, the network's members, or only the group itself.
error-actor-name-taken = There is already an actor with this name.
error-actor-last-owner = Every actor keeps at least one owner: name another one first.
error-actor-role = The role is "owner" or "member".
err-actor-role = The role is "owner" or "member".
err-unknown-hub = Unknown hub.
err-direction = Choose whether you offer or ask.
error-category-slug-taken = There is already a category with this name.
error-category-two-levels = Categories have two levels: a subcategory has none below it.
error-unknown-category = Unknown category.
error-listing-status = The listing cannot move to this status from the one it is in.
err-listing-status = The status is "open", "in_exchange" or "closed".
err-not-a-member = You may post for an actor only if you belong to it.
mail-listing-expiring-subject = Your listing "{ $title }" is about to expire
mail-listing-expiring-body = Hello { $name },

    your listing "{ $title }" expires on { $until }.
    If it still stands, renew it: edit it and save.

    The listing: { $link }
match-same-category = same category
match-same-area = related category
match-reliable = reliable partner
match-shared-words = words in common: { $words }
match-walk = { $minutes } minutes on foot
match-times = both available on { $day } { $from }–{ $to }
# Exchanges
error-exchange-no-legs = An exchange has at least one leg: something that goes from one person to another.
err-exchange-no-legs = Give at least one leg.
error-exchange-too-many-legs = An exchange has at most 12 legs.
error-exchange-leg-to-self = On a leg, the giver and the receiver are different people.
error-exchange-listing-twice = The same listing appears twice in the exchange.
error-exchange-listing-poster = An offer is given by whoever posted it; a demand is received by whoever posted it.
error-exchange-listing-not-open = One of the listings is no longer open or has expired.
error-exchange-minutes-range = The time on a leg is from 1 minute to 100 hours.
error-exchange-proposer-not-party = You can only propose exchanges you take part in.
error-exchange-deadline-range = The deadline to confirm is from one hour to 30 days.
error-exchange-unknown-listing = One of the listings does not exist.
error-exchange-leg-moves = Each leg moves a listing or some time, not both.
err-exchange-leg-moves = Each leg moves a listing or some time, not both.
error-exchange-unknown-party = One of the people in the exchange does not exist.
error-exchange-party-erased = One of the people in the exchange has deleted their account.
error-exchange-not-party = You are not part of this exchange.
error-exchange-already-answered = You have already answered this exchange.
error-exchange-expired = The time to confirm this exchange has run out.
error-exchange-status = The exchange is not in the right state for this.
err-exchange-status = The status is proposed, accepted, completed, reviewed, declined, expired or cancelled.
error-exchange-listing-taken = One of the listings is already taken by another exchange or has expired: the exchange cannot go ahead.
error-listing-in-exchange = The listing is held by an accepted exchange: it changes with the exchange.
error-review-not-party = You can only review exchanges you took part in.
error-review-not-counterpart = You can only review someone who gave you or received something from you in this exchange.
error-review-not-done = An exchange is reviewed once it is done.
error-review-rating-range = The rating is from 1 to 5.
error-review-twice = You have already reviewed this person for this exchange.
error-mark-not-offer = "I would take that" goes on an offer only.
error-mark-own-listing = You cannot mark your own listing.
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
board-lead = What the neighbourhood's people, associations and shops offer and look for.
board-search = Search
board-search-hint = for example: bike, tutoring, pushchair
board-direction = Offers or demands
board-both = Both
board-any-category = All categories
board-search-button = Search
board-none = No open listing with these filters.
listing-offers = Offers
listing-demands = Demands
listing-offer = Offer
listing-demand = Looking for
listing-category = Category
listing-hours-value = { $hours } hours
listing-new-title = Post a listing
listing-new-lead = Three things are enough: whether you offer or look for, what, and the category. The rest is optional.
listing-direction = Do you offer or look for?
listing-i-need = I'm looking for
listing-i-offer = I offer
listing-what = What
listing-more = More details (optional)
listing-description = Description
listing-hours = Value in hours (for example 1 or 1:30)
listing-post = Post
err-listing-hours = Write the hours as 1, 1.5 or 1:30 (at most 100).
listing-posted = Listing posted. Below, who might be right for you.
listing-marked = Marked: you would take it. It counts for chains of exchanges.
listing-status-open = open
listing-status-in_exchange = in an exchange
listing-status-closed = closed
listing-by = by { $name }
listing-expires = expires on { $when }
listing-mark = I would take that
matches-title = Who is right for you
matches-none = No open counterpart in this category for now.
matches-why = Why:
propose-hours-received = Hours you receive
propose-hours-paid = Hours you give in return
propose-button = Propose the exchange
exchanges-title = My exchanges
exchanges-none = No exchanges yet.
exchange-what = What
exchange-with = With
exchange-status = Status
exchange-your-turn = your turn
exchange-status-proposed = proposed
exchange-status-accepted = accepted by everyone
exchange-status-completed = done
exchange-status-reviewed = done and reviewed
exchange-status-declined = declined
exchange-status-expired = expired
exchange-status-cancelled = cancelled
exchange-title = Exchange no. { $id }
exchange-legs = What goes from whom to whom
exchange-leg = { $from } → { $to }
exchange-parties = Who takes part
exchange-confirmed = has confirmed
exchange-declined = has declined
exchange-waiting = has not answered yet
exchange-rating = average rating { $rating } from { $reviews } reviews
exchange-reliable = reliable partner
exchange-confirm-by = Confirm by { $when }. Until everyone confirms, nothing moves.
exchange-confirm = I confirm
exchange-decline = I decline
exchange-complete-lead = When the exchange has taken place, mark it as done: the time will move from one account to the other.
exchange-complete = It took place
exchange-cancel = Cancel the exchange
exchange-review-of = How did it go with { $name }?
exchange-review-text = A few words (optional)
exchange-review-send = Send the review
exchange-done-proposed = Exchange proposed: the other people will get a mail to confirm.
exchange-done-confirm = You have confirmed.
exchange-done-decline = You declined the exchange: nothing moves.
exchange-done-complete = Exchange done: the time has moved from one account to the other.
exchange-done-cancel = Exchange cancelled: the listings are open again.
exchange-done-review = Thank you for the review.
exchange-you = you
cycles-title = Chains of exchanges for you
cycles-lead = Found among what you and others marked "I would take that": everyone gives something and receives something.
cycles-with-time = One leg is closed with time-bank hours, where something to give was missing.
cycles-propose = Propose this exchange
monitor-title = Exchanges and time bank
monitor-lead = The platform's last twelve months: how many exchanges, in which categories, how many come through, how many hours change hands.
monitor-proposed = Proposed
monitor-done = Done
monitor-completion = Completion rate
monitor-failed = { $n } declined, expired or cancelled
monitor-hours = Hours exchanged
monitor-per-month = Per month and category
monitor-month = Month
monitor-unanswered = Categories with demands and no offer
monitor-unanswered-none = Every category with open demands has at least one offer.
monitor-demands = { $n } open demands
monitor-timebank = Time bank, across the network
monitor-accounts = { $n } accounts
monitor-entries = { $n } entries
monitor-moved = { $hours } hours transferred (corrections left out)
monitor-sum = sum of the balances: { $hours } (must be zero)
manage-exchanges = Exchanges
digest-title = New matches, every week
digest-label = Send me one mail a week with the new offers and demands that suit my listings
digest-save = Save
notice-digest-on = You will get one mail a week with the new matches.
notice-digest-off = You will no longer get the weekly mail.
mail-digest-subject = New matches for your listings
mail-digest-body = Hello { $name },

    this week, listings that suit you have arrived:

    { $lines }

    Don't want this mail any more? Turn it off on your profile: { $link }
mail-digest-line = "{ $theirs }" for your "{ $mine }" ({ $why }): { $link }
actors-title = Who is in the neighbourhood
actors-lead = Associations, groups, shops, artisans, schools, public bodies and freelancers of the network.
actors-search-hint = for example: repairs, graphics, Pilastro
actors-kind = Kind
actors-any-kind = All kinds
actors-none = Nobody with these filters.
actors-verified = verified by the network
actors-skills = What they can do
actors-contacts = Contacts
actors-people = The people
actors-listings = Open offers and demands
actors-timebank = The time-bank account
actors-credit-limit = credit limit { $hours }
actor-role-owner = owner
actor-role-member = member
actor-kind-association = association
actor-kind-informal_group = informal group
actor-kind-company = company
actor-kind-shop = shop
actor-kind-artisan = artisan
actor-kind-school = school
actor-kind-public_body = public body
actor-kind-freelancer = freelancer
board-posted-by = Posted by
board-anyone = Anyone
actors-verify = Verify for the network
actors-unverify = Take the verification back
actors-verified-done = Verified: it now shows as verified by the network.
actors-unverified-done = The verification was taken back.
categories-title = Categories of offers and demands
categories-lead = Two levels: a category and its subcategories, in Italian and in English.
categories-add = Add a category
categories-parent = Inside
categories-top-level = (top-level category)
categories-name-it = Name in Italian
categories-name-en = Name in English
categories-rename = Rename
manage-categories = Categories

## Programme: courses and events
programme-title = The quarter's programme
stats-total = Total
plan-trainings = Trainings included
pass-trainings = Trainings left
err-out-of-range = Must be between { $min } and { $max }.
err-event-kind = Choose what it is: course, workshop, seminar, talk, kids' lab, concert, open day or market.
err-event-audience = Choose who it is for.
err-event-level = Choose the level.
err-event-language = Write the language with two letters, such as it or en.
err-unknown-topic = One of the topics is not one of ours.
err-too-many-topics = At most { $max } topics.
err-event-teachers = At most 10 teachers, 80 characters each.
err-event-no-sessions = At least one session is needed.
err-rrule-one-session = A weekly repetition starts from a single session.
err-rrule-malformed = The repetition rule cannot be read: write for example FREQ=WEEKLY;COUNT=8.
err-rrule-only-weekly = Only weekly repetition is supported (FREQ=WEEKLY).
err-rrule-never-ends = The repetition must end: add COUNT=n or UNTIL=date.
err-rrule-too-many = Too many sessions: at most 60.
err-too-many-sessions = At most { $max } sessions.
err-session-in-the-past = A session is in the past.
err-sessions-overlap = Two sessions overlap.
err-session-end-before-start = A session ends before it starts.
err-session-too-long = A session lasts at most a day.
err-plan-course-kind = Only a course plan names its course.
err-unknown-actor = Unknown local actor.
error-session-outside-hours = A session falls outside the site's opening hours.
error-session-site-hub = Sessions take place at the sites of the organising hub.
error-session-place-taken = A session's place is already booked at that time.
error-session-place-site = The place chosen is not at that site.
error-session-no-booker = An organiser is needed to hold the place's booking.
error-event-no-sessions = The event has no sessions.
error-capacity-below-enrolled = Places cannot go below the number of people enrolled.
error-deadline-after-start = Enrolment must close before the start.
error-event-cancelled = The event is cancelled.
error-event-full = There are no places left.
error-event-started = The event has started: the enrolment can no longer be cancelled.
error-enrolment-closed = Enrolment is closed.
error-already-enrolled = You are already enrolled or on the waiting list.
error-no-trainings-left = You have no trainings left in your membership.
error-not-waiting = This person is not on the waiting list.
error-move-same-event = The person is already in this event.
error-enrolment-cancelled = The enrolment is already cancelled.
error-not-enrolled = This person is not enrolled.
error-unknown-course = The course given does not exist.
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
err-bad-cursor = The pagination cursor is not valid.
audience-all = Everyone
audience-adults = Adults
audience-kids = Children and teenagers
audience-families = Families
audience-seniors = Seniors
audience-job-seekers = Job seekers
event-kind-course = Course
event-kind-workshop = Workshop
event-kind-seminar = Seminar
event-kind-talk = Talk
event-kind-kids-lab = Kids' lab
event-kind-concert = Concert
event-kind-open-day = Open day
event-kind-market = Market
level-any = All levels
level-beginner = Beginners
level-intermediate = Intermediate
level-advanced = Advanced
topic-digital-literacy = Digital literacy
topic-coding = Coding
topic-robotics = Robotics
topic-stem = STEM
topic-cyberbullying = Cyberbullying
topic-sustainability = Sustainability
topic-arts = Arts
topic-music = Music
topic-crafts = Crafts
topic-languages = Languages
topic-work = Work
topic-wellbeing = Wellbeing
topic-community = Community
nav-programme = Programme
programme-lead = Courses, workshops, talks and celebrations at every site of the quarter, bars, libraries and shops included.
programme-series = from { $first }, { $count } sessions
programme-any-site = All sites
programme-subscribe = Add to your calendar (iCal)
programme-filters = Filter the programme
programme-from = From
programme-to = To
programme-site = Site
programme-audience = For whom
programme-kind = What
programme-topic = Topic
programme-any = Any
programme-free-only = Free only
programme-filter-button = Filter
programme-none = No events on the programme with these filters.
programme-more = More events
programme-free = Free
programme-cancelled = Cancelled
programme-full = Full: the waiting list is open
programme-places-left = { $count } places left
programme-sessions = When and where
programme-deadline = enrolment until { $when }
programme-you-wait = You are on the waiting list, in position { $position }.
programme-you-are-in = You are enrolled.
programme-cancel-mine = Cancel my enrolment
programme-join-waiting = Put me on the waiting list
programme-enrol = Enrol
programme-back = Back to the programme
programme-position = position { $position }
programme-training-used = paid with a training of your membership
programme-due = to pay at the site: { $amount }
my-enrolments = My enrolments
my-enrolments-none = You are not enrolled in anything.
enrolment-enrolled = Enrolled
enrolment-waiting = On the waiting list
enrolment-cancelled = Cancelled
notice-enrolment-enrolled = Done: you are enrolled. We sent you a mail.
notice-enrolment-waiting = It is full: you are on the waiting list. If a place frees up we will write to you.
notice-enrolment-cancelled = Enrolment cancelled.
programme-roster-csv = Download the attendees (CSV)
error-session-place-pool = A session takes a whole room: the seats of a desk pool are booked one by one.

## Programme: manager pages, calendar, certificate
manage-programme = Hub programme
programme-past = Past events
programme-upcoming = Coming up
programme-new-event = New course or event
programme-stats = Programme figures
programme-when = When
programme-enrolled = enrolled
programme-field-title = Title
programme-level = Level
programme-language = Language (two letters)
programme-topics = Topics
programme-teachers = Teachers or speakers (comma-separated)
programme-capacity = Places
programme-price = Price in euros
programme-deadline-hours = Enrolment closes how many hours before the start
programme-price-help = Leave the price empty for a free event. Paid places are paid at the desk or with a membership's training.
programme-included = Included in memberships with trainings
programme-first-session = First session
programme-room = Room booked
programme-no-room = No room (open space, bar, courtyard)
programme-field-date = Day
programme-field-start = From
programme-field-end = To
programme-weeks = How many weekly sessions
programme-weeks-help = With more than one session the course repeats every week at the same time (Rome time, across clock changes too). The room is booked for every session.
programme-create = Publish in the programme
programme-waiting-count = { $count ->
    [one] 1 waiting
   *[other] { $count } waiting
}
programme-public-page = Public page
programme-manage-event = Manage enrolments and attendance
programme-roster = Enrolled and waiting list
programme-roster-empty = Nobody enrolled yet.
programme-status = Status
programme-requested = Requested on
programme-payment = Payment
programme-attended = Attendance
programme-promote = Give the place
programme-move-to = Move to another event
programme-move = Move
programme-remove = Remove
programme-present = present
programme-attendance-sheet = Attendance sheet
programme-attendance-course = Course attendance
programme-duplicate = Duplicate
programme-duplicate-date = Day of the copy's first session
programme-duplicate-help = The copy has the same times, rooms, places and price; enrolments are not copied.
programme-cancel-event = Cancel the event
programme-cancel-confirm = { $count ->
    [0] I confirm the cancellation.
    [one] I confirm: the person enrolled will get an email.
   *[other] I confirm: the { $count } people enrolled or waiting will get an email.
}
programme-cancel-confirm-needed = Tick the confirmation to cancel the event.
programme-session-number = session { $number }
programme-present-count = { $count ->
    [one] 1 present
   *[other] { $count } present
}
programme-who-came = Who came
programme-qr-checkin = Check-in with the personal QR code
programme-qr-code = QR code text (PRT1.…)
programme-qr-help = Scan the person's QR code with the reader or paste the code here.
programme-checkin = Record attendance
programme-whole-network = Whole network
programme-until-excluded = Until (excluded)
programme-stats-help = Free programming days: days with at least one free session. Participants: attendance recorded. People reached: different people enrolled or present. In the total each event, day and person counts once.
stats-events = Events
stats-sessions = Sessions
stats-free-days = Free days
stats-kids-labs = Kids' labs
stats-participants = Participants
stats-people-reached = People reached
certificate-title = Certificate of attendance
certificate-states = This certifies that
certificate-attended = { $count ->
    [one] attended 1 session of { $total } of “{ $title }” ({ $kind }), for { $duration }.
   *[other] attended { $count } sessions of { $total } of “{ $title }” ({ $kind }), for { $duration } in all.
}
certificate-duration = { $minutes ->
    [0] { $hours } hours
   *[other] { $hours } hours and { $minutes } minutes
}
certificate-teachers = Teachers: { $teachers }
certificate-sessions = Sessions attended
certificate-issued = Issued on { $date }
certificate-number = no. { $number }
certificate-signature = Signature of the organiser
certificate-print-help = To print it or save it as PDF use the browser's Print command.
error-certificate-no-attendance = A certificate is only for people enrolled who attended at least one session.
programme-you-attended = { $count ->
    [one] present at 1 session of { $total }
   *[other] present at { $count } sessions of { $total }
}
programme-month-view = Month calendar
programme-list-view = List
programme-calendar = Quarter calendar
programme-months = Months
programme-prev-month = Previous month
programme-next-month = Next month
programme-month = { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
notice-programme-created = Published in the programme.
notice-programme-saved = Changes saved.
notice-programme-duplicated = Copy created: this is the new date.
notice-programme-cancelled = Event cancelled: the people enrolled have been told.
notice-programme-promoted = Place given: the person got an email.
notice-programme-moved = Person moved to the other event.
notice-programme-removed = Enrolment removed; the first person waiting, if any, moved up.
notice-programme-attendance-saved = Attendance saved.
notice-programme-checked-in = Attendance recorded.
programme-promote-help = Gives the place now, ahead of the others waiting: if every place is taken, one more is added.
programme-present-col = Present

## Mail not sent (/manage/mail)
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
