//! Local actors on both engines and over the API: profiles, visibility,
//! owners and members, verification.

use crate::fixture::*;
use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::actors::{ActorInput, validate_actor};
use portineria_store::{ActorQuery, StoreError};
use reqwest::Method;
use serde_json::json;

fn draft(name: &str, kind: &str, visibility: &str) -> portineria_domain::actors::ActorDraft {
    validate_actor(&ActorInput {
        name: name.into(),
        kind: kind.into(),
        skills: Some("falegnameria, riparazioni".into()),
        visibility: Some(visibility.into()),
        lat: Some(44.5122),
        lon: Some(11.3826),
        ..Default::default()
    })
    .unwrap()
}

on_both_engines!(actors_owners_and_members, |db| async move {
    let store = db.open().await;
    let ids = people(store.as_ref(), "attore", 3).await;
    let (anna, bruno, carla) = (ids[0], ids[1], ids[2]);
    let w = who();
    let a = store.create_actor(&w, anna, &draft("Mastro Pilastro", "artisan", "public"), 100).await.unwrap();
    assert_eq!(a.slug, "mastro-pilastro");
    assert_eq!(a.skills, vec!["falegnameria", "riparazioni"]);
    assert!(a.location.is_some() && a.verified_at.is_none());
    assert!(matches!(
        store.create_actor(&w, bruno, &draft("Mastro  pilastro", "shop", "public"), 100).await,
        Err(StoreError::Conflict("actor-name-taken"))
    ));
    let p = store.create_actor(&w, bruno, &draft("Gruppo di lettura", "informal_group", "private"), 100).await.unwrap();
    // Visibility in lists: public only, or also the actors one belongs to.
    let q = |member: Option<i64>| ActorQuery {
        visibilities: vec![portineria_domain::actors::Visibility::Public],
        member,
        limit: 10,
        ..Default::default()
    };
    assert_eq!(store.list_actors(&q(None)).await.unwrap().iter().map(|x| x.id).collect::<Vec<_>>(), vec![a.id]);
    assert_eq!(store.list_actors(&q(Some(bruno))).await.unwrap().len(), 2);
    // Members: the only owner cannot step down or leave; with a second one they can.
    store.set_actor_member(&w, a.id, carla, "member").await.unwrap();
    assert!(matches!(
        store.set_actor_member(&w, a.id, anna, "member").await,
        Err(StoreError::Conflict("actor-last-owner"))
    ));
    assert!(matches!(store.remove_actor_member(&w, a.id, anna).await, Err(StoreError::Conflict("actor-last-owner"))));
    store.set_actor_member(&w, a.id, carla, "owner").await.unwrap();
    store.remove_actor_member(&w, a.id, anna).await.unwrap();
    let m = store.actor_members(a.id).await.unwrap();
    assert_eq!(m.iter().map(|x| (x.account_id, x.role.as_str())).collect::<Vec<_>>(), vec![(carla, "owner")]);
    assert!(matches!(store.set_actor_member(&w, a.id, 999_999, "member").await, Err(StoreError::NotFound)));
    assert_eq!(
        store.account_actors(bruno).await.unwrap().iter().map(|(x, r)| (x.id, r.as_str())).collect::<Vec<_>>(),
        vec![(p.id, "owner")]
    );
    // Verification.
    let v = store.set_actor_verified(&w, a.id, true, 200).await.unwrap();
    assert_eq!(v.verified_at, Some(200));
    let verified = ActorQuery { verified_only: true, ..q(Some(bruno)) };
    assert_eq!(store.list_actors(&verified).await.unwrap().len(), 1);
    // Two owners stepping down at once: one of them stays.
    store.set_actor_member(&w, a.id, anna, "owner").await.unwrap();
    let (s1, s2) = (db.open().await, db.open().await);
    let aid = a.id;
    let t1 = tokio::spawn(async move { s1.remove_actor_member(&who(), aid, anna).await });
    let t2 = tokio::spawn(async move { s2.remove_actor_member(&who(), aid, carla).await });
    let (r1, r2) = (t1.await.unwrap(), t2.await.unwrap());
    assert!(r1.is_ok() != r2.is_ok(), "{r1:?} {r2:?}");
    assert_eq!(store.actor_members(a.id).await.unwrap().iter().filter(|m| m.role == "owner").count(), 1);
});

/// The API: visibility per viewer, owners edit, managers verify, bad input is 422.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actors_over_the_api() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    let f = fixture(app.store.as_ref()).await;
    let c = app.client();
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let manager = token_for(app.store.as_ref(), MANAGER_A).await;
    let manager_b = token_for(app.store.as_ref(), MANAGER_B).await;
    let body = |name: &str, visibility: &str| {
        json!({"name": name, "kind": "association", "skills": "doposcuola, italiano per stranieri",
               "neighbourhood": "Pilastro", "lat": 44.5122, "lon": 11.3826, "visibility": visibility, "hub_id": f.hub_a})
    };
    let (s, a) = c
        .api(Method::POST, "/api/v1/actors", Some(&resident), Some(body("Associazione Pilastro 2016", "public")))
        .await;
    assert_eq!(s, 201, "{a}");
    let id = a["id"].as_i64().unwrap();
    assert_eq!(a["skills"], json!(["doposcuola", "italiano per stranieri"]));
    let (s, m) =
        c.api(Method::POST, "/api/v1/actors", Some(&resident), Some(body("Condominio via Frati", "members"))).await;
    assert_eq!(s, 201, "{m}");
    let members_only = m["id"].as_i64().unwrap();
    let (s, e) =
        c.api(Method::POST, "/api/v1/actors", Some(&member), Some(body("Associazione Pilastro 2016", "public"))).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("actor_name_taken")));
    let (s, _) = c.api(Method::POST, "/api/v1/actors", Some(&member), Some(json!({"name": " ", "kind": "bank"}))).await;
    assert_eq!(s, 422);
    let (s, _) = c.api(Method::POST, "/api/v1/actors", None, Some(body("Anonimo", "public"))).await;
    assert_eq!(s, 401);

    // Who sees what: anonymous the public one; the member also the members' one.
    let (_, l) = c.api(Method::GET, "/api/v1/actors", None, None).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 1);
    let (_, l) = c.api(Method::GET, "/api/v1/actors", Some(&member), None).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 2);
    assert_eq!(c.api(Method::GET, &format!("/api/v1/actors/{members_only}"), None, None).await.0, 404);
    let (s, one) = c.api(Method::GET, &format!("/api/v1/actors/{id}"), None, None).await;
    assert_eq!(s, 200);
    assert!(one.get("members").is_none(), "members are shown to its people and managers only");
    let (_, one) = c.api(Method::GET, &format!("/api/v1/actors/{id}"), Some(&resident), None).await;
    assert_eq!(one["members"][0]["role"], "owner");

    // Editing: the owner and the hub's managers; not another hub's, not a member.
    let path = format!("/api/v1/actors/{id}");
    assert_eq!(c.api(Method::PUT, &path, Some(&member), Some(body("Pilastro 2016", "public"))).await.0, 403);
    assert_eq!(c.api(Method::PUT, &path, Some(&manager_b), Some(body("Pilastro 2016", "public"))).await.0, 403);
    let (s, u) = c.api(Method::PUT, &path, Some(&resident), Some(body("Pilastro 2016", "public"))).await;
    assert_eq!((s, u["slug"].as_str()), (200, Some("pilastro-2016")));
    // Verification: the managers of its hub.
    let ver = format!("/api/v1/actors/{id}/verification");
    assert_eq!(c.api(Method::POST, &ver, Some(&resident), Some(json!({"verified": true}))).await.0, 403);
    assert_eq!(c.api(Method::POST, &ver, Some(&manager_b), Some(json!({"verified": true}))).await.0, 403);
    let (s, v) = c.api(Method::POST, &ver, Some(&manager), Some(json!({"verified": true}))).await;
    assert_eq!((s, v["verified"].as_bool()), (200, Some(true)));
    let (_, l) = c.api(Method::GET, "/api/v1/actors?verified=true", None, None).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 1);
    assert_eq!(c.api(Method::GET, "/api/v1/actors?kind=bank", None, None).await.0, 422);
    // Search with Italian stemming: "straniero" finds "stranieri" in the skills.
    let (_, l) = c.api(Method::GET, "/api/v1/actors?q=straniero", Some(&member), None).await;
    assert_eq!(l["items"].as_array().unwrap().len(), 2, "{l}");
    let (_, l) = c.api(Method::GET, "/api/v1/actors?q=straniero%20pilastro", None, None).await;
    assert_eq!(l["items"].as_array().unwrap().iter().map(|a| a["id"].as_i64().unwrap()).collect::<Vec<_>>(), vec![id]);
    let (_, l) = c.api(Method::GET, "/api/v1/actors?q=falegname", None, None).await;
    assert!(l["items"].as_array().unwrap().is_empty());

    // Members: the owner adds one; the last owner cannot leave.
    let member_id = app.store.account_by_email(MEMBER_A).await.unwrap().unwrap().id;
    let resident_id = app.store.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let add = format!("/api/v1/actors/{id}/members/{member_id}");
    assert_eq!(c.api(Method::PUT, &add, Some(&member), Some(json!({"role": "member"}))).await.0, 403);
    assert_eq!(c.api(Method::PUT, &add, Some(&resident), Some(json!({"role": "member"}))).await.0, 204);
    assert_eq!(c.api(Method::PUT, &add, Some(&resident), Some(json!({"role": "boss"}))).await.0, 422);
    let leave = format!("/api/v1/actors/{id}/members/{resident_id}");
    let (s, e) = c.api(Method::DELETE, &leave, Some(&resident), None).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("actor_last_owner")));
    assert_eq!(c.api(Method::DELETE, &add, Some(&member), None).await.0, 204, "anyone may leave");
}

/// The directory and an actor's page; an actor's owners pay from its
/// time-bank account, on the page and over the API, and its other members
/// do not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn actor_pages_and_the_owners_spending_its_time() {
    use crate::fixture::*;
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    fixture(app.store.as_ref()).await;
    let s = app.store.as_ref();
    let c = app.client();
    let owner = token_for(s, MEMBER_A).await;
    let member = token_for(s, RESIDENT).await;
    let resident_id = s.account_by_email(RESIDENT).await.unwrap().unwrap().id;
    let body = json!({"name": "Ciclofficina del Pratello", "kind": "association", "description": "Ripariamo bici insieme.",
                      "skills": "riparazioni, bici", "neighbourhood": "Pratello", "email": "ciclo@example.org"});
    let (st, a) = c.api(Method::POST, "/api/v1/actors", Some(&owner), Some(body)).await;
    assert_eq!(st, 201, "{a}");
    let id = a["id"].as_i64().unwrap();
    let (st, _) = c
        .api(
            Method::PUT,
            &format!("/api/v1/actors/{id}/members/{resident_id}"),
            Some(&owner),
            Some(json!({"role": "member"})),
        )
        .await;
    assert_eq!(st, 204);
    // A listing posted for it: found by the kind of actor, shown on its page.
    let cats = s.categories().await.unwrap();
    let repairs = cats.iter().find(|c| c.slug == "riparazioni").unwrap().id;
    let l = json!({"direction": "offer", "kind": "service", "title": "Ciclofficina aperta il giovedì", "category_id": repairs, "actor_id": id});
    assert_eq!(c.api(Method::POST, "/api/v1/listings", Some(&owner), Some(l)).await.0, 201);
    let (_, found) = c.api(Method::GET, "/api/v1/listings?actor_kind=association", None, None).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
    let (_, found) = c.api(Method::GET, "/api/v1/listings?actor_kind=shop", None, None).await;
    assert_eq!(found["items"].as_array().unwrap().len(), 0);
    assert_eq!(c.api(Method::GET, "/api/v1/listings?actor_kind=club", None, None).await.0, 422);
    let (_, html) = c.text("/listings?actor_kind=association").await;
    assert!(unescape(&html).contains("Ciclofficina aperta il giovedì"));
    // The directory and the page, for anyone.
    let (st, html) = c.text("/actors?q=bici").await;
    assert_eq!(st, 200);
    assert!(unescape(&html).contains("Ciclofficina del Pratello"), "{html}");
    let (_, html) = c.text("/actors?kind=shop").await;
    assert!(!html.contains("Ciclofficina"));
    let (st, html) = c.text(&format!("/actors/{id}")).await;
    let html = unescape(&html);
    assert_eq!(st, 200);
    assert!(
        html.contains("Ripariamo bici insieme.") && html.contains("ciclo@example.org") && html.contains("associazione")
    );
    assert!(!html.contains("timebank/transfers"), "no account for strangers");
    // The owner pays from the actor's account on its page.
    let session = app.client();
    assert_eq!(session.login(MEMBER_A, PASSWORD).await.status(), 303);
    let (_, html) = session.text(&format!("/actors/{id}")).await;
    assert!(html.contains("timebank/transfers"), "{html}");
    let path = format!("/actors/{id}/timebank/transfers");
    let r =
        session.post_form(&path, &[("to", RESIDENT), ("minutes", "30"), ("description", "Pulizia del cortile")]).await;
    assert_eq!(r.status(), 303);
    let account = s.timebank_account_of("actor", id).await.unwrap().unwrap();
    assert_eq!(account.balance_minutes, -30);
    let r = session.post_form(&path, &[("to", RESIDENT), ("minutes", "900"), ("description", "Troppo")]).await;
    assert_eq!(r.status(), 409, "beyond the credit limit");
    // Over the API: the owner may, a plain member may not.
    let t = json!({"from_account": account.id, "to_person": resident_id, "minutes": 15, "description": "Volantini"});
    let (st, e) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&owner), Some(t.clone())).await;
    assert_eq!(st, 201, "{e}");
    let (st, _) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(t)).await;
    assert_eq!(st, 403);
    let plain = app.client();
    assert_eq!(plain.login(RESIDENT, PASSWORD).await.status(), 303);
    let r = plain.post_form(&path, &[("to", MEMBER_A), ("minutes", "5"), ("description", "No")]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(s.timebank_account_of("actor", id).await.unwrap().unwrap().balance_minutes, -45);
    // A manager verifies it on its page, and edits the taxonomy.
    let manager = app.client();
    assert_eq!(manager.login(MANAGER_A, PASSWORD).await.status(), 303);
    let (_, html) = manager.text(&format!("/actors/{id}")).await;
    assert!(html.contains("Verifica per la rete"), "{html}");
    assert_eq!(manager.post_form(&format!("/actors/{id}/verification"), &[("verified", "1")]).await.status(), 303);
    assert!(s.actor(id).await.unwrap().unwrap().verified_at.is_some());
    let (_, html) = manager.text(&format!("/actors/{id}?done=verified")).await;
    assert!(html.contains("verificato dalla rete") && html.contains("Togli la verifica"));
    let r = manager
        .post_form("/manage/categories", &[("parent_id", ""), ("name_it", "Sport e movimento"), ("name_en", "Sport")])
        .await;
    assert_eq!(r.status(), 303);
    let sport = s.categories().await.unwrap().into_iter().find(|c| c.name_it == "Sport e movimento").unwrap();
    let r = manager
        .post_form(
            "/manage/categories",
            &[("parent_id", &sport.id.to_string()), ("name_it", "Calcetto"), ("name_en", "Five-a-side")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let calcetto = s.categories().await.unwrap().into_iter().find(|c| c.name_it == "Calcetto").unwrap();
    assert_eq!(calcetto.parent_id, Some(sport.id));
    let r = manager
        .post_form(
            "/manage/categories",
            &[("parent_id", &calcetto.id.to_string()), ("name_it", "Porte"), ("name_en", "Goals")],
        )
        .await;
    assert_eq!(r.status(), 409, "two levels only");
    let r = manager
        .post_form(
            &format!("/manage/categories/{}", calcetto.id),
            &[("name_it", "Calcio a cinque"), ("name_en", "Five-a-side")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, html) = manager.text("/manage/categories").await;
    assert!(html.contains("Calcio a cinque"));
}
