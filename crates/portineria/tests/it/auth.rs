//! Accounts through HTTP: sign-up, sign-in limits, sign-out, password reset
//! by mail (through a real SMTP server process), tokens, export, erasure.

use crate::fixture::*;
use crate::harness::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_then_profile_and_duplicates_are_refused() {
    let (app, _) = app_with_fixture().await;
    let c = app.client();
    let r = c
        .post_form("/signup", &[("display_name", "Chiara"), ("email", "Chiara@Example.org"), ("password", "corta")])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("almeno 10 caratteri"));
    let r = c
        .post_form("/signup", &[("display_name", "Chiara"), ("email", "Chiara@Example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 303);
    let (s, html) = c.text("/profile?done=welcome").await;
    assert_eq!(s, 200);
    assert!(html.contains("chiara@example.org") && html.contains("Benvenuto"));
    let other = app.client();
    let r = other
        .post_form("/signup", &[("display_name", "C2"), ("email", "chiara@example.org"), ("password", PASSWORD)])
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Esiste già un account"));
    // The API signs up too.
    let (s, body) = other
        .api(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({"display_name":"Dario","email":"dario@example.org","password":PASSWORD})),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    let (s, body) = other
        .api(
            Method::POST,
            "/api/v1/accounts",
            None,
            Some(json!({"display_name":"Dario","email":"dario@example.org","password":PASSWORD})),
        )
        .await;
    assert_eq!((s, body["error"]["fields"][0]["code"].as_str()), (422, Some("email-taken")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_and_sign_out_ends_the_session() {
    let (app, _) = app_with_fixture().await;
    let c = app.client();
    for _ in 0..5 {
        assert_eq!(c.login(MEMBER_A, "sbagliata-sbagliata").await.status(), 401);
    }
    // Even the right password is refused while the limit holds.
    let r = c.login(MEMBER_A, PASSWORD).await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("Troppi tentativi"));
    // Another account from the same client is not locked out yet.
    assert_eq!(c.login(RESIDENT, PASSWORD).await.status(), 303);
    assert_eq!(c.get("/profile").await.status(), 200);
    let csrf = c.csrf().await;
    assert_eq!(c.post_form_raw("/logout", &[("csrf", &csrf)]).await.status(), 303);
    let r = c.get("/profile").await;
    assert_eq!(r.status(), 303, "signed out: sent to the login page");
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/login?next=/profile"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_by_mail_through_a_real_smtp_server() {
    let db = TestDb::new(Engine::Sqlite).await.unwrap();
    let (_sink, smtp, mail_dir) = mail_sink(db.dir.path()).await;
    let app = TestApp::spawn_with(db, AppOptions { smtp: Some(smtp), ..Default::default() }).await;
    fixture(app.store.as_ref()).await;
    let c = app.client();
    // An unknown address gets the same answer and no mail.
    let r = c.post_form("/password/forgot", &[("email", "nessuno@example.org")]).await;
    assert_eq!(r.status(), 200);
    let r = c.post_form("/password/forgot", &[("email", MEMBER_A)]).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("riceverai a breve"));
    let mut mails_now = Vec::new();
    for _ in 0..50 {
        mails_now = mails(&mail_dir);
        if !mails_now.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(mails_now.len(), 1);
    let mail = &quoted_printable(&mails_now[0]);
    assert!(mail.contains(&format!("RCPT TO:<{MEMBER_A}>")));
    assert!(mail.contains("Subject: Portineria: nuova password"));
    let start = mail.find("/password/reset?token=").unwrap() + "/password/reset?token=".len();
    let token: String = mail[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(token.len(), 64, "{mail}");
    // Too short: refused; then the new password works, the old does not.
    let r = c.post_form("/password/reset", &[("token", &token), ("password", "corta")]).await;
    assert_eq!(r.status(), 422);
    let r = c.post_form("/password/reset", &[("token", &token), ("password", "una-nuova-password")]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.client().login(MEMBER_A, PASSWORD).await.status(), 401);
    assert_eq!(app.client().login(MEMBER_A, "una-nuova-password").await.status(), 303);
    // The link works once.
    let r = c.post_form("/password/reset", &[("token", &token), ("password", "ancora-un-altra")]).await;
    assert_eq!(r.status(), 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_from_the_profile_and_the_api() {
    let (app, _) = app_with_fixture().await;
    let c = app.client();
    c.login(MANAGER_A, PASSWORD).await;
    let r = c.post_form("/profile/tokens", &[("name", "script notturno")]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let start = html.find("<code id=\"new-token\">").unwrap() + "<code id=\"new-token\">".len();
    let token = html[start..start + 67].to_owned();
    assert!(token.starts_with("pt_"));
    let api = app.client();
    let (s, me) = api.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 200);
    assert_eq!(me["email"], MANAGER_A);
    assert_eq!(me["roles"][0]["role"], "manager");
    // Sign in through the API for a token.
    let (s, t) = api
        .api(
            Method::POST,
            "/api/v1/auth/tokens",
            None,
            Some(json!({"email": MEMBER_A, "password": PASSWORD, "name": "app"})),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = api.api(Method::GET, "/api/v1/me", Some(t["token"].as_str().unwrap()), None).await;
    assert_eq!(s, 200);
    let (s, body) = api
        .api(
            Method::POST,
            "/api/v1/auth/tokens",
            None,
            Some(json!({"email": MEMBER_A, "password": "no-no-no-no", "name": "app"})),
        )
        .await;
    assert_eq!((s, body["error"]["code"].as_str()), (409, Some("bad_credentials")));
    // Revoking.
    let (_, list) = api.api(Method::GET, "/api/v1/me/tokens", Some(&token), None).await;
    let id = list["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("{list}"));
    let (s, _) = api.api(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), Some(&token), None).await;
    assert_eq!(s, 204);
    let (s, _) = api.api(Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(s, 401);
    let (s, _) = api.api(Method::GET, "/api/v1/me", Some("pt_forged"), None).await;
    assert_eq!(s, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_erase_from_the_profile() {
    let (app, _) = app_with_fixture().await;
    let c = app.client();
    c.login(MEMBER_A, PASSWORD).await;
    let r = c.get("/profile/export").await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let data: serde_json::Value = r.json().await.unwrap();
    assert_eq!(data["account"]["email"], MEMBER_A);
    assert_eq!(data["roles"][0]["role"], "member");
    assert!(data.to_string().find("password").is_none(), "no password hash in the export");
    let r = c.post_form("/profile/erase", &[("password", "sbagliata-davvero")]).await;
    assert_eq!(r.status(), 422);
    assert!(app.store.account_by_email(MEMBER_A).await.unwrap().is_some());
    let r = c.post_form("/profile/erase", &[("password", PASSWORD)]).await;
    assert_eq!(r.status(), 303);
    assert!(app.store.account_by_email(MEMBER_A).await.unwrap().is_none());
    assert_eq!(app.client().login(MEMBER_A, PASSWORD).await.status(), 401);
    assert_eq!(c.get("/profile").await.status(), 303);
}
