//! The programme on both engines: events whose sessions book their places,
//! enrolment with a waiting list that moves up by itself, trainings of a
//! membership used and given back, what the database refuses on its own,
//! the feeds, and 300 people racing for 30 places over HTTP.

use crate::harness::*;
use crate::on_both_engines;
use crate::timebank::raw;
use portineria_domain::passes::PlanKind;
use portineria_domain::programme::{EnrolmentStatus, EventInput, SessionInput, validate_event};
use portineria_store::{NewBooking, NewEvent, NewSale, PaymentMethod, Store, StoreError};
use std::sync::Arc;

fn code<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn input(title: &str, capacity: i64, site: i64, place: Option<i64>, start: i64, hours: i64) -> EventInput {
    EventInput {
        kind: "kids_lab".into(),
        title: title.into(),
        audience: Some("kids".into()),
        topics: Some("robotics".into()),
        capacity,
        sessions: vec![SessionInput { start, end: start + hours * 3600, site_id: site, place_id: place }],
        ..Default::default()
    }
}

async fn event(
    store: &dyn Store,
    hub: i64,
    organiser: i64,
    i: &EventInput,
) -> Result<portineria_store::Event, StoreError> {
    let now = jiff::Timestamp::now().as_second();
    let draft = validate_event(i, now, &portineria_domain::rome()).unwrap();
    let e = NewEvent { hub_id: hub, organiser_account_id: Some(organiser), organiser_actor_id: None, draft, now };
    store.create_event(&who(), &e).await
}

on_both_engines!(programme_rules, |db| async move {
    let store = db.open().await;
    let s = store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let serre = site(s, h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let room = place(s, serre.id, "Kw baby", "kids_room", 1).await;
    let people = people(s, "genitore", 6).await;
    let now = jiff::Timestamp::now().as_second();
    let start = tomorrow_at(10).as_second();

    // A session books its room: a booking there is refused, and the other way round.
    let lab =
        event(s, h.id, people[0], &input("Robotica per piccoli", 2, serre.id, Some(room.id), start, 2)).await.unwrap();
    assert_eq!(lab.sessions.len(), 1);
    assert!(lab.sessions[0].booking_id.is_some());
    let clash = NewBooking {
        place_id: room.id,
        account_id: people[1],
        start: start + 3600,
        end: start + 7200,
        now,
        staff: false,
    };
    assert_eq!(code(s.create_booking(&who(), &clash).await), "full");
    let again = event(s, h.id, people[0], &input("Doppione", 5, serre.id, Some(room.id), start + 1800, 1)).await;
    assert_eq!(code(again), "session-place-taken");
    let other = hub(s, "Altrove").await;
    let far = site(s, other.id, "Lontano", "bar", 45.0, 9.0).await;
    assert_eq!(code(event(s, h.id, people[0], &input("Fuori", 5, far.id, None, start, 1)).await), "session-site-hub");

    // Two places: the third waits, a second request is refused.
    let a = s.enrol(&who(), lab.id, people[1], None, now).await.unwrap();
    let b = s.enrol(&who(), lab.id, people[2], None, now).await.unwrap();
    let c = s.enrol(&who(), lab.id, people[3], None, now).await.unwrap();
    let d = s.enrol(&who(), lab.id, people[4], None, now).await.unwrap();
    assert_eq!((a.status, b.status), (EnrolmentStatus::Enrolled, EnrolmentStatus::Enrolled));
    assert_eq!((c.status, c.position, d.position), (EnrolmentStatus::Waiting, Some(1), Some(2)));
    assert_eq!(code(s.enrol(&who(), lab.id, people[3], None, now).await), "already-enrolled");
    assert_eq!(code(s.enrol(&who(), lab.id, people[5], None, start).await), "enrolment-closed");

    // The database itself refuses a third enrolled, and a second live enrolment.
    let over = format!("UPDATE enrolments SET status = 'enrolled' WHERE id = {}", c.id);
    assert!(raw(&db, &over).await.is_err(), "the roster went over capacity");
    let twice = format!(
        "INSERT INTO enrolments (event_id, account_id, status, requested_at) VALUES ({}, {}, 'waiting', 0)",
        lab.id, people[1]
    );
    assert!(raw(&db, &twice).await.is_err(), "a second live enrolment was written");

    // A cancellation moves the first who waits up, in the same transaction.
    let change = s.cancel_enrolment(&who(), a.id, now).await.unwrap();
    assert_eq!(change.enrolment.status, EnrolmentStatus::Cancelled);
    assert_eq!(change.promoted.iter().map(|n| n.id).collect::<Vec<_>>(), vec![c.id]);
    assert_eq!(s.enrolment(d.id).await.unwrap().unwrap().position, Some(1));
    // Places below the enrolled are refused; more places move the next up.
    let e = s.event(lab.id).await.unwrap().unwrap();
    let mut edit = portineria_store::EventEdit {
        title: e.title.clone(),
        description: String::new(),
        audience: e.audience,
        language: "it".into(),
        level: e.level,
        topics: e.topics.clone(),
        teachers: vec![],
        capacity: 1,
        price_cents: 0,
        included_in_membership: false,
        enrol_until: e.enrol_until,
        organiser_actor_id: None,
    };
    assert_eq!(code(s.update_event(&who(), lab.id, &edit, now).await), "capacity-below-enrolled");
    edit.capacity = 3;
    let (e, promoted) = s.update_event(&who(), lab.id, &edit, now).await.unwrap();
    assert_eq!((e.enrolled, e.waiting, promoted.len()), (3, 0, 1));
    let roster = s.event_roster(lab.id).await.unwrap();
    assert_eq!(roster.iter().filter(|a| a.enrolment.status == EnrolmentStatus::Enrolled).count(), 3);

    // Attendance only for the enrolled.
    let session = e.sessions[0].id;
    s.mark_attendance(&who(), session, people[2], "host", now).await.unwrap();
    s.mark_attendance(&who(), session, people[2], "qr", now).await.unwrap();
    assert_eq!(code(s.mark_attendance(&who(), session, people[1], "host", now).await), "not-enrolled");
    assert_eq!(s.account_attendance(people[2], lab.id).await.unwrap(), vec![session]);
    // A session's sheet is saved whole or not at all.
    let other = roster
        .iter()
        .filter(|a| a.enrolment.status == EnrolmentStatus::Enrolled)
        .map(|a| a.enrolment.account_id)
        .find(|a| *a != people[2])
        .unwrap();
    assert_eq!(code(s.set_session_attendance(&who(), session, &[other, people[1]], now).await), "not-enrolled");
    assert_eq!(s.session_attendance(session).await.unwrap(), vec![people[2]]);
    s.set_session_attendance(&who(), session, &[other], now).await.unwrap();
    assert_eq!(s.event_attendance(lab.id).await.unwrap(), vec![(session, other)]);
    s.set_session_attendance(&who(), session, &[people[2]], now).await.unwrap();
    assert_eq!(s.session_attendance(session).await.unwrap(), vec![people[2]]);

    // The figures of an impact report, per site and in all (with and without a hub).
    for hub_filter in [Some(h.id), None] {
        let (sites, total) = s.programme_stats(hub_filter, now - 86_400, now + 30 * 86_400).await.unwrap();
        let at = sites.iter().find(|x| x.site_id == serre.id).unwrap();
        let figures = (at.events, at.sessions, at.kids_labs, at.free_days, at.participants, at.people_reached);
        assert_eq!(figures, (1, 1, 1, 1, 1, 3));
        assert_eq!((total.events, total.people_reached, total.site_id), (1, 3, 0));
    }

    // A place out of turn: with every place taken the event gets one more,
    // for the one chosen (the second waiting), not the first.
    let talk = event(s, h.id, people[0], &input("Sala piena", 1, serre.id, None, start + 7 * 86_400, 1)).await.unwrap();
    let mut queue = Vec::new();
    for p in &people[..3] {
        queue.push(s.enrol(&who(), talk.id, *p, None, now).await.unwrap());
    }
    assert_eq!(code(s.promote_enrolment(&who(), queue[0].id, now).await), "not-waiting");
    let chosen = s.promote_enrolment(&who(), queue[2].id, now).await.unwrap();
    assert_eq!((chosen.status, chosen.promoted), (EnrolmentStatus::Enrolled, true));
    let t = s.event(talk.id).await.unwrap().unwrap();
    assert_eq!((t.capacity, t.enrolled, t.waiting), (2, 2, 1));
    assert_eq!(s.enrolment(queue[1].id).await.unwrap().unwrap().position, Some(1));
    assert_eq!(code(s.promote_enrolment(&who(), queue[2].id, now).await), "not-waiting");

    // Cancelling the event frees its room and refuses new enrolments.
    let (e, told) = s.cancel_event(&who(), lab.id, now).await.unwrap();
    assert!(e.is_cancelled());
    assert_eq!(told.len(), 3);
    s.create_booking(&who(), &clash).await.unwrap();
    assert_eq!(code(s.enrol(&who(), lab.id, people[5], None, now).await), "event-cancelled");
    let into_cancelled = format!(
        "INSERT INTO enrolments (event_id, account_id, status, requested_at) VALUES ({}, {}, 'waiting', 0)",
        lab.id, people[5]
    );
    assert!(raw(&db, &into_cancelled).await.is_err(), "an enrolment into a cancelled event was written");
    assert_eq!(code(s.cancel_event(&who(), lab.id, now).await), "event-cancelled");
});

on_both_engines!(memberships_with_trainings, |db| async move {
    let store = db.open().await;
    let s = store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let serre = site(s, h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let person = people(s, "corsista", 1).await[0];
    let now = jiff::Timestamp::now().as_second();
    let mut plan = crate::passes::plan_draft(Some(h.id), "Tessera 2 formazioni", PlanKind::Membership, 3000);
    plan.trainings = Some(2);
    let plan = s.create_plan(&who(), &plan).await.unwrap();
    let sale = NewSale {
        plan_id: plan.id,
        account_id: person,
        hub_id: h.id,
        method: PaymentMethod::Cash,
        amount_cents: 3000,
        paid: true,
        provider: None,
        reference: String::new(),
        valid_from: now - 60,
        valid_until: now + 90 * 86_400,
        voucher_members: vec![],
        now,
    };
    let pass = s.sell(&who(), &sale).await.unwrap().pass.unwrap();
    assert_eq!(pass.trainings_left, Some(2));
    let mut courses = Vec::new();
    for (i, title) in ["Coding", "Robotica", "Cyberbullismo"].iter().enumerate() {
        let mut i = input(title, 10, serre.id, None, tomorrow_at(9 + i8::try_from(i).unwrap() * 3).as_second(), 2);
        i.kind = "course".into();
        i.price_cents = 4000;
        i.included_in_membership = true;
        courses.push(event(s, h.id, person, &i).await.unwrap());
    }
    let first = s.enrol(&who(), courses[0].id, person, None, now).await.unwrap();
    assert_eq!((first.pass_id, first.training_used, first.due_cents), (Some(pass.id), true, 0));
    s.enrol(&who(), courses[1].id, person, Some(true), now).await.unwrap();
    let left = |s: Arc<dyn Store>| async move { s.account_passes(person).await.unwrap()[0].trainings_left };
    assert_eq!(left(store.clone()).await, Some(0));
    // None left: refused when asked for, paid at the desk otherwise.
    assert_eq!(code(s.enrol(&who(), courses[2].id, person, Some(true), now).await), "no-trainings-left");
    let desk = s.enrol(&who(), courses[2].id, person, None, now).await.unwrap();
    assert_eq!((desk.pass_id, desk.due_cents), (None, 4000));
    // A cancellation in time gives the training back.
    s.cancel_enrolment(&who(), first.id, now).await.unwrap();
    assert_eq!(left(store.clone()).await, Some(1));
    // The database refuses a pass below zero trainings.
    let below = format!("UPDATE passes SET trainings_left = -1 WHERE id = {}", pass.id);
    assert!(raw(&db, &below).await.is_err());
});

/// 300 people ask at once for 30 places of a kids' lab, over HTTP.
async fn three_hundred_for_thirty(db: TestDb) {
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    let s = app.store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let serre = site(s, h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let ids = people(s, "famiglia", 300).await;
    let lab =
        event(s, h.id, ids[0], &input("Kw baby: laboratorio", 30, serre.id, None, tomorrow_at(16).as_second(), 2))
            .await
            .unwrap();
    let mut tokens = Vec::new();
    for id in &ids {
        tokens.push(token_of(s, *id).await);
    }
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(tokens.len()));
    let mut tasks = Vec::new();
    for t in &tokens {
        let (http, barrier, token) = (http.clone(), barrier.clone(), t.clone());
        let url = app.url(&format!("/api/v1/events/{}/enrolments", lab.id));
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = http.post(url).bearer_auth(token).json(&serde_json::json!({})).send().await.unwrap();
            (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let enrolled = answers.iter().filter(|(st, _)| *st == 201).count();
    let waiting: Vec<&serde_json::Value> = answers.iter().filter(|(st, _)| *st == 202).map(|(_, b)| b).collect();
    assert_eq!((enrolled, waiting.len()), (30, 270), "{:?}", answers.iter().map(|a| a.0).collect::<Vec<_>>());
    // Waiting in the order the requests were decided: positions 1…270, each once.
    let mut positions: Vec<i64> = waiting.iter().map(|b| b["position"].as_i64().unwrap()).collect();
    positions.sort_unstable();
    assert_eq!(positions, (1..=270).collect::<Vec<_>>());
    let e = s.event(lab.id).await.unwrap().unwrap();
    assert_eq!((e.enrolled, e.waiting), (30, 270));
    let roster = s.event_roster(lab.id).await.unwrap();
    let queue: Vec<i64> =
        roster.iter().filter(|a| a.enrolment.status == EnrolmentStatus::Waiting).map(|a| a.enrolment.id).collect();
    assert!(queue.windows(2).all(|w| w[0] < w[1]));
    // The first ten who wait, by the position each was told.
    let mut by_position: Vec<(i64, i64)> =
        waiting.iter().map(|b| (b["position"].as_i64().unwrap(), b["account_id"].as_i64().unwrap())).collect();
    by_position.sort_unstable();
    let next_ten: Vec<i64> = by_position[..10].iter().map(|p| p.1).collect();
    // Ten of the enrolled cancel, each with their own token, at once.
    let cancelling: Vec<(i64, String)> = roster
        .iter()
        .filter(|a| a.enrolment.status == EnrolmentStatus::Enrolled)
        .take(10)
        .map(|a| (a.enrolment.id, tokens[ids.iter().position(|i| *i == a.enrolment.account_id).unwrap()].clone()))
        .collect();
    let mut tasks = Vec::new();
    for (id, token) in cancelling {
        let (http, url) = (http.clone(), app.url(&format!("/api/v1/enrolments/{id}")));
        tasks.push(tokio::spawn(
            async move { http.delete(url).bearer_auth(token).send().await.unwrap().status().as_u16() },
        ));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let roster = s.event_roster(lab.id).await.unwrap();
    let mut promoted: Vec<i64> =
        roster.iter().filter(|a| a.enrolment.promoted).map(|a| a.enrolment.account_id).collect();
    promoted.sort_unstable();
    let mut expected = next_ten.clone();
    expected.sort_unstable();
    assert_eq!(promoted, expected, "the next ten were not the ones moved up");
    let e = s.event(lab.id).await.unwrap().unwrap();
    assert_eq!((e.enrolled, e.waiting), (30, 260));
    // Each of them got the mail, through the SMTP server.
    let mut got = Vec::new();
    for _ in 0..300 {
        got = mails(&mail_dir)
            .into_iter()
            .map(|m| quoted_printable(&m))
            .filter(|m| m.contains("Si è liberato un posto") || m.contains("=?utf-8?"))
            .collect();
        if got.len() >= 10 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for account in &next_ten {
        let email = s.account(*account).await.unwrap().unwrap().email;
        assert!(
            got.iter().any(|m| m.contains(&format!("To: {email}")) && m.contains("ora sei iscritto")),
            "no promotion mail to {email}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_enrolments_for_thirty_places_on_sqlite() {
    let Some(db) = TestDb::new(Engine::Sqlite).await else { return };
    three_hundred_for_thirty(db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_enrolments_for_thirty_places_on_postgres() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    three_hundred_for_thirty(db).await;
}

/// The API and the pages: create (and what is refused, saving nothing),
/// 201 enrolled or 202 waiting, the feeds in a standard iCalendar library,
/// the event page's schema.org JSON-LD, the embeddable view, and who may do what.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_programme_over_http() {
    use crate::fixture::*;
    use reqwest::Method;
    let (app, f) = app_with_fixture().await;
    let s = app.store.as_ref();
    let c = app.client();
    let manager = token_for(s, MANAGER_A).await;
    let other_manager = token_for(s, MANAGER_B).await;
    let resident = token_for(s, RESIDENT).await;
    let member = token_for(s, MEMBER_A).await;
    let start = tomorrow_at(17);
    let body = |title: &str, capacity: i64, rrule: Option<&str>| {
        serde_json::json!({
            "hub_id": f.hub_a, "kind": "kids_lab", "title": title, "audience": "kids", "topics": "robotics,stem",
            "capacity": capacity, "deadline_minutes": 60, "rrule": rrule,
            "description": "Costruiamo un robot <script>alert(1)</script> insieme",
            "sessions": [{"start": start.to_string(), "end": (start + jiff::SignedDuration::from_hours(2)).to_string(), "site_id": f.a2}],
        })
    };
    // Refusals save nothing.
    let (st, e) =
        c.api(Method::POST, "/api/v1/events", Some(&manager), Some(body("Mai finito", 5, Some("FREQ=WEEKLY")))).await;
    assert_eq!((st, e["error"]["code"].as_str()), (422, Some("validation")), "{e}");
    assert_eq!(e["error"]["fields"][0]["code"], "rrule-never-ends");
    let (st, _) = c.api(Method::POST, "/api/v1/events", Some(&other_manager), Some(body("Altro hub", 5, None))).await;
    assert_eq!(st, 403);
    let (st, _) = c.api(Method::POST, "/api/v1/events", Some(&resident), Some(body("Residente", 5, None))).await;
    assert_eq!(st, 403);
    let (_, list) = c.api(Method::GET, "/api/v1/events", None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    // A weekly lab of four sessions, one place.
    let (st, lab) = c
        .api(Method::POST, "/api/v1/events", Some(&manager), Some(body("Robotica", 1, Some("FREQ=WEEKLY;COUNT=4"))))
        .await;
    assert_eq!(st, 201, "{lab}");
    assert_eq!(lab["sessions"].as_array().unwrap().len(), 4);
    let id = lab["id"].as_i64().unwrap();
    let (st, a) = c.api(Method::POST, &format!("/api/v1/events/{id}/enrolments"), Some(&member), None).await;
    assert_eq!((st, a["status"].as_str()), (201, Some("enrolled")));
    let (st, b) = c.api(Method::POST, &format!("/api/v1/events/{id}/enrolments"), Some(&resident), None).await;
    assert_eq!((st, b["status"].as_str(), b["position"].as_i64()), (202, Some("waiting"), Some(1)));
    let (st, e) = c.api(Method::POST, &format!("/api/v1/events/{id}/enrolments"), Some(&resident), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("already_enrolled")), "{e}");
    // Someone else's enrolment cannot be cancelled; one's own can.
    let (st, _) = c.api(Method::DELETE, &format!("/api/v1/enrolments/{}", a["id"]), Some(&resident), None).await;
    assert_eq!(st, 404);
    let (st, mine) = c.api(Method::GET, "/api/v1/me/enrolments", Some(&resident), None).await;
    assert_eq!((st, mine[0]["event"]["id"].as_i64()), (200, Some(id)));
    // The roster is the organiser's and the hub's managers'.
    let (st, _) = c.api(Method::GET, &format!("/api/v1/events/{id}/enrolments"), Some(&member), None).await;
    assert_eq!(st, 403);
    let (st, roster) = c.api(Method::GET, &format!("/api/v1/events/{id}/enrolments"), Some(&manager), None).await;
    assert_eq!((st, roster.as_array().unwrap().len()), (200, 2));
    let csv = c.get(&format!("/api/v1/events/{id}/enrolments.csv")).await;
    assert_eq!(csv.status(), 401);

    // Filters: kids at the bar, free; nothing for seniors.
    let (_, found) =
        c.api(Method::GET, &format!("/api/v1/events?audience=kids&free=true&site_id={}", f.a2), None, None).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let (_, none) = c.api(Method::GET, "/api/v1/events?audience=seniors", None, None).await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let (st, _) = c.api(Method::GET, "/api/v1/events?audience=aliens", None, None).await;
    assert_eq!(st, 422);

    // The feeds read back in a standard iCalendar library: one event per session.
    for path in [
        "/api/v1/events.ics".to_owned(),
        format!("/api/v1/events.ics?site_id={}", f.a2),
        format!("/api/v1/events.ics?organiser={}", s.account_by_email(MANAGER_A).await.unwrap().unwrap().id),
    ] {
        let r = c.get(&path).await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
        let ics = r.text().await.unwrap();
        let parsed: icalendar::Calendar = ics.parse().unwrap();
        let events: Vec<&icalendar::Event> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), 4, "{path}");
        use icalendar::Component;
        assert!(events.iter().all(|e| e.get_uid().is_some() && e.get_start().is_some() && e.get_end().is_some()));
        assert_eq!(events[0].get_summary(), Some("Robotica (1/4)"));
    }
    let (_, other_site) = c.text(&format!("/api/v1/events.ics?site_id={}", f.a3)).await;
    assert_eq!(other_site.matches("BEGIN:VEVENT").count(), 0);

    // The event page: its JSON-LD is a schema.org Event with what search engines read.
    let (st, html) = c.text(&format!("/events/{id}")).await;
    assert_eq!(st, 200);
    assert!(!html.contains("<script>alert(1)"), "the description was not escaped");
    let ld = html.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(ld).unwrap();
    assert_eq!((ld["@context"].as_str(), ld["@type"].as_str()), (Some("https://schema.org"), Some("Event")));
    assert_eq!(ld["name"], "Robotica");
    let start_date = ld["startDate"].as_str().unwrap();
    assert!(
        start_date.parse::<jiff::Timestamp>().is_ok()
            && (start_date.ends_with("+01:00") || start_date.ends_with("+02:00"))
    );
    assert!(ld["endDate"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok());
    assert_eq!(ld["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(ld["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(ld["location"]["@type"], "Place");
    assert_eq!(ld["location"]["address"]["@type"], "PostalAddress");
    assert!(ld["location"]["geo"]["latitude"].as_f64().is_some());
    assert_eq!(ld["organizer"]["name"], "Kilowatt");
    assert_eq!((ld["offers"]["@type"].as_str(), ld["offers"]["price"].as_str()), (Some("Offer"), Some("0.00")));
    assert_eq!(ld["offers"]["availability"], "https://schema.org/SoldOut");
    assert_eq!(ld["subEvent"].as_array().unwrap().len(), 4);
    // The programme page filters; the embeddable view may be framed, no other page.
    let (st, html) = c.text("/programme?audience=kids&free=1").await;
    assert_eq!(st, 200);
    let link = format!("href=\"/events/{id}\"");
    assert!(html.contains(&link));
    let (_, html) = c.text("/programme?audience=seniors").await;
    assert!(!html.contains(&link));
    let r = c.get(&format!("/embed/programme?site_id={}", f.a2)).await;
    assert!(r.headers().get("x-frame-options").is_none());
    assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors *"));
    assert!(r.text().await.unwrap().contains("Robotica"));
    assert_eq!(c.get("/programme").await.headers()["x-frame-options"], "DENY");

    // A session outside the site's hours, and one on a taken room: refused, nothing saved.
    let closed = s.site(f.a3).await.unwrap().unwrap();
    let mut input = crate::harness::site_input(&closed.name, "library", 44.49371, 11.34308);
    input.hours =
        vec![portineria_domain::network::HoursInput { weekday: 0, opens: "09:00".into(), closes: "10:00".into() }];
    let draft = portineria_domain::network::validate_site(&input).unwrap();
    s.update_site(&who(), f.a3, &draft).await.unwrap();
    let mut late = body("Serale", 5, None);
    late["sessions"][0]["site_id"] = serde_json::json!(f.a3);
    let (st, e) = c.api(Method::POST, "/api/v1/events", Some(&manager), Some(late)).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("session_outside_hours")), "{e}");
    let mut pool = body("Sui tavoli", 5, None);
    pool["sessions"][0]["place_id"] = serde_json::json!(f.place_a2);
    let (st, e) = c.api(Method::POST, "/api/v1/events", Some(&manager), Some(pool)).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("session_place_pool")), "{e}");
    let back_room = place(s, f.a2, "Saletta", "meeting_room", 1).await;
    let mut taken = body("Sul tavolo", 5, None);
    taken["sessions"][0]["place_id"] = serde_json::json!(back_room.id);
    let (st, _) = c.api(Method::POST, "/api/v1/events", Some(&manager), Some(taken.clone())).await;
    assert_eq!(st, 201);
    let (st, e) = c.api(Method::POST, "/api/v1/events", Some(&manager), Some(taken)).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("session_place_taken")), "{e}");
    let (_, list) = c.api(Method::GET, "/api/v1/events", None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // Cancelling the event: everyone told, the feed says CANCELLED.
    let (st, _) = c.api(Method::POST, &format!("/api/v1/events/{id}/cancel"), Some(&other_manager), None).await;
    assert_eq!(st, 403);
    let (st, e) = c.api(Method::POST, &format!("/api/v1/events/{id}/cancel"), Some(&manager), None).await;
    assert_eq!((st, e["status"].as_str()), (200, Some("cancelled")));
    let (_, ics) = c.text("/api/v1/events.ics").await;
    assert_eq!(ics.matches("STATUS:CANCELLED").count(), 4);
    let (st, e) = c.api(Method::POST, &format!("/api/v1/events/{id}/enrolments"), Some(&manager), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("event_cancelled")));
}

/// The day before, the people enrolled are reminded (each session once,
/// not those waiting); a cancelled event is told to everyone on its roster.
/// Both through the real SMTP server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_and_cancellations_by_mail() {
    use portineria_web::{AppState, Clock, Mailer, WebConfig};
    let Some(db) = TestDb::new(Engine::Sqlite).await else { return };
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let store = db.open().await;
    let s = store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let serre = site(s, h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let ids = people(s, "promemoria", 3).await;
    let now = jiff::Timestamp::now().as_second();
    let lab = event(s, h.id, ids[0], &input("Kw baby: domani", 2, serre.id, None, now + 20 * 3600, 1)).await.unwrap();
    for id in &ids {
        s.enrol(&who(), lab.id, *id, None, now).await.unwrap();
    }
    let mailer = Mailer::smtp(&smtp, "Portineria <noreply@portineria.test>").unwrap();
    let state = AppState::new(store.clone(), WebConfig::default(), mailer, Clock::System).unwrap();
    // The sender of a server on this database.
    let _sender = portineria_web::outbox::spawn(state.clone(), test_sender());
    assert_eq!(
        portineria_app::programme::remind_sessions(&state.app, now).await.unwrap(),
        2,
        "the two enrolled, not the one waiting"
    );
    assert_eq!(
        portineria_app::programme::remind_sessions(&state.app, now).await.unwrap(),
        0,
        "a session is reminded once"
    );
    // Cancelling the event queues its mail to the whole roster.
    s.cancel_event(&who(), lab.id, now).await.unwrap();
    let emails: Vec<String> = {
        let mut v = Vec::new();
        for id in &ids {
            v.push(s.account(*id).await.unwrap().unwrap().email);
        }
        v
    };
    let got = wait_for_mails(&mail_dir, |got| {
        got.iter().filter(|m| m.contains("ti ricordiamo")).count() >= 2
            && got.iter().filter(|m| m.contains("è annullato")).count() >= 3
    })
    .await;
    let to = |m: &String, email: &str| m.contains(&format!("To: {email}"));
    let reminders: Vec<&String> = got.iter().filter(|m| m.contains("ti ricordiamo")).collect();
    assert_eq!(reminders.len(), 2);
    assert!(reminders.iter().any(|m| to(m, &emails[0])) && reminders.iter().any(|m| to(m, &emails[1])));
    let cancelled: Vec<&String> = got.iter().filter(|m| m.contains("è annullato")).collect();
    assert_eq!(cancelled.len(), 3, "everyone on the roster, waiting included");
    assert!(cancelled.iter().any(|m| to(m, &emails[2])));
}

// Over HTTP with the real SMTP server: the enrolled, waitlisted and
// promoted mails say what happened, to whom; and the figures as JSON.
#[tokio::test]
async fn enrolment_mails_and_figures_over_http() {
    use crate::fixture::*;
    use reqwest::Method;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    let s = app.store.as_ref();
    let f = fixture(s).await;
    let c = app.client();
    let manager = token_for(s, MANAGER_A).await;
    let member = token_for(s, MEMBER_A).await;
    let resident = token_for(s, RESIDENT).await;
    let start = tomorrow_at(17);
    let (st, lab) = c
        .api(
            Method::POST,
            "/api/v1/events",
            Some(&manager),
            Some(serde_json::json!({"hub_id": f.hub_a, "kind": "kids_lab", "title": "Kw baby: suoni e rumori",
                "audience": "kids", "capacity": 1,
                "sessions": [{"start": start.to_string(), "end": (start + jiff::SignedDuration::from_hours(2)).to_string(), "site_id": f.a1}]})),
        )
        .await;
    assert_eq!(st, 201, "{lab}");
    let enrol = format!("/api/v1/events/{}/enrolments", lab["id"]);
    let (st, a) = c.api(Method::POST, &enrol, Some(&member), None).await;
    assert_eq!(st, 201);
    let (st, _) = c.api(Method::POST, &enrol, Some(&resident), None).await;
    assert_eq!(st, 202);
    let (st, _) = c.api(Method::DELETE, &format!("/api/v1/enrolments/{}", a["id"]), Some(&member), None).await;
    assert_eq!(st, 200);
    let mut got: Vec<String> = Vec::new();
    for _ in 0..50 {
        got = mails(&mail_dir).into_iter().map(|m| quoted_printable(&m)).collect();
        if got.len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(got.len(), 3, "{got:?}");
    let one = |needle: &str| -> &String {
        let hits: Vec<&String> = got.iter().filter(|m| m.contains(needle)).collect();
        assert_eq!(hits.len(), 1, "one mail saying {needle:?} in {got:?}");
        hits[0]
    };
    let day = start.to_zoned(portineria_domain::rome()).strftime("%d/%m/%Y 17:00").to_string();
    let enrolled = one("sei iscritto a «Kw baby: suoni e rumori»");
    assert!(enrolled.contains(&format!("To: {MEMBER_A}")) && enrolled.contains(&day), "{enrolled}");
    assert!(enrolled.contains("Le Serre dei Giardini") && enrolled.contains("/me/enrolments"), "{enrolled}");
    let waiting = one("sei in lista d'attesa, al posto 1");
    assert!(waiting.contains(&format!("To: {RESIDENT}")), "{waiting}");
    let promoted = one("ed è tuo: ora sei iscritto");
    assert!(promoted.contains(&format!("To: {RESIDENT}")) && promoted.contains(&day), "{promoted}");

    // The figures over HTTP: the hub's, per site and in all; refusals.
    let (st, mine) = c.api(Method::POST, &enrol, Some(&member), None).await;
    assert_eq!(st, 202, "{mine}");
    let sid = lab["sessions"][0]["id"].as_i64().unwrap();
    let resident_id = s.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let (st, _) = c
        .api(
            Method::PUT,
            &format!("/api/v1/events/{}/sessions/{sid}/attendance/{resident_id}", lab["id"]),
            Some(&manager),
            None,
        )
        .await;
    assert_eq!(st, 204);
    let year = start.to_zoned(portineria_domain::rome()).year();
    let period = format!("from={year}-01-01&to={}-01-01", year + 1);
    let (st, figures) =
        c.api(Method::GET, &format!("/api/v1/programme/stats?hub_id={}&{period}", f.hub_a), Some(&manager), None).await;
    assert_eq!(st, 200, "{figures}");
    let serre = figures["sites"].as_array().unwrap().iter().find(|x| x["site_id"] == f.a1).unwrap().clone();
    assert_eq!(
        (serre["events"].as_i64(), serre["kids_labs"].as_i64(), serre["participants"].as_i64()),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(serre["site_name"], "Le Serre dei Giardini");
    // The member only waits now: reached means enrolled or present.
    assert_eq!(
        (figures["total"]["people_reached"].as_i64(), figures["total"]["free_days"].as_i64()),
        (Some(1), Some(1))
    );
    let (st, e) = c
        .api(Method::GET, &format!("/api/v1/programme/stats?hub_id={}&from=ieri", f.hub_a), Some(&manager), None)
        .await;
    assert_eq!((st, e["error"]["code"].as_str()), (422, Some("validation")), "{e}");
    let other = token_for(s, MANAGER_B).await;
    assert_eq!(
        c.api(Method::GET, &format!("/api/v1/programme/stats?hub_id={}", f.hub_a), Some(&other), None).await.0,
        403
    );
    assert_eq!(
        c.api(Method::GET, "/api/v1/programme/stats", Some(&manager), None).await.0,
        403,
        "the network's are the admin's"
    );
    assert_eq!(c.api(Method::GET, "/api/v1/programme/stats", None, None).await.0, 401);
}
