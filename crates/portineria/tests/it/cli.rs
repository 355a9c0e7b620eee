//! The command line, run as the real binary.

use crate::harness::*;
use reqwest::Method;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subcommand_has_help() {
    let dir = TempDir::new();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["migrate", "--help"],
        vec!["backup", "--help"],
        vec!["user", "create", "--help"],
        vec!["token", "create", "--help"],
        vec!["mail-sink", "--help"],
        vec!["match", "cycles", "--help"],
        vec!["ledger", "verify", "--help"],
    ] {
        let (ok, out, err) = run_cli(&args, dir.path());
        assert!(ok, "{args:?}: {err}");
        assert!(out.contains("Usage"), "{args:?}");
    }
    for args in
        [vec!["serve", "--help"], vec!["migrate", "--help"], vec!["backup", "--help"], vec!["user", "create", "--help"]]
    {
        assert!(run_cli(&args, dir.path()).1.contains("--database"), "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_tokens_migrate_and_backup() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let dir = db.dir.path().to_path_buf();
    let url = db.url.clone();
    let (ok, out, _) = run_cli(&["migrate", "--database", &url], &dir);
    assert!(ok && out.contains("up to date"));
    let store = db.open().await;
    let h = hub(store.as_ref(), "Kilowatt").await;
    site(store.as_ref(), h.id, "Le Serre", "central", 44.484, 11.35035).await;
    let (ok, out, err) = run_cli(
        &[
            "user",
            "create",
            "--email",
            "Marta@Kilowatt.example",
            "--name",
            "Marta",
            "--role",
            "manager:kilowatt",
            "--role",
            "host:kilowatt/le-serre",
            "--password",
            "una-password-lunga",
            "--database",
            &url,
        ],
        &dir,
    );
    assert!(ok, "{err}");
    assert!(out.contains("created account"));
    let marta = store.account_by_email("marta@kilowatt.example").await.unwrap().unwrap();
    assert_eq!(store.grants(marta.id).await.unwrap().len(), 2);
    let (ok, _, err) =
        run_cli(&["user", "create", "--email", "x@example.org", "--role", "manager:nowhere", "--database", &url], &dir);
    assert!(!ok && err.contains("no hub with slug nowhere"), "{err}");
    let (ok, out, _) = run_cli(&["user", "create", "--email", "gen@example.org", "--database", &url], &dir);
    assert!(ok && out.contains("password: "), "a password is generated and shown");
    let (ok, token, err) =
        run_cli(&["token", "create", "--email", "marta@kilowatt.example", "--name", "cron", "--database", &url], &dir);
    assert!(ok, "{err}");
    let token = token.trim().to_owned();
    let app = TestApp::spawn(db).await;
    let (s, me) = app.client().api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 200);
    assert_eq!(me["email"], "marta@kilowatt.example");
    let out_file = dir.join("copia.db");
    let (ok, _, err) = run_cli(&["backup", out_file.to_str().unwrap(), "--database", &url], &dir);
    assert!(ok, "{err}");
    let copy = portineria::open_store(&format!("sqlite:{}", out_file.display())).await.unwrap();
    assert!(copy.account_by_email("marta@kilowatt.example").await.unwrap().is_some());
    let (ok, _, err) = run_cli(&["backup", out_file.to_str().unwrap(), "--database", &url], &dir);
    assert!(!ok && err.contains("already exists"));
    let (ok, _, err) = run_cli(&["migrate", "--database", "mysql://nope"], &dir);
    assert!(!ok && err.contains("unsupported database URL"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_serves_the_seeds_story() {
    let dir = TempDir::new();
    let port = free_port();
    let child = std::process::Command::new(bin())
        .args(["demo", "--listen", &format!("127.0.0.1:{port}")])
        .current_dir(dir.path())
        .env("PORTINERIA_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _guard = ChildGuard(child);
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(&format!("{base}/healthz")).await;
    let c = Client::new(&base);
    let (s, home) = c.text("/").await;
    assert_eq!(s, 200);
    assert!(home.contains("Kilowatt") && home.contains("Mastro Pilastro") && home.contains("<html lang=\"it\">"));
    let (_, body) = c.api(Method::GET, "/api/v1/network", None, None).await;
    assert_eq!(body["hubs"], 14);
    let (_, found) = c.api(Method::GET, "/api/v1/sites?q=serre%20giardini", None, None).await;
    let serre = &found["items"][0];
    assert_eq!(serre["name"], "Le Serre dei Giardini");
    assert_eq!(serre["place_count"], 18);
    let (s, page) = c.text(&format!("/sites/{}", serre["id"])).await;
    assert_eq!(s, 200);
    let page = unescape(&page);
    for place in ["Kw baby", "Kworking", "Serra Sonora", "L'alba dell'uomo"] {
        assert!(page.contains(place), "{place}");
    }
    for city in ["Campo Teatrale", "Impact Hub", "Open Incet", "Toolbox"] {
        assert!(c.text("/hubs").await.1.contains(city), "{city}");
    }
    let en = Client::new(&base).english();
    for path in ["/", "/map", "/directory", &format!("/sites/{}", serre["id"])] {
        let (s, html) = en.text(path).await;
        assert_eq!(s, 200);
        assert!(html.contains("<html lang=\"en\">"));
    }
    // The demo logins work.
    assert_eq!(c.login("manager@portineria.example", portineria::demo::DEMO_PASSWORD).await.status(), 303);
    assert_eq!(c.get("/manage").await.status(), 200);
    // The diffuse coworking has something real on every page.
    let (_, plans) = c.api(Method::GET, "/api/v1/plans", None, None).await;
    assert!(plans.as_array().unwrap().len() >= 10);
    let (s, html) = c.text(&format!("/desk/{}", serre["id"])).await;
    assert_eq!(s, 200);
    assert!(unescape(&html).contains("Sara Lombardi"), "someone is in at Le Serre");
    let today = jiff::Timestamp::now().to_zoned(portineria_domain::rome()).date();
    let month =
        format!("from={}&to={}", today.checked_sub(jiff::Span::new().days(30)).unwrap(), today.tomorrow().unwrap());
    let (_, html) = c.text(&format!("/manage/settlement?{month}")).await;
    let html = unescape(&html);
    assert!(html.contains("Caffè della Porta") && html.contains("voucher a ore"), "{html}");
    let (_, html) = c.text("/manage/bookings").await;
    assert!(html.contains("Kworking") && html.contains("Sara Lombardi"));
    let (_, html) = c.text("/manage/sales").await;
    assert!(unescape(&html).contains("Mensile Kworking + satelliti"));
    let member = Client::new(&base);
    assert_eq!(member.login("member@portineria.example", portineria::demo::DEMO_PASSWORD).await.status(), 303);
    let (_, html) = member.text("/me/passes").await;
    let html = unescape(&html);
    assert!(html.contains("Caffè Morbegno") && html.contains("Monte ore 20"), "the voucher was used at QF's café");
    let (_, html) = member.text("/me/bookings").await;
    assert!(html.matches("/cancel\"").count() >= 5);
    // The platform: the seeds' actors, and a time-bank history that verifies.
    let (_, actors) = c.api(Method::GET, "/api/v1/actors?verified=true", None, None).await;
    let names: Vec<&str> = actors["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Mastro Pilastro") && names.contains(&"Cooperativa Camelot"), "{names:?}");
    let (_, found) = c.api(Method::GET, "/api/v1/listings?q=tapparella", None, None).await;
    assert_eq!(found["items"][0]["title"], "Piccoli lavori in casa al Pilastro", "{found}");
    let (_, demands) = c.api(Method::GET, "/api/v1/listings?direction=demand", None, None).await;
    assert!(demands["items"].as_array().unwrap().len() >= 3);
    let (_, html) = member.text("/me/timebank").await;
    let html = unescape(&html);
    assert!(html.contains("Volantino per la festa di via") && html.contains("Babysitting condiviso"), "{html}");
    // A completed three-party cycle, reviewed, and a cycle suggested to the member.
    let (st, all) = c.api(Method::GET, "/api/v1/exchanges?all=true", None, None).await;
    assert_eq!(st, 200, "{all}");
    let done: Vec<&serde_json::Value> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["status"] == "reviewed" || x["status"] == "completed")
        .collect();
    assert!(done.iter().any(|x| x["parties"].as_array().unwrap().len() == 3), "{all}");
    let (st, html) = c.text("/manage/exchanges").await;
    let html = unescape(&html);
    assert_eq!(st, 200);
    assert!(html.contains("Piccole riparazioni") && html.contains("somma dei saldi: 0:00"), "{html}");
    let (_, html) = member.text("/me/exchanges").await;
    let html = unescape(&html);
    assert!(html.contains("Scambi a catena per te") && html.contains("Saletta del Caffè della Porta"), "{html}");
    let (ok, out, err) = run_cli(&["ledger", "verify", "--database", "sqlite:portineria-demo.db"], dir.path());
    assert!(ok, "{out}{err}");
    assert!(out.contains("ledger verified: 9 entries"), "{out}");
}

/// `match cycles` reads TradeMaximizer's want lists: its small example trades
/// five items in a 3-cycle and a swap, two with swaps only; a malformed file
/// names its line and reason and fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn match_cycles_reads_a_want_list_file() {
    let dir = TempDir::new();
    let wants = dir.path().join("wants.txt");
    std::fs::write(
        &wants,
        "# a small math trade\n#! LINEAR-PRIORITIES\n(Alice) 1 : 3 2 6\n(Betty) 2 : 1 6 4 3\n(Craig) 3 : 6 2\n\
         (David) 4 : 2\n(Ethan) 5 : 1 2 3 4 6\n(Fiona) 6 : 1 2 7\n",
    )
    .unwrap();
    let path = wants.to_str().unwrap();
    let (ok, out, err) = run_cli(&["match", "cycles", "--input", path, "--json"], dir.path());
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["items_traded"], 5);
    let mut cycles: Vec<Vec<String>> = serde_json::from_value(v["cycles"].clone()).unwrap();
    cycles.sort();
    assert_eq!(cycles, vec![vec!["1", "3", "6"], vec!["2", "4"]]);
    assert!(err.contains("unknown item 7"), "{err}");
    let (ok, out, _) = run_cli(&["match", "cycles", "--input", path, "--max-cycle", "2", "--json"], dir.path());
    assert!(ok);
    assert_eq!(serde_json::from_str::<serde_json::Value>(out.trim()).unwrap()["items_traded"], 4);
    let (ok, out, _) = run_cli(&["match", "cycles", "--input", path], dir.path());
    assert!(ok);
    assert!(out.contains("(ALICE) 1 receives (CRAIG) 3"), "{out}");
    assert!(out.contains("Num trades  = 5 of 6 items"), "{out}");

    std::fs::write(&wants, "A : B\nC : D : E\n").unwrap();
    let (ok, _, err) = run_cli(&["match", "cycles", "--input", path], dir.path());
    assert!(!ok);
    assert!(err.contains("line 2") && err.contains("one colon"), "{err}");
}
