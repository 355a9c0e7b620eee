//! A development mail catcher: a small SMTP server that accepts every
//! message and writes it to a folder as an `.eml` file. Tests run it as a
//! real process on loopback; developers can point `smtp_url` at it.

use crate::CliError;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Largest message accepted, in bytes.
const MAX_MESSAGE: usize = 10 * 1024 * 1024;

pub async fn run(listen: &str, dir: PathBuf) -> Result<(), CliError> {
    tokio::fs::create_dir_all(&dir).await?;
    let listener = TcpListener::bind(listen).await?;
    println!("mail sink listening on {} writing to {}", listener.local_addr()?, dir.display());
    let counter = Arc::new(AtomicU64::new(0));
    let dir = Arc::new(dir);
    loop {
        let (stream, _) = listener.accept().await?;
        let (dir, counter) = (dir.clone(), counter.clone());
        tokio::spawn(async move {
            if let Err(e) = session(stream, &dir, &counter).await {
                tracing::warn!(error = %e, "mail sink session ended with an error");
            }
        });
    }
}

async fn session(stream: TcpStream, dir: &Path, counter: &AtomicU64) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 portineria-mail-sink ESMTP ready\r\n").await?;
    let mut envelope: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") {
            b"250-portineria-mail-sink\r\n250-8BITMIME\r\n250 SIZE 10485760\r\n"
        } else if command.starts_with("HELO") {
            b"250 portineria-mail-sink\r\n"
        } else if command.starts_with("MAIL FROM:") || command.starts_with("RCPT TO:") {
            envelope.push(line.trim_end().to_owned());
            b"250 OK\r\n"
        } else if command == "DATA" {
            write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
            let mut message = String::new();
            for e in &envelope {
                message.push_str(&format!("X-Envelope: {e}\r\n"));
            }
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                // Dot-stuffing (RFC 5321 4.5.2).
                message.push_str(line.strip_prefix('.').unwrap_or(&line));
                if message.len() > MAX_MESSAGE {
                    write.write_all(b"552 Message too large\r\n").await?;
                    return Ok(());
                }
            }
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let name = format!("{:013}-{n:06}.eml", jiff::Timestamp::now().as_millisecond());
            let tmp = dir.join(format!(".{name}.tmp"));
            tokio::fs::write(&tmp, message.as_bytes()).await?;
            tokio::fs::rename(&tmp, dir.join(&name)).await?;
            envelope.clear();
            b"250 OK: queued\r\n"
        } else if command == "RSET" {
            envelope.clear();
            b"250 OK\r\n"
        } else if command == "NOOP" {
            b"250 OK\r\n"
        } else if command == "QUIT" {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}
