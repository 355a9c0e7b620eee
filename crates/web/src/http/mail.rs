//! Outgoing mail: SMTP through lettre, or, with no SMTP configured, files in
//! a folder (and a line in the log), so nothing is lost in development.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Folder { dir: PathBuf, from: Mailbox },
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("bad address: {0}")]
    Address(String),
    #[error("could not build the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
    #[error("writing the mail file: {0}")]
    Io(#[from] std::io::Error),
}

impl MailError {
    /// Trying again will not help (a bad address, a message that cannot be built).
    pub fn is_permanent(&self) -> bool {
        matches!(self, MailError::Address(_) | MailError::Build(_))
    }
}

impl Mailer {
    /// `smtp_url`: `smtp://host:port` (plain, for a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS) or `smtps://…`.
    pub fn smtp(smtp_url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailError::Smtp(e.to_string()))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Mailer::Smtp { transport, from: from.parse().map_err(|_| MailError::Address(from.to_owned()))? })
    }

    pub fn folder(dir: PathBuf, from: &str) -> Result<Self, MailError> {
        Ok(Mailer::Folder { dir, from: from.parse().map_err(|_| MailError::Address(from.to_owned()))? })
    }

    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
        self.send_with_id(to, subject, body, None).await
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Folder { from, .. } => from,
        }
    }

    /// A Message-ID made of `local` and the sender's domain, the same each
    /// time for the same `local` (a mail sent twice is one to a mail client).
    pub fn message_id(&self, local: &str) -> String {
        format!("<{local}@{}>", self.from().email.domain())
    }

    /// Sends a message; `message_id` (`<…@…>`) is its Message-ID, else one
    /// is made up.
    pub async fn send_with_id(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        message_id: Option<&str>,
    ) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|_| MailError::Address(to.to_owned()))?;
        let message = Message::builder()
            .from(self.from().clone())
            .to(to.clone())
            .message_id(message_id.map(str::to_owned))
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| MailError::Build(e.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| MailError::Smtp(e.to_string()))?;
            }
            Mailer::Folder { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                let name = format!(
                    "{}-{}.eml",
                    jiff::Timestamp::now().as_millisecond(),
                    &crate::accounts::auth::random_token()[..8]
                );
                tokio::fs::write(dir.join(&name), message.formatted()).await?;
                tracing::info!(to = %to, subject, file = %dir.join(&name).display(), "mail written to folder:\n{body}");
            }
        }
        Ok(())
    }
}
