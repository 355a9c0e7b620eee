//! Offers and demands on both engines: the seeded taxonomy, its two levels,
//! listings and their statuses.

use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::listings::{ListingInput, Status, WindowInput, validate_listing};
use portineria_store::{ListingQuery, StoreError};

on_both_engines!(taxonomy_and_listings, |db| async move {
    let store = db.open().await;
    let w = who();
    let cats = store.categories().await.unwrap();
    assert!(cats.len() >= 30, "seeded: {}", cats.len());
    assert_eq!(cats[0].slug, "casa");
    assert_eq!(cats[1].slug, "riparazioni", "children follow their parent");
    let casa = cats[0].id;
    let riparazioni = cats[1].id;
    assert!(cats.iter().all(|c| !c.name_it.is_empty() && !c.name_en.is_empty()));
    // Two levels, in the store and in the database.
    let bici = store.create_category(&w, Some(casa), "bici", "Bici", "Bikes").await.unwrap();
    assert_eq!(bici.parent_id, Some(casa));
    assert!(matches!(
        store.create_category(&w, Some(riparazioni), "viti", "Viti", "Screws").await,
        Err(StoreError::Conflict("category-two-levels"))
    ));
    assert!(matches!(
        store.create_category(&w, None, "casa", "Casa", "Home").await,
        Err(StoreError::Conflict("category-slug-taken"))
    ));
    // Past the store, the database refuses a third level too.
    let third = format!(
        "INSERT INTO categories (parent_id, slug, name_it, name_en) VALUES ({riparazioni}, 'viti', 'Viti', 'Screws')"
    );
    assert!(crate::timebank::raw(&db, &third).await.is_err());
    let under_child = format!("UPDATE categories SET parent_id = {riparazioni} WHERE id = {}", cats[2].id);
    assert!(crate::timebank::raw(&db, &under_child).await.is_err());
    let top = store.create_category(&w, None, "sport", "Sport", "Sport").await.unwrap();
    assert!(top.position > 10);
    store.rename_category(&w, top.id, "Sport e movimento", "Sport and exercise").await.unwrap();

    let ids = people(store.as_ref(), "bacheca", 2).await;
    let now = 1_800_000_000;
    let input = |direction: &str, title: &str, category: i64| ListingInput {
        direction: direction.into(),
        kind: "service".into(),
        title: title.into(),
        category_id: Some(category),
        tags: Some("bici, riparazioni".into()),
        windows: vec![WindowInput { weekday: 1, from: "18:00".into(), to: "20:00".into() }],
        lat: Some(44.51),
        lon: Some(11.38),
        value_minutes: Some(60),
        ..Default::default()
    };
    let offer = store
        .create_listing(
            &w,
            ids[0],
            &validate_listing(&input("offer", "Sistemo biciclette", bici.id), now).unwrap(),
            now,
        )
        .await
        .unwrap();
    assert_eq!((offer.status, offer.windows.len(), offer.tags.len()), (Status::Open, 1, 2));
    let demand = store
        .create_listing(
            &w,
            ids[1],
            &validate_listing(&input("demand", "Cerco chi ripari un rubinetto", riparazioni), now).unwrap(),
            now,
        )
        .await
        .unwrap();
    let mut bad = validate_listing(&input("offer", "X", casa), now).unwrap();
    bad.category_id = 999_999;
    assert!(matches!(store.create_listing(&w, ids[0], &bad, now).await, Err(StoreError::Conflict("unknown-category"))));
    // Lists: by direction, by a top-level category (its children included), by poster.
    let q = |f: fn(&mut ListingQuery)| {
        let mut q = ListingQuery { limit: 50, ..Default::default() };
        f(&mut q);
        q
    };
    assert_eq!(store.list_listings(&q(|_| {})).await.unwrap().len(), 2);
    let mut by_casa = q(|_| {});
    by_casa.category_id = Some(casa);
    assert_eq!(store.list_listings(&by_casa).await.unwrap().len(), 2);
    let mut offers = q(|_| {});
    offers.direction = Some(portineria_domain::listings::Direction::Offer);
    assert_eq!(store.list_listings(&offers).await.unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), vec![offer.id]);
    let mut later = q(|_| {});
    later.not_expired_at = now + 31 * 86_400;
    assert!(store.list_listings(&later).await.unwrap().is_empty(), "a month later both have expired");
    // Search with Italian stemming, the same on both engines.
    let mut search = q(|_| {});
    search.terms = portineria_domain::text::stems("riparazione della bicicletta");
    assert_eq!(store.list_listings(&search).await.unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), vec![offer.id]);
    search.terms = portineria_domain::text::stems("rubinetti");
    assert_eq!(store.list_listings(&search).await.unwrap().iter().map(|l| l.id).collect::<Vec<_>>(), vec![demand.id]);
    search.terms = portineria_domain::text::stems("divano");
    assert!(store.list_listings(&search).await.unwrap().is_empty());
    // Statuses.
    store.set_listing_status(&w, offer.id, Status::InExchange, now).await.unwrap();
    store.set_listing_status(&w, offer.id, Status::Closed, now).await.unwrap();
    assert!(matches!(
        store.set_listing_status(&w, offer.id, Status::InExchange, now).await,
        Err(StoreError::Conflict("listing-status"))
    ));
    let edited = store
        .update_listing(
            &w,
            demand.id,
            &validate_listing(&input("demand", "Rubinetto che perde", riparazioni), now).unwrap(),
            now + 5,
        )
        .await
        .unwrap();
    assert_eq!((edited.title.as_str(), edited.updated_at), ("Rubinetto che perde", now + 5));
});

/// Over the API: the taxonomy in the caller's language, posting in a minute
/// (few fields), refusals per field, who may edit and close, and filters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offers_and_demands_over_the_api() {
    use crate::fixture::*;
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let manager = token_for(app.store.as_ref(), MANAGER_B).await;
    let (s, cats) = c.api(Method::GET, "/api/v1/categories", None, None).await;
    assert_eq!(s, 200);
    assert_eq!(cats[0]["name"], "Casa e riparazioni");
    let (_, en) = app.client().english().api(Method::GET, "/api/v1/categories", None, None).await;
    assert_eq!(en[0]["name"], "Home and repairs");
    let repairs = cats.as_array().unwrap().iter().find(|x| x["slug"] == "riparazioni").unwrap()["id"].as_i64().unwrap();

    let post = json!({"direction": "demand", "kind": "service", "title": "Mi si è rotta la tapparella", "category_id": repairs});
    let (s, l) = c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(post.clone())).await;
    assert_eq!(s, 201, "{l}");
    assert_eq!((l["status"].as_str(), l["direction"].as_str()), (Some("open"), Some("demand")));
    let id = l["id"].as_i64().unwrap();
    let bad = json!({"direction": "swap", "kind": "service", "title": "", "windows": [{"weekday": 1, "from": "20:00", "to": "18:00"}]});
    let (s, e) = c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(bad)).await;
    assert_eq!(s, 422, "{e}");
    let (s, _) = c.api(Method::POST, "/api/v1/listings", None, Some(post.clone())).await;
    assert_eq!(s, 401);
    let mut unknown = post.clone();
    unknown["category_id"] = json!(999_999);
    let (s, e) = c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(unknown)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("unknown_category")));
    let mut for_actor = post.clone();
    for_actor["actor_id"] = json!(12345);
    assert_eq!(c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(for_actor)).await.0, 422);

    let offer = json!({"direction": "offer", "kind": "skill", "title": "Aggiusto tapparelle e serrature", "category_id": repairs,
                       "tags": "tapparelle, serrature", "windows": [{"weekday": 5, "from": "09:00", "to": "12:00"}], "value_minutes": 60});
    let (s, o) = c.api(Method::POST, "/api/v1/listings", Some(&member), Some(offer)).await;
    assert_eq!(s, 201, "{o}");
    assert_eq!(o["windows"][0]["from"], "09:00");
    let (_, list) = c.api(Method::GET, "/api/v1/listings?direction=offer", None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let top = cats[0]["id"].as_i64().unwrap();
    let (_, list) = c.api(Method::GET, &format!("/api/v1/listings?category={top}"), None, None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2, "a top-level category includes its children");
    let (_, mine) = c.api(Method::GET, "/api/v1/listings?mine=true", Some(&resident), None).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(c.api(Method::GET, "/api/v1/listings?direction=swap", None, None).await.0, 422);

    // Search: stems, ranking, snippets, walking distance.
    let far = json!({"direction": "offer", "kind": "service", "title": "Riparazioni di tapparelle a domicilio", "category_id": repairs,
                     "description": "Vengo a casa vostra con gli attrezzi: tapparelle, cinghie e avvolgibili.", "lat": 45.46, "lon": 9.19});
    assert_eq!(c.api(Method::POST, "/api/v1/listings", Some(&manager), Some(far)).await.0, 201);
    let (s, found) = c.api(Method::GET, "/api/v1/listings?q=tapparella", None, None).await;
    assert_eq!(s, 200, "{found}");
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{found}");
    assert!(items.iter().all(|i| i["score"].as_u64().unwrap() >= 3), "in every title: {found}");
    let (_, found) = c.api(Method::GET, "/api/v1/listings?q=cinghia", None, None).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    assert!(found["items"][0]["snippet"].as_str().unwrap().contains("cinghie"), "{found}");
    let (_, near) =
        c.api(Method::GET, "/api/v1/listings?q=tapparelle&near=45.4642,9.19&walk_minutes=10", None, None).await;
    assert_eq!(near["items"].as_array().unwrap().len(), 1, "only the one in Milan is close: {near}");
    assert!(near["items"][0]["walk_minutes"].as_u64().unwrap() <= 10);
    assert_eq!(c.api(Method::GET, "/api/v1/listings?near=nowhere", None, None).await.0, 422);

    // Matches with reasons: the offer of tapparelle for the demand of one.
    let (s, m) = c.api(Method::GET, &format!("/api/v1/listings/{id}/matches"), None, None).await;
    assert_eq!(s, 200, "{m}");
    let best = &m.as_array().unwrap()[0];
    assert_eq!(best["listing"]["direction"], "offer");
    let reasons: Vec<&str> = best["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.contains(&"stessa categoria"), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("parole in comune: ") && r.contains("tapparell")), "{reasons:?}");
    assert!(m.as_array().unwrap().iter().all(|x| x["listing"]["direction"] == "offer"));
    assert_eq!(c.api(Method::GET, "/api/v1/listings/999999/matches", None, None).await.0, 404);

    // Editing and closing: the poster and managers only.
    let path = format!("/api/v1/listings/{id}");
    assert_eq!(c.api(Method::PUT, &path, Some(&member), Some(post.clone())).await.0, 403);
    let mut edit = post.clone();
    edit["title"] = json!("Tapparella bloccata in cucina");
    let (s, u) = c.api(Method::PUT, &path, Some(&resident), Some(edit)).await;
    assert_eq!((s, u["title"].as_str()), (200, Some("Tapparella bloccata in cucina")));
    let status = format!("/api/v1/listings/{id}/status");
    assert_eq!(c.api(Method::POST, &status, Some(&member), Some(json!({"status": "in_exchange"}))).await.0, 403);
    let (s, x) = c.api(Method::POST, &status, Some(&resident), Some(json!({"status": "in_exchange"}))).await;
    assert_eq!((s, x["status"].as_str()), (200, Some("in_exchange")));
    let (s, x) = c.api(Method::DELETE, &path, Some(&manager), None).await;
    assert_eq!((s, x["status"].as_str()), (200, Some("closed")));
    let (s, e) = c.api(Method::POST, &status, Some(&resident), Some(json!({"status": "in_exchange"}))).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("listing_status")));
    let (_, open) = c.api(Method::GET, "/api/v1/listings", None, None).await;
    assert_eq!(open["items"].as_array().unwrap().len(), 2, "closed listings are not among the open ones");

    // The taxonomy: managers add to it.
    let body = json!({"parent_id": top, "name_it": "Biciclette", "name_en": "Bicycles"});
    assert_eq!(c.api(Method::POST, "/api/v1/categories", Some(&member), Some(body.clone())).await.0, 403);
    let (s, cat) = c.api(Method::POST, "/api/v1/categories", Some(&manager), Some(body)).await;
    assert_eq!((s, cat["slug"].as_str()), (201, Some("biciclette")));
    let nested = json!({"parent_id": repairs, "name_it": "Viti", "name_en": "Screws"});
    let (s, e) = c.api(Method::POST, "/api/v1/categories", Some(&manager), Some(nested)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("category_two_levels")));
}

/// A listing about to expire: its poster is mailed once, in their language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posters_are_reminded_once_before_a_listing_expires() {
    use crate::fixture::*;
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let category = app.store.categories().await.unwrap()[1].id;
    let soon = json!({"direction": "demand", "kind": "service", "title": "Cerco chi mi aggiusti la sedia", "category_id": category, "days": 2});
    let later = json!({"direction": "offer", "kind": "skill", "title": "Lezioni di chitarra", "category_id": category, "days": 20});
    assert_eq!(c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(soon)).await.0, 201);
    assert_eq!(c.api(Method::POST, "/api/v1/listings", Some(&resident), Some(later)).await.0, 201);
    let state = crate::desk::test_state(&app);
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(portineria_app::listings::remind_expiring(&state.app, now).await.unwrap(), 1);
    assert_eq!(portineria_app::listings::remind_expiring(&state.app, now).await.unwrap(), 0, "once");
    let all =
        wait_for_mails(&app._db.dir.path().join("outbox"), |all| all.iter().any(|m| m.contains("sta per scadere")))
            .await;
    let reminders: Vec<&String> = all.iter().filter(|m| m.contains("sta per scadere")).collect();
    assert_eq!(reminders.len(), 1, "{all:?}");
    assert!(reminders[0].contains("Cerco chi mi aggiusti la sedia"));
}

/// The matching index answers as scoring every candidate would, and follows
/// changes another server makes (straight to the store) within a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_matching_index_is_exact_and_current() {
    use portineria_domain::matching;
    use reqwest::Method;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    let s = app.store.as_ref();
    let w = who();
    let cats = s.categories().await.unwrap();
    let top = cats[0].id;
    let area: Vec<i64> = cats.iter().filter(|c| c.id == top || c.parent_id == Some(top)).map(|c| c.id).collect();
    let words = ["bici", "tapparella", "rubinetto", "trasloco", "armadio", "scala", "trapano", "mensola"];
    let people = people(s, "indice", 6).await;
    let now = jiff::Timestamp::now().as_second();
    let mut seed = 7u64;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n
    };
    let mut all = Vec::new();
    for i in 0..240 {
        let title = (0..3).map(|_| words[next(words.len())]).collect::<Vec<_>>().join(" ");
        let input = ListingInput {
            direction: if i % 3 == 0 { "demand".into() } else { "offer".into() },
            kind: "service".into(),
            title,
            category_id: Some(area[next(area.len())]),
            lat: Some(44.49 + next(100) as f64 / 2000.0),
            lon: Some(11.34 + next(100) as f64 / 2000.0),
            windows: vec![WindowInput { weekday: next(7) as u8, from: "18:00".into(), to: "20:00".into() }],
            ..Default::default()
        };
        let l = s
            .create_listing(&w, people[next(people.len())], &validate_listing(&input, now).unwrap(), now)
            .await
            .unwrap();
        all.push(l);
    }
    let c = app.client();
    let side = |l: &portineria_store::Listing| matching::Side {
        direction: l.direction,
        category: l.category_id,
        top_category: top,
        stems: l.stems.clone(),
        location: l.location,
        windows: l.windows.clone(),
    };
    let expected = |me: &portineria_store::Listing, all: &[portineria_store::Listing]| {
        let mut scored: Vec<(i64, u32)> = all
            .iter()
            .filter(|o| o.direction != me.direction && o.status == Status::Open)
            .filter_map(|o| matching::score(&side(me), &side(o)).map(|m| (o.id, m.score)))
            .collect();
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        scored.truncate(10);
        scored
    };
    let got = |m: &serde_json::Value| -> Vec<(i64, u32)> {
        m.as_array()
            .unwrap()
            .iter()
            .map(|x| (x["listing"]["id"].as_i64().unwrap(), x["score"].as_u64().unwrap() as u32))
            .collect()
    };
    for me in all.iter().filter(|l| l.direction == portineria_domain::listings::Direction::Demand).take(25) {
        let (st, m) = c.api(Method::GET, &format!("/api/v1/listings/{}/matches", me.id), None, None).await;
        assert_eq!(st, 200);
        assert_eq!(got(&m), expected(me, &all), "listing {}", me.id);
    }
    // Another server closes the best offer of a demand and posts a better one.
    let me = all.iter().find(|l| l.direction == portineria_domain::listings::Direction::Demand).unwrap().clone();
    let best = expected(&me, &all)[0].0;
    s.set_listing_status(&w, best, Status::Closed, now).await.unwrap();
    let better = ListingInput {
        direction: "offer".into(),
        kind: "service".into(),
        title: me.title.clone(),
        category_id: Some(me.category_id),
        lat: me.location.map(|l| l.lat()),
        lon: me.location.map(|l| l.lon()),
        ..Default::default()
    };
    let better = s.create_listing(&w, people[0], &validate_listing(&better, now).unwrap(), now).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, m) = c.api(Method::GET, &format!("/api/v1/listings/{}/matches", me.id), None, None).await;
    let ids: Vec<i64> = got(&m).iter().map(|x| x.0).collect();
    assert!(!ids.contains(&best), "the closed offer is gone: {ids:?}");
    assert!(ids.contains(&better.id), "the new offer is in: {ids:?}");
    all.retain(|l| l.id != best);
    all.push(better.clone());
    assert_eq!(got(&m), expected(&me, &all));
    // The listings in the answer come from the index's copy: each is what
    // the store has, and an edit by another server shows within the second.
    for x in m.as_array().unwrap() {
        let id = x["listing"]["id"].as_i64().unwrap();
        let (_, stored) = c.api(Method::GET, &format!("/api/v1/listings/{id}"), None, None).await;
        assert_eq!(x["listing"], stored, "listing {id}");
    }
    let mut edit = better.clone();
    edit.title = format!("{} (anche il sabato)", me.title);
    let draft = validate_listing(
        &ListingInput {
            direction: "offer".into(),
            kind: "service".into(),
            title: edit.title.clone(),
            category_id: Some(me.category_id),
            lat: me.location.map(|l| l.lat()),
            lon: me.location.map(|l| l.lon()),
            ..Default::default()
        },
        now,
    )
    .unwrap();
    s.update_listing(&w, better.id, &draft, now).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let (_, m) = c.api(Method::GET, &format!("/api/v1/listings/{}/matches", me.id), None, None).await;
    let shown = m.as_array().unwrap().iter().find(|x| x["listing"]["id"] == better.id).unwrap();
    assert_eq!(shown["listing"]["title"], edit.title.as_str());
    // An offer asks for its demands the same way.
    let (_, mine) = c.api(Method::GET, &format!("/api/v1/listings/{}/matches", better.id), None, None).await;
    assert!(!mine.as_array().unwrap().is_empty());
}
