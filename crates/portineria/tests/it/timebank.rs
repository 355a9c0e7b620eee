//! The time bank on both engines: transfers and refusals, reversals, the
//! hash chain, what the database itself refuses, and 200 concurrent
//! transfers out of one account.

use crate::harness::*;
use crate::on_both_engines;
use portineria_domain::timebank::{self as ledger, Limits};
use portineria_store::{NewTransfer, Store, StoreError};
use std::sync::Arc;

/// Runs `sql` on a connection of its own, past the store.
pub async fn raw(db: &TestDb, sql: &str) -> Result<(), portineria_store::sqlx::Error> {
    match db.engine {
        Engine::Postgres => {
            let pg = portineria_store_postgres::PgStore::open(&db.url).await.unwrap();
            portineria_store::sqlx::raw_sql(sql).execute(pg.pool()).await.map(|_| ())
        }
        Engine::Sqlite => {
            use portineria_store::sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};
            let mut conn = db.url.parse::<SqliteConnectOptions>().unwrap().connect().await.unwrap();
            portineria_store::sqlx::raw_sql(sql).execute(&mut conn).await.map(|_| ())
        }
    }
}

fn t(from: i64, to: i64, minutes: i64) -> NewTransfer {
    NewTransfer {
        from_account: from,
        to_account: to,
        minutes,
        description: "Riparazione bici".into(),
        exchange_id: None,
        now: 1_800_000_000,
    }
}

async fn verify(store: &dyn Store) -> ledger::Verification {
    portineria::admin::ledger_verification(store).await.unwrap()
}

on_both_engines!(time_bank_transfers_reversals_and_the_chain, |db| async move {
    let store = db.open().await;
    let w = who();
    let ten_hours = Limits { min_balance: -600, max_balance: 600 };
    let anna = store.open_timebank_account(&w, "person", Some(1), "Anna", ten_hours, 0).await.unwrap();
    let bruno = store.open_timebank_account(&w, "person", Some(2), "Bruno", ten_hours, 0).await.unwrap();
    let pilastro = store
        .open_timebank_account(
            &w,
            "actor",
            Some(7),
            "Mastro Pilastro",
            Limits { min_balance: -60, max_balance: 120 },
            0,
        )
        .await
        .unwrap();
    // Opening again gives the same account, even twenty times at once.
    assert_eq!(store.open_timebank_account(&w, "person", Some(1), "Anna", ten_hours, 0).await.unwrap().id, anna.id);
    let mut opens = Vec::new();
    for _ in 0..20 {
        let s = db.open().await;
        opens.push(tokio::spawn(async move {
            s.open_timebank_account(&who(), "person", Some(42), "Carla", Limits::default(), 0).await.map(|a| a.id)
        }));
    }
    let mut ids = Vec::new();
    for o in opens {
        ids.push(o.await.unwrap().unwrap());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert!(matches!(
        store.open_timebank_account(&w, "person", Some(3), "X", Limits { min_balance: 5, max_balance: 10 }, 0).await,
        Err(StoreError::Conflict("limits-invalid"))
    ));

    let e1 = store.transfer(&w, &t(anna.id, bruno.id, 90)).await.unwrap();
    assert_eq!(e1.prev_hash, ledger::GENESIS);
    let e2 = store.transfer(&w, &t(bruno.id, pilastro.id, 120)).await.unwrap();
    assert_eq!(e2.prev_hash, e1.hash);
    let bal = |store: Arc<dyn Store>, id: i64| async move {
        store.timebank_account(id).await.unwrap().unwrap().balance_minutes
    };
    assert_eq!(bal(store.clone(), anna.id).await, -90);
    assert_eq!(bal(store.clone(), bruno.id).await, -30);
    assert_eq!(bal(store.clone(), pilastro.id).await, 120);

    // Refusals change nothing: no entry, no balance, no audit row.
    let audit_before = store.audit_log(None, None, 1000).await.unwrap().len();
    for (tr, code) in [
        (t(anna.id, anna.id, 10), "transfer-to-self"),
        (t(anna.id, bruno.id, 0), "transfer-not-positive"),
        (t(anna.id, bruno.id, -5), "transfer-not-positive"),
        (t(anna.id, bruno.id, 511), "transfer-credit-limit"),
        (t(anna.id, pilastro.id, 1), "transfer-highest-balance"),
    ] {
        match store.transfer(&w, &tr).await {
            Err(StoreError::Conflict(c)) => assert_eq!(c, code, "{tr:?}"),
            other => panic!("{tr:?}: {other:?}"),
        }
    }
    assert!(matches!(store.transfer(&w, &t(anna.id, 999_999, 10)).await, Err(StoreError::NotFound)));
    assert_eq!(store.audit_log(None, None, 1000).await.unwrap().len(), audit_before);
    assert_eq!(store.ledger_entries(0, 100).await.unwrap().len(), 2);

    // A reversal mirrors the entry, once; a reversal is not reversed.
    let r = store.reverse_entry(&w, e1.id, "Annullato: doppio", 1_800_000_100).await.unwrap();
    assert_eq!((r.from_account, r.to_account, r.minutes, r.reverses), (bruno.id, anna.id, 90, Some(e1.id)));
    assert_eq!(bal(store.clone(), anna.id).await, 0);
    assert_eq!(bal(store.clone(), bruno.id).await, -120);
    assert!(matches!(store.reverse_entry(&w, e1.id, "again", 0).await, Err(StoreError::Conflict("already-reversed"))));
    assert!(matches!(
        store.reverse_entry(&w, r.id, "back", 0).await,
        Err(StoreError::Conflict("reversal-of-reversal"))
    ));

    // Limits: never narrowed past the balance.
    assert!(matches!(
        store.set_timebank_limits(&w, bruno.id, Limits { min_balance: -60, max_balance: 600 }).await,
        Err(StoreError::Conflict("limits-exclude-balance"))
    ));
    let b2 = store.set_timebank_limits(&w, bruno.id, Limits { min_balance: -1200, max_balance: 600 }).await.unwrap();
    assert_eq!(b2.min_balance, -1200);

    // Statement, newest first.
    let st = store.account_entries(bruno.id, None, 10).await.unwrap();
    assert_eq!(st.iter().map(|e| e.id).collect::<Vec<_>>(), vec![r.id, e2.id, e1.id]);

    let v = verify(store.as_ref()).await;
    assert!(v.ok(), "{:?}", v.mismatches);
    assert_eq!(v.entries, 3);

    // Past the store, the database refuses to break the ledger.
    assert!(raw(&db, "UPDATE timebank_entries SET minutes = 1 WHERE id = 1").await.is_err());
    assert!(raw(&db, "DELETE FROM timebank_entries WHERE id = 1").await.is_err());
    assert!(
        raw(&db, &format!("UPDATE timebank_accounts SET balance_minutes = -5000 WHERE id = {}", anna.id))
            .await
            .is_err()
    );
    let forged = format!(
        "INSERT INTO timebank_entries (id, from_account, to_account, minutes, description, created_at, prev_hash, hash) \
         VALUES (99, {}, {}, 10, 'x', 0, 'not-the-head', 'forged')",
        anna.id, bruno.id
    );
    assert!(raw(&db, &forged).await.is_err(), "an entry that does not follow the head");
    let mirror = format!(
        "INSERT INTO timebank_entries (id, from_account, to_account, minutes, description, reverses, created_at, prev_hash, hash) \
         VALUES (4, {}, {}, 5, 'x', {}, 0, '{}', 'h4')",
        pilastro.id, bruno.id, e2.id, r.hash
    );
    assert!(raw(&db, &mirror).await.is_err(), "a reversal that does not mirror");
    assert!(verify(store.as_ref()).await.ok());

    // A balance written past the ledger is found by verify.
    raw(&db, &format!("UPDATE timebank_accounts SET balance_minutes = balance_minutes + 5 WHERE id = {}", anna.id))
        .await
        .unwrap();
    let v = verify(store.as_ref()).await;
    assert!(!v.ok());
    assert!(v.mismatches.iter().any(|m| m.contains(&format!("account {}", anna.id))), "{:?}", v.mismatches);
});

// 200 transfers of 15 minutes out of one account with 10 hours of credit,
// at once, through two stores (two pools: two servers on PostgreSQL): exactly
// 40 go through, the rest are refused at the credit limit, the balances sum
// to zero and the chain verifies.
on_both_engines!(two_hundred_transfers_out_of_one_account, |db| async move {
    let a = db.open().await;
    let b = db.open().await;
    let w = who();
    let payer = a
        .open_timebank_account(&w, "person", Some(1), "Chi paga", Limits { min_balance: -600, max_balance: 0 }, 0)
        .await
        .unwrap();
    let mut payees = Vec::new();
    for k in 0..20 {
        let p = a
            .open_timebank_account(
                &w,
                "person",
                Some(100 + k),
                "Chi riceve",
                Limits { min_balance: 0, max_balance: 600 },
                0,
            )
            .await
            .unwrap();
        payees.push(p.id);
    }
    let mut tasks = Vec::new();
    for i in 0..200 {
        let store = if i % 2 == 0 { a.clone() } else { b.clone() };
        let to = payees[i % payees.len()];
        let from = payer.id;
        tasks.push(tokio::spawn(async move { store.transfer(&who(), &t(from, to, 15)).await }));
    }
    let (mut ok, mut refused) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StoreError::Conflict("transfer-credit-limit")) => refused += 1,
            Err(e) => panic!("unexpected: {e:?}"),
        }
    }
    assert_eq!((ok, refused), (40, 160));
    let accounts = a.timebank_accounts().await.unwrap();
    assert_eq!(accounts.iter().map(|x| x.balance_minutes).sum::<i64>(), 0);
    assert_eq!(a.timebank_account(payer.id).await.unwrap().unwrap().balance_minutes, -600);
    let v = verify(a.as_ref()).await;
    assert!(v.ok(), "{:?}", v.mismatches);
    assert_eq!(v.entries, 40);
});

/// `portineria ledger verify` passes on a sound ledger and names the account
/// whose balance was written past its entries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ledger_verify_on_the_command_line() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let store = db.open().await;
    let w = who();
    let a = store.open_timebank_account(&w, "person", Some(1), "Anna", Limits::default(), 0).await.unwrap();
    let b = store.open_timebank_account(&w, "person", Some(2), "Bruno", Limits::default(), 0).await.unwrap();
    for m in [30, 45, 60] {
        store.transfer(&w, &t(a.id, b.id, m)).await.unwrap();
    }
    store.close().await;
    let dir = db.dir.path().to_path_buf();
    let (ok, out, err) = run_cli(&["ledger", "verify", "--database", &db.url], &dir);
    assert!(ok, "{err}");
    assert!(out.contains("ledger verified: 3 entries"), "{out}");
    raw(&db, &format!("UPDATE timebank_accounts SET balance_minutes = 0 WHERE id = {}", b.id)).await.unwrap();
    let (ok, out, err) = run_cli(&["ledger", "verify", "--database", &db.url], &dir);
    assert!(!ok);
    assert!(out.contains(&format!("account {}: balance 0 stored, 135 from its entries", b.id)), "{out}");
    assert!(err.contains("does not verify"), "{err}");
}

/// The time bank over the API: your account opens on first use, transfers
/// answer 201 or a clear 409/422 in your language and change nothing when
/// refused, statements page, managers set limits and reverse entries, and
/// nobody reads or spends another person's account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_bank_over_the_api() {
    use crate::fixture::*;
    use reqwest::Method;
    use serde_json::json;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    let member = token_for(app.store.as_ref(), MEMBER_A).await;
    let resident = token_for(app.store.as_ref(), RESIDENT).await;
    let manager = token_for(app.store.as_ref(), MANAGER_B).await;
    let resident_id = app.store.account_by_email(RESIDENT).await.unwrap().unwrap().id;

    let (s, me) = c.api(Method::GET, "/api/v1/me/timebank", Some(&member), None).await;
    assert_eq!(s, 200, "{me}");
    assert_eq!((me["balance_minutes"].as_i64(), me["min_balance"].as_i64()), (Some(0), Some(-600)));
    let mine = me["id"].as_i64().unwrap();

    let pay =
        |minutes: i64| json!({"to_person": resident_id, "minutes": minutes, "description": "Lezione di chitarra"});
    let (s, e) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(pay(90))).await;
    assert_eq!(s, 201, "{e}");
    assert_eq!((e["from_account"].as_i64(), e["minutes"].as_i64()), (Some(mine), Some(90)));
    let first = e["id"].as_i64().unwrap();
    let (_, theirs) = c.api(Method::GET, "/api/v1/me/timebank", Some(&resident), None).await;
    assert_eq!(theirs["balance_minutes"], 90);
    let their_account = theirs["id"].as_i64().unwrap();

    // Refused: nothing moves.
    let (s, e) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(pay(511))).await;
    assert_eq!(s, 409, "{e}");
    assert_eq!(e["error"]["code"], "transfer_credit_limit");
    assert!(e["error"]["message"].as_str().unwrap().contains("limite di credito"), "{e}");
    let to_self = json!({"to_account": mine, "minutes": 10, "description": "x"});
    let (s, e) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(to_self)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("transfer_to_self")));
    for bad in [
        json!({"to_person": resident_id, "minutes": 0, "description": "x"}),
        json!({"to_person": resident_id, "minutes": 30, "description": "  "}),
        json!({"to_person": resident_id, "to_account": their_account, "minutes": 30, "description": "x"}),
        json!({"minutes": 30, "description": "x"}),
    ] {
        let (s, e) = c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(bad.clone())).await;
        assert_eq!(s, 422, "{bad}: {e}");
    }
    let (s, _) = c.api(Method::POST, "/api/v1/timebank/transfers", None, Some(pay(10))).await;
    assert_eq!(s, 401);
    let (_, me) = c.api(Method::GET, "/api/v1/me/timebank", Some(&member), None).await;
    assert_eq!(me["balance_minutes"], -90);

    // Another's account: neither read nor spent.
    let path = format!("/api/v1/timebank/accounts/{their_account}");
    assert_eq!(c.api(Method::GET, &path, Some(&member), None).await.0, 403);
    let steal = json!({"from_account": their_account, "to_account": mine, "minutes": 90, "description": "x"});
    assert_eq!(c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(steal.clone())).await.0, 403);
    assert_eq!(
        c.api(Method::POST, "/api/v1/timebank/transfers", Some(&manager), Some(steal)).await.0,
        403,
        "managers do not spend a person's time either"
    );
    assert_eq!(c.api(Method::GET, &path, Some(&resident), None).await.0, 200);
    assert_eq!(c.api(Method::GET, &path, Some(&manager), None).await.0, 200);

    // Statement, newest first, in pages.
    for m in [10, 20] {
        c.api(Method::POST, "/api/v1/timebank/transfers", Some(&member), Some(pay(m))).await;
    }
    let (s, st) =
        c.api(Method::GET, &format!("/api/v1/timebank/accounts/{mine}/entries?limit=2"), Some(&member), None).await;
    assert_eq!(s, 200, "{st}");
    assert_eq!(
        st["entries"].as_array().unwrap().iter().map(|e| e["minutes"].as_i64().unwrap()).collect::<Vec<_>>(),
        vec![20, 10]
    );
    let next = st["next"].as_i64().unwrap();
    let (_, st) = c
        .api(
            Method::GET,
            &format!("/api/v1/timebank/accounts/{mine}/entries?limit=2&before={next}"),
            Some(&member),
            None,
        )
        .await;
    assert_eq!(st["entries"].as_array().unwrap().len(), 1);
    assert!(st["next"].is_null());

    // Limits and reversals: managers only.
    let limits = format!("/api/v1/timebank/accounts/{mine}/limits");
    let wide = json!({"min_balance": -1200, "max_balance": 600});
    assert_eq!(c.api(Method::PUT, &limits, Some(&member), Some(wide.clone())).await.0, 403);
    let (s, a) = c.api(Method::PUT, &limits, Some(&manager), Some(wide)).await;
    assert_eq!((s, a["min_balance"].as_i64()), (200, Some(-1200)));
    let (s, e) =
        c.api(Method::PUT, &limits, Some(&manager), Some(json!({"min_balance": -60, "max_balance": 600}))).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("limits_exclude_balance")));
    let (s, _) = c.api(Method::PUT, &limits, Some(&manager), Some(json!({"min_balance": 5, "max_balance": 600}))).await;
    assert_eq!(s, 422);
    let reversal = format!("/api/v1/timebank/entries/{first}/reversal");
    let why = json!({"description": "Lezione annullata"});
    assert_eq!(c.api(Method::POST, &reversal, Some(&member), Some(why.clone())).await.0, 403);
    let (s, r) = c.api(Method::POST, &reversal, Some(&manager), Some(why.clone())).await;
    assert_eq!(s, 201, "{r}");
    assert_eq!(r["reverses"], first);
    let (s, e) = c.api(Method::POST, &reversal, Some(&manager), Some(why)).await;
    assert_eq!((s, e["error"]["code"].as_str()), (409, Some("already_reversed")));
    let (_, me) = c.api(Method::GET, "/api/v1/me/timebank", Some(&member), None).await;
    assert_eq!(me["balance_minutes"], -30);
    assert!(verify(app.store.as_ref()).await.ok());
}

/// 200 transfers of 15 minutes at once out of one person's account with 10
/// hours of credit, over HTTP through `bases`: exactly 40 are 201, 160 are
/// 409 at the credit limit; the balances sum to zero and `portineria ledger
/// verify` passes.
async fn transfer_race(db: &TestDb, servers: usize) {
    let store = db.open().await;
    let ids = people(store.as_ref(), "banca", 21).await;
    let payer = ids[0];
    store
        .open_timebank_account(
            &who(),
            "person",
            Some(payer),
            "Chi paga",
            Limits { min_balance: -600, max_balance: 600 },
            0,
        )
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for _ in 0..8 {
        tokens.push(token_of(store.as_ref(), payer).await);
    }
    let mut guards = Vec::new();
    let mut bases = Vec::new();
    for _ in 0..servers {
        let (guard, base) = serve_process(&db.url, db.dir.path()).await;
        guards.push(guard);
        bases.push(base);
    }
    let http = reqwest::Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(200));
    let mut tasks = Vec::new();
    for i in 0..200 {
        let (http, barrier) = (http.clone(), barrier.clone());
        let url = format!("{}/api/v1/timebank/transfers", bases[i % bases.len()]);
        let token = tokens[i % tokens.len()].clone();
        let body =
            serde_json::json!({"to_person": ids[1 + i % 20], "minutes": 15, "description": "Spesa portata a casa"});
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            let r = http.post(&url).bearer_auth(&token).json(&body).send().await.unwrap();
            let status = r.status().as_u16();
            let v: serde_json::Value = r.json().await.unwrap();
            (status, v["error"]["code"].as_str().unwrap_or("").to_owned())
        }));
    }
    let (mut created, mut limit, mut other) = (0, 0, Vec::new());
    for t in tasks {
        match t.await.unwrap() {
            (201, _) => created += 1,
            (409, code) if code == "transfer_credit_limit" => limit += 1,
            x => other.push(x),
        }
    }
    assert_eq!((created, limit, other), (40, 160, vec![]));
    let accounts = store.timebank_accounts().await.unwrap();
    assert_eq!(accounts.iter().map(|a| a.balance_minutes).sum::<i64>(), 0);
    assert_eq!(store.timebank_account_of("person", payer).await.unwrap().unwrap().balance_minutes, -600);
    let (ok, out, err) = run_cli(&["ledger", "verify", "--database", &db.url], db.dir.path());
    assert!(ok, "{out}{err}");
    assert!(out.contains("ledger verified: 40 entries"), "{out}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_transfers_over_http_on_sqlite() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    transfer_race(&db, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_transfers_across_two_postgres_servers() {
    let Some(db) = TestDb::new(Engine::Postgres).await else { return };
    transfer_race(&db, 2).await;
}

/// The page: a member sees the balance, sends time to someone by address,
/// sees the entry and the new balance, gets a clear error for an unknown
/// address or past the credit limit (nothing moves), and downloads the CSV.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_bank_page_without_javascript() {
    use crate::fixture::*;
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let app = TestApp::spawn(db).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    assert_eq!(c.login(MEMBER_A, PASSWORD).await.status(), 303);
    let (s, html) = c.text("/me/timebank").await;
    assert_eq!(s, 200);
    assert!(html.contains("Saldo: 0:00 ore"), "{html}");
    assert!(html.contains("fino a −10:00"), "{html}");

    let r = c
        .post_form(
            "/me/timebank/transfers",
            &[("to", RESIDENT), ("minutes", "75"), ("description", "Spesa per la signora Ida")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, html) = c.text("/me/timebank?done=sent").await;
    assert!(html.contains("Trasferimento registrato."), "{html}");
    assert!(html.contains("Saldo: −1:15 ore"), "{html}");
    assert!(html.contains("Spesa per la signora Ida") && html.contains("−1:15"), "{html}");

    let r = c
        .post_form("/me/timebank/transfers", &[("to", "nessuno@esempio.it"), ("minutes", "30"), ("description", "x")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Nessuna persona iscritta con questo indirizzo."));
    let r =
        c.post_form("/me/timebank/transfers", &[("to", RESIDENT), ("minutes", "600"), ("description", "Troppo")]).await;
    assert_eq!(r.status(), 409);
    let body = r.text().await.unwrap();
    assert!(body.contains("limite di credito"), "{body}");
    assert!(body.contains("value=\"Troppo\""), "the form keeps what was typed: {body}");
    let r =
        c.post_form_raw("/me/timebank/transfers", &[("to", RESIDENT), ("minutes", "5"), ("description", "x")]).await;
    assert_eq!(r.status(), 403, "no CSRF token, no transfer");

    let r = c.get("/me/timebank.csv").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[1].contains(",Spesa per la signora Ida,") && lines[1].ends_with(",-75,-75,false"), "{csv}");
    assert!(verify(app.store.as_ref()).await.ok());
    // The other side.
    let resident = app.client();
    assert_eq!(resident.login(RESIDENT, PASSWORD).await.status(), 303);
    let (_, html) = resident.text("/me/timebank").await;
    assert!(html.contains("Saldo: +1:15 ore"), "{html}");
}
