//! Exchanges on both engines: proposals and their refusals, confirmations,
//! a decline and an expiry that move nothing, completion that moves the
//! time credit and closes the listings, two-sided reviews, what the database
//! itself refuses, and many exchanges racing for one offer.

use crate::harness::*;
use crate::on_both_engines;
use crate::timebank::raw;
use portineria_domain::exchanges::{Reliability, Status};
use portineria_domain::listings::{ListingInput, Status as ListingStatus, validate_listing};
use portineria_store::{ExchangeQuery, NewExchange, NewLeg, Store, StoreError};
use std::sync::Arc;

const NOW: i64 = 1_800_000_000;

async fn listing(store: &dyn Store, poster: i64, direction: &str, title: &str) -> i64 {
    let category = store.categories().await.unwrap().iter().find(|c| c.slug == "riparazioni").unwrap().id;
    let input = ListingInput {
        direction: direction.into(),
        kind: "service".into(),
        title: title.into(),
        category_id: Some(category),
        ..Default::default()
    };
    store.create_listing(&who(), poster, &validate_listing(&input, NOW).unwrap(), NOW).await.unwrap().id
}

fn give(from: i64, to: i64, listing: i64) -> NewLeg {
    NewLeg { from_account: from, to_account: to, listing_id: Some(listing), minutes: None }
}

fn pay(from: i64, to: i64, minutes: i64) -> NewLeg {
    NewLeg { from_account: from, to_account: to, listing_id: None, minutes: Some(minutes) }
}

fn proposal(proposer: i64, legs: Vec<NewLeg>) -> NewExchange {
    NewExchange { proposer, on_behalf: false, legs, note: String::new(), deadline: NOW + 86_400, now: NOW }
}

fn code<T: std::fmt::Debug>(r: Result<T, StoreError>) -> &'static str {
    match r {
        Err(StoreError::Conflict(c)) => c,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn review(
    s: &dyn Store,
    id: i64,
    author: i64,
    subject: i64,
    rating: i64,
    body: &str,
    now: i64,
) -> Result<portineria_store::Exchange, StoreError> {
    let r = portineria_store::NewReview { author, subject, rating, body: body.into(), now };
    s.review_exchange(&who(), id, &r).await
}

async fn balance(store: &dyn Store, person: i64) -> i64 {
    store.timebank_account_of("person", person).await.unwrap().map(|a| a.balance_minutes).unwrap_or(0)
}

on_both_engines!(exchange_lifecycle, |db| async move {
    let store = db.open().await;
    let s = store.as_ref();
    let w = who();
    let p = people(s, "scambio", 5).await;
    let (anna, bruno, carla, dario, elena) = (p[0], p[1], p[2], p[3], p[4]);
    let bici = listing(s, anna, "offer", "Sistemo biciclette").await;
    let cerco = listing(s, bruno, "demand", "Cerco chi mi sistemi la bici").await;
    let orto = listing(s, bruno, "offer", "Lezioni di orto sul balcone").await;
    let torte = listing(s, carla, "offer", "Torte per le feste di compleanno").await;

    // Bad proposals: a clear refusal, nothing saved.
    assert_eq!(code(s.propose_exchange(&w, &proposal(anna, vec![])).await), "exchange-no-legs");
    assert_eq!(code(s.propose_exchange(&w, &proposal(anna, vec![pay(anna, anna, 30)])).await), "exchange-leg-to-self");
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(anna, vec![pay(anna, bruno, 0)])).await),
        "exchange-minutes-range"
    );
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(bruno, vec![give(bruno, anna, bici)])).await),
        "exchange-listing-poster",
        "an offer is given by its poster"
    );
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(anna, vec![give(bruno, anna, cerco)])).await),
        "exchange-listing-poster",
        "a demand is received by its poster"
    );
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(dario, vec![give(anna, bruno, bici)])).await),
        "exchange-proposer-not-party"
    );
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(anna, vec![give(anna, bruno, 999_999)])).await),
        "exchange-unknown-listing"
    );
    let mut late = proposal(anna, vec![give(anna, bruno, bici)]);
    late.deadline = NOW - 1;
    assert_eq!(code(s.propose_exchange(&w, &late).await), "exchange-deadline-range");
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(dario, vec![pay(dario, anna, 700)])).await),
        "transfer-credit-limit",
        "a person's credit limit is ten hours"
    );
    let stranger = NewLeg { from_account: anna, to_account: 987_654, listing_id: None, minutes: Some(5) };
    assert_eq!(code(s.propose_exchange(&w, &proposal(anna, vec![stranger])).await), "exchange-unknown-party");
    assert!(s.list_exchanges(&ExchangeQuery { limit: 10, ..Default::default() }).await.unwrap().is_empty());

    // Anna repairs Bruno's bike (his demand, her offer); he pays 90 minutes.
    let legs = vec![give(anna, bruno, bici), give(anna, bruno, cerco), pay(bruno, anna, 90)];
    let x = s.propose_exchange(&w, &proposal(bruno, legs)).await.unwrap();
    assert_eq!(x.status, Status::Proposed);
    assert_eq!(x.minutes, 90);
    assert_eq!(x.parties.len(), 2);
    assert!(x.parties.iter().find(|p| p.account_id == bruno).unwrap().confirmed_at.is_some(), "the proposer's yes");
    assert_eq!(code(s.confirm_exchange(&w, x.id, bruno, NOW + 10).await), "exchange-already-answered");
    assert_eq!(code(s.confirm_exchange(&w, x.id, dario, NOW + 10).await), "exchange-not-party");
    assert_eq!(code(s.complete_exchange(&w, x.id, NOW + 10).await), "exchange-status", "not before all confirm");
    assert_eq!(s.listing(bici).await.unwrap().unwrap().status, ListingStatus::Open, "nothing taken yet");
    let x = s.confirm_exchange(&w, x.id, anna, NOW + 20).await.unwrap();
    assert_eq!(x.status, Status::Accepted);
    assert_eq!(s.listing(bici).await.unwrap().unwrap().status, ListingStatus::InExchange);
    assert_eq!(s.listing(cerco).await.unwrap().unwrap().status, ListingStatus::InExchange);
    assert_eq!(code(s.confirm_exchange(&w, x.id, anna, NOW + 30).await), "exchange-already-answered");
    assert_eq!(
        code(s.set_listing_status(&w, bici, ListingStatus::Open, NOW + 30).await),
        "listing-in-exchange",
        "the exchange holds it"
    );
    assert_eq!(
        code(s.propose_exchange(&w, &proposal(carla, vec![give(anna, carla, bici)])).await),
        "exchange-listing-not-open"
    );
    assert_eq!(balance(s, bruno).await, 0, "no time moves before completion");

    // Done: the time moves, tied to the exchange; the listings close.
    let x = s.complete_exchange(&w, x.id, NOW + 3600).await.unwrap();
    assert_eq!(x.status, Status::Completed);
    assert_eq!((balance(s, anna).await, balance(s, bruno).await), (90, -90));
    let entries = s.ledger_entries(0, 100).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].exchange_id, Some(x.id));
    assert!(entries[0].description.contains("Sistemo biciclette"), "{}", entries[0].description);
    assert_eq!(s.listing(bici).await.unwrap().unwrap().status, ListingStatus::Closed);
    assert_eq!(s.listing(cerco).await.unwrap().unwrap().status, ListingStatus::Closed);
    assert_eq!(code(s.complete_exchange(&w, x.id, NOW + 3601).await), "exchange-status", "once");
    let v = portineria::admin::ledger_verification(s).await.unwrap();
    assert!(v.ok(), "{v:?}");

    // Reviews: both ways, once each, by the parties only.
    assert_eq!(code(review(s, x.id, carla, anna, 5, "", NOW).await), "review-not-party");
    assert_eq!(code(review(s, x.id, anna, bruno, 6, "", NOW).await), "review-rating-range");
    review(s, x.id, bruno, anna, 5, "Bici come nuova, puntualissima.", NOW + 4000).await.unwrap();
    assert_eq!(code(review(s, x.id, bruno, anna, 4, "", NOW + 4001).await), "review-twice");
    let x = review(s, x.id, anna, bruno, 4, "Tutto bene.", NOW + 4002).await.unwrap();
    assert_eq!(x.status, Status::Reviewed, "every review due is written");
    let rel: std::collections::BTreeMap<i64, Reliability> = s.reliability().await.unwrap().into_iter().collect();
    assert_eq!(rel[&anna], Reliability { reviews: 1, rating_sum: 5, completed: 1 });
    assert_eq!(rel[&bruno].completed, 1);
    let about = s.reviews_of(anna, 10).await.unwrap();
    assert_eq!((about.len(), about[0].author_name.as_str()), (1, "scambio 1"));

    // A three-party cycle closed with time credit, declined by one: nothing moves.
    let cycle = vec![give(bruno, carla, orto), give(carla, dario, torte), pay(dario, bruno, 60)];
    let y = s.propose_exchange(&w, &proposal(carla, cycle.clone())).await.unwrap();
    assert_eq!(y.parties.len(), 3);
    s.confirm_exchange(&w, y.id, bruno, NOW + 100).await.unwrap();
    let y = s.decline_exchange(&w, y.id, dario, NOW + 200).await.unwrap();
    assert_eq!(y.status, Status::Declined);
    assert_eq!(code(s.confirm_exchange(&w, y.id, dario, NOW + 300).await), "exchange-already-answered");
    assert_eq!(s.listing(orto).await.unwrap().unwrap().status, ListingStatus::Open);
    assert_eq!(s.listing(torte).await.unwrap().unwrap().status, ListingStatus::Open);
    assert_eq!(s.ledger_entries(0, 100).await.unwrap().len(), 1);

    // Past the deadline, a confirmation is refused and the sweep expires it.
    let z = s.propose_exchange(&w, &proposal(carla, cycle.clone())).await.unwrap();
    assert_eq!(code(s.confirm_exchange(&w, z.id, bruno, NOW + 86_401).await), "exchange-expired");
    assert_eq!(s.expire_exchanges(NOW + 86_401).await.unwrap(), 1);
    assert_eq!(s.exchange(z.id).await.unwrap().unwrap().status, Status::Expired);
    assert_eq!(code(s.confirm_exchange(&w, z.id, dario, NOW + 86_402).await), "exchange-expired");

    // The cycle again, carried out: each gives the next, Dario pays Bruno.
    let c3 = s.propose_exchange(&w, &proposal(carla, cycle.clone())).await.unwrap();
    s.confirm_exchange(&w, c3.id, bruno, NOW + 500).await.unwrap();
    let c3 = s.confirm_exchange(&w, c3.id, dario, NOW + 600).await.unwrap();
    assert_eq!(c3.status, Status::Accepted);
    // Called off, its listings open again; proposed anew and completed.
    let c3 = s.cancel_exchange(&w, c3.id, NOW + 700).await.unwrap();
    assert_eq!(c3.status, Status::Cancelled);
    assert_eq!(s.listing(orto).await.unwrap().unwrap().status, ListingStatus::Open);
    let c4 = s.propose_exchange(&w, &proposal(carla, cycle)).await.unwrap();
    s.confirm_exchange(&w, c4.id, bruno, NOW + 800).await.unwrap();
    s.confirm_exchange(&w, c4.id, dario, NOW + 900).await.unwrap();
    s.complete_exchange(&w, c4.id, NOW + 1000).await.unwrap();
    assert_eq!((balance(s, bruno).await, balance(s, dario).await), (-30, -60));
    let sum: i64 = s.timebank_accounts().await.unwrap().iter().map(|a| a.balance_minutes).sum();
    assert_eq!(sum, 0);

    // What the database refuses past the store.
    let open = s.propose_exchange(&w, &proposal(elena, vec![pay(elena, anna, 15)])).await.unwrap();
    let accept = format!("UPDATE exchanges SET status = 'accepted' WHERE id = {}", open.id);
    assert!(raw(&db, &accept).await.is_err(), "not while a party has not confirmed");
    let unconfirm = format!(
        "UPDATE exchange_parties SET confirmed_at = NULL WHERE exchange_id = {} AND account_id = {elena}",
        open.id
    );
    assert!(raw(&db, &unconfirm).await.is_err(), "a yes is not taken back");
    let early_review = format!(
        "INSERT INTO exchange_reviews (exchange_id, author_account, subject_account, rating, created_at) \
         VALUES ({}, {elena}, {anna}, 5, 0)",
        open.id
    );
    assert!(raw(&db, &early_review).await.is_err(), "no review before it is done");
    let outsider = format!(
        "INSERT INTO exchange_reviews (exchange_id, author_account, subject_account, rating, created_at) \
         VALUES ({}, {elena}, {anna}, 5, 0)",
        x.id
    );
    assert!(raw(&db, &outsider).await.is_err(), "only parties review");
    let taken = listing(s, elena, "offer", "Ripetizioni di matematica").await;
    let held = s.propose_exchange(&w, &proposal(elena, vec![give(elena, anna, taken)])).await.unwrap();
    s.confirm_exchange(&w, held.id, anna, NOW + 10).await.unwrap();
    let steal = format!("UPDATE listings SET exchange_id = {} WHERE id = {taken}", open.id);
    assert!(raw(&db, &steal).await.is_err(), "a held listing is not taken by another exchange");

    // Marks: "I would take that" on someone else's offer only.
    assert_eq!(code(s.mark_listing(elena, taken, "explicit", NOW).await), "mark-own-listing");
    let wanted = listing(s, carla, "offer", "Cucio orli e cerniere").await;
    let asked = listing(s, carla, "demand", "Cerco un passaggio al mercato").await;
    assert_eq!(code(s.mark_listing(elena, asked, "explicit", NOW).await), "mark-not-offer");
    s.mark_listing(elena, wanted, "explicit", NOW).await.unwrap();
    s.mark_listing(elena, wanted, "suggestion", NOW).await.unwrap();
    assert_eq!(s.listing_marks().await.unwrap(), vec![(elena, wanted)]);
    s.unmark_listing(elena, wanted).await.unwrap();
    assert!(s.listing_marks().await.unwrap().is_empty());

    // The monitoring figures.
    let facts = s.exchange_facts(NOW - 1, NOW + 1).await.unwrap();
    assert_eq!(facts.len(), 7);
    let st = portineria_domain::exchanges::stats(&facts.iter().map(|f| f.fact()).collect::<Vec<_>>());
    assert_eq!((st.done, st.minutes), (2, 150));
    let unanswered = s.unanswered_categories(NOW, 5).await.unwrap();
    assert!(unanswered.is_empty(), "riparazioni has open offers: {unanswered:?}");
    let mine =
        s.list_exchanges(&ExchangeQuery { account_id: Some(anna), limit: 10, ..Default::default() }).await.unwrap();
    assert_eq!(mine.len(), 3, "anna's: the repair, elena's time and elena's lessons");
    // Two legs that never meet: Elena and Dario are parties, not counterparts.
    let apart =
        s.propose_exchange(&w, &proposal(elena, vec![pay(elena, anna, 5), pay(dario, bruno, 5)])).await.unwrap();
    for p in [anna, dario, bruno] {
        s.confirm_exchange(&w, apart.id, p, NOW + 10).await.unwrap();
    }
    s.complete_exchange(&w, apart.id, NOW + 20).await.unwrap();
    assert_eq!(code(review(s, apart.id, elena, dario, 5, "", NOW + 30).await), "review-not-counterpart");
    let stranger_review = format!(
        "INSERT INTO exchange_reviews (exchange_id, author_account, subject_account, rating, created_at) \
         VALUES ({}, {elena}, {dario}, 5, 0)",
        apart.id
    );
    assert!(raw(&db, &stranger_review).await.is_err(), "only counterparts review each other");
    review(s, apart.id, elena, anna, 5, "", NOW + 30).await.unwrap();
});

// Thirty exchanges race for one offer: exactly one takes it; the others are
// refused, and nothing of theirs moves.
on_both_engines!(exchanges_race_for_one_offer, |db| async move {
    let store: Arc<dyn Store> = db.open().await;
    let w = who();
    let p = people(store.as_ref(), "gara", 31).await;
    let anna = p[0];
    let bici = listing(store.as_ref(), anna, "offer", "Bicicletta da bambino").await;
    let mut ids = Vec::new();
    for &b in &p[1..] {
        let x = store.propose_exchange(&w, &proposal(b, vec![give(anna, b, bici), pay(b, anna, 30)])).await.unwrap();
        ids.push(x.id);
    }
    let mut tasks = Vec::new();
    for id in ids {
        let store = store.clone();
        tasks.push(tokio::spawn(async move { store.confirm_exchange(&who(), id, anna, NOW + 60).await }));
    }
    let (mut accepted, mut taken) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(x) => {
                assert_eq!(x.status, Status::Accepted);
                accepted += 1;
            }
            Err(StoreError::Conflict("exchange-listing-taken")) => taken += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((accepted, taken), (1, 29));
    let accepted = store
        .list_exchanges(&ExchangeQuery { status: Some(Status::Accepted), limit: 100, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(accepted.len(), 1);
    let held = store.listing(bici).await.unwrap().unwrap();
    assert_eq!(held.status, ListingStatus::InExchange);
    let proposed = store
        .list_exchanges(&ExchangeQuery { status: Some(Status::Proposed), limit: 100, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(proposed.len(), 29);
    assert!(
        proposed.iter().all(|x| x.parties.iter().find(|p| p.account_id == anna).unwrap().confirmed_at.is_none()),
        "a refused confirmation leaves no yes behind"
    );
});

/// Over the API, with mail through a real SMTP server: a demand answered by
/// an offer, proposed, confirmed, completed and reviewed; who sees and does
/// what; refusals in the caller's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exchanges_over_the_api() {
    use crate::fixture::*;
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    let s = app.store.as_ref();
    let resident = token_for(s, RESIDENT).await;
    let member = token_for(s, MEMBER_A).await;
    let manager = token_for(s, MANAGER_B).await;
    let host = token_for(s, HOST_A1).await;
    let resident_id = s.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let member_id = s.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let (_, cats) = c.api(Method::GET, "/api/v1/categories", None, None).await;
    let repairs = cats.as_array().unwrap().iter().find(|x| x["slug"] == "riparazioni").unwrap()["id"].as_i64().unwrap();
    let post = |direction: &str, title: &str| json!({"direction": direction, "kind": "service", "title": title, "category_id": repairs, "value_minutes": 60});
    let (_, demand) =
        c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(post("demand", "Tapparella rotta"))).await;
    let (_, offer) =
        c.api(Method::POST, "/api/v1/listings", Some(&member), Some(post("offer", "Riparo tapparelle"))).await;
    let (demand, offer) = (demand["id"].as_i64().unwrap(), offer["id"].as_i64().unwrap());

    // The resident proposes: the member repairs, the resident pays an hour.
    let body = json!({"legs": [
        {"from_account": member_id, "to_account": resident_id, "listing_id": offer},
        {"from_account": member_id, "to_account": resident_id, "listing_id": demand},
        {"from_account": resident_id, "to_account": member_id, "minutes": 60}
    ], "note": "Giovedì sera va bene?"});
    assert_eq!(c.api(Method::POST, "/api/v1/exchanges", None, Some(body.clone())).await.0, 401);
    let (st, e) = c
        .api(
            Method::POST,
            "/api/v1/exchanges",
            Some(&resident),
            Some(json!({"legs": [{"from_account": 1, "to_account": 2}]})),
        )
        .await;
    assert_eq!(st, 422, "{e}");
    let (st, e) = c.api(Method::POST, "/api/v1/exchanges", Some(&host), Some(body.clone())).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("exchange_proposer_not_party")), "{e}");
    assert!(e["error"]["message"].as_str().unwrap().contains("fai parte"), "{e}");
    let (st, x) = c.api(Method::POST, "/api/v1/exchanges", Some(&resident), Some(body)).await;
    assert_eq!(st, 201, "{x}");
    let id = x["id"].as_i64().unwrap();
    assert_eq!(x["status"], "proposed");
    assert_eq!(x["note"], "Giovedì sera va bene?");
    let path = format!("/api/v1/exchanges/{id}");
    assert_eq!(c.api(Method::GET, &path, Some(&host), None).await.0, 404, "an outsider does not see it");
    assert_eq!(c.api(Method::GET, &path, Some(&manager), None).await.0, 200, "a manager does");
    let (_, all) = c.api(Method::GET, "/api/v1/exchanges?all=true", Some(&manager), None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    assert_eq!(c.api(Method::GET, "/api/v1/exchanges?all=true", Some(&member), None).await.0, 403);
    assert_eq!(
        c.api(Method::POST, &format!("{path}/confirm"), Some(&manager), None).await.0,
        403,
        "nobody confirms for another"
    );
    let (st, e) = c.api(Method::POST, &format!("{path}/confirm"), Some(&resident), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("exchange_already_answered")));

    // The member was told by mail.
    let told = wait_for_mails(&mail_dir, |all| all.iter().any(|m| m.contains(&format!("To: {MEMBER_A}")))).await;
    assert!(
        told.iter().any(|m| m.contains(MEMBER_A)
            && m.contains("Riparo tapparelle")
            && m.contains(&format!("/exchanges/{id}"))),
        "{told:?}"
    );
    assert!(told.iter().any(|m| m.contains(&format!("To: {MEMBER_A}"))), "{told:?}");
    assert!(!told.iter().any(|m| m.contains(&format!("To: {RESIDENT}"))), "the proposer has confirmed already");

    let (st, x) = c.api(Method::POST, &format!("{path}/confirm"), Some(&member), None).await;
    assert_eq!((st, x["status"].as_str()), (200, Some("accepted")), "{x}");
    let (st, x) = c.api(Method::POST, &format!("{path}/complete"), Some(&member), None).await;
    assert_eq!((st, x["status"].as_str()), (200, Some("completed")), "{x}");
    let (_, me) = c.api(Method::GET, "/api/v1/me/timebank", Some(&resident), None).await;
    assert_eq!(me["balance_minutes"], -60);
    let (_, me) = c.api(Method::GET, "/api/v1/me/timebank", Some(&member), None).await;
    assert_eq!(me["balance_minutes"], 60);
    assert_eq!(x["reviews_due"], json!([resident_id]));

    // Reviews.
    let reviews = format!("{path}/reviews");
    let (st, e) =
        c.api(Method::POST, &reviews, Some(&member), Some(json!({"subject_account": resident_id, "rating": 9}))).await;
    assert_eq!(st, 422, "{e}");
    let (st, x) = c
        .api(
            Method::POST,
            &reviews,
            Some(&member),
            Some(json!({"subject_account": resident_id, "rating": 5, "body": "Gentilissima"})),
        )
        .await;
    assert_eq!(st, 201, "{x}");
    assert_eq!(x["reviews_due"], json!([]));
    let (st, e) =
        c.api(Method::POST, &reviews, Some(&member), Some(json!({"subject_account": resident_id, "rating": 4}))).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("review_twice")));
    let (st, _) =
        c.api(Method::POST, &reviews, Some(&resident), Some(json!({"subject_account": member_id, "rating": 5}))).await;
    assert_eq!(st, 201);
    let (_, x) = c.api(Method::GET, &path, Some(&resident), None).await;
    assert_eq!(x["status"], "reviewed");
    let party = x["parties"].as_array().unwrap().iter().find(|p| p["account_id"] == member_id).unwrap().clone();
    assert_eq!((party["rating_tenths"].as_u64(), party["completed"].as_u64()), (Some(50), Some(1)));
    let (_, r) = c.api(Method::GET, &reviews, Some(&resident), None).await;
    assert_eq!(r.as_array().unwrap().len(), 2);

    // Marks.
    let (_, other) =
        c.api(Method::POST, "/api/v1/listings", Some(&member), Some(post("offer", "Sistemo serrature"))).await;
    let mark = format!("/api/v1/listings/{}/mark", other["id"]);
    assert_eq!(c.api(Method::PUT, &mark, Some(&resident), None).await.0, 204);
    let (st, e) = c.api(Method::PUT, &mark, Some(&member), None).await;
    assert_eq!((st, e["error"]["code"].as_str()), (409, Some("mark_own_listing")));
    assert_eq!(c.api(Method::DELETE, &mark, Some(&resident), None).await.0, 204);
}

/// Cycles over the marks, over the API and on the page: three people who
/// each want the next one's offer get one suggestion, which they propose,
/// confirm and carry out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cycles_over_the_marks() {
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    let s = app.store.as_ref();
    let c = app.client();
    let p = people(s, "catena", 3).await;
    let tokens = [token_of(s, p[0]).await, token_of(s, p[1]).await, token_of(s, p[2]).await];
    let offers = [
        listing(s, p[0], "offer", "Passeggino da città").await,
        listing(s, p[1], "offer", "Lezioni di chitarra").await,
        listing(s, p[2], "offer", "Trapano a percussione").await,
    ];
    for i in 0..3 {
        let wanted = offers[(i + 1) % 3];
        assert_eq!(c.api(Method::PUT, &format!("/api/v1/listings/{wanted}/mark"), Some(&tokens[i]), None).await.0, 204);
    }
    let (st, found) = c.api(Method::GET, "/api/v1/exchanges/suggestions", Some(&tokens[0]), None).await;
    assert_eq!(st, 200, "{found}");
    let found = found.as_array().unwrap().clone();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0]["items"].as_u64(), found[0]["closed_with_time"].as_bool()), (Some(3), Some(false)));
    let legs = found[0]["legs"].as_array().unwrap().clone();
    assert_eq!(legs.len(), 3);
    assert!(
        legs.iter()
            .any(|l| l["from_account"] == p[1] && l["to_account"] == p[0] && l["title"] == "Lezioni di chitarra")
    );
    assert_eq!(c.api(Method::GET, "/api/v1/exchanges/suggestions?all=true", Some(&tokens[0]), None).await.0, 403);
    let body: Vec<serde_json::Value> = legs
        .iter()
        .map(|l| json!({"from_account": l["from_account"], "to_account": l["to_account"], "listing_id": l["listing_id"]}))
        .collect();
    let (st, x) = c.api(Method::POST, "/api/v1/exchanges", Some(&tokens[0]), Some(json!({"legs": body}))).await;
    assert_eq!(st, 201, "{x}");
    let id = x["id"].as_i64().unwrap();
    for t in &tokens[1..] {
        assert_eq!(c.api(Method::POST, &format!("/api/v1/exchanges/{id}/confirm"), Some(t), None).await.0, 200);
    }
    let (st, x) = c.api(Method::POST, &format!("/api/v1/exchanges/{id}/complete"), Some(&tokens[2]), None).await;
    assert_eq!((st, x["status"].as_str()), (200, Some("completed")), "{x}");
    for o in offers {
        assert_eq!(s.listing(o).await.unwrap().unwrap().status, ListingStatus::Closed);
    }
    let (_, after) = c.api(Method::GET, "/api/v1/exchanges/suggestions", Some(&tokens[0]), None).await;
    assert_eq!(after, json!([]), "closed offers are in no cycle");
}

/// The weekly mail of new matches, through a real SMTP server: opted in on
/// the profile page, sent once the week is over with the offer posted since,
/// not twice in the same week, and not to those who did not ask.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_digest_of_new_matches() {
    use crate::fixture::*;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp.clone()), ..Default::default() }).await;
    fixture(app.store.as_ref()).await;
    let s = app.store.as_ref();
    let page = app.client();
    assert_eq!(page.login(RESIDENT, PASSWORD).await.status(), 303);
    let r = page.post_form("/profile/digest", &[("digest", "1")]).await;
    assert_eq!(r.status(), 303);
    let (_, html) = page.text("/profile?done=digest-on").await;
    assert!(html.contains("name=\"digest\" value=\"1\" role=\"switch\" checked"), "{html}");
    let resident = s.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let member = s.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    assert!(s.match_digest(resident).await.unwrap());
    assert!(!s.match_digest(member).await.unwrap());
    let now = jiff::Timestamp::now().as_second();
    let category = s.categories().await.unwrap().iter().find(|c| c.slug == "riparazioni").unwrap().id;
    let post = |who: i64, direction: &str, title: &str, at: i64| {
        let input = ListingInput {
            direction: direction.into(),
            kind: "service".into(),
            title: title.into(),
            category_id: Some(category),
            ..Default::default()
        };
        async move {
            s.create_listing(&crate::harness::who(), who, &validate_listing(&input, at).unwrap(), at).await.unwrap()
        }
    };
    post(resident, "demand", "Tapparella bloccata in cucina", now).await;
    post(member, "offer", "Aggiusto tapparelle e serrature", now + 60).await;
    post(member, "demand", "Cerco chi ripari una sedia", now + 60).await;
    let mailer = portineria_web::Mailer::smtp(&smtp, "Portineria <noreply@portineria.test>").unwrap();
    let config = portineria_web::WebConfig { base_url: app.base.clone(), ..Default::default() };
    let state =
        portineria_web::AppState::new(app.store.clone(), config, mailer, portineria_web::Clock::System).unwrap();
    let send_match_digests = |state: &portineria_web::AppState, now: i64| {
        let app = state.app.clone();
        async move { portineria_app::exchanges::queue_digests(&app, now).await.unwrap() }
    };
    assert_eq!(send_match_digests(&state, now + 3 * 86_400).await, 0, "not before the week is over");
    assert_eq!(send_match_digests(&state, now + 8 * 86_400).await, 1);
    assert_eq!(send_match_digests(&state, now + 8 * 86_400 + 3600).await, 0, "once a week");
    let told = wait_for_mails(&mail_dir, |all| all.iter().any(|m| m.contains("Nuove corrispondenze"))).await;
    let digest: Vec<&String> = told.iter().filter(|m| m.contains("Nuove corrispondenze")).collect();
    assert_eq!(digest.len(), 1, "{told:?}");
    assert!(digest[0].contains(&format!("To: {RESIDENT}")), "{}", digest[0]);
    assert!(
        digest[0].contains("Aggiusto tapparelle e serrature") && digest[0].contains("stessa categoria"),
        "{}",
        digest[0]
    );
    // Opted out: nothing more.
    page.post_form("/profile/digest", &[]).await;
    assert!(!s.match_digest(resident).await.unwrap());
    assert_eq!(send_match_digests(&state, now + 30 * 86_400).await, 0);
}

on_both_engines!(digest_claims, |db| async move {
    let s = db.open().await;
    let p = people(s.as_ref(), "settimana", 2).await;
    s.set_match_digest(p[0], true, NOW).await.unwrap();
    s.set_match_digest(p[0], true, NOW + 5).await.unwrap();
    assert!(s.digests_due(NOW - 1).await.unwrap().is_empty());
    assert_eq!(s.digests_due(NOW).await.unwrap(), vec![(p[0], NOW)], "opting in twice keeps the first instant");
    // Two servers claim the same week: one wins.
    let (a, b) = tokio::join!(s.claim_digest(p[0], NOW, NOW + 100, &[]), s.claim_digest(p[0], NOW, NOW + 100, &[]));
    assert_eq!([a.unwrap(), b.unwrap()].iter().filter(|x| **x).count(), 1);
    assert_eq!(s.digests_due(NOW + 99).await.unwrap(), vec![]);
    assert_eq!(s.digests_due(NOW + 100).await.unwrap(), vec![(p[0], NOW + 100)]);
    s.set_match_digest(p[0], false, NOW).await.unwrap();
    assert!(!s.match_digest(p[0]).await.unwrap() && !s.match_digest(p[1]).await.unwrap());
});

// Exchanges holding two listings each are accepted, completed and
// cancelled while the posters edit and close those listings: every answer
// is a result or a refusal, never a deadlock or a server error.
on_both_engines!(exchanges_and_listing_edits_interleave, |db| async move {
    let store: Arc<dyn Store> = db.open().await;
    let s = store.as_ref();
    let p = people(s, "intreccio", 12).await;
    let mut offers = Vec::new();
    for (i, &who_) in p.iter().enumerate() {
        offers.push(listing(s, who_, "offer", &format!("Attrezzo numero {i}")).await);
    }
    // Exchange i: person i gives offer i to person i+1, who gives offer i+1 back.
    let mut ids = Vec::new();
    for i in 0..p.len() - 1 {
        let legs = vec![give(p[i], p[i + 1], offers[i]), give(p[i + 1], p[i], offers[i + 1])];
        ids.push(s.propose_exchange(&who(), &proposal(p[i], legs)).await.unwrap().id);
    }
    let mut tasks = Vec::new();
    for (k, &id) in ids.iter().enumerate() {
        let store = store.clone();
        let other = p[k + 1];
        tasks.push(tokio::spawn(async move {
            let mut out = vec![store.confirm_exchange(&who(), id, other, NOW + 10).await.map(|_| ())];
            out.push(if k % 2 == 0 {
                store.complete_exchange(&who(), id, NOW + 20).await.map(|_| ())
            } else {
                store.cancel_exchange(&who(), id, NOW + 20).await.map(|_| ())
            });
            out
        }));
    }
    for (k, &o) in offers.iter().enumerate() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let to = if k % 3 == 0 { ListingStatus::Closed } else { ListingStatus::InExchange };
            vec![store.set_listing_status(&who(), o, to, NOW + 15).await.map(|_| ())]
        }));
    }
    let (mut done, mut refused) = (0, 0);
    for t in tasks {
        for r in t.await.unwrap() {
            match r {
                Ok(()) => done += 1,
                Err(StoreError::Conflict(_)) => refused += 1,
                Err(e) => panic!("neither a result nor a refusal: {e:?}"),
            }
        }
    }
    assert!(done > 0 && refused > 0, "{done} done, {refused} refused");
    // No listing is held by two exchanges, and every held one's exchange is accepted.
    for &o in &offers {
        let l = s.listing(o).await.unwrap().unwrap();
        if l.status == ListingStatus::InExchange {
            let holders = s
                .list_exchanges(&ExchangeQuery { status: Some(Status::Accepted), limit: 100, ..Default::default() })
                .await
                .unwrap()
                .into_iter()
                .filter(|x| x.legs.iter().any(|g| g.listing_id == Some(o)))
                .count();
            assert!(holders <= 1, "listing {o} held by {holders}");
        }
    }
});
