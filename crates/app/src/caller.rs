//! Who asks: the signed-in person (their account and roles) or nobody, and
//! the instant the request is decided at.

use crate::{Error, Result};
use jiff::Timestamp;
use portineria_domain::policy::{Action, Roles, allows};
use portineria_store::{Account, Who};
use std::sync::Arc;

/// A signed-in person.
#[derive(Debug, Clone)]
pub struct Person {
    pub account: Account,
    pub roles: Roles,
    /// Authenticated by an API bearer token rather than a session cookie.
    pub via_token: bool,
}

/// Whoever makes a request, as every use case receives them.
#[derive(Debug, Clone)]
pub struct Caller {
    pub person: Option<Arc<Person>>,
    /// The instant this request is decided at (one per request).
    pub now: Timestamp,
    /// Where the request comes from (an address), for rate limits.
    pub client: String,
}

impl Caller {
    /// Nobody, at `now`.
    pub fn anonymous(now: Timestamp) -> Self {
        Caller { person: None, now, client: "local".into() }
    }

    /// The signed-in person, or `Unauthorized`.
    pub fn person(&self) -> Result<&Person> {
        self.person.as_deref().ok_or(Error::Unauthorized)
    }

    /// The signed-in person's account id, or `Unauthorized`.
    pub fn account_id(&self) -> Result<i64> {
        Ok(self.person()?.account.id)
    }

    /// The caller's roles (none when nobody is signed in).
    pub fn roles(&self) -> Roles {
        self.person.as_ref().map(|p| p.roles.clone()).unwrap_or_default()
    }

    /// Whether the policy lets the caller do `action`.
    pub fn may(&self, action: Action) -> bool {
        match &self.person {
            Some(p) => allows(&p.roles, action),
            None => allows(&Roles::default(), action),
        }
    }

    /// `Forbidden` unless the policy lets the signed-in caller do `action`
    /// (`Unauthorized` when nobody is signed in).
    pub fn require(&self, action: Action) -> Result<&Person> {
        let p = self.person()?;
        if allows(&p.roles, action) { Ok(p) } else { Err(Error::Forbidden) }
    }

    /// Who makes a change, as the audit log records it.
    pub fn who(&self) -> Who {
        match &self.person {
            Some(p) => Who::account(p.account.id, &p.account.email),
            None => Who::system("anonymous"),
        }
    }

    /// Whether the caller holds a role with a management page.
    pub fn is_staff(&self) -> bool {
        self.person.as_ref().is_some_and(|p| p.roles.has_staff_role())
    }

    /// `now` in Unix seconds.
    pub fn now_s(&self) -> i64 {
        self.now.as_second()
    }
}
