//! Administration from the command line: accounts, roles, tokens.

use crate::CliError;
use portineria_domain::policy::Grant;
use portineria_store::{NewAccount, Store, Who};

/// Parses `admin`, `manager:HUB`, `member:HUB`, `host:HUB/SITE` (slugs).
pub async fn resolve_role(store: &dyn Store, role: &str) -> Result<Grant, CliError> {
    let unknown =
        || CliError::Usage(format!("unknown role {role}: use admin, manager:HUB, member:HUB or host:HUB/SITE"));
    let (kind, target) = match role.split_once(':') {
        Some((k, t)) => (k, Some(t)),
        None => (role, None),
    };
    let hub = |slug: String| async move {
        store.hub_by_slug(&slug).await?.ok_or_else(|| CliError::Usage(format!("no hub with slug {slug}"))).map(|h| h.id)
    };
    match (kind, target) {
        ("admin", None) => Ok(Grant::Admin),
        ("manager", Some(t)) => Ok(Grant::Manager { hub: hub(t.to_owned()).await? }),
        ("member", Some(t)) => Ok(Grant::Member { hub: hub(t.to_owned()).await? }),
        ("host", Some(t)) => {
            let (h, s) = t.split_once('/').ok_or_else(unknown)?;
            let hub_id = hub(h.to_owned()).await?;
            let site = store
                .site_by_slug(hub_id, s)
                .await?
                .ok_or_else(|| CliError::Usage(format!("hub {h} has no site with slug {s}")))?;
            Ok(Grant::Host { hub: hub_id, site: site.id })
        }
        _ => Err(unknown()),
    }
}

pub async fn hash(password: &str) -> Result<String, CliError> {
    portineria_app::accounts::hash_password(password.to_owned()).await.map_err(|e| CliError::Other(e.to_string()))
}

/// Creates the account if missing (with `password`), then adds the roles.
/// Returns the account id and whether it was created.
pub async fn ensure_user(
    store: &dyn Store,
    email: &str,
    name: &str,
    password_hash: &str,
    roles: &[Grant],
    who: &Who,
) -> Result<(i64, bool), CliError> {
    let email = portineria_domain::validate::email("email", email)
        .map_err(|_| CliError::Usage(format!("{email} is not a valid email address")))?;
    let (id, created) = match store.account_by_email(&email).await? {
        Some(a) => (a.id, false),
        None => {
            let now = jiff::Timestamp::now().as_second();
            let a = store
                .create_account(&NewAccount {
                    email: email.clone(),
                    display_name: name.to_owned(),
                    password_hash: password_hash.to_owned(),
                    locale: "it".into(),
                    now,
                })
                .await?;
            (a.id, true)
        }
    };
    for g in roles {
        store.add_grant(who, id, *g).await?;
    }
    Ok((id, created))
}

pub async fn user_create(
    store: &dyn Store,
    email: &str,
    name: Option<&str>,
    password: Option<String>,
    roles: &[String],
) -> Result<(), CliError> {
    let mut grants = Vec::new();
    for r in roles {
        grants.push(resolve_role(store, r).await?);
    }
    let (password, generated) = match password {
        Some(p) => (p, false),
        None => (portineria_app::accounts::random_token()[..20].to_owned(), true),
    };
    portineria_domain::validate::password("password", &password)
        .map_err(|_| CliError::Usage("the password needs at least 10 characters".into()))?;
    let name = name.map(str::to_owned).unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned());
    let who = Who::system("cli");
    let (id, created) = ensure_user(store, email, &name, &hash(&password).await?, &grants, &who).await?;
    if created {
        println!("created account {id} for {email}");
        if generated {
            println!("password: {password}");
        }
    } else {
        println!("account {id} for {email} already exists; roles added");
    }
    Ok(())
}

pub async fn token_create(store: &dyn Store, email: &str, name: &str) -> Result<(), CliError> {
    let email = email.trim().to_lowercase();
    let account =
        store.account_by_email(&email).await?.ok_or_else(|| CliError::Usage(format!("no account {email}")))?;
    let secret = portineria_app::accounts::new_api_token();
    let now = jiff::Timestamp::now().as_second();
    store.create_api_token(account.id, name, &portineria_app::accounts::hash_token(&secret), now).await?;
    println!("{secret}");
    Ok(())
}

/// `ledger verify`: the whole chain of the time bank recomputed, page by
/// page, and every account's balance compared with its entries.
pub async fn ledger_verification(store: &dyn Store) -> Result<portineria_domain::timebank::Verification, CliError> {
    let mut entries = Vec::new();
    let mut after = 0;
    loop {
        let page = store.ledger_entries(after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        entries.extend(page);
    }
    let stored = store.timebank_accounts().await?.iter().map(|a| (a.id, a.balance_minutes)).collect();
    Ok(portineria_domain::timebank::verify(&entries, &stored))
}
