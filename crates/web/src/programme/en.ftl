# Portineria — courses and events

error-bad-cursor = The pagination cursor is not valid.
programme-title = The quarter's programme
stats-total = Total
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
err-bad-cursor = The pagination cursor is not valid.
audience-all = Everyone
audience-adults = Adults
audience-kids = Children and teenagers
audience-families = Families
audience-seniors = Seniors
audience-job-seekers = Job seekers
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
