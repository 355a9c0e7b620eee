//! A small city for HTTP tests: two hubs, four sites, people in every role.

use crate::harness::*;
use portineria_domain::policy::Grant;
use portineria_store::Store;

pub struct Fixture {
    pub hub_a: i64,
    pub hub_b: i64,
    /// Kilowatt's central site, Le Serre dei Giardini.
    pub a1: i64,
    /// A bar about 4 minutes' walk from a1.
    pub a2: i64,
    /// A library about 21 minutes' walk from a1.
    pub a3: i64,
    pub b1: i64,
    pub place_a1: i64,
    pub place_a2: i64,
}

pub const ADMIN: &str = "admin@portineria.test";
pub const MANAGER_A: &str = "manager.a@portineria.test";
pub const MANAGER_B: &str = "manager.b@portineria.test";
pub const HOST_A1: &str = "host.a1@portineria.test";
pub const MEMBER_A: &str = "member.a@portineria.test";
pub const RESIDENT: &str = "resident@portineria.test";

pub async fn fixture(store: &dyn Store) -> Fixture {
    let a = hub(store, "Kilowatt").await;
    let b = hub(store, "Avanzi").await;
    let a1 = site(store, a.id, "Le Serre dei Giardini", "central", 44.48400, 11.35035).await;
    let a2 = site(store, a.id, "Caffè della Porta", "bar", 44.48600, 11.34900).await;
    let a3 = site(store, a.id, "Biblioteca Salaborsa", "library", 44.49371, 11.34308).await;
    let b1 = site(store, b.id, "Avanzi Barona", "central", 45.4642, 9.1900).await;
    let p1 = place(store, a1.id, "Kworking", "desk_pool", 30).await;
    let p2 = place(store, a2.id, "Tavoli del caffè", "desk_pool", 6).await;
    account(store, ADMIN, &[Grant::Admin]).await;
    account(store, MANAGER_A, &[Grant::Manager { hub: a.id }]).await;
    account(store, MANAGER_B, &[Grant::Manager { hub: b.id }]).await;
    account(store, HOST_A1, &[Grant::Host { hub: a.id, site: a1.id }]).await;
    account(store, MEMBER_A, &[Grant::Member { hub: a.id }]).await;
    account(store, RESIDENT, &[]).await;
    Fixture { hub_a: a.id, hub_b: b.id, a1: a1.id, a2: a2.id, a3: a3.id, b1: b1.id, place_a1: p1.id, place_a2: p2.id }
}

pub async fn app_with_fixture() -> (TestApp, Fixture) {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    let f = fixture(app.store.as_ref()).await;
    (app, f)
}
