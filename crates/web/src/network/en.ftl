# Portineria — the network: hubs, sites, places

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
map-title = Map of the network
map-lead = Each marker is a site: the central coworking and its satellites.
map-region = Map of the sites
map-noscript = The interactive map needs JavaScript; the list below has the same sites with address and coordinates.
map-list = { $count ->
    [one] One site
   *[other] { $count } sites
}
directory-title = Search the network
filter-kind = Kind of site
filter-any-kind = Any kind
filter-open-now = Open now only
filter-walk = On foot from…
filter-walk-minutes = Within
filter-any-distance = any distance
filter-from-site = From: { $name }
filter-remove-origin = (remove)
filter-lat = Latitude
filter-lon = Longitude
filter-my-position = Use my position
walk-rule = Estimated walking time: straight-line distance × 1.3, at 4.5 km/h.
results-count = { $count ->
    [0] No results
    [one] One result
   *[other] { $count } results
}
results-none = No site matches the search. Try removing a filter.
edit-site = Edit the site
site-hours = Opening hours
site-closed-holidays = Closed on national public holidays.
site-exceptions = Special days
site-how-to-get-there = How to get there
site-coordinates = Coordinates
site-directions = Directions (OpenStreetMap)
site-open-in-app = Open in your maps app
site-nearby = What is within 15 minutes on foot from here
site-contacts = Contacts
site-places = { $count ->
    [0] Places
    [one] One place
   *[other] { $count } places
}
add-place = Add a place
site-no-places = No places recorded.
bookable = bookable
hubs-title = The hubs of the network
edit-hub = Edit the hub
add-site = Add a site
hub-sites = Sites
hub-on-map = See the sites on the map
error-hub-name-taken = A hub with this name already exists.
error-site-name-taken = This hub already has a site with this name.
error-hub-has-sites = The hub still has sites: delete or move them first.
err-boolean = Must be true or false.
err-hours-overlap = Overlaps another span on the same day.
err-exception-duplicate-date = There is already a special day with this date.
err-exception-bad-date = Not a valid date: use YYYY-MM-DD.
err-walk-needs-origin = To filter by walking time, give a starting point (coordinates or a site).
err-site-name-taken = This hub already has a site with this name.
err-hub-name-taken = A hub with this name already exists.
manage-title = Manage
add-hub = New hub
manage-my-hubs = Hubs you manage
manage-my-sites = Sites you host
field-city = City
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
desk-open = Desk
site-free-now = { $count ->
    [one] 1 desk free now
   *[other] { $count } desks free now
}
site-grid-link = Free seats hour by hour
field-holders-only = Bookable only by holders of a pass or voucher that covers it
manage-exchanges = Exchanges
manage-categories = Categories
field-bookings-at-once = Bookings one person may hold at the same time
field-bookings-at-once-help = How many bookings one person may hold at the same time at this hub's places (1 to 20). A seat of a shared desk room is always one per person; staff booking for others have no such limit.
