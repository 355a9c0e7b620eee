//! Portineria's use cases: one module per capability (`network`,
//! `accounts`, `bookings`, `passes`, `timebank`, `actors`, `listings`,
//! `exchanges`, `programme`, `outbox`), between the adapters (pages, the JSON
//! API, the mail sender, the command line) and the store.
//!
//! A use case takes the [`App`], the [`Caller`] and a typed command, and does
//! the whole operation: it authorises (`domain::policy`, with the hub and site
//! of the object as stored), validates with the domain's rules, writes
//! through the capability's store trait (one transaction, which also queues
//! the mail the change causes), and invalidates this server's caches. It
//! knows nothing of HTTP, HTML or languages: refusals are [`Error`]s whose
//! codes name Fluent messages, which each adapter renders its way.
//!
//! Architecture invariant: adapters call use cases and never each other;
//! use cases call the store through the capability traits, never an engine.

pub mod accounts;
pub mod actors;
pub mod bookings;
mod caller;
mod error;
pub mod exchanges;
pub mod listings;
pub mod network;
pub mod outbox;
pub mod passes;
pub mod programme;
pub mod timebank;

pub use caller::{Caller, Person};
pub use error::{Error, Result};

use jiff::Timestamp;
use portineria_store::Store;
use std::sync::Arc;

/// The rules of a deployment that use cases apply.
#[derive(Debug, Clone)]
pub struct Config {
    /// Failed sign-ins allowed per address and per client in 15 minutes.
    pub login_attempts_per_account: i64,
    pub login_attempts_per_client: i64,
    /// Session lifetime in seconds.
    pub session_seconds: i64,
}

impl Default for Config {
    fn default() -> Self {
        Config { login_attempts_per_account: 5, login_attempts_per_client: 30, session_seconds: 30 * 86_400 }
    }
}

/// The current instant; fixed in tests that need a known time.
#[derive(Debug, Clone, Copy, Default)]
pub enum Clock {
    #[default]
    System,
    Fixed(Timestamp),
    /// Unix seconds that a test moves forward (a stay of an hour, a day later).
    Manual(&'static std::sync::atomic::AtomicI64),
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Timestamp::now(),
            Clock::Fixed(t) => *t,
            Clock::Manual(s) => {
                Timestamp::from_second(s.load(std::sync::atomic::Ordering::SeqCst)).unwrap_or_else(|_| Timestamp::now())
            }
        }
    }
}

/// What every use case shares: the store, the rules, the clock and this
/// server's caches. One `Arc`: cloning it is one counter.
#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    /// Reached by each use-case module through its capability's trait
    /// (`app.timebank_store()`: `&dyn TimebankStore`), never by adapters.
    pub(crate) store: Arc<dyn Store>,
    pub config: Config,
    pub clock: Clock,
    /// Every site of the network, kept current (see `network::SiteIndexCache`).
    pub sites: Arc<network::SiteIndexCache>,
    /// What is happening now, shared for a moment.
    pub live: Arc<bookings::LiveCache>,
    /// The written-out instants of availability grids, per period.
    pub slot_times: Arc<bookings::SlotTimes>,
    /// Open offers and demands, kept current, for ranked matches.
    pub matches: Arc<listings::MatchIndex>,
    /// The key that signs personal QR codes, read once from the store.
    pub qr_key: tokio::sync::OnceCell<Vec<u8>>,
    /// Wakes this server's mail sender after a change that may have queued
    /// mail (the rows are written by the change's own transaction).
    pub mail_wake: tokio::sync::Notify,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// The use cases over `store`. Listens for other servers' changes to the
    /// network (where the engine can tell).
    pub fn new(store: Arc<dyn Store>, config: Config, clock: Clock) -> App {
        let sites = Arc::new(network::SiteIndexCache::default());
        let notified = sites.clone();
        store.subscribe_changes(Arc::new(move || notified.mark_dirty()));
        App(Arc::new(Inner {
            store,
            config,
            clock,
            sites,
            live: Arc::default(),
            slot_times: Arc::default(),
            matches: Arc::default(),
            qr_key: tokio::sync::OnceCell::new(),
            mail_wake: tokio::sync::Notify::new(),
        }))
    }

    /// A caller with nobody signed in, at this server's now.
    pub fn anonymous(&self) -> Caller {
        Caller::anonymous(self.clock.now())
    }

    /// Every site of the network, as of the store's current revision.
    pub async fn sites(&self) -> Result<Arc<network::SiteIndex>> {
        Ok(self.sites.get(self.store.as_ref()).await?)
    }

    /// Wakes this server's mail sender when `queued` mails were queued;
    /// answers `queued`.
    pub fn mail_queued(&self, queued: usize) -> usize {
        if queued > 0 {
            self.mail_wake.notify_one();
        }
        queued
    }

    /// Closes the store's connections (a server that is stopping).
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// The network's name as last loaded (no query; for error pages).
    pub fn network_name(&self) -> String {
        let name = self.sites.snapshot().network_name.clone();
        if name.is_empty() { "Portineria".to_owned() } else { name }
    }
}
