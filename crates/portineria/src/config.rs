//! Configuration: `portineria.toml`, then `PORTINERIA_*` environment
//! variables and command-line flags (which win).

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULT_DATABASE: &str = "sqlite:portineria.db";
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub database: Option<String>,
    pub listen: Option<String>,
    pub base_url: Option<String>,
    pub trust_proxy: Option<bool>,
    pub secure_cookies: Option<bool>,
    #[serde(default)]
    pub map: MapConfig,
    #[serde(default)]
    pub mail: MailConfig,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapConfig {
    pub tile_url: Option<String>,
    pub tile_attribution: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required`, `smtps://…`.
    pub smtp_url: Option<String>,
    pub from: Option<String>,
    /// Where mail goes when no SMTP server is configured.
    pub outbox: Option<PathBuf>,
    /// Whether this server sends the mail queued in the database (default
    /// true). With several servers on one database, some may only queue.
    pub send: Option<bool>,
    /// Seconds to wait before each new attempt after a failed send; after
    /// the last, the mail is given up (default 60, 300, 1800, 7200, 43200).
    pub retry_after: Option<Vec<i64>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("{path} is not valid: {message}")]
    Parse { path: String, message: String },
}

impl FileConfig {
    /// Reads `path` if given (it must exist), else `portineria.toml` if present.
    pub fn load(path: Option<&Path>) -> Result<Self, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("portineria.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => return Err(ConfigError::Read { path: path.display().to_string(), source }),
        };
        toml::from_str(&text)
            .map_err(|e| ConfigError::Parse { path: path.display().to_string(), message: e.to_string() })
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_bool(name: &str) -> Option<bool> {
    env(name).map(|v| matches!(v.trim(), "1" | "true" | "yes" | "on"))
}

/// Everything `serve` needs, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database: String,
    pub listen: String,
    pub web: portineria_web::WebConfig,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub outbox: PathBuf,
    /// Send the queued mail (`[mail] send`, `PORTINERIA_MAIL_SEND`).
    pub mail_send: bool,
    /// The sender's waits after failed attempts (`[mail] retry_after`,
    /// `PORTINERIA_MAIL_RETRY_AFTER="60,300,…"`).
    pub mail_retry_after: Vec<i64>,
}

/// `"60, 300,1800"` → seconds; `None` unless every part is a number ≥ 0.
fn seconds_list(v: &str) -> Option<Vec<i64>> {
    v.split(',').map(|p| p.trim().parse::<i64>().ok().filter(|n| *n >= 0)).collect()
}

impl Settings {
    /// Flags (already merged with their environment variables by clap) win
    /// over the file, which wins over defaults.
    pub fn resolve(file: &FileConfig, database: Option<String>, listen: Option<String>) -> Settings {
        let database = database.or_else(|| file.database.clone()).unwrap_or_else(|| DEFAULT_DATABASE.into());
        let listen = listen.or_else(|| file.listen.clone()).unwrap_or_else(|| DEFAULT_LISTEN.into());
        let base_url =
            env("PORTINERIA_BASE_URL").or_else(|| file.base_url.clone()).unwrap_or_else(|| format!("http://{listen}"));
        let defaults = portineria_web::WebConfig::default();
        let web = portineria_web::WebConfig {
            secure_cookies: env_bool("PORTINERIA_SECURE_COOKIES")
                .or(file.secure_cookies)
                .unwrap_or_else(|| base_url.starts_with("https://")),
            trust_proxy: env_bool("PORTINERIA_TRUST_PROXY").or(file.trust_proxy).unwrap_or(false),
            tile_url: env("PORTINERIA_TILE_URL").or_else(|| file.map.tile_url.clone()).unwrap_or(defaults.tile_url),
            tile_attribution: env("PORTINERIA_TILE_ATTRIBUTION")
                .or_else(|| file.map.tile_attribution.clone())
                .unwrap_or(defaults.tile_attribution),
            base_url,
            ..defaults
        };
        Settings {
            database,
            listen,
            web,
            smtp_url: env("PORTINERIA_SMTP_URL").or_else(|| file.mail.smtp_url.clone()),
            mail_from: env("PORTINERIA_MAIL_FROM")
                .or_else(|| file.mail.from.clone())
                .unwrap_or_else(|| "Portineria <noreply@portineria.invalid>".into()),
            outbox: env("PORTINERIA_MAIL_OUTBOX")
                .map(PathBuf::from)
                .or_else(|| file.mail.outbox.clone())
                .unwrap_or_else(|| PathBuf::from("mail-outbox")),
            mail_send: env_bool("PORTINERIA_MAIL_SEND").or(file.mail.send).unwrap_or(true),
            mail_retry_after: env("PORTINERIA_MAIL_RETRY_AFTER")
                .and_then(|v| seconds_list(&v))
                .or_else(|| file.mail.retry_after.clone().filter(|l| l.iter().all(|n| *n >= 0)))
                .unwrap_or_else(|| portineria_web::outbox::RETRY_AFTER.to_vec()),
        }
    }
}
