# Portineria — bookings

feed-my-calendar = My bookings · Portineria
feed-my-booking = Your booking on Portineria
feed-busy = booked
edit-place = Edit the place
place-pool-note = seats booked one per person
place-bookable = Bookable
place-equipment = Equipment
error-outside-hours = The site is closed at that time: a booking must fall within the opening hours.
error-not-bookable = This place cannot be booked.
error-cancel-deadline-passed = The deadline for cancelling has passed: ask the site's manager.
err-booking-end-before-start = The end must come after the start.
err-booking-in-the-past = Bookings cannot be in the past.
err-booking-too-short = The booking is shorter than this place's minimum.
err-booking-too-long = The booking is longer than this place's maximum.
err-booking-too-far-ahead = It is too early to book that far ahead.
error-end-before-start = The end must come after the start.
book-heading = Book
book-days = Days
day-before = Day before
day-after = Day after
book-closed-day = The site is closed on this day.
book-grid-caption = Free seats hour by hour
book-hour = Hour
book-free = Free seats
book-grid-pick = Choose a free hour in the table; then, to stay longer, a later hour in the same column: the form below fills itself in.
book-closed = closed
book-free-seats = free seats
# FROM and TO are replaced by the hours chosen on the grid: keep them as they are.
book-chosen = Chosen: from FROM to TO.
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
my-bookings-none = No upcoming bookings. Find a place in the directory:
calendar-personal = My calendar
booking-place = Place
booking-cancel = Cancel
booking-cancel-confirm = Yes, cancel the booking
booking-cancel-closed = No longer cancellable
notice-booked = Booking confirmed: we sent you a mail.
notice-booking-cancelled = Booking cancelled.
bookings-from-day = Week from
bookings-none-week = No bookings this week.
week-before = Week before
week-after = Week after
view-day = Day view
view-week = Week view
view-site = Every place of the site
site-grid-title = Free seats: { $site }
site-grid-none = This site has no bookable places.
site-grid-help = Choose a free hour to book it in that place, or the name at the head of a column to see the place.
place-holders-only = for holders of a pass or voucher that covers it.
