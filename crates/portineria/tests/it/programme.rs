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
    for _ in 0..100 {
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
