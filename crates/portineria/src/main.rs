//! `portineria`: the augmented concierge of a neighbourhood.

use clap::{Parser, Subcommand};
use portineria::config::{FileConfig, Settings};
use portineria::{CliError, admin, bench, demo, mailsink, matching, open_store, server};
use std::path::PathBuf;

/// mimalloc rather than glibc's malloc: requests allocate on one thread and
/// free on another (tokio moves tasks, SQLite runs on its own threads), which
/// glibc's arenas serialise behind a lock and keep apart as idle memory.
/// Measured in `docs/performance.md` ("After issue 3").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "portineria",
    version,
    about = "Runs a neighbourhood's network of proximity coworkings and community hubs."
)]
struct Cli {
    /// Configuration file (default: ./portineria.toml when present).
    #[arg(long, global = true, env = "PORTINERIA_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DatabaseArg {
    /// `sqlite:PATH` (embedded, the default `sqlite:portineria.db`) or `postgres://…`.
    #[arg(long, env = "PORTINERIA_DATABASE_URL")]
    database: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web pages and the API.
    Serve {
        #[command(flatten)]
        db: DatabaseArg,
        /// Address and port to listen on (default 127.0.0.1:8080).
        #[arg(long, env = "PORTINERIA_LISTEN")]
        listen: Option<String>,
    },
    /// Seed a fresh database with the demo city and serve it.
    Demo {
        /// Default: a fresh `portineria-demo.db` in the current folder (replaced if present).
        #[arg(long)]
        database: Option<String>,
        #[arg(long, env = "PORTINERIA_LISTEN")]
        listen: Option<String>,
        /// Seed and exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Write a consistent copy of the live database to FILE.
    Backup {
        file: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Measure: generate a synthetic city, serve it in-process and load it over loopback.
    Bench {
        /// s, m or l (l = 100 hubs × 1,000 accounts × 500 places).
        #[arg(long, default_value = "s")]
        scale: String,
        /// Concurrent keep-alive connections.
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// Seconds per run (each scenario runs once, then its reference runs).
        #[arg(long, default_value_t = 10.0)]
        duration: f64,
        /// Print one JSON object on stdout instead of a table.
        #[arg(long)]
        json: bool,
        /// Run only these scenarios (comma-separated): home, directory_filter, site_page, sites_api_near,
        /// geojson, place_page, availability, matches, programme_page, programme_api, booking, booking_http,
        /// ledger, enrolment, match_cycles.
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// The time bank's ledger.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Exchanges among several parties.
    Match {
        #[command(subcommand)]
        command: MatchCommand,
    },
    /// A development SMTP server that writes every message to a folder.
    MailSink {
        #[arg(long, default_value = "127.0.0.1:2525")]
        listen: String,
        #[arg(long, default_value = "mail-outbox")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum LedgerCommand {
    /// Recompute the hash chain and every balance; report any mismatch
    /// (exit status 1 if there is one).
    Verify {
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum MatchCommand {
    /// The exchange cycles of a want-list file in TradeMaximizer's format
    /// (`ITEM WANT1 WANT2 …` or `(user) ITEM : WANTS`, `#` comments, `#!`
    /// options, `!BEGIN-OFFICIAL-NAMES`): the largest set of disjoint cycles.
    Cycles {
        #[arg(long)]
        input: PathBuf,
        /// The most items in one cycle; 0 = any length (TradeMaximizer's result).
        #[arg(long, default_value_t = 3)]
        max_cycle: usize,
        /// Print `{"cycles":[["ITEM",…],…],"items_traded":N,"optimal":true}`.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (or add roles to an existing one).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: Option<String>,
        /// admin, manager:HUB, member:HUB or host:HUB/SITE (slugs); repeatable.
        #[arg(long = "role")]
        roles: Vec<String>,
        /// The password (else one is generated and printed).
        #[arg(long, env = "PORTINERIA_USER_PASSWORD")]
        password: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token for an account and print it.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    // The bench serves thousands of requests a second (and queues a
    // confirmation for each booking): only warnings, unless asked.
    let default_filter =
        if matches!(cli.command, Command::Bench { .. }) { "warn,sqlx=error" } else { "info,sqlx=warn" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PORTINERIA_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let file = FileConfig::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { db, listen } => {
            let settings = Settings::resolve(&file, db.database, listen);
            let store = open_store(&settings.database).await?;
            let listener = server::bind(&settings.listen).await?;
            eprintln!("Portineria on http://{} ({})", listener.local_addr()?, store.engine().as_str());
            server::run(listener, server::state(store, &settings)?, server::sender(&settings)).await
        }
        Command::Demo { database, listen, no_serve } => {
            let database = database.unwrap_or_else(|| {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("portineria-demo.db{suffix}"));
                }
                "sqlite:portineria-demo.db".to_owned()
            });
            let settings = Settings::resolve(&file, Some(database), listen);
            let store = open_store(&settings.database).await?;
            if !store.is_empty().await? {
                return Err(CliError::Usage(format!(
                    "{} already holds data; the demo seeds only an empty database",
                    settings.database
                )));
            }
            let seeded = demo::seed(store.as_ref()).await?;
            println!(
                "Demo city seeded: {} hubs, {} sites, {} places, {} people ({}).",
                seeded.hubs,
                seeded.sites,
                seeded.places,
                seeded.people.len(),
                store.engine().as_str()
            );
            let c = &seeded.coworking;
            println!(
                "Diffuse coworking: {} plans, {} sales, {} past stays, {} people in now, {} bookings ahead.",
                c.plans, c.sales, c.stays, c.present, c.bookings
            );
            println!(
                "Platform: {} local actors, {} offers and demands, {} time-bank entries.",
                seeded.platform.actors, seeded.platform.listings, seeded.platform.entries
            );
            println!(
                "Programme: {} courses and events, {} sessions, {} enrolments, {} presences marked (open /programme).",
                seeded.programme.events,
                seeded.programme.sessions,
                seeded.programme.enrolments,
                seeded.programme.presences
            );
            if no_serve {
                store.close().await;
                return Ok(());
            }
            let listener = server::bind(&settings.listen).await?;
            println!("\nOpen http://{}/\n", listener.local_addr()?);
            println!("Demo logins (password: {}):", demo::DEMO_PASSWORD);
            for (email, name, roles) in seeded.people.iter().filter(|p| {
                p.0.split('@').next().is_some_and(|l| matches!(l, "admin" | "manager" | "host" | "member" | "resident"))
            }) {
                let roles = if roles.is_empty() { "resident".to_owned() } else { roles.join(", ") };
                println!("  {email:<32} {name:<24} {roles}");
            }
            println!("\nMail (password resets) is written to {}/ and the log.", settings.outbox.display());
            server::run(listener, server::state(store, &settings)?, server::sender(&settings)).await
        }
        Command::Migrate { db } => {
            let settings = Settings::resolve(&file, db.database, None);
            let store = open_store(&settings.database).await?;
            println!("{} is up to date", settings.database);
            store.close().await;
            Ok(())
        }
        Command::Backup { file: out, db } => {
            let settings = Settings::resolve(&file, db.database, None);
            let store = open_store(&settings.database).await?;
            store.backup(&out).await?;
            println!("backup written to {}", out.display());
            store.close().await;
            Ok(())
        }
        Command::User { command: UserCommand::Create { email, name, roles, password, db } } => {
            let settings = Settings::resolve(&file, db.database, None);
            let store = open_store(&settings.database).await?;
            let r = admin::user_create(store.as_ref(), &email, name.as_deref(), password, &roles).await;
            store.close().await;
            r
        }
        Command::Token { command: TokenCommand::Create { email, name, db } } => {
            let settings = Settings::resolve(&file, db.database, None);
            let store = open_store(&settings.database).await?;
            let r = admin::token_create(store.as_ref(), &email, &name).await;
            store.close().await;
            r
        }
        Command::MailSink { listen, dir } => mailsink::run(&listen, dir).await,
        Command::Bench { scale, connections, duration, json, only } => {
            let scale = bench::Scale::parse(&scale)
                .ok_or_else(|| CliError::Usage(format!("unknown scale {scale}: use s, m or l")))?;
            if connections == 0 || !(duration > 0.0 && duration <= 600.0) {
                return Err(CliError::Usage(
                    "--connections must be at least 1 and --duration between 0 and 600 seconds".into(),
                ));
            }
            // The generated want list grows with the scale: 3,000 items and
            // 90,000 wants at `l`.
            let (items, wants) = match scale.name {
                "s" => (300, 9_000),
                "m" => (1_000, 30_000),
                _ => (3_000, 90_000),
            };
            fn to_json(v: &impl serde::Serialize) -> Result<String, CliError> {
                serde_json::to_string(v).map_err(|e| CliError::Other(e.to_string()))
            }
            if only.len() == 1 && only[0] == "match_cycles" {
                let b = tokio::task::spawn_blocking(move || matching::bench(items, wants))
                    .await
                    .map_err(|e| CliError::Other(e.to_string()))??;
                if json {
                    println!("{}", to_json(&b)?)
                } else {
                    matching::print_bench(&b)
                }
                return Ok(());
            }
            let with_matching = only.is_empty() || only.iter().any(|o| o == "match_cycles");
            let mut report = bench::run(bench::Options {
                scale,
                connections,
                duration: std::time::Duration::from_secs_f64(duration),
                json,
                only,
            })
            .await?;
            if with_matching {
                if !json {
                    eprintln!("running match cycles on {items} items and {wants} wants");
                }
                report.match_cycles = Some(
                    tokio::task::spawn_blocking(move || matching::bench(items, wants))
                        .await
                        .map_err(|e| CliError::Other(e.to_string()))??,
                );
            }
            if json {
                println!("{}", to_json(&report)?);
            } else {
                bench::print_table(&report);
                if let Some(b) = &report.match_cycles {
                    println!();
                    matching::print_bench(b);
                }
            }
            Ok(())
        }
        Command::Ledger { command: LedgerCommand::Verify { db } } => {
            let settings = Settings::resolve(&file, db.database, None);
            let store = open_store(&settings.database).await?;
            let v = admin::ledger_verification(store.as_ref()).await;
            store.close().await;
            let v = v?;
            let total: i64 = v.balances.values().sum();
            for m in &v.mismatches {
                println!("mismatch: {m}");
            }
            if v.ok() {
                println!(
                    "ledger verified: {} entries, {} accounts with entries, balances sum to {total}",
                    v.entries,
                    v.balances.len()
                );
                Ok(())
            } else {
                Err(CliError::Other(format!("ledger does not verify: {} mismatches", v.mismatches.len())))
            }
        }
        Command::Match { command: MatchCommand::Cycles { input, max_cycle, json } } => {
            let text = std::fs::read_to_string(&input)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", input.display())))?;
            let report = tokio::task::spawn_blocking(move || matching::cycles_of(&text, max_cycle))
                .await
                .map_err(|e| CliError::Other(e.to_string()))??;
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            if json {
                println!("{}", serde_json::to_string(&report).map_err(|e| CliError::Other(e.to_string()))?);
            } else {
                matching::print_text(&report, max_cycle);
            }
            Ok(())
        }
    }
}
