//! The storage conformance suite: the same story on SQLite and PostgreSQL.

use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::geo::{Coordinates, bounding_box};
use portineria_domain::hours::{DayException, Span, WeeklySlot};
use portineria_domain::kinds::SiteKind;
use portineria_domain::network::{ExceptionInput, HoursInput, HubInput, SpanInput, validate_hub, validate_site};
use portineria_domain::policy::Grant;
use portineria_store::{AccountQuery, NewSession, PlaceQuery, SiteQuery, Store, StoreError};
use std::sync::Arc;

on_both_engines!(migrations_are_idempotent, |db| async move {
    let store = db.open().await;
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert!(store.is_empty().await.unwrap());
    let n = store.network().await.unwrap();
    assert_eq!(n.name, "Portineria");
});

on_both_engines!(hubs, |db| async move {
    let store = db.open().await;
    let rev0 = store.network().await.unwrap().revision;
    let a = hub(store.as_ref(), "Kilowatt").await;
    assert_eq!(a.slug, "kilowatt");
    assert!(store.network().await.unwrap().revision > rev0);
    let b = hub(store.as_ref(), "Mastro Pilastro").await;
    let c = hub(store.as_ref(), "Impact Hub Milano").await;
    assert_eq!(store.hub_by_slug("mastro-pilastro").await.unwrap().map(|h| h.id), Some(b.id));
    // Keyset pagination.
    let first = store.list_hubs(None, 2).await.unwrap();
    assert_eq!(first.iter().map(|h| h.id).collect::<Vec<_>>(), vec![a.id, b.id]);
    let rest = store.list_hubs(Some(b.id), 2).await.unwrap();
    assert_eq!(rest.iter().map(|h| h.id).collect::<Vec<_>>(), vec![c.id]);
    // The same name twice is refused, and nothing is written.
    let audit_before = store.audit_log(None, None, 1000).await.unwrap().len();
    let d = validate_hub(&HubInput { name: "Kilowatt".into(), ..Default::default() }).unwrap();
    assert!(matches!(store.create_hub(&who(), &d).await, Err(StoreError::Conflict("hub-name-taken"))));
    assert_eq!(store.audit_log(None, None, 1000).await.unwrap().len(), audit_before);
    // Update.
    let d =
        validate_hub(&HubInput { name: "Kilowatt Serre".into(), city: Some("Bologna".into()), ..Default::default() })
            .unwrap();
    let a2 = store.update_hub(&who(), a.id, &d).await.unwrap();
    assert_eq!(a2.name, "Kilowatt Serre");
    assert!(matches!(store.update_hub(&who(), 999_999, &d).await, Err(StoreError::NotFound)));
    // A hub with sites cannot be deleted; an empty one can.
    site(store.as_ref(), a.id, "Le Serre", "central", 44.484, 11.35035).await;
    assert!(matches!(store.delete_hub(&who(), a.id).await, Err(StoreError::Conflict("hub-has-sites"))));
    store.delete_hub(&who(), c.id).await.unwrap();
    assert!(store.hub(c.id).await.unwrap().is_none());
    assert!(matches!(store.delete_hub(&who(), c.id).await, Err(StoreError::NotFound)));
});

on_both_engines!(sites_hours_and_search, |db| async move {
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let mut input = site_input("Caffè della Porta", "bar", 44.4860, 11.3490);
    input.closed_on_holidays = true;
    input.hours = vec![
        HoursInput { weekday: 0, opens: "07:30".into(), closes: "13:00".into() },
        HoursInput { weekday: 0, opens: "15:00".into(), closes: "24:00".into() },
        HoursInput { weekday: 5, opens: "00:00".into(), closes: "02:00".into() },
    ];
    input.exceptions = vec![
        ExceptionInput {
            date: "2026-12-24".into(),
            spans: vec![SpanInput { opens: "08:00".into(), closes: "14:00".into() }],
            note: Some("Vigilia".into()),
        },
        ExceptionInput { date: "2026-12-25".into(), spans: vec![], note: Some("Natale".into()) },
    ];
    let d = validate_site(&input).unwrap();
    let bar = store.create_site(&who(), h.id, &d).await.unwrap();
    assert_eq!(bar.kind, SiteKind::Bar);
    assert_eq!(bar.hub_name, "Kilowatt");
    assert!(bar.schedule.closed_on_holidays);
    assert_eq!(
        bar.schedule.weekly,
        vec![
            WeeklySlot { weekday: 0, span: Span { opens: 450, closes: 780 } },
            WeeklySlot { weekday: 0, span: Span { opens: 900, closes: 1440 } },
            WeeklySlot { weekday: 5, span: Span { opens: 0, closes: 120 } },
        ]
    );
    assert_eq!(
        bar.schedule.exceptions[1],
        DayException { date: jiff::civil::date(2026, 12, 25), spans: vec![], note: "Natale".into() }
    );
    let lib = site(store.as_ref(), h.id, "Biblioteca Italiana delle Donne", "library", 44.4900, 11.3470).await;
    let far = site(store.as_ref(), h.id, "Sede di Milano", "central", 45.4642, 9.1900).await;
    place(store.as_ref(), lib.id, "Sala lettura", "desk_pool", 12).await;

    let ids = |v: Vec<portineria_store::Site>| v.into_iter().map(|s| s.id).collect::<Vec<_>>();
    let q = |terms: &[&str]| SiteQuery { terms: terms.iter().map(|t| t.to_string()).collect(), ..Default::default() };
    // Accents folded, prefixes matched, every term required.
    assert_eq!(ids(store.search_sites(&q(&["caffe"])).await.unwrap()), vec![bar.id]);
    assert_eq!(ids(store.search_sites(&q(&["bibl", "donne"])).await.unwrap()), vec![lib.id]);
    assert_eq!(ids(store.search_sites(&q(&["bibl", "porta"])).await.unwrap()), Vec::<i64>::new());
    // Places and the hub are part of a site's document.
    assert_eq!(ids(store.search_sites(&q(&["lettura"])).await.unwrap()), vec![lib.id]);
    assert_eq!(ids(store.search_sites(&q(&["kilowatt"])).await.unwrap()).len(), 3);
    // Kind, bounding box, keyset.
    let k = SiteQuery { kind: Some(SiteKind::Library), ..Default::default() };
    assert_eq!(ids(store.search_sites(&k).await.unwrap()), vec![lib.id]);
    let bbox = bounding_box(Coordinates::new(44.484, 11.35035).unwrap(), 2000.0);
    let near = SiteQuery { bbox: Some(bbox), ..Default::default() };
    assert!(!ids(store.search_sites(&near).await.unwrap()).contains(&far.id));
    let page = SiteQuery { after: Some(bar.id), limit: Some(1), ..Default::default() };
    assert_eq!(ids(store.search_sites(&page).await.unwrap()), vec![lib.id]);
    // Renaming updates the index.
    let mut renamed = site_input("Bar Giardini", "bar", 44.4860, 11.3490);
    renamed.hours = vec![];
    store.update_site(&who(), bar.id, &validate_site(&renamed).unwrap()).await.unwrap();
    assert!(ids(store.search_sites(&q(&["caffe"])).await.unwrap()).is_empty());
    assert_eq!(ids(store.search_sites(&q(&["giardini"])).await.unwrap()), vec![bar.id]);
    // Place totals follow the places.
    let l = store.site(lib.id).await.unwrap().unwrap();
    assert_eq!((l.place_count, l.seats), (1, 12));
    // Deleting a site deletes its places.
    store.delete_site(&who(), lib.id).await.unwrap();
    assert!(store.list_places(&PlaceQuery { site_id: Some(lib.id), ..Default::default() }).await.unwrap().is_empty());
    assert!(ids(store.search_sites(&q(&["lettura"])).await.unwrap()).is_empty());
});

on_both_engines!(places, |db| async move {
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let p = place(store.as_ref(), s.id, "Kworking", "desk_pool", 30).await;
    let m = place(store.as_ref(), s.id, "Gabbia del leone", "meeting_room", 6).await;
    assert_eq!(p.hub_id, h.id);
    assert_eq!(p.equipment, vec!["wifi"]);
    let all = store.list_places(&PlaceQuery { hub_id: Some(h.id), ..Default::default() }).await.unwrap();
    assert_eq!(all.len(), 2);
    let rooms = store
        .list_places(&PlaceQuery { kind: Some(portineria_domain::kinds::PlaceKind::MeetingRoom), ..Default::default() })
        .await
        .unwrap();
    assert_eq!(rooms.iter().map(|p| p.id).collect::<Vec<_>>(), vec![m.id]);
    let after =
        store.list_places(&PlaceQuery { after: Some(p.id), limit: Some(5), ..Default::default() }).await.unwrap();
    assert_eq!(after.len(), 1);
    store.delete_place(&who(), m.id).await.unwrap();
    assert!(matches!(store.delete_place(&who(), m.id).await, Err(StoreError::NotFound)));
    let s2 = store.site(s.id).await.unwrap().unwrap();
    assert_eq!((s2.place_count, s2.seats), (1, 30));
    // A place for a site that does not exist is refused.
    let d = portineria_domain::network::validate_place(&portineria_domain::network::PlaceInput {
        name: "X".into(),
        kind: "lab".into(),
        capacity: Some(3),
        ..Default::default()
    })
    .unwrap();
    assert!(matches!(store.create_place(&who(), 999_999, &d).await, Err(StoreError::NotFound)));
});

on_both_engines!(accounts_sessions_tokens, |db| async move {
    let store = db.open().await;
    let id = account(store.as_ref(), "marta@kilowatt.example", &[]).await;
    let dup = store
        .create_account(&portineria_store::NewAccount {
            email: "marta@kilowatt.example".into(),
            display_name: "Marta".into(),
            password_hash: "x".into(),
            locale: "it".into(),
            now: 0,
        })
        .await;
    assert!(matches!(dup, Err(StoreError::Conflict("email-taken"))));
    assert_eq!(store.account_by_email("marta@kilowatt.example").await.unwrap().map(|a| a.id), Some(id));
    // Sessions live until they expire.
    store
        .create_session(&NewSession { token_hash: "h1".into(), account_id: id, now: 1000, expires_at: 2000 })
        .await
        .unwrap();
    assert_eq!(store.session_account("h1", 1500).await.unwrap(), Some(id));
    assert_eq!(store.session_account("h1", 2000).await.unwrap(), None);
    store.delete_session("h1").await.unwrap();
    assert_eq!(store.session_account("h1", 1500).await.unwrap(), None);
    // API tokens.
    let t = store.create_api_token(id, "script", "th", 100).await.unwrap();
    assert_eq!(store.api_token_account("th", 200).await.unwrap(), Some(id));
    assert_eq!(store.api_tokens(id).await.unwrap()[0].last_used_at, Some(200));
    store.delete_api_token(id, t.id).await.unwrap();
    assert_eq!(store.api_token_account("th", 300).await.unwrap(), None);
    // Password resets: single use, expire, end sessions.
    store
        .create_session(&NewSession { token_hash: "h2".into(), account_id: id, now: 1000, expires_at: 9000 })
        .await
        .unwrap();
    store.create_password_reset("r1", "t1", id, 1000, 2000).await.unwrap();
    assert_eq!(store.consume_password_reset("r1", 2500, "new").await.unwrap(), None, "expired");
    store.create_password_reset("r2", "t2", id, 1000, 5000).await.unwrap();
    assert_eq!(store.consume_password_reset("r2", 1500, "new-hash").await.unwrap(), Some(id));
    assert_eq!(store.consume_password_reset("r2", 1600, "again").await.unwrap(), None, "used");
    assert_eq!(store.password_hash(id).await.unwrap().as_deref(), Some("new-hash"));
    assert_eq!(store.session_account("h2", 1700).await.unwrap(), None);
    // Login failures.
    store.record_login_failure(&["account:x", "client:y"], 100).await.unwrap();
    store.record_login_failure(&["account:x"], 200).await.unwrap();
    assert_eq!(store.login_failures("account:x", 0).await.unwrap(), 2);
    assert_eq!(store.login_failures("account:x", 150).await.unwrap(), 1);
    store.clear_login_failures("account:x").await.unwrap();
    assert_eq!(store.login_failures("account:x", 0).await.unwrap(), 0);
    // Listing with a filter.
    account(store.as_ref(), "luca@campoteatrale.example", &[]).await;
    let found =
        store.list_accounts(&AccountQuery { text: Some("CAMPO".into()), after: None, limit: 10 }).await.unwrap();
    assert_eq!(found.len(), 1);
});

on_both_engines!(grants_and_audit, |db| async move {
    let store = db.open().await;
    let a = hub(store.as_ref(), "Kilowatt").await;
    let b = hub(store.as_ref(), "Avanzi").await;
    let sa = site(store.as_ref(), a.id, "Le Serre", "central", 44.484, 11.35035).await;
    let id = account(store.as_ref(), "marta@kilowatt.example", &[]).await;
    store.add_grant(&who(), id, Grant::Manager { hub: a.id }).await.unwrap();
    store.add_grant(&who(), id, Grant::Manager { hub: a.id }).await.unwrap();
    store.add_grant(&who(), id, Grant::Host { hub: a.id, site: sa.id }).await.unwrap();
    assert_eq!(
        store.grants(id).await.unwrap(),
        vec![Grant::Manager { hub: a.id }, Grant::Host { hub: a.id, site: sa.id }]
    );
    // A host grant must name the site's own hub: the database refuses the rest.
    let wrong = store.add_grant(&who(), id, Grant::Host { hub: b.id, site: sa.id }).await;
    assert!(matches!(wrong, Err(StoreError::NotFound)), "{wrong:?}");
    assert_eq!(store.grants_in(Some(a.id)).await.unwrap().len(), 2);
    assert_eq!(store.grants_in(Some(b.id)).await.unwrap().len(), 0);
    store.remove_grant(&who(), id, Grant::Manager { hub: a.id }).await.unwrap();
    assert!(matches!(store.remove_grant(&who(), id, Grant::Manager { hub: a.id }).await, Err(StoreError::NotFound)));
    // The audit log is scoped by hub, newest first, and paginates.
    let log_a = store.audit_log(Some(a.id), None, 100).await.unwrap();
    assert!(log_a.iter().all(|e| e.hub_id == Some(a.id)));
    assert_eq!(log_a.first().map(|e| e.action.as_str()), Some("grant.remove"));
    assert!(log_a.iter().any(|e| e.action == "site.create" && e.entity_id == Some(sa.id)));
    let older = store.audit_log(Some(a.id), Some(log_a[0].id), 100).await.unwrap();
    assert_eq!(older.len(), log_a.len() - 1);
    // Deleting a site takes its host grants with it.
    store.delete_site(&who(), sa.id).await.unwrap();
    assert!(store.grants(id).await.unwrap().is_empty());
});

on_both_engines!(export_and_erase, |db| async move {
    let store = db.open().await;
    let a = hub(store.as_ref(), "Kilowatt").await;
    let id = account(store.as_ref(), "sara@example.org", &[Grant::Member { hub: a.id }]).await;
    store.create_api_token(id, "mio script", "tok", 1).await.unwrap();
    let who = portineria_store::Who::account(id, "sara@example.org");
    store.set_network_name(&who, "Rete").await.unwrap();
    let data = store.export_account(id).await.unwrap();
    assert_eq!(data["account"]["email"], "sara@example.org");
    assert_eq!(data["roles"][0]["role"], "member");
    assert_eq!(data["api_tokens"][0]["name"], "mio script");
    assert!(data["changes_made"].as_array().unwrap().iter().any(|c| c["action"] == "network.rename"));
    assert!(!data.to_string().contains("tok\""), "no token hashes in the export");
    store.erase_account(id).await.unwrap();
    assert!(store.account(id).await.unwrap().is_none());
    assert!(store.grants(id).await.unwrap().is_empty());
    assert_eq!(store.api_token_account("tok", 2).await.unwrap(), None);
    let log = store.audit_log(None, None, 100).await.unwrap();
    assert!(log.iter().all(|e| e.actor_id != Some(id) && e.actor_label != "sara@example.org"));
    assert!(log.iter().any(|e| e.action == "network.rename" && e.actor_label == "erased-account"));
    assert!(matches!(store.erase_account(id).await, Err(StoreError::NotFound)));
});

on_both_engines!(failed_writes_leave_nothing, |db| async move {
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let rev = store.network().await.unwrap().revision;
    let log = store.audit_log(None, None, 1000).await.unwrap().len();
    let counts = store.counts().await.unwrap();
    // Unknown hub; duplicate site name in the hub.
    let d = validate_site(&site_input("Altrove", "bar", 44.0, 11.0)).unwrap();
    assert!(matches!(store.create_site(&who(), 999_999, &d).await, Err(StoreError::NotFound)));
    let d = validate_site(&site_input("Le Serre", "bar", 44.0, 11.0)).unwrap();
    assert!(matches!(store.create_site(&who(), h.id, &d).await, Err(StoreError::Conflict("site-name-taken"))));
    assert_eq!(store.network().await.unwrap().revision, rev);
    assert_eq!(store.audit_log(None, None, 1000).await.unwrap().len(), log);
    assert_eq!(store.counts().await.unwrap(), counts);
});

on_both_engines!(concurrent_writers_keep_the_rules, |db| async move {
    let store = db.open().await;
    // 40 clients sign up with one address at once: exactly one account.
    let hash = password_hash().await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let (store, hash) = (store.clone(), hash.clone());
        tasks.push(tokio::spawn(async move {
            store
                .create_account(&portineria_store::NewAccount {
                    email: "stessa@example.org".into(),
                    display_name: format!("client {i}"),
                    password_hash: hash,
                    locale: "it".into(),
                    now: 0,
                })
                .await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict("email-taken")) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    // 40 clients use one reset token at once: exactly one succeeds.
    let id = store.account_by_email("stessa@example.org").await.unwrap().unwrap().id;
    store.create_password_reset("race", "t", id, 0, i64::MAX / 2).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store: Arc<dyn Store> = store.clone();
        tasks.push(tokio::spawn(async move { store.consume_password_reset("race", 10, &format!("hash-{i}")).await }));
    }
    let mut used = 0;
    for t in tasks {
        if t.await.unwrap().unwrap().is_some() {
            used += 1;
        }
    }
    assert_eq!(used, 1);
    // 40 concurrent place creations all land and the site's totals add up.
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        tasks.push(tokio::spawn(
            async move { place(store.as_ref(), s.id, &format!("Tavolo {i}"), "desk_pool", 2).await },
        ));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let s = store.site(s.id).await.unwrap().unwrap();
    assert_eq!((s.place_count, s.seats), (40, 80));
});

on_both_engines!(backup_is_a_consistent_copy, |db| async move {
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let out = db.dir.path().join("backup.out");
    store.backup(&out).await.unwrap();
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    assert!(store.backup(&out).await.is_err(), "never overwrites");
    if db.engine == Engine::Sqlite {
        let copy = portineria::open_store(&format!("sqlite:{}", out.display())).await.unwrap();
        assert_eq!(copy.counts().await.unwrap(), store.counts().await.unwrap());
    }
});

on_both_engines!(deleting_a_hub_races_adding_a_site, |db| async move {
    let store = db.open().await;
    // Each round deletes an empty hub while a site is being added to it: one
    // of the two wins, cleanly; there is never a site left without its hub.
    for round in 0..15 {
        let h = hub(store.as_ref(), &format!("Hub conteso {round}")).await;
        let d = validate_site(&site_input(&format!("Sede contesa {round}"), "bar", 44.49, 11.34)).unwrap();
        let (s1, s2) = (store.clone(), store.clone());
        let delete = tokio::spawn(async move { s1.delete_hub(&who(), h.id).await });
        let create = tokio::spawn(async move { s2.create_site(&who(), h.id, &d).await });
        let (deleted, created) = (delete.await.unwrap(), create.await.unwrap());
        match (&deleted, &created) {
            (Ok(()), Err(StoreError::NotFound)) => assert!(store.hub(h.id).await.unwrap().is_none()),
            (Err(StoreError::Conflict("hub-has-sites")), Ok(site)) => {
                assert_eq!(store.site(site.id).await.unwrap().unwrap().hub_id, h.id)
            }
            other => panic!("round {round}: {other:?}"),
        }
    }
});

on_both_engines!(bookings_respect_capacity_and_exclusivity, |db| async move {
    use portineria_store::NewBooking;
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let pool = place(store.as_ref(), s.id, "Kworking", "desk_pool", 2).await;
    let room = place(store.as_ref(), s.id, "Gabbia del leone", "meeting_room", 8).await;
    let who_ = who();
    let id = account(store.as_ref(), "sara@example.org", &[]).await;
    let (other, third) = (
        account(store.as_ref(), "marco@example.org", &[]).await,
        account(store.as_ref(), "ada@example.org", &[]).await,
    );
    let by = |account_id, place_id, start, end| NewBooking { place_id, account_id, start, end, now: 0, staff: false };
    // A pool of two: two overlapping bookings, not three; touching ones do not overlap.
    store.create_booking(&who_, &by(id, pool.id, 1000, 2000)).await.unwrap();
    store.create_booking(&who_, &by(other, pool.id, 1500, 2500)).await.unwrap();
    assert!(matches!(
        store.create_booking(&who_, &by(third, pool.id, 1900, 2100)).await,
        Err(StoreError::Conflict("full"))
    ));
    store.create_booking(&who_, &by(third, pool.id, 2000, 3000)).await.unwrap();
    // The rooms' bookings are someone's who holds nothing else then.
    let room_holder = account(store.as_ref(), "lia@example.org", &[]).await;
    let b = |place_id, start, end| by(room_holder, place_id, start, end);
    // A room: one at a time.
    let first = store.create_booking(&who_, &b(room.id, 1000, 2000)).await.unwrap();
    assert!(matches!(store.create_booking(&who_, &b(room.id, 1999, 2500)).await, Err(StoreError::Conflict("full"))));
    store.create_booking(&who_, &b(room.id, 2000, 2500)).await.unwrap();
    // Cancelling frees the slot, twice is harmless.
    let c = store.cancel_booking(&who_, first.id, 10).await.unwrap();
    assert_eq!((c.status.as_str(), c.cancelled_at), ("cancelled", Some(10)));
    store.cancel_booking(&who_, first.id, 20).await.unwrap();
    // Both show in the hub's audit log.
    let log = store.audit_log(Some(h.id), None, 100).await.unwrap();
    assert!(log.iter().any(|e| e.action == "booking.create"));
    assert_eq!(log.iter().filter(|e| e.action == "booking.cancel").count(), 2);
    store.create_booking(&who_, &b(room.id, 1200, 1800)).await.unwrap();
    assert_eq!(store.place_bookings(room.id, 0, 5000).await.unwrap().len(), 2);
    // The busy intervals are the confirmed bookings' times, by start.
    let busy = |v: Vec<portineria_domain::bookings::Interval>| v.iter().map(|i| (i.start, i.end)).collect::<Vec<_>>();
    assert_eq!(busy(store.place_busy(room.id, 0, 5000).await.unwrap()), [(1200, 1800), (2000, 2500)]);
    assert_eq!(busy(store.place_busy(room.id, 1800, 2000).await.unwrap()), []);
    assert_eq!(busy(store.place_busy(pool.id, 1999, 2001).await.unwrap()), [(1000, 2000), (1500, 2500), (2000, 3000)]);
    // The longest booking is 14 days; a window finds one that began up to then before it.
    let two_weeks = portineria_domain::bookings::MAX_BOOKING_SECONDS;
    let long = store.create_booking(&who_, &by(id, pool.id, 100_000, 100_000 + two_weeks)).await.unwrap();
    let late = 100_000 + two_weeks - 1;
    assert_eq!(busy(store.place_busy(pool.id, late, late + 1).await.unwrap()), [(long.start, long.end)]);
    assert_eq!(store.place_bookings(pool.id, late, late + 1).await.unwrap().len(), 1);
    assert!(matches!(
        store.create_booking(&who_, &by(other, pool.id, 100_000, 100_001 + two_weeks)).await,
        Err(StoreError::Conflict("too-long"))
    ));
    // Nothing is over capacity.
    assert_eq!(store.overbooked().await.unwrap(), 0);
    // Bad input changes nothing.
    assert!(matches!(
        store.create_booking(&who_, &b(room.id, 3000, 3000)).await,
        Err(StoreError::Conflict("end-before-start"))
    ));
    assert!(matches!(store.create_booking(&who_, &b(999_999, 1, 2)).await, Err(StoreError::NotFound)));
    let closed = portineria_domain::network::validate_place(&portineria_domain::network::PlaceInput {
        name: "Kw info".into(),
        kind: "other".into(),
        capacity: Some(2),
        bookable: false,
        ..Default::default()
    })
    .unwrap();
    let info = store.create_place(&who_, s.id, &closed).await.unwrap();
    assert!(matches!(store.create_booking(&who_, &b(info.id, 1, 2)).await, Err(StoreError::Conflict("not-bookable"))));
    if db.engine == Engine::Postgres {
        // The exclusion constraint holds even for a write that skips the lock.
        let pg = portineria_store_postgres::PgStore::open(&db.url).await.unwrap();
        let raw = portineria_store::sqlx::query(
            "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) VALUES ($1, $2, 1300, 1400, TRUE, 0)",
        )
        .bind(room.id)
        .bind(id)
        .execute(pg.pool())
        .await;
        let err = raw.unwrap_err();
        assert!(err.as_database_error().and_then(|d| d.code()).as_deref() == Some("23P01"), "{err}");
    }
    // The database itself refuses a booking longer than 14 days, and the
    // census finds a double booking written past the rules.
    let raw_insert = |place_id: i64, start: i64, end: i64| {
        let url = db.url.clone();
        let engine = db.engine;
        async move {
            let sql = "INSERT INTO bookings (place_id, account_id, starts_at, ends_at, exclusive, created_at) \
                       VALUES ($1, $2, $3, $4, FALSE, 0)";
            match engine {
                Engine::Postgres => {
                    let pg = portineria_store_postgres::PgStore::open(&url).await.unwrap();
                    portineria_store::sqlx::query(sql)
                        .bind(place_id)
                        .bind(id)
                        .bind(start)
                        .bind(end)
                        .execute(pg.pool())
                        .await
                        .map(|_| ())
                }
                Engine::Sqlite => {
                    use portineria_store::sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};
                    let mut conn = url.parse::<SqliteConnectOptions>().unwrap().connect().await.unwrap();
                    portineria_store::sqlx::query(sql)
                        .bind(place_id)
                        .bind(id)
                        .bind(start)
                        .bind(end)
                        .execute(&mut conn)
                        .await
                        .map(|_| ())
                }
            }
        }
    };
    assert!(raw_insert(pool.id, 500_000, 500_001 + two_weeks).await.is_err());
    raw_insert(pool.id, 1600, 1700).await.unwrap();
    assert_eq!(store.overbooked().await.unwrap(), 1);
});

on_both_engines!(two_hundred_clients_race_for_the_last_seats, |db| async move {
    use portineria_store::NewBooking;
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    let s = site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let pool = place(store.as_ref(), s.id, "Kworking", "desk_pool", 30).await;
    let room = place(store.as_ref(), s.id, "Serra salotto", "meeting_room", 12).await;
    let all = people(store.as_ref(), "coworker", 227).await;
    let (people, earlier) = all.split_at(200);
    // 27 of 30 seats are taken (by others than the 200): 3 free.
    for p in earlier {
        store
            .create_booking(
                &who(),
                &NewBooking { place_id: pool.id, account_id: *p, start: 36_000, end: 50_000, now: 0, staff: false },
            )
            .await
            .unwrap();
    }
    let race = |place_id: i64, shift: i64| {
        let mut tasks = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let (store, p) = (store.clone(), *p);
            let start = 40_000 + (i as i64 % 7) * shift;
            tasks.push(tokio::spawn(async move {
                store
                    .create_booking(
                        &who(),
                        &NewBooking { place_id, account_id: p, start, end: start + 3_600, now: 0, staff: false },
                    )
                    .await
            }));
        }
        tasks
    };
    // Among them, 20 requests that fail after the seat check (no such
    // account): on SQLite they share transactions with the others and must
    // undo only themselves.
    let mut tasks = race(pool.id, 0);
    for k in 0..20 {
        let store = store.clone();
        let ghost = NewBooking {
            place_id: pool.id,
            account_id: 9_000_000 + k,
            start: 40_000,
            end: 43_600,
            now: 0,
            staff: false,
        };
        tasks.insert(
            usize::try_from(k * 9).unwrap(),
            tokio::spawn(async move { store.create_booking(&who(), &ghost).await }),
        );
    }
    let (mut ok, mut ghosts) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(b) => {
                assert!(b.account_id < 9_000_000, "a booking for nobody: {b:?}");
                ok += 1
            }
            Err(StoreError::Conflict("full")) => {}
            Err(StoreError::NotFound) => ghosts += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 3, "exactly the free seats were taken");
    assert!(ghosts <= 20);
    let created = store.audit_log(Some(h.id), None, 1_000).await.unwrap();
    assert_eq!(created.iter().filter(|e| e.action == "booking.create").count(), 30, "one audit entry per booking");
    assert_eq!(store.place_bookings(pool.id, 0, 100_000).await.unwrap().len(), 30);
    // A room, with requests at staggered, overlapping times: never two at once.
    let mut ok = 0;
    for t in race(room.id, 600) {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            // The three who took the last seats hold a booking then already.
            Err(StoreError::Conflict("full" | "too-many-at-once")) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    let held = store.place_bookings(room.id, 0, 100_000).await.unwrap();
    assert_eq!(held.len(), ok);
    assert!(ok >= 1);
    for (i, a) in held.iter().enumerate() {
        for b in &held[i + 1..] {
            assert!(a.end <= b.start || b.end <= a.start, "{a:?} overlaps {b:?}");
        }
    }
});

on_both_engines!(calendar_feeds, |db| async move {
    let store = db.open().await;
    let id = account(store.as_ref(), "sara@example.org", &[]).await;
    store.set_calendar_feed(id, "h1", 1).await.unwrap();
    assert_eq!(store.calendar_feed_account("h1").await.unwrap(), Some(id));
    store.set_calendar_feed(id, "h2", 2).await.unwrap();
    assert_eq!(store.calendar_feed_account("h1").await.unwrap(), None);
    assert_eq!(store.calendar_feed_account("h2").await.unwrap(), Some(id));
    store.erase_account(id).await.unwrap();
    assert_eq!(store.calendar_feed_account("h2").await.unwrap(), None);
});
