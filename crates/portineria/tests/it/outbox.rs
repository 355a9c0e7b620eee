//! The outbox of mail: queued in the transaction of the change it tells of,
//! once per key; claimed under a lease by one sender at a time; retried
//! with backoff and shown to managers; sent after a crash, exactly once.

use crate::fixture::*;
use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::policy::Grant;
use portineria_store::sqlx;
use portineria_store::{MailKind, NewBooking, Notice, StoreError};
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// A row of the outbox, read straight from the table.
#[derive(Debug, Clone)]
struct Queued {
    kind: String,
    account_id: i64,
    subject_id: i64,
    hub_id: Option<i64>,
    data: serde_json::Value,
    sent: bool,
}

async fn outbox(db: &TestDb) -> Vec<Queued> {
    const SQL: &str = "SELECT kind, account_id, subject_id, hub_id, data, sent_at FROM outbox ORDER BY id";
    fn queued<R: sqlx::Row>(r: &R) -> Queued
    where
        for<'a> &'a str: sqlx::ColumnIndex<R>,
        for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
        for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    {
        let data: String = r.get("data");
        Queued {
            kind: r.get("kind"),
            account_id: r.get("account_id"),
            subject_id: r.get("subject_id"),
            hub_id: r.get("hub_id"),
            data: serde_json::from_str(&data).unwrap(),
            sent: r.get::<Option<i64>, _>("sent_at").is_some(),
        }
    }
    match db.engine {
        Engine::Postgres => {
            let pg = portineria_store_postgres::PgStore::open(&db.url).await.unwrap();
            let rows = sqlx::query(SQL).fetch_all(pg.pool()).await.unwrap();
            pg.pool().close().await;
            rows.iter().map(queued).collect()
        }
        Engine::Sqlite => {
            use portineria_store::sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};
            let mut conn = db.url.parse::<SqliteConnectOptions>().unwrap().connect().await.unwrap();
            sqlx::query(SQL).fetch_all(&mut conn).await.unwrap().iter().map(queued).collect()
        }
    }
}

fn of_kind(rows: &[Queued], kind: MailKind) -> Vec<&Queued> {
    rows.iter().filter(|r| r.kind == kind.as_str()).collect()
}

fn booking(place_id: i64, account_id: i64, start: i64, hours: i64) -> NewBooking {
    NewBooking { place_id, account_id, start, end: start + hours * 3600, now: now(), staff: false }
}

// ---- the store ----------------------------------------------------------------

on_both_engines!(outbox_store_methods, |db| async move {
    let store = db.open().await;
    let s = store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let p = people(s, "posta", 2).await;
    let who = who();
    let t = now();
    // Queued once per key, in one transaction or across several.
    let n1 = Notice::new(MailKind::ListingExpiring, p[0], 7).distinct(1234);
    let n2 = Notice::new(MailKind::PassExpiring, p[1], 8).hub(Some(h.id));
    assert_eq!(s.queue_mail(&[n1.clone(), n1.clone(), n2.clone()]).await.unwrap(), 2);
    assert_eq!(s.queue_mail(std::slice::from_ref(&n1)).await.unwrap(), 0, "a key is queued once");
    assert_eq!(s.queue_mail(&[n1.clone().distinct("again")]).await.unwrap(), 1, "another change of the kind");
    // Claimed under a lease: nobody else takes them until it runs out.
    let claimed = s.claim_mail(t + 5, 60, 10).await.unwrap();
    assert_eq!(claimed.len(), 3);
    assert!(claimed.iter().all(|m| m.claimed_until == Some(t + 65) && m.attempts == 0));
    assert_eq!(claimed[0].kind, MailKind::ListingExpiring);
    assert_eq!((claimed[0].account_id, claimed[0].subject_id), (p[0], 7));
    assert!(s.claim_mail(t + 5, 60, 10).await.unwrap().is_empty(), "held");
    assert!(s.claim_mail(t + 64, 60, 10).await.unwrap().is_empty(), "still held");
    let again = s.claim_mail(t + 65, 60, 2).await.unwrap();
    assert_eq!(again.len(), 2, "the lease ran out; at most the limit");
    let (m1, m2) = (claimed[0].id, claimed[1].id);
    // A failed attempt waits for its backoff, and managers see it.
    s.mark_mail_failed(m1, t + 70, "SMTP: connection refused", Some(t + 200)).await.unwrap();
    let m = s.mail(m1).await.unwrap().unwrap();
    assert_eq!((m.attempts, m.claimed_until, m.next_attempt_at, m.failed_at), (1, None, t + 200, None));
    assert_eq!(m.last_error.as_deref(), Some("SMTP: connection refused"));
    assert!(!s.claim_mail(t + 199, 60, 10).await.unwrap().iter().any(|m| m.id == m1), "not before its time");
    let listed = s.undelivered_mail(None, None, 10).await.unwrap();
    assert_eq!(listed.iter().map(|u| u.mail.id).collect::<Vec<_>>(), vec![m1]);
    assert_eq!(listed[0].email, "posta0@example.org");
    assert!(s.undelivered_mail(Some(&[h.id]), None, 10).await.unwrap().is_empty(), "no hub: admins only");
    assert!(s.undelivered_mail(Some(&[]), None, 10).await.unwrap().is_empty());
    // Given up: never claimed again, listed under its hub.
    s.mark_mail_failed(m2, t + 71, "bad address", None).await.unwrap();
    let m = s.mail(m2).await.unwrap().unwrap();
    assert_eq!((m.attempts, m.failed_at), (1, Some(t + 71)));
    assert!(s.claim_mail(t + 150, 60, 100).await.unwrap().is_empty(), "given up (and the others held)");
    let of_hub = s.undelivered_mail(Some(&[h.id]), None, 10).await.unwrap();
    assert_eq!(of_hub.iter().map(|u| u.mail.id).collect::<Vec<_>>(), vec![m2]);
    assert_eq!(s.undelivered_mail(None, None, 10).await.unwrap().len(), 2);
    // Newest first, a page at a time.
    assert_eq!(s.undelivered_mail(None, Some(m2), 10).await.unwrap()[0].mail.id, m1);
    // A manager's "send again": due at once, audited.
    let m = s.retry_mail(&who, m2, t + 300).await.unwrap();
    assert_eq!((m.failed_at, m.next_attempt_at, m.attempts), (None, t + 300, 1));
    assert!(s.claim_mail(t + 300, 60, 100).await.unwrap().iter().any(|m| m.id == m2));
    let audit = s.audit_log(Some(h.id), None, 10).await.unwrap();
    assert!(audit.iter().any(|e| e.action == "mail.retry" && e.entity_id == Some(m2)), "{audit:?}");
    // Sent: never claimed, never listed, never sent again.
    s.mark_mail_sent(m2, t + 301).await.unwrap();
    s.mark_mail_failed(m2, t + 302, "late", None).await.unwrap();
    let m = s.mail(m2).await.unwrap().unwrap();
    assert_eq!(
        (m.sent_at, m.failed_at, m.attempts),
        (Some(t + 301), None, 1),
        "a failure after the send changes nothing"
    );
    assert!(s.undelivered_mail(None, None, 10).await.unwrap().iter().all(|u| u.mail.id != m2));
    assert!(matches!(s.retry_mail(&who, m2, t + 400).await, Err(StoreError::Conflict("mail-already-sent"))));
    assert!(matches!(s.retry_mail(&who, 999_999, t + 400).await, Err(StoreError::NotFound)));
    // A reset link's token is kept only until it is sent or given up.
    s.create_password_reset("hash-1", "segreto-1", p[0], t, t + 3600).await.unwrap();
    s.create_password_reset("hash-2", "segreto-2", p[0], t, t + 3600).await.unwrap();
    let resets: Vec<_> = s
        .claim_mail(t + 500, 60, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == MailKind::PasswordReset)
        .collect();
    assert_eq!(resets.len(), 2);
    assert_eq!(resets[0].data["token"], "segreto-1");
    s.mark_mail_sent(resets[0].id, t + 501).await.unwrap();
    s.mark_mail_failed(resets[1].id, t + 501, "refused", None).await.unwrap();
    for r in &resets {
        assert_eq!(s.mail(r.id).await.unwrap().unwrap().data, json!({}), "the token is blanked");
    }
    // Erasing a person erases their mail.
    let theirs = s.claim_mail(t + 10_000, 60, 100).await.unwrap();
    assert!(theirs.iter().any(|m| m.account_id == p[0]));
    s.erase_account(p[0]).await.unwrap();
    for m in theirs.iter().filter(|m| m.account_id == p[0]) {
        assert!(s.mail(m.id).await.unwrap().is_none());
    }
    // The demo forgets what its seeding queued, and only that.
    s.queue_mail(&[Notice::new(MailKind::PassExpiring, p[1], 9)]).await.unwrap();
    let before: Vec<_> = outbox(&db).await;
    let unsent = u64::try_from(before.iter().filter(|r| !r.sent).count()).unwrap();
    assert_eq!(s.discard_pending_mail(now() + 1).await.unwrap(), unsent);
    let after = outbox(&db).await;
    assert!(after.iter().all(|r| r.sent) && !after.is_empty());
});

on_both_engines!(two_senders_never_claim_the_same_mail, |db| async move {
    let store = db.open().await;
    let p = people(store.as_ref(), "lettore", 10).await;
    let notices: Vec<Notice> = (0..300).map(|i| Notice::new(MailKind::ListingExpiring, p[i % 10], i as i64)).collect();
    assert_eq!(store.queue_mail(&notices).await.unwrap(), 300);
    // Two servers (each its own pool), two senders each, claiming at once.
    let servers = [db.open().await, db.open().await];
    let t = now() + 5;
    let barrier = Arc::new(tokio::sync::Barrier::new(4));
    let mut tasks = Vec::new();
    for i in 0..4 {
        let (s, barrier) = (servers[i % 2].clone(), barrier.clone());
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let mut mine = Vec::new();
            loop {
                let batch = s.claim_mail(t, 300, 7).await.unwrap();
                if batch.is_empty() {
                    return mine;
                }
                mine.extend(batch.iter().map(|m| m.id));
            }
        }));
    }
    let mut all = Vec::new();
    let mut per_sender = Vec::new();
    for task in tasks {
        let mine = task.await.unwrap();
        per_sender.push(mine.len());
        all.extend(mine);
    }
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!((all.len(), distinct.len()), (300, 300), "a mail claimed twice, or one left: {per_sender:?}");
    // Once the leases run out, one sender takes them all again.
    assert_eq!(servers[0].claim_mail(t + 300, 300, 1000).await.unwrap().len(), 300);
});

on_both_engines!(each_change_queues_its_mail_in_its_transaction, |db| async move {
    let store = db.open().await;
    let s = store.as_ref();
    let h = hub(s, "Kilowatt").await;
    let serre = site(s, h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let pool = place(s, serre.id, "Kworking", "desk_pool", 3).await;
    let room = place(s, serre.id, "Sala riunioni", "meeting_room", 8).await;
    let p = people(s, "coworker", 20).await;
    let start = tomorrow_at(10).as_second();
    // Twenty ask at once for three seats (on SQLite, decided together in
    // one transaction, a savepoint each): the three booked are told, and
    // nobody else.
    let mut tasks = Vec::new();
    for a in p.clone() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move { store.create_booking(&who(), &booking(pool.id, a, start, 2)).await }));
    }
    let mut booked = Vec::new();
    for task in tasks {
        if let Ok(b) = task.await.unwrap() {
            booked.push(b);
        }
    }
    assert_eq!(booked.len(), 3);
    let rows = outbox(&db).await;
    let confirmed = of_kind(&rows, MailKind::BookingConfirmed);
    let told: BTreeSet<(i64, i64)> = confirmed.iter().map(|r| (r.account_id, r.subject_id)).collect();
    let expected: BTreeSet<(i64, i64)> = booked.iter().map(|b| (b.account_id, b.id)).collect();
    assert_eq!((confirmed.len(), told), (3, expected));
    assert!(confirmed.iter().all(|r| r.hub_id == Some(h.id)));
    // A session booking its room mails nobody; cancelling a booking tells
    // its holder once, however many cancel it at once.
    let lab = portineria_domain::programme::validate_event(
        &portineria_domain::programme::EventInput {
            kind: "kids_lab".into(),
            title: "Kw baby".into(),
            capacity: 2,
            sessions: vec![portineria_domain::programme::SessionInput {
                start: start + 86_400,
                end: start + 86_400 + 3600,
                site_id: serre.id,
                place_id: Some(room.id),
            }],
            ..Default::default()
        },
        now(),
        &portineria_domain::rome(),
    )
    .unwrap();
    let lab = s
        .create_event(
            &who(),
            &portineria_store::NewEvent {
                hub_id: h.id,
                organiser_account_id: Some(p[0]),
                organiser_actor_id: None,
                draft: lab,
                now: now(),
            },
        )
        .await
        .unwrap();
    assert_eq!(of_kind(&outbox(&db).await, MailKind::BookingConfirmed).len(), 3, "the session's room: no mail");
    let gone = booked[0].clone();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move { store.cancel_booking(&who(), gone.id, now()).await }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let cancelled = of_kind(&outbox(&db).await, MailKind::BookingCancelled).into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        cancelled.iter().map(|r| (r.account_id, r.subject_id)).collect::<Vec<_>>(),
        vec![(gone.account_id, gone.id)]
    );
    // Six ask for two places at once: two enrolled, four waiting in order,
    // each told which.
    let mut tasks = Vec::new();
    for a in p[..6].iter().copied() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move { store.enrol(&who(), lab.id, a, None, now()).await.unwrap() }));
    }
    let mut enrolments = Vec::new();
    for task in tasks {
        enrolments.push(task.await.unwrap());
    }
    let rows = outbox(&db).await;
    let enrolled = of_kind(&rows, MailKind::Enrolled);
    let waitlisted = of_kind(&rows, MailKind::Waitlisted);
    assert_eq!((enrolled.len(), waitlisted.len()), (2, 4));
    let mut positions: Vec<i64> = waitlisted.iter().map(|r| r.data["position"].as_i64().unwrap()).collect();
    positions.sort_unstable();
    assert_eq!(positions, vec![1, 2, 3, 4]);
    for n in &enrolments {
        let kind = if n.position.is_some() { MailKind::Waitlisted } else { MailKind::Enrolled };
        assert!(rows.iter().any(|r| r.kind == kind.as_str() && r.subject_id == n.id && r.account_id == n.account_id));
    }
    // One of the enrolled leaves: the first who waits is moved up and told.
    let leaving = enrolments.iter().find(|n| n.position.is_none()).unwrap();
    let first = enrolments.iter().find(|n| n.position == Some(1)).unwrap();
    let change = s.cancel_enrolment(&who(), leaving.id, now()).await.unwrap();
    assert_eq!(change.promoted.iter().map(|n| n.id).collect::<Vec<_>>(), vec![first.id]);
    let promoted = of_kind(&outbox(&db).await, MailKind::Promoted).into_iter().cloned().collect::<Vec<_>>();
    assert_eq!(
        promoted.iter().map(|r| (r.account_id, r.subject_id)).collect::<Vec<_>>(),
        vec![(first.account_id, first.id)]
    );
    // The day before, those enrolled are reminded (the claim and the mail
    // together, once); then the event is cancelled: all five told.
    let session = s.event(lab.id).await.unwrap().unwrap().sessions[0].id;
    assert_eq!(s.claim_session_reminder(session, now()).await.unwrap(), Some(2));
    assert_eq!(s.claim_session_reminder(session, now()).await.unwrap(), None);
    let reminded = of_kind(&outbox(&db).await, MailKind::SessionReminder).len();
    assert_eq!(reminded, 2);
    s.cancel_event(&who(), lab.id, now()).await.unwrap();
    let rows = outbox(&db).await;
    let told: BTreeSet<i64> = of_kind(&rows, MailKind::EventCancelled).iter().map(|r| r.account_id).collect();
    assert_eq!(told, p[..6].iter().copied().filter(|a| *a != leaving.account_id).collect());
    // A refused change queues nothing.
    let before = outbox(&db).await.len();
    assert!(s.create_booking(&who(), &booking(pool.id, p[19], start, 30 * 24)).await.is_err());
    assert!(s.enrol(&who(), lab.id, p[19], None, now()).await.is_err(), "cancelled");
    assert_eq!(outbox(&db).await.len(), before);
});

// ---- the sender -----------------------------------------------------------------

fn confirmations(all: &[String], email: &str) -> usize {
    all.iter().filter(|m| m.contains(&format!("To: {email}")) && m.contains("la tua prenotazione è confermata")).count()
}

/// Queuing the same notice twice in one change sends one mail, with a
/// Message-ID made from its outbox id.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_notice_twice_is_one_mail() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, sink_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    let s = app.store.as_ref();
    let f = fixture(s).await;
    let member = s.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let b = s.create_booking(&who(), &booking(f.place_a1, member, tomorrow_at(10).as_second(), 2)).await.unwrap();
    // The booking queued its confirmation; the same notice again is dropped.
    let same = Notice::new(MailKind::BookingConfirmed, member, b.id).hub(Some(f.hub_a));
    assert_eq!(s.queue_mail(&[same.clone(), same]).await.unwrap(), 0);
    // Twice in one transaction: once.
    let other = Notice::new(MailKind::ListingExpiring, member, b.id).distinct("due-volte");
    assert_eq!(s.queue_mail(&[other.clone(), other]).await.unwrap(), 1);
    let got = wait_for_mails(&sink_dir, |all| confirmations(all, MEMBER_A) >= 1).await;
    assert_eq!(confirmations(&got, MEMBER_A), 1, "{got:?}");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let got: Vec<String> = mails(&sink_dir).iter().map(|m| quoted_printable(m)).collect();
    assert_eq!(confirmations(&got, MEMBER_A), 1, "{got:?}");
    // The listing is not there: that mail has nothing to send.
    assert_eq!(got.len(), 1, "{got:?}");
    let undelivered = s.undelivered_mail(None, None, 10).await.unwrap();
    assert_eq!(undelivered.len(), 1);
    let error = undelivered[0].mail.last_error.as_deref().unwrap_or("");
    assert!(error.contains("no longer exists"), "{undelivered:?}");
    assert!(s.claim_mail(now() + 1_000_000, 1, 100).await.unwrap().is_empty(), "nothing left to send");
    // The Message-ID is the outbox row's.
    let raw = mails(&sink_dir).remove(0);
    let message_id = raw.lines().find(|l| l.to_ascii_lowercase().starts_with("message-id:")).unwrap();
    assert!(message_id.contains("<outbox.") && message_id.ends_with("@portineria.test>"), "{message_id}");
}

/// The SMTP server is down: the mail is tried again, each time later,
/// shown to the hub's managers with its error, given up after the last
/// attempt, and sent when a manager sends it again; a mail queued while the
/// server is down goes out by itself once it is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mail_that_cannot_be_sent_is_retried_shown_and_sent_again() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let dir = db.dir.path().to_path_buf();
    // Nothing listens there yet.
    let port = free_port();
    let sender = portineria_web::outbox::SendOptions {
        poll: Duration::from_millis(100),
        retry_after: vec![1, 1, 1, 1, 1],
        ..Default::default()
    };
    let app = TestApp::spawn_with(
        db,
        AppOptions { smtp: Some(format!("smtp://127.0.0.1:{port}")), sender: Some(sender), ..Default::default() },
    )
    .await;
    let s = app.store.as_ref();
    let f = fixture(s).await;
    let c = app.client();
    let member = token_for(s, MEMBER_A).await;
    let admin = token_for(s, ADMIN).await;
    let manager_a = token_for(s, MANAGER_A).await;
    let manager_b = token_for(s, MANAGER_B).await;
    let body =
        json!({"place_id": f.place_a1, "start": tomorrow_at(10).to_string(), "end": tomorrow_at(12).to_string()});
    let (st, b) = c.api(Method::POST, "/api/v1/bookings", Some(&member), Some(body)).await;
    assert_eq!(st, 201, "{b}");
    let booking_id = b["id"].as_i64().unwrap();
    let find = |page: &serde_json::Value, kind: &str| {
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|m| m["kind"] == kind && m["subject_id"] == booking_id).cloned())
    };
    // Tried again after a failure: waiting, with its error and when next.
    let mut waiting = None;
    for _ in 0..100 {
        let (_, page) = c.api(Method::GET, "/api/v1/mail/undelivered", Some(&admin), None).await;
        if let Some(m) = find(&page, "booking.confirmed").filter(|m| m["attempts"].as_i64() >= Some(2)) {
            waiting = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let waiting = waiting.expect("the mail was not tried twice");
    assert_eq!(waiting["status"], "waiting", "{waiting}");
    assert_eq!((waiting["recipient"].as_str(), waiting["hub_id"].as_i64()), (Some(MEMBER_A), Some(f.hub_a)));
    assert_eq!(waiting["kind_label"], "Prenotazione confermata");
    assert!(waiting["next_attempt_at"].as_str().unwrap() > waiting["created_at"].as_str().unwrap(), "{waiting}");
    let error = waiting["last_error"].as_str().unwrap().to_owned();
    assert!(error.starts_with("SMTP"), "{error}");
    // Hub A's managers see it; hub B's do not.
    let (st, page) =
        c.api(Method::GET, &format!("/api/v1/mail/undelivered?hub={}", f.hub_a), Some(&manager_a), None).await;
    assert_eq!(st, 200);
    assert!(find(&page, "booking.confirmed").is_some(), "{page}");
    let (st, page) = c.api(Method::GET, "/api/v1/mail/undelivered", Some(&manager_b), None).await;
    assert_eq!((st, page["items"].as_array().map(Vec::len)), (200, Some(0)), "{page}");
    let (st, e) =
        c.api(Method::GET, &format!("/api/v1/mail/undelivered?hub={}", f.hub_a), Some(&manager_b), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (403, Some("forbidden")));
    // After the last attempt, given up.
    let mut given_up = None;
    for _ in 0..200 {
        let (_, page) = c.api(Method::GET, "/api/v1/mail/undelivered", Some(&admin), None).await;
        if let Some(m) = find(&page, "booking.confirmed").filter(|m| m["status"] == "failed") {
            given_up = Some(m);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let given_up = given_up.expect("the mail was not given up");
    assert_eq!(given_up["attempts"], 6, "one attempt and five more: {given_up}");
    assert!(given_up["next_attempt_at"].is_null() && given_up["failed_at"].is_string(), "{given_up}");
    let mail_id = given_up["id"].as_i64().unwrap();
    // The managers' page says so, with the error, in either language.
    let page = app.client();
    assert_eq!(page.login(MANAGER_A, PASSWORD).await.status(), 303);
    let (st, html) = page.text("/manage/mail").await;
    assert_eq!(st, 200);
    let html = unescape(&html);
    for needle in ["Posta non consegnata", "Prenotazione confermata", MEMBER_A, "Abbandonata", "Invia di nuovo", &error]
    {
        assert!(html.contains(needle), "{needle:?} not in {html}");
    }
    let english = app.client();
    assert_eq!(english.login(MANAGER_A, PASSWORD).await.status(), 303);
    assert_eq!(english.get("/lang/en").await.status(), 303);
    let (_, html) = english.text(&format!("/manage/mail?hub={}", f.hub_a)).await;
    assert!(html.contains("Undelivered mail") && html.contains("Given up") && html.contains("Send again"), "{html}");
    let (_, html) = page.text("/manage").await;
    assert!(html.contains(&format!("/manage/mail?hub={}", f.hub_a)), "linked from the manage home");
    // The SMTP server comes up: a mail given up stays unsent…
    let (sink, _, sink_dir) = mail_sink_on(&dir, port).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(mails(&sink_dir).is_empty(), "{:?}", mails(&sink_dir));
    // …until a manager sends it again.
    let r = page.post_form(&format!("/manage/mail/{mail_id}/retry"), &[("hub", "")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/manage/mail?done=retried");
    let got = wait_for_mails(&sink_dir, |all| confirmations(all, MEMBER_A) >= 1).await;
    assert_eq!(confirmations(&got, MEMBER_A), 1, "{got:?}");
    nothing_undelivered(&c, &admin).await;
    let (_, html) = page.text("/manage/mail?done=retried").await;
    assert!(html.contains("partirà di nuovo") && html.contains("Nessuna mail in sospeso"), "{html}");
    let (st, e) = c.api(Method::POST, &format!("/api/v1/mail/{mail_id}/retry"), Some(&manager_a), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("mail_already_sent")));
    assert!(e["error"]["message"].as_str().unwrap().contains("già stata inviata"), "{e}");
    let (st, e) = app
        .client()
        .english()
        .api(Method::POST, &format!("/api/v1/mail/{mail_id}/retry"), Some(&manager_a), None)
        .await;
    assert_eq!(st, 409);
    assert!(e["error"]["message"].as_str().unwrap().contains("already been sent"), "{e}");
    let (st, _) = c.api(Method::POST, &format!("/api/v1/mail/{mail_id}/retry"), Some(&manager_b), None).await;
    assert_eq!(st, 403, "hub B's manager");
    let (st, _) = c.api(Method::POST, "/api/v1/mail/999999/retry", Some(&admin), None).await;
    assert_eq!(st, 404);
    // The SMTP server goes away and comes back: the cancellation queued
    // meanwhile goes out by itself, at a later attempt.
    drop(sink);
    let (st, _) = c.api(Method::DELETE, &format!("/api/v1/bookings/{booking_id}"), Some(&member), None).await;
    assert_eq!(st, 200);
    let mut failed_once = false;
    for _ in 0..100 {
        let (_, page) = c.api(Method::GET, "/api/v1/mail/undelivered", Some(&admin), None).await;
        if find(&page, "booking.cancelled").is_some() {
            failed_once = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(failed_once, "the cancellation was not tried while the server was down");
    let (_sink, _, sink_dir) = mail_sink_on(&dir, port).await;
    let cancelled = |all: &[String]| all.iter().filter(|m| m.contains("è stata annullata")).count();
    let got = wait_for_mails(&sink_dir, |all| cancelled(all) >= 1).await;
    assert_eq!((cancelled(&got), confirmations(&got, MEMBER_A)), (1, 1), "{got:?}");
    nothing_undelivered(&c, &admin).await;
}

/// Waits until the managers' list is empty (a mail the sink received is
/// marked sent a moment later).
async fn nothing_undelivered(c: &Client, admin: &str) {
    let mut page = json!(null);
    for _ in 0..50 {
        page = c.api(Method::GET, "/api/v1/mail/undelivered", Some(admin), None).await.1;
        if page["items"].as_array().is_some_and(Vec::is_empty) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("mail still undelivered: {page}");
}

/// A server that only queues takes a booking and is killed; the next one
/// sends its confirmation, once, and a later restart does not send it again.
async fn mail_survives_sigkill(db: TestDb) {
    let store = db.open().await;
    let f = fixture(store.as_ref()).await;
    let member = token_for(store.as_ref(), MEMBER_A).await;
    let (_sink, smtp, sink_dir) = mail_sink(db.dir.path()).await;
    let queue_only = [("PORTINERIA_SMTP_URL", smtp.as_str()), ("PORTINERIA_MAIL_SEND", "false")];
    let sending = [("PORTINERIA_SMTP_URL", smtp.as_str())];
    let (mut first, base) = serve_process_with(&db.url, db.dir.path(), &queue_only).await;
    let body =
        json!({"place_id": f.place_a1, "start": tomorrow_at(10).to_string(), "end": tomorrow_at(12).to_string()});
    let (st, b) = Client::new(&base).api(Method::POST, "/api/v1/bookings", Some(&member), Some(body)).await;
    assert_eq!(st, 201, "{b}");
    let booking_id = b["id"].as_i64().unwrap();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(mails(&sink_dir).is_empty(), "a server that only queues sends nothing");
    first.0.kill().unwrap();
    first.0.wait().unwrap();
    let rows = outbox(&db).await;
    let queued = of_kind(&rows, MailKind::BookingConfirmed);
    assert_eq!(queued.len(), 1, "{rows:?}");
    assert_eq!((queued[0].subject_id, queued[0].sent), (booking_id, false));
    let count = || {
        let all: Vec<String> = mails(&sink_dir).iter().map(|m| quoted_printable(m)).collect();
        confirmations(&all, MEMBER_A)
    };
    let (mut second, _) = serve_process_with(&db.url, db.dir.path(), &sending).await;
    let got = wait_for_mails(&sink_dir, |all| confirmations(all, MEMBER_A) >= 1).await;
    assert_eq!(confirmations(&got, MEMBER_A), 1, "{got:?}");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(), 1);
    second.0.kill().unwrap();
    second.0.wait().unwrap();
    let (_third, _) = serve_process_with(&db.url, db.dir.path(), &sending).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(), 1, "sent again after a restart");
    assert!(of_kind(&outbox(&db).await, MailKind::BookingConfirmed)[0].sent);
    assert_eq!(mails(&sink_dir).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_survives_sigkill_on_sqlite() {
    mail_survives_sigkill(TestDb::new(Engine::Sqlite).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mail_survives_sigkill_on_postgres() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    mail_survives_sigkill(db).await;
}

/// The managers of a hub see their hubs' undelivered mail on the page
/// without asking for a hub; someone with no hub to manage is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mail_page_without_a_hub() {
    let (app, f) = app_with_fixture().await;
    let s = app.store.as_ref();
    let twice = "two.hubs@portineria.test";
    account(s, twice, &[Grant::Manager { hub: f.hub_a }, Grant::Manager { hub: f.hub_b }]).await;
    let guest = people(s, "ospite", 1).await[0];
    // Mail about nothing that exists: given up at once.
    let notices: Vec<Notice> = [Some(f.hub_a), Some(f.hub_b), None]
        .into_iter()
        .map(|h| Notice::new(MailKind::BookingConfirmed, guest, -1).hub(h).distinct(format!("{h:?}")))
        .collect();
    s.queue_mail(&notices).await.unwrap();
    for _ in 0..100 {
        if s.undelivered_mail(None, None, 10).await.unwrap().iter().filter(|u| u.mail.failed_at.is_some()).count() == 3
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let token = token_for(s, twice).await;
    let (_, page) = app.client().api(Method::GET, "/api/v1/mail/undelivered", Some(&token), None).await;
    let hubs: BTreeSet<i64> = page["items"].as_array().unwrap().iter().map(|m| m["hub_id"].as_i64().unwrap()).collect();
    assert_eq!(hubs, BTreeSet::from([f.hub_a, f.hub_b]), "both hubs, not the mail of no hub: {page}");
    let admin = token_for(s, ADMIN).await;
    let (_, page) = app.client().api(Method::GET, "/api/v1/mail/undelivered?limit=2", Some(&admin), None).await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert!(page["items"][0]["hub_id"].is_null(), "newest first, the mail of no hub too: {page}");
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let (_, rest) = app
        .client()
        .api(Method::GET, &format!("/api/v1/mail/undelivered?limit=2&cursor={cursor}"), Some(&admin), None)
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1, "{rest}");
    assert_eq!(rest["items"][0]["hub_id"].as_i64(), Some(f.hub_a));
    let host = token_for(s, HOST_A1).await;
    let (st, _) = app.client().api(Method::GET, "/api/v1/mail/undelivered", Some(&host), None).await;
    assert_eq!(st, 403);
    let (st, _) = app.client().api(Method::GET, "/api/v1/mail/undelivered", None, None).await;
    assert_eq!(st, 401);
}
