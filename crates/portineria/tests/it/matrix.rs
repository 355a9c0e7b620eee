//! The authorisation matrix: every role against every write route, through
//! the API and through the pages. Expectations are written out here by hand,
//! independently of the rule in the domain.

use crate::fixture::*;
use crate::harness::*;
use portineria_domain::passes::PlanKind;
use reqwest::Method;
use serde_json::json;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Role {
    Anonymous,
    Resident,
    MemberA,
    HostA1,
    ManagerA,
    ManagerB,
    Admin,
}
use Role::*;

const ROLES: [Role; 7] = [Anonymous, Resident, MemberA, HostA1, ManagerA, ManagerB, Admin];

fn email(r: Role) -> Option<&'static str> {
    match r {
        Anonymous => None,
        Resident => Some(RESIDENT),
        MemberA => Some(MEMBER_A),
        HostA1 => Some(HOST_A1),
        ManagerA => Some(MANAGER_A),
        ManagerB => Some(MANAGER_B),
        Admin => Some(ADMIN),
    }
}

fn site_body(hub: i64, name: &str) -> serde_json::Value {
    json!({"hub_id": hub, "name": name, "kind": "bar", "address": "via Castiglione 1", "city": "Bologna", "lat": 44.487, "lon": 11.348,
           "hours": [{"weekday": 0, "opens": "08:00", "closes": "20:00"}]})
}

fn place_body(site: i64, name: &str) -> serde_json::Value {
    json!({"site_id": site, "name": name, "kind": "meeting_room", "capacity": 4, "bookable": true})
}

/// (what, roles allowed, method, path, JSON body)
type ApiCheck = (String, &'static [Role], Method, String, Option<serde_json::Value>);
/// (what, roles allowed, status for the other signed-in roles, method, path, JSON body)
type ExchangeCheck = (&'static str, &'static [Role], u16, Method, String, Option<serde_json::Value>);
/// (what, roles allowed, is a POST, path, form fields)
type PageCheck<'a> = (String, &'static [Role], bool, String, Vec<(&'a str, String)>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_against_every_write_route() {
    let (app, f) = app_with_fixture().await;
    let store = app.store.clone();
    let mut tokens = std::collections::HashMap::new();
    let mut sessions = std::collections::HashMap::new();
    for r in ROLES {
        let c = app.client();
        if let Some(e) = email(r) {
            tokens.insert(r, token_for(store.as_ref(), e).await);
            assert_eq!(c.login(e, PASSWORD).await.status(), 303);
        }
        sessions.insert(r, c);
    }
    let mut failures = Vec::new();
    let mut n = 0;
    // API routes: (description, allowed roles, request builder).
    for role in ROLES {
        let token = tokens.get(&role).map(String::as_str);
        let c = &sessions[&role];
        n += 1;
        // Fresh objects for the routes that delete.
        let spare_hub = hub(store.as_ref(), &format!("Hub di prova {n}")).await;
        let spare_site = site(store.as_ref(), f.hub_a, &format!("Sede di prova {n}"), "shop", 44.49, 11.35).await;
        let spare_place = place(store.as_ref(), f.a1, &format!("Saletta {n}"), "meeting_room", 4).await;
        let spare_place2 = place(store.as_ref(), f.a1, &format!("Saletta bis {n}"), "meeting_room", 4).await;
        let spare_hub2 = hub(store.as_ref(), &format!("Hub da togliere {n}")).await;
        let spare_site2 = site(store.as_ref(), f.hub_a, &format!("Sede da togliere {n}"), "shop", 44.49, 11.35).await;
        let candidate = format!("candidato{n}@portineria.test");
        account(store.as_ref(), &candidate, &[]).await;
        // Someone who already holds roles, to take them away.
        let holder = format!("titolare{n}@portineria.test");
        account(
            store.as_ref(),
            &holder,
            &[
                portineria_domain::policy::Grant::Member { hub: f.hub_a },
                portineria_domain::policy::Grant::Host { hub: f.hub_a, site: f.a2 },
            ],
        )
        .await;
        let holder_id = store.account_by_email(&holder).await.unwrap().unwrap().id;
        // A plan of hub A, and a guest with a day pass and a personal code.
        let plan_a = store
            .create_plan(&who(), &crate::passes::plan_draft(Some(f.hub_a), &format!("Giorno {n}"), PlanKind::Day, 1500))
            .await
            .unwrap();
        let guest = people(store.as_ref(), &format!("ospite{n}-"), 1).await[0];
        let now = jiff::Timestamp::now().as_second();
        store
            .sell(&who(), &crate::passes::sale(plan_a.id, guest, f.hub_a, now - 3600, now + 86_400, 1500))
            .await
            .unwrap();
        let key = store.server_key("qr-signing", "matrix-key").await.unwrap().into_bytes();
        let code = portineria_web::passes::qr::sign(&key, guest, now + 86_400).unwrap();
        let period = "from=2026-01-01&to=2027-01-01";
        // Two people with time-bank accounts and an entry between them.
        let wide = portineria_domain::timebank::Limits { min_balance: -6000, max_balance: 6000 };
        let payee = people(store.as_ref(), &format!("banca{n}-"), 1).await[0];
        let tb_guest = store.open_timebank_account(&who(), "person", Some(guest), "Ospite", wide, now).await.unwrap();
        let tb_payee =
            store.open_timebank_account(&who(), "person", Some(payee), "Chi riceve", wide, now).await.unwrap();
        let tb_network = store.open_timebank_account(&who(), "network", None, "Rete", wide, now).await.unwrap();
        // A local actor followed by hub A, owned by the guest.
        let local = store
            .create_actor(
                &who(),
                guest,
                &portineria_domain::actors::validate_actor(&portineria_domain::actors::ActorInput {
                    name: format!("Bottega {n}"),
                    kind: "artisan".into(),
                    hub_id: Some(f.hub_a),
                    ..Default::default()
                })
                .unwrap(),
                now,
            )
            .await
            .unwrap();
        // A demand the guest posted.
        let category = store.categories().await.unwrap()[1].id;
        let demand = store
            .create_listing(
                &who(),
                guest,
                &portineria_domain::listings::validate_listing(
                    &portineria_domain::listings::ListingInput {
                        direction: "demand".into(),
                        kind: "service".into(),
                        title: format!("Cerco un idraulico {n}"),
                        category_id: Some(category),
                        ..Default::default()
                    },
                    now,
                )
                .unwrap(),
                now,
            )
            .await
            .unwrap();
        let entry = store
            .transfer(
                &who(),
                &portineria_store::NewTransfer {
                    from_account: tb_guest.id,
                    to_account: tb_payee.id,
                    minutes: 30,
                    description: "Trasloco".into(),
                    exchange_id: None,
                    now,
                },
            )
            .await
            .unwrap();
        // Two events of hub A at Le Serre (organised by nobody in the
        // matrix), the guest enrolled in the first.
        // A site of hub A that no check of the matrix edits (its hours stay open).
        let programme_site =
            site(store.as_ref(), f.hub_a, &format!("Sede del programma {n}"), "library", 44.49, 11.35).await;
        let event_of_a = |title: String, site_id: i64| {
            let start = tomorrow_at(15).as_second();
            let input = portineria_domain::programme::EventInput {
                kind: "workshop".into(),
                title,
                capacity: 50,
                sessions: vec![portineria_domain::programme::SessionInput {
                    start,
                    end: start + 3600,
                    site_id,
                    place_id: None,
                }],
                ..Default::default()
            };
            let draft = portineria_domain::programme::validate_event(&input, now, &portineria_domain::rome()).unwrap();
            portineria_store::NewEvent {
                hub_id: f.hub_a,
                organiser_account_id: None,
                organiser_actor_id: None,
                draft,
                now,
            }
        };
        let ev = store.create_event(&who(), &event_of_a(format!("Laboratorio {n}"), f.a1)).await.unwrap();
        let ev2 = store.create_event(&who(), &event_of_a(format!("Da annullare {n}"), f.a1)).await.unwrap();
        let ev3 = store.create_event(&who(), &event_of_a(format!("Da copiare {n}"), programme_site.id)).await.unwrap();
        store.enrol(&who(), ev.id, guest, None, now).await.unwrap();
        // Full events with the guest waiting, for places given out of turn
        // (by the API and by the page), and one to cancel on the page.
        let full = people(store.as_ref(), &format!("primo{n}-"), 1).await[0];
        let mut waiting = Vec::new();
        for title in ["Pieno", "Pieno bis"] {
            let mut e = event_of_a(format!("{title} {n}"), f.a1);
            e.draft.capacity = 1;
            let e = store.create_event(&who(), &e).await.unwrap();
            store.enrol(&who(), e.id, full, None, now).await.unwrap();
            waiting.push(store.enrol(&who(), e.id, guest, None, now).await.unwrap().id);
        }
        let ev5 = store.create_event(&who(), &event_of_a(format!("Da annullare a mano {n}"), f.a1)).await.unwrap();
        let moving = store.enrol(&who(), ev5.id, guest, None, now).await.unwrap().id;
        let start = tomorrow_at(18);
        let event_body = json!({"hub_id": f.hub_a, "kind": "talk", "title": format!("Incontro {n}"), "capacity": 20,
            "sessions": [{"start": start.to_string(), "end": (start + jiff::SignedDuration::from_hours(1)).to_string(), "site_id": programme_site.id}]});
        // Mail that cannot be sent (what it tells of does not exist: the
        // sender gives it up at once, however often it is sent again), of
        // hub A and of no hub.
        let undeliverable = |hub: Option<i64>| {
            portineria_store::Notice::new(portineria_store::MailKind::BookingConfirmed, guest, -1)
                .hub(hub)
                .distinct(format!("matrix-{n}-{hub:?}"))
        };
        store.queue_mail(&[undeliverable(Some(f.hub_a)), undeliverable(None)]).await.unwrap();
        let mut mail_of_a = None;
        let mut mail_of_none = None;
        for _ in 0..100 {
            let failed = store.undelivered_mail(None, None, 1000).await.unwrap();
            let find = |hub: Option<i64>| {
                failed
                    .iter()
                    .find(|u| u.mail.account_id == guest && u.mail.hub_id == hub && u.mail.failed_at.is_some())
                    .map(|u| u.mail.id)
            };
            (mail_of_a, mail_of_none) = (find(Some(f.hub_a)), find(None));
            if mail_of_a.is_some() && mail_of_none.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let (mail_of_a, mail_of_none) = (mail_of_a.unwrap(), mail_of_none.unwrap());
        let checks: Vec<ApiCheck> = vec![
            (
                "undelivered mail of A".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/mail/undelivered?hub={}", f.hub_a),
                None,
            ),
            (
                "undelivered mail of one's hubs".into(),
                &[ManagerA, ManagerB, Admin],
                Method::GET,
                "/api/v1/mail/undelivered".into(),
                None,
            ),
            (
                "send a mail of A again".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/mail/{mail_of_a}/retry"),
                None,
            ),
            (
                "send a mail of no hub again".into(),
                &[Admin],
                Method::POST,
                format!("/api/v1/mail/{mail_of_none}/retry"),
                None,
            ),
            (
                "create an event of hub A".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/events".into(),
                Some(event_body),
            ),
            (
                "edit an event of hub A".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/events/{}", ev.id),
                Some(json!({"title": format!("Laboratorio {n}"), "capacity": 60})),
            ),
            (
                "duplicate an event of hub A".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/events/{}/duplicate", ev3.id),
                Some(
                    json!({"date": tomorrow_at(12).to_zoned(portineria_domain::rome()).date().tomorrow().unwrap().to_string()}),
                ),
            ),
            (
                "cancel an event of hub A".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/events/{}/cancel", ev2.id),
                None,
            ),
            (
                "an event's roster".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/events/{}/enrolments", ev.id),
                None,
            ),
            (
                "enrol oneself".into(),
                &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin],
                Method::POST,
                format!("/api/v1/events/{}/enrolments", ev.id),
                None,
            ),
            (
                "mark someone present at a session at Le Serre".into(),
                &[HostA1, ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/events/{}/sessions/{}/attendance/{guest}", ev.id, ev.sessions[0].id),
                None,
            ),
            (
                "give a waiting person a place out of turn".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/enrolments/{}/promote", waiting[0]),
                None,
            ),
            (
                "move someone to another event of hub A".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/enrolments/{moving}/move"),
                Some(json!({"event_id": ev3.id})),
            ),
            (
                "QR check-in at a session at Le Serre".into(),
                &[HostA1, ManagerA, Admin],
                Method::POST,
                format!("/api/v1/events/{}/sessions/{}/checkins", ev.id, ev.sessions[0].id),
                Some(json!({"code": code})),
            ),
            (
                "an event's roster as CSV".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/events/{}/enrolments.csv", ev.id),
                None,
            ),
            (
                "the programme's figures of hub A".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/programme/stats?hub_id={}", f.hub_a),
                None,
            ),
            (
                "create hub".into(),
                &[Admin],
                Method::POST,
                "/api/v1/hubs".into(),
                Some(json!({"name": format!("Nuovo hub {n}")})),
            ),
            (
                "edit hub A".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/hubs/{}", f.hub_a),
                Some(json!({"name": "Kilowatt", "city": "Bologna"})),
            ),
            ("delete empty hub".into(), &[Admin], Method::DELETE, format!("/api/v1/hubs/{}", spare_hub.id), None),
            (
                "create site in A".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/sites".into(),
                Some(site_body(f.hub_a, &format!("Nuova sede {n}"))),
            ),
            (
                "edit site A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/sites/{}", f.a1),
                Some(site_body(f.hub_a, "Le Serre dei Giardini")),
            ),
            (
                "edit site A2".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/sites/{}", f.a2),
                Some(site_body(f.hub_a, "Caffè della Porta")),
            ),
            (
                "edit site B1".into(),
                &[ManagerB, Admin],
                Method::PUT,
                format!("/api/v1/sites/{}", f.b1),
                Some(site_body(f.hub_b, "Avanzi Barona")),
            ),
            (
                "delete site in A".into(),
                &[ManagerA, Admin],
                Method::DELETE,
                format!("/api/v1/sites/{}", spare_site.id),
                None,
            ),
            (
                "create place in A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::POST,
                "/api/v1/places".into(),
                Some(place_body(f.a1, &format!("Sala {n}"))),
            ),
            (
                "create place in A2".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/places".into(),
                Some(place_body(f.a2, &format!("Sala {n}"))),
            ),
            (
                "edit place in A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/places/{}", f.place_a1),
                Some(json!({"name": "Kworking", "kind": "desk_pool", "capacity": 30, "bookable": true})),
            ),
            (
                "delete place in A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::DELETE,
                format!("/api/v1/places/{}", spare_place.id),
                None,
            ),
            (
                "make a member of A".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/roles".into(),
                Some(json!({"email": candidate, "role": "member", "hub_id": f.hub_a})),
            ),
            (
                "make a host of A1".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/roles".into(),
                Some(json!({"email": candidate, "role": "host", "site_id": f.a1})),
            ),
            (
                "make an admin".into(),
                &[Admin],
                Method::POST,
                "/api/v1/roles".into(),
                Some(json!({"email": candidate, "role": "admin"})),
            ),
            (
                "read the audit of A".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/audit?hub={}", f.hub_a),
                None,
            ),
            ("read the whole audit".into(), &[Admin], Method::GET, "/api/v1/audit".into(), None),
            ("list roles of B".into(), &[ManagerB, Admin], Method::GET, format!("/api/v1/roles?hub={}", f.hub_b), None),
            (
                "take a member of A".into(),
                &[ManagerA, Admin],
                Method::DELETE,
                "/api/v1/roles".into(),
                Some(json!({"email": holder, "role": "member", "hub_id": f.hub_a})),
            ),
            (
                "create a plan of A".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/plans".into(),
                Some(
                    json!({"hub_id": f.hub_a, "name": format!("Mensile {n}"), "kind": "monthly", "price_cents": 9000}),
                ),
            ),
            (
                "create a network plan".into(),
                &[Admin],
                Method::POST,
                "/api/v1/plans".into(),
                Some(json!({"name": format!("Rete {n}"), "kind": "annual", "price_cents": 30000})),
            ),
            (
                "edit a plan of A".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/plans/{}", plan_a.id),
                Some(json!({"name": format!("Giorno {n}"), "kind": "day", "price_cents": 1200})),
            ),
            (
                "sell a plan of A".into(),
                &[ManagerA, Admin],
                Method::POST,
                "/api/v1/sales".into(),
                Some(json!({"plan_id": plan_a.id, "email": candidate, "method": "cash"})),
            ),
            (
                "list the sales of B".into(),
                &[ManagerB, Admin],
                Method::GET,
                format!("/api/v1/sales?hub={}", f.hub_b),
                None,
            ),
            (
                "check in at A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::POST,
                "/api/v1/checkins".into(),
                Some(json!({"site_id": f.a1, "code": code})),
            ),
            (
                "presence at A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::GET,
                format!("/api/v1/sites/{}/presence", f.a1),
                None,
            ),
            (
                "check out at A1".into(),
                &[HostA1, ManagerA, Admin],
                Method::POST,
                "/api/v1/checkouts".into(),
                Some(json!({"site_id": f.a1, "code": code})),
            ),
            (
                "settlement of A".into(),
                &[ManagerA, Admin],
                Method::GET,
                format!("/api/v1/settlements?{period}&hub={}", f.hub_a),
                None,
            ),
            (
                "settlement of B as CSV".into(),
                &[ManagerB, Admin],
                Method::GET,
                format!("/api/v1/settlements.csv?{period}&hub={}", f.hub_b),
                None,
            ),
            (
                "terms of site A2".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/sites/{}/terms", f.a2),
                Some(json!({"accepts_vouchers": true, "hourly_rate_cents": 300})),
            ),
            (
                "rounding of B".into(),
                &[ManagerB, Admin],
                Method::PUT,
                format!("/api/v1/hubs/{}/rounding", f.hub_b),
                Some(json!({"step": 30, "mode": "nearest"})),
            ),
            (
                "time to someone from one's own account".into(),
                &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin],
                Method::POST,
                "/api/v1/timebank/transfers".into(),
                Some(json!({"to_person": payee, "minutes": 1, "description": "Un caffè sospeso"})),
            ),
            (
                "time out of another person's account".into(),
                &[],
                Method::POST,
                "/api/v1/timebank/transfers".into(),
                Some(json!({"from_account": tb_guest.id, "to_account": tb_payee.id, "minutes": 1, "description": "x"})),
            ),
            (
                "time out of the network's account".into(),
                &[ManagerA, ManagerB, Admin],
                Method::POST,
                "/api/v1/timebank/transfers".into(),
                Some(
                    json!({"from_account": tb_network.id, "to_account": tb_payee.id, "minutes": 1, "description": "x"}),
                ),
            ),
            (
                "another person's time-bank account".into(),
                &[ManagerA, ManagerB, Admin],
                Method::GET,
                format!("/api/v1/timebank/accounts/{}/entries", tb_guest.id),
                None,
            ),
            (
                "time-bank limits".into(),
                &[ManagerA, ManagerB, Admin],
                Method::PUT,
                format!("/api/v1/timebank/accounts/{}/limits", tb_guest.id),
                Some(json!({"min_balance": -1200, "max_balance": 1200})),
            ),
            (
                "a new local actor".into(),
                &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin],
                Method::POST,
                "/api/v1/actors".into(),
                Some(json!({"name": format!("Associazione {n}"), "kind": "association"})),
            ),
            (
                "edit an actor of hub A".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/actors/{}", local.id),
                Some(json!({"name": format!("Bottega {n}"), "kind": "artisan", "hub_id": f.hub_a})),
            ),
            (
                "verify an actor of hub A".into(),
                &[ManagerA, Admin],
                Method::POST,
                format!("/api/v1/actors/{}/verification", local.id),
                Some(json!({"verified": true})),
            ),
            (
                "add someone to an actor of hub A".into(),
                &[ManagerA, Admin],
                Method::PUT,
                format!("/api/v1/actors/{}/members/{payee}", local.id),
                Some(json!({"role": "member"})),
            ),
            (
                "post an offer".into(),
                &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin],
                Method::POST,
                "/api/v1/listings".into(),
                Some(
                    json!({"direction": "offer", "kind": "skill", "title": "Insegno a usare il telefono", "category_id": category}),
                ),
            ),
            (
                "edit someone else's listing".into(),
                &[ManagerA, ManagerB, Admin],
                Method::PUT,
                format!("/api/v1/listings/{}", demand.id),
                Some(
                    json!({"direction": "demand", "kind": "service", "title": format!("Cerco un idraulico {n}"), "category_id": category}),
                ),
            ),
            (
                "a new category".into(),
                &[ManagerA, ManagerB, Admin],
                Method::POST,
                "/api/v1/categories".into(),
                Some(json!({"name_it": format!("Categoria {n}"), "name_en": format!("Category {n}")})),
            ),
            (
                "reversal of a time-bank entry".into(),
                &[ManagerA, ManagerB, Admin],
                Method::POST,
                format!("/api/v1/timebank/entries/{}/reversal", entry.id),
                Some(json!({"description": "Registrato per errore"})),
            ),
        ];
        for (what, allowed, method, path, body) in checks {
            let (status, resp) = app.client().api(method.clone(), &path, token, body).await;
            let expected_ok = allowed.contains(&role);
            let ok = (200..300).contains(&status);
            let denied = if role == Anonymous { status == 401 } else { status == 403 };
            if (expected_ok && !ok) || (!expected_ok && !denied) {
                failures.push(format!("API {what} as {role:?}: {status} {resp}"));
            }
        }
        // Pages: forms with the session cookie.
        let page_checks: Vec<PageCheck> = vec![
            (
                "edit form of A1".into(),
                &[HostA1, ManagerA, Admin],
                false,
                format!("/manage/sites/{}/edit", f.a1),
                vec![],
            ),
            ("edit form of A2".into(), &[ManagerA, Admin], false, format!("/manage/sites/{}/edit", f.a2), vec![]),
            ("people of A".into(), &[ManagerA, Admin], false, format!("/manage/people?hub={}", f.hub_a), vec![]),
            ("audit page of A".into(), &[ManagerA, Admin], false, format!("/manage/audit?hub={}", f.hub_a), vec![]),
            ("mail page of A".into(), &[ManagerA, Admin], false, format!("/manage/mail?hub={}", f.hub_a), vec![]),
            ("mail page of one's hubs".into(), &[ManagerA, ManagerB, Admin], false, "/manage/mail".into(), vec![]),
            (
                "send a mail of A again from the page".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/mail/{mail_of_a}/retry"),
                vec![("hub", f.hub_a.to_string())],
            ),
            (
                "save site A1".into(),
                &[HostA1, ManagerA, Admin],
                true,
                format!("/manage/sites/{}", f.a1),
                vec![
                    ("name", "Le Serre dei Giardini".into()),
                    ("kind", "central".into()),
                    ("address", "via Polischi 9".into()),
                    ("city", "Bologna".into()),
                    ("lat", "44.484".into()),
                    ("lon", "11.35035".into()),
                    ("h0_0_opens", "00:00".into()),
                    ("h0_0_closes", "24:00".into()),
                ],
            ),
            (
                "create hub form".into(),
                &[Admin],
                true,
                "/manage/hubs".into(),
                vec![("name", format!("Hub da pagina {n}"))],
            ),
            (
                "delete place in A1".into(),
                &[HostA1, ManagerA, Admin],
                true,
                format!("/manage/places/{}/delete", spare_place2.id),
                vec![],
            ),
            (
                "give member of A".into(),
                &[ManagerA, Admin],
                true,
                "/manage/people".into(),
                vec![("email", candidate.clone()), ("role", "member".into()), ("target", format!("hub:{}", f.hub_a))],
            ),
            (
                "take a host of A2".into(),
                &[ManagerA, Admin],
                true,
                "/manage/people/remove".into(),
                vec![
                    ("account_id", holder_id.to_string()),
                    ("role", "host".into()),
                    ("hub_id", f.hub_a.to_string()),
                    ("site_id", f.a2.to_string()),
                ],
            ),
            (
                "save hub A".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/hubs/{}", f.hub_a),
                vec![("name", "Kilowatt".into()), ("city", "Bologna".into())],
            ),
            (
                "save hub B".into(),
                &[ManagerB, Admin],
                true,
                format!("/manage/hubs/{}", f.hub_b),
                vec![("name", "Avanzi".into())],
            ),
            ("delete an empty hub".into(), &[Admin], true, format!("/manage/hubs/{}/delete", spare_hub2.id), vec![]),
            (
                "create a site in A".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/hubs/{}/sites", f.hub_a),
                vec![
                    ("name", format!("Sede da pagina {n}")),
                    ("kind", "bar".into()),
                    ("address", "via Santo Stefano 3".into()),
                    ("city", "Bologna".into()),
                    ("lat", "44.49".into()),
                    ("lon", "11.35".into()),
                ],
            ),
            (
                "delete a site in A".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/sites/{}/delete", spare_site2.id),
                vec![],
            ),
            (
                "create a place in A1".into(),
                &[HostA1, ManagerA, Admin],
                true,
                format!("/manage/sites/{}/places", f.a1),
                vec![
                    ("name", format!("Saletta da pagina {n}")),
                    ("kind", "meeting_room".into()),
                    ("capacity", "5".into()),
                ],
            ),
            (
                "create a place in B1".into(),
                &[ManagerB, Admin],
                true,
                format!("/manage/sites/{}/places", f.b1),
                vec![
                    ("name", format!("Sala da pagina {n}")),
                    ("kind", "meeting_room".into()),
                    ("capacity", "5".into()),
                ],
            ),
            (
                "save place in A2".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/places/{}", f.place_a2),
                vec![
                    ("name", "Tavoli del caffè".into()),
                    ("kind", "desk_pool".into()),
                    ("capacity", "6".into()),
                    ("bookable", "1".into()),
                ],
            ),
            ("desk of A1".into(), &[HostA1, ManagerA, Admin], false, format!("/desk/{}", f.a1), vec![]),
            ("monitoring of exchanges".into(), &[ManagerA, ManagerB, Admin], false, "/manage/exchanges".into(), vec![]),
            ("the taxonomy page".into(), &[ManagerA, ManagerB, Admin], false, "/manage/categories".into(), vec![]),
            (
                "add a category on the page".into(),
                &[ManagerA, ManagerB, Admin],
                true,
                "/manage/categories".into(),
                vec![
                    ("parent_id", String::new()),
                    ("name_it", format!("Pagina {n}")),
                    ("name_en", format!("Page {n}")),
                ],
            ),
            (
                "rename a category on the page".into(),
                &[ManagerA, ManagerB, Admin],
                true,
                format!("/manage/categories/{category}"),
                vec![("name_it", "Riparazioni".into()), ("name_en", "Repairs".into())],
            ),
            (
                "verify an actor of hub A on its page".into(),
                &[ManagerA, Admin],
                true,
                format!("/actors/{}/verification", local.id),
                vec![("verified", "1".into())],
            ),
            (
                "pay from an actor's account".into(),
                &[ManagerA, ManagerB, Admin],
                true,
                format!("/actors/{}/timebank/transfers", local.id),
                vec![
                    ("to", format!("banca{n}-0@example.org")),
                    ("minutes", "5".into()),
                    ("description", "Volantini".into()),
                ],
            ),
            ("desk of A2".into(), &[ManagerA, Admin], false, format!("/desk/{}", f.a2), vec![]),
            ("programme of A".into(), &[ManagerA, Admin], false, format!("/manage/programme?hub={}", f.hub_a), vec![]),
            (
                "new event form of A".into(),
                &[ManagerA, Admin],
                false,
                format!("/manage/programme/new?hub={}", f.hub_a),
                vec![],
            ),
            (
                "publish an event of A on the page".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/programme/new?hub={}", f.hub_a),
                vec![
                    ("kind", "talk".into()),
                    ("title", format!("Chiacchiere {n}")),
                    ("capacity", "30".into()),
                    ("site_id", programme_site.id.to_string()),
                    ("date", tomorrow_at(12).to_zoned(portineria_domain::rome()).date().to_string()),
                    ("start", "20:00".into()),
                    ("end", "21:30".into()),
                ],
            ),
            ("an event's desk page".into(), &[ManagerA, Admin], false, format!("/manage/events/{}", ev.id), vec![]),
            (
                "edit an event on its desk page".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/events/{}", ev.id),
                vec![("title", format!("Laboratorio {n}")), ("capacity", "60".into())],
            ),
            (
                "cancel an event on its desk page".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/events/{}/cancel", ev5.id),
                vec![("confirm", "on".into())],
            ),
            (
                "a place out of turn on the desk page".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/enrolments/{}/promote", waiting[1]),
                vec![],
            ),
            (
                "the attendance sheet at Le Serre".into(),
                &[HostA1, ManagerA, Admin],
                false,
                format!("/manage/events/{}/sessions/{}", ev.id, ev.sessions[0].id),
                vec![],
            ),
            (
                "save the attendance sheet at Le Serre".into(),
                &[HostA1, ManagerA, Admin],
                true,
                format!("/manage/events/{}/sessions/{}", ev.id, ev.sessions[0].id),
                vec![("present", guest.to_string())],
            ),
            (
                "the programme's figures page of A".into(),
                &[ManagerA, Admin],
                false,
                format!("/manage/programme/stats?hub={}", f.hub_a),
                vec![],
            ),
            ("plans of B".into(), &[ManagerB, Admin], false, format!("/manage/plans?hub={}", f.hub_b), vec![]),
            ("sales of A".into(), &[ManagerA, Admin], false, format!("/manage/sales?hub={}", f.hub_a), vec![]),
            ("bookings of B".into(), &[ManagerB, Admin], false, format!("/manage/bookings?hub={}", f.hub_b), vec![]),
            (
                "settlement of A".into(),
                &[ManagerA, Admin],
                false,
                format!("/manage/settlement?hub={}", f.hub_a),
                vec![],
            ),
            (
                "create a plan of A".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/plans?hub={}", f.hub_a),
                vec![
                    ("name", format!("Carnet {n}")),
                    ("kind", "entries".into()),
                    ("price", "40".into()),
                    ("entries", "10".into()),
                ],
            ),
            (
                "sell a plan of A".into(),
                &[ManagerA, Admin],
                true,
                format!("/manage/sales?hub={}", f.hub_a),
                vec![("plan", plan_a.id.to_string()), ("email", candidate.clone()), ("method", "pos".into())],
            ),
            (
                "terms of B".into(),
                &[ManagerB, Admin],
                true,
                format!("/manage/hubs/{}/terms", f.hub_b),
                vec![("step", "15".into()), ("mode", "up".into())],
            ),
        ];
        // Exchanges: an outsider is told they do not exist (404), a manager
        // sees them and completes or cancels, nobody confirms for another.
        let offered = store
            .propose_exchange(
                &who(),
                &portineria_store::NewExchange {
                    proposer: guest,
                    on_behalf: false,
                    legs: vec![portineria_store::NewLeg {
                        from_account: guest,
                        to_account: payee,
                        listing_id: None,
                        minutes: Some(15),
                    }],
                    note: String::new(),
                    deadline: now + 86_400,
                    now,
                },
            )
            .await
            .unwrap();
        let held = store
            .propose_exchange(
                &who(),
                &portineria_store::NewExchange {
                    proposer: payee,
                    on_behalf: false,
                    legs: vec![portineria_store::NewLeg {
                        from_account: payee,
                        to_account: guest,
                        listing_id: None,
                        minutes: Some(15),
                    }],
                    note: String::new(),
                    deadline: now + 86_400,
                    now,
                },
            )
            .await
            .unwrap();
        store.confirm_exchange(&who(), held.id, guest, now).await.unwrap();
        let managers: &[Role] = &[ManagerA, ManagerB, Admin];
        let me_id = match email(role) {
            Some(e) => store.account_by_email(e).await.unwrap().map(|a| a.id).unwrap_or(0),
            None => 0,
        };
        let exchange_checks: Vec<ExchangeCheck> = vec![
            ("see someone's exchange", managers, 404, Method::GET, format!("/api/v1/exchanges/{}", offered.id), None),
            ("every exchange", managers, 403, Method::GET, "/api/v1/exchanges?all=true".into(), None),
            ("confirm for another", &[], 404, Method::POST, format!("/api/v1/exchanges/{}/confirm", offered.id), None),
            (
                "cancel someone's exchange",
                managers,
                404,
                Method::POST,
                format!("/api/v1/exchanges/{}/cancel", held.id),
                None,
            ),
            (
                "propose an exchange of one's own",
                &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin],
                0,
                Method::POST,
                "/api/v1/exchanges".into(),
                Some(json!({"legs": [{"from_account": payee, "to_account": me_id, "minutes": 5}]})),
            ),
        ];
        for (what, allowed, other, method, path, body) in exchange_checks {
            let (status, resp) = app.client().api(method, &path, token, body).await;
            let expected = if allowed.contains(&role) {
                (200..300).contains(&status)
            } else if role == Anonymous {
                status == 401
            } else if managers.contains(&role) {
                status == 403
            } else {
                status == other
            };
            if !expected {
                failures.push(format!("API {what} as {role:?}: {status} {resp}"));
            }
        }
        let exchange_pages: Vec<(&str, &[Role], bool, String)> = vec![
            ("page of someone's exchange", managers, false, format!("/exchanges/{}", offered.id)),
            ("my exchanges", &[Resident, MemberA, HostA1, ManagerA, ManagerB, Admin], false, "/me/exchanges".into()),
            ("confirm for another on its page", &[], true, format!("/exchanges/{}/confirm", offered.id)),
        ];
        for (what, allowed, post, path) in exchange_pages {
            let status = if post { c.post_form(&path, &[]).await } else { c.get(&path).await }.status().as_u16();
            let expected = if allowed.contains(&role) {
                status == 200
            } else if role == Anonymous {
                status == 303
            } else {
                status == 404 || (managers.contains(&role) && status == 403)
            };
            if !expected {
                failures.push(format!("page {what} as {role:?}: {status}"));
            }
        }
        for (what, allowed, post, path, fields) in page_checks {
            let status = if post {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                c.post_form(&path, &fields).await.status().as_u16()
            } else {
                c.get(&path).await.status().as_u16()
            };
            let expected_ok = allowed.contains(&role);
            let ok = if post { status == 303 } else { status == 200 };
            let denied = if role == Anonymous { status == 303 } else { status == 403 };
            let wrong = if expected_ok { !ok || role == Anonymous } else { !denied };
            if wrong {
                failures.push(format!("page {what} as {role:?}: {status}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    // Anonymous page writes were sent to the login page, not performed.
    let names: Vec<String> = store.list_hubs(None, 100).await.unwrap().into_iter().map(|h| h.name).collect();
    assert!(names.iter().filter(|n| n.starts_with("Hub da pagina")).count() == 1, "{names:?}");
}
