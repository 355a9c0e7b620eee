//! The two engines' migrations build the same schema.
//!
//! Each engine's migrations are run on a fresh database, and the schema is
//! read back from the catalogue (SQLite's `sqlite_schema` and pragmas,
//! PostgreSQL's `pg_catalog`) into one model: tables; columns with a type
//! family, nullability, default, generated id and order; the primary key;
//! indexes by what they index (columns or expressions, unique, partial
//! predicate, method), whatever their names; unique constraints; CHECK
//! constraints by the columns and literals they mention (their text differs
//! by engine); foreign keys with their `ON DELETE` and `ON UPDATE` actions.
//! Every difference must be listed in [`INTENDED`] (with its reason) or in
//! [`DRIFT`] (a mistake already shipped: migrations that have run in
//! production never change); anything else fails the test, and so does a
//! listed difference that no longer occurs.
//!
//! Triggers are not compared: each engine enforces some invariants its own
//! way. [`GUARDS`] says, per invariant, what enforces it on each engine; the
//! test checks that each trigger or constraint named there exists, and that
//! no trigger (and no exclusion constraint) exists that no invariant names.

use crate::harness::{Engine, TestDb, postgres_url, replace_database};
use portineria_store::sqlx::{self, Connection, PgConnection, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// Differences between the engines that are meant, each with its reason.
/// An entry is the exact line the comparison prints.
const INTENDED: &[(&str, &str)] = &[
    // Full-text search of sites (migration 0001): each engine indexes the
    // search document its own way, and `push_text_filter` asks each its way.
    (
        "table site_fts: only on sqlite (fts5 virtual table, with shadow tables site_fts_config, site_fts_data, \
         site_fts_docsize, site_fts_idx)",
        "SQLite's full-text index is an FTS5 table over sites.search, kept in step by the sites_fts_* triggers",
    ),
    (
        "index sites_search on sites (to_tsvector('simple', search)) using gin: only on postgres",
        "PostgreSQL's full-text index over the same document is a GIN index on its tsvector",
    ),
    // SQLite's INTEGER PRIMARY KEY is the rowid, which SQLite fills in when
    // an insert leaves it out; it cannot be told not to. These PostgreSQL
    // columns have no identity because the value is always given.
    (
        "column network.id: generated when left out on sqlite, never generated on postgres",
        "one row, id 1 (CHECK (id = 1)), inserted by migration 0001",
    ),
    (
        "column timebank_head.id: generated when left out on sqlite, never generated on postgres",
        "one row, id 1 (CHECK (id = 1)), inserted by migration 0007",
    ),
    (
        "column listing_rev.id: generated when left out on sqlite, never generated on postgres",
        "one row, id 1 (CHECK (id = 1)), inserted by migration 0012",
    ),
    (
        "column timebank_entries.id: generated when left out on sqlite, never generated on postgres",
        "an entry's id is hashed into the chain, so the store gives it (the head's count + 1) before inserting",
    ),
    (
        "column match_digests.account_id: generated when left out on sqlite, never generated on postgres",
        "the key is the person's account (a foreign key), never made up",
    ),
];

/// Differences that are mistakes, kept because the migrations that made them
/// have already run in production (a later migration on both engines may
/// remove one; then remove its entry here).
const DRIFT: &[(&str, &str)] = &[
    // drift found by this test: on SQLite a PRIMARY KEY column that is not
    // the rowid accepts NULL unless it also says NOT NULL (an old SQLite
    // quirk kept for compatibility), so these keys, written `TEXT PRIMARY
    // KEY` on both engines, take any number of NULLs on SQLite alone. The
    // store never writes NULL there.
    (
        "column sessions.token_hash: nullable on sqlite, not null on postgres",
        "migration 0001: `token_hash TEXT PRIMARY KEY` without NOT NULL",
    ),
    (
        "column password_resets.token_hash: nullable on sqlite, not null on postgres",
        "migration 0001: `token_hash TEXT PRIMARY KEY` without NOT NULL",
    ),
    (
        "column calendar_feeds.token_hash: nullable on sqlite, not null on postgres",
        "migration 0003: `token_hash TEXT PRIMARY KEY` without NOT NULL",
    ),
    (
        "column server_keys.name: nullable on sqlite, not null on postgres",
        "migration 0004: `name TEXT PRIMARY KEY` without NOT NULL",
    ),
];

/// What enforces one invariant on an engine.
#[derive(Debug)]
enum By {
    /// A trigger named `name` on `table`.
    Trigger { table: &'static str, name: &'static str },
    /// A CHECK constraint on `table` that mentions exactly these columns
    /// (in any order). Still compared between engines like any other.
    Check { table: &'static str, columns: &'static [&'static str] },
    /// A CHECK constraint with this name: one engine only, so it is left out
    /// of the comparison of CHECKs.
    NamedCheck { table: &'static str, name: &'static str },
    /// An exclusion constraint (PostgreSQL).
    Exclusion { table: &'static str, name: &'static str },
    /// An index with this name; `unique` says whether it must be unique.
    Index { table: &'static str, name: &'static str, unique: bool },
    /// A UNIQUE constraint over exactly these columns.
    Unique { table: &'static str, columns: &'static [&'static str] },
    /// A foreign key from `columns` of `table` to `references` (`ref_columns`).
    ForeignKey {
        table: &'static str,
        columns: &'static [&'static str],
        references: &'static str,
        ref_columns: &'static [&'static str],
    },
    /// SQLite's single writer: every write transaction is `BEGIN IMMEDIATE`
    /// on one connection, so a check and the write it allows cannot
    /// interleave with another writer. Not in the catalogue; says how.
    SingleWriter(&'static str),
    /// A row of `table` locked (`FOR UPDATE`) by the writer before it
    /// decides. Not in the catalogue; the table must exist.
    RowLock { table: &'static str, how: &'static str },
}

/// An invariant the database holds, and what holds it on each engine.
struct Guard {
    invariant: &'static str,
    sqlite: &'static [By],
    postgres: &'static [By],
}

/// Every trigger on either engine appears here, and every exclusion
/// constraint. See ARCHITECTURE.md, "Invariants and where they are enforced".
const GUARDS: &[Guard] = &[
    Guard {
        invariant: "no two confirmed bookings of a room, a hall or a lab overlap",
        sqlite: &[By::SingleWriter("book_in reads the place's bookings in force and decides inside BEGIN IMMEDIATE")],
        postgres: &[By::Exclusion { table: "bookings", name: "bookings_no_double_booking" }],
    },
    Guard {
        invariant: "a desk pool never holds more overlapping bookings than its capacity",
        sqlite: &[By::SingleWriter("book_in counts the peak of overlapping bookings inside BEGIN IMMEDIATE")],
        postgres: &[By::RowLock { table: "places", how: "book_in locks the place's row before it counts" }],
    },
    Guard {
        invariant: "no booking lasts more than 14 days (migration 0006)",
        sqlite: &[
            By::Trigger { table: "bookings", name: "bookings_at_most_14_days_insert" },
            By::Trigger { table: "bookings", name: "bookings_at_most_14_days_update" },
        ],
        postgres: &[By::NamedCheck { table: "bookings", name: "bookings_at_most_14_days" }],
    },
    Guard {
        invariant: "a site's full-text index follows its search document",
        sqlite: &[
            By::Trigger { table: "sites", name: "sites_fts_insert" },
            By::Trigger { table: "sites", name: "sites_fts_delete" },
            By::Trigger { table: "sites", name: "sites_fts_update" },
        ],
        postgres: &[By::Index { table: "sites", name: "sites_search", unique: false }],
    },
    Guard {
        invariant: "one account per address",
        sqlite: &[By::Index { table: "accounts", name: "accounts_email", unique: true }],
        postgres: &[By::Index { table: "accounts", name: "accounts_email", unique: true }],
    },
    Guard {
        invariant: "a host's site belongs to the hub the grant names",
        sqlite: &[By::ForeignKey {
            table: "grants",
            columns: &["site_id", "hub_id"],
            references: "sites",
            ref_columns: &["id", "hub_id"],
        }],
        postgres: &[By::ForeignKey {
            table: "grants",
            columns: &["site_id", "hub_id"],
            references: "sites",
            ref_columns: &["id", "hub_id"],
        }],
    },
    Guard {
        invariant: "a voucher's balance stays between zero and its total",
        sqlite: &[By::Check { table: "vouchers", columns: &["balance_minutes", "minutes_total"] }],
        postgres: &[By::Check { table: "vouchers", columns: &["balance_minutes", "minutes_total"] }],
    },
    Guard {
        invariant: "a pass never goes below zero entries or trainings",
        sqlite: &[
            By::Check { table: "passes", columns: &["entries_left"] },
            By::Check { table: "passes", columns: &["trainings_left"] },
        ],
        postgres: &[
            By::Check { table: "passes", columns: &["entries_left"] },
            By::Check { table: "passes", columns: &["trainings_left"] },
        ],
    },
    Guard {
        invariant: "a person is in at one site at a time",
        sqlite: &[By::Index { table: "checkins", name: "checkins_one_open", unique: true }],
        postgres: &[By::Index { table: "checkins", name: "checkins_one_open", unique: true }],
    },
    Guard {
        invariant: "time-bank balances move with every entry, so they sum to zero",
        sqlite: &[By::Trigger { table: "timebank_entries", name: "timebank_entries_apply" }],
        postgres: &[By::Trigger { table: "timebank_entries", name: "timebank_entries_apply" }],
    },
    Guard {
        invariant: "a time-bank balance stays between its account's lowest and highest balance",
        sqlite: &[By::Check {
            table: "timebank_accounts",
            columns: &["balance_minutes", "max_balance", "min_balance"],
        }],
        postgres: &[By::Check {
            table: "timebank_accounts",
            columns: &["balance_minutes", "max_balance", "min_balance"],
        }],
    },
    Guard {
        invariant: "a person or actor has one time-bank account",
        sqlite: &[By::Index { table: "timebank_accounts", name: "timebank_accounts_owner", unique: true }],
        postgres: &[By::Index { table: "timebank_accounts", name: "timebank_accounts_owner", unique: true }],
    },
    Guard {
        invariant: "time-bank entries are never updated or deleted",
        sqlite: &[
            By::Trigger { table: "timebank_entries", name: "timebank_entries_never_change" },
            By::Trigger { table: "timebank_entries", name: "timebank_entries_never_delete" },
        ],
        postgres: &[By::Trigger { table: "timebank_entries", name: "timebank_entries_frozen" }],
    },
    Guard {
        invariant: "each ledger entry follows the head of the chain, one entry per predecessor",
        sqlite: &[
            By::Trigger { table: "timebank_entries", name: "timebank_entries_follow" },
            By::Unique { table: "timebank_entries", columns: &["prev_hash"] },
        ],
        postgres: &[
            By::Trigger { table: "timebank_entries", name: "timebank_entries_check" },
            By::Unique { table: "timebank_entries", columns: &["prev_hash"] },
        ],
    },
    Guard {
        invariant: "a correction is one reversal that mirrors an entry that is not itself a reversal",
        sqlite: &[
            By::Trigger { table: "timebank_entries", name: "timebank_entries_mirror" },
            By::Unique { table: "timebank_entries", columns: &["reverses"] },
        ],
        postgres: &[
            By::Trigger { table: "timebank_entries", name: "timebank_entries_check" },
            By::Unique { table: "timebank_entries", columns: &["reverses"] },
        ],
    },
    Guard {
        invariant: "the taxonomy has two levels",
        sqlite: &[
            By::Trigger { table: "categories", name: "categories_two_levels" },
            By::Trigger { table: "categories", name: "categories_two_levels_update" },
        ],
        postgres: &[By::Trigger { table: "categories", name: "categories_two_levels" }],
    },
    Guard {
        invariant: "every listing write gets the next revision, in commit order",
        sqlite: &[
            By::Trigger { table: "listings", name: "listings_rev_insert" },
            By::Trigger { table: "listings", name: "listings_rev_update" },
            By::SingleWriter("the counter's order is the commit order"),
        ],
        postgres: &[
            By::Trigger { table: "listings", name: "listings_rev" },
            By::RowLock { table: "listing_rev", how: "the trigger's update holds the counter's row until commit" },
        ],
    },
    Guard {
        invariant: "a listing held by an accepted exchange cannot be taken by another; only an open listing is taken",
        sqlite: &[
            By::Trigger { table: "listings", name: "listings_taken_once" },
            By::Trigger { table: "listings", name: "listings_taken_open" },
        ],
        postgres: &[By::Trigger { table: "listings", name: "listings_take" }],
    },
    Guard {
        invariant: "an exchange is accepted only once every party has confirmed and its listings are taken",
        sqlite: &[By::Trigger { table: "exchanges", name: "exchanges_accepted" }],
        postgres: &[By::Trigger { table: "exchanges", name: "exchanges_accepted" }],
    },
    Guard {
        invariant: "a party answers an exchange once, and never takes it back",
        sqlite: &[By::Trigger { table: "exchange_parties", name: "exchange_parties_once" }],
        postgres: &[By::Trigger { table: "exchange_parties", name: "exchange_parties_once" }],
    },
    Guard {
        invariant: "a review is by a party, of someone it dealt with, in an exchange that is done (0011, 0014)",
        sqlite: &[By::Trigger { table: "exchange_reviews", name: "exchange_reviews_parties" }],
        postgres: &[By::Trigger { table: "exchange_reviews", name: "exchange_reviews_parties" }],
    },
    Guard {
        invariant: "events never have more enrolled than capacity, and the count follows the enrolments",
        sqlite: &[
            By::Trigger { table: "enrolments", name: "enrolments_count_insert" },
            By::Trigger { table: "enrolments", name: "enrolments_count_update" },
            By::Trigger { table: "enrolments", name: "enrolments_count_delete" },
            By::Check { table: "events", columns: &["capacity", "enrolled"] },
        ],
        postgres: &[
            By::Trigger { table: "enrolments", name: "enrolments_count" },
            By::Check { table: "events", columns: &["capacity", "enrolled"] },
        ],
    },
    Guard {
        invariant: "no enrolment into a cancelled event",
        sqlite: &[By::Trigger { table: "enrolments", name: "enrolments_open_event" }],
        postgres: &[By::Trigger { table: "enrolments", name: "enrolments_count" }],
    },
    Guard {
        invariant: "one live enrolment per person and event",
        sqlite: &[By::Index { table: "enrolments", name: "enrolments_one_live", unique: true }],
        postgres: &[By::Index { table: "enrolments", name: "enrolments_one_live", unique: true }],
    },
    Guard {
        invariant: "a mail is queued once per person and change (migration 0016: enqueue is ON CONFLICT (dedup) DO NOTHING)",
        sqlite: &[By::Unique { table: "outbox", columns: &["dedup"] }],
        postgres: &[By::Unique { table: "outbox", columns: &["dedup"] }],
    },
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_engines_migrate_to_the_same_schema() {
    let started = Instant::now();
    let Some(pg) = TestDb::new(Engine::Postgres).await else { return };
    let lite = TestDb::new(Engine::Sqlite).await.unwrap();
    let (sqlite, postgres) = tokio::join!(read_sqlite(&lite), read_postgres(&pg));
    drop_database(&pg.url).await;

    let accounted = |pick: fn(&Guard) -> &'static [By]| -> BTreeSet<(String, String)> {
        GUARDS
            .iter()
            .flat_map(pick)
            .filter_map(|by| match by {
                By::NamedCheck { table, name } | By::Exclusion { table, name } => {
                    Some((table.to_string(), name.to_string()))
                }
                _ => None,
            })
            .collect()
    };
    let differences = compare(&sqlite, &postgres, &accounted(|g| g.sqlite), &accounted(|g| g.postgres));

    let listed: BTreeMap<&str, &str> = INTENDED.iter().chain(DRIFT).copied().collect();
    assert_eq!(listed.len(), INTENDED.len() + DRIFT.len(), "a difference is listed twice");
    let unexpected: Vec<&String> = differences.iter().filter(|d| !listed.contains_key(d.as_str())).collect();
    let stale: Vec<&&str> = listed.keys().filter(|k| !differences.iter().any(|d| d == **k)).collect();
    let mut guards = check_guards("sqlite", &sqlite, |g| g.sqlite);
    guards.extend(check_guards("postgres", &postgres, |g| g.postgres));

    let mut report = String::new();
    if !unexpected.is_empty() {
        report += &format!(
            "\nSQLite's and PostgreSQL's migrated schemas differ \
             ({} not listed in INTENDED or DRIFT, tests/it/schema.rs):\n",
            unexpected.len()
        );
        for d in &unexpected {
            report += &format!("  {d}\n");
        }
    }
    if !stale.is_empty() {
        report += "\nlisted differences that no longer occur (remove them from INTENDED or DRIFT):\n";
        for d in &stale {
            report += &format!("  {d}\n");
        }
    }
    if !guards.is_empty() {
        report += "\nguarded invariants (GUARDS) that do not match the schemas:\n";
        for g in &guards {
            report += &format!("  {g}\n");
        }
    }
    assert!(report.is_empty(), "{report}");
    eprintln!(
        "schema: {} tables on SQLite, {} on PostgreSQL; {} triggers and {} triggers; {} differences, all listed \
         ({} intended, {} drift); {} guarded invariants; {:.2?}",
        sqlite.tables.len(),
        postgres.tables.len(),
        sqlite.triggers.len(),
        postgres.triggers.len(),
        differences.len(),
        INTENDED.len(),
        DRIFT.len(),
        GUARDS.len(),
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------
// The model both catalogues are read into.

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    /// Trigger name → its table.
    triggers: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Table {
    /// "table", "view", or "<module> virtual table" (with its shadow tables).
    kind: String,
    columns: Vec<Column>,
    primary_key: Vec<String>,
    /// By what they index: `(columns) where … using …`.
    indexes: BTreeMap<String, Index>,
    uniques: BTreeSet<Vec<String>>,
    checks: Vec<Check>,
    /// `(columns) -> table (columns)` → `on delete …, on update …`.
    foreign_keys: BTreeMap<String, String>,
    exclusions: BTreeSet<String>,
}

#[derive(Debug)]
struct Column {
    name: String,
    /// integer (64-bit), int32, text, real (64-bit), real32, boolean, blob…
    family: String,
    declared: String,
    not_null: bool,
    default: Option<String>,
    /// The database gives a value when the insert leaves it out: SQLite's
    /// rowid (`INTEGER PRIMARY KEY`), PostgreSQL's identity or sequence.
    generated: bool,
}

#[derive(Debug)]
struct Index {
    name: String,
    unique: bool,
}

#[derive(Debug)]
struct Check {
    name: Option<String>,
    /// `(columns) [literals]`: what the constraint mentions.
    fingerprint: String,
    columns: Vec<String>,
}

impl Table {
    fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    fn add_index(&mut self, columns: &[String], predicate: Option<String>, method: &str, index: Index) {
        let mut key = format!("({})", columns.join(", "));
        if let Some(p) = predicate {
            key += &format!(" where {p}");
        }
        if method != "btree" {
            key += &format!(" using {method}");
        }
        let mut unique_key = key.clone();
        let mut n = 1;
        while self.indexes.contains_key(&unique_key) {
            n += 1;
            unique_key = format!("{key} #{n}");
        }
        self.indexes.insert(unique_key, index);
    }

    fn add_check(&mut self, name: Option<String>, sql: &str) {
        let names: BTreeSet<&str> = self.columns.iter().map(|c| c.name.as_str()).collect();
        let toks = strip_casts(&tokens(sql));
        let mut columns = BTreeSet::new();
        let mut literals = BTreeSet::new();
        for t in &toks {
            match t {
                Tok::Word(w) if names.contains(w.as_str()) => {
                    columns.insert(w.clone());
                }
                // Signs are left out: PostgreSQL writes -90 as '-90'::integer.
                Tok::Str(s) if s.parse::<f64>().is_ok() => {
                    literals.insert(s.trim_start_matches('-').to_owned());
                }
                Tok::Str(s) => {
                    literals.insert(format!("'{s}'"));
                }
                Tok::Num(n) => {
                    literals.insert(n.clone());
                }
                _ => {}
            }
        }
        let columns: Vec<String> = columns.into_iter().collect();
        let literals: Vec<String> = literals.into_iter().collect();
        let fingerprint = format!("({}) [{}]", columns.join(", "), literals.join(", "));
        self.checks.push(Check { name, fingerprint, columns });
    }
}

// ---------------------------------------------------------------------------
// Reading SQLite.

async fn read_sqlite(db: &TestDb) -> Schema {
    let store = db.open().await;
    store.close().await;
    let mut conn = SqliteConnection::connect(&db.url).await.unwrap();
    let mut schema = Schema::default();

    let objects: Vec<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetch_all(&mut conn).await.unwrap();
    let sql_of = |kind: &str, name: &str| -> Option<String> {
        objects.iter().find(|o| o.0 == kind && o.1 == name).and_then(|o| o.3.clone())
    };
    for (kind, name, table, _) in &objects {
        if kind == "trigger" {
            schema.triggers.insert(name.clone(), table.clone());
        }
    }

    let list: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let shadows: Vec<&String> = list.iter().filter(|t| t.1 == "shadow").map(|t| &t.0).collect();
    for (name, kind, without_rowid) in &list {
        if name.starts_with("sqlite_") || name == "_sqlx_migrations" || kind == "shadow" {
            continue;
        }
        let sql = sql_of(if kind == "view" { "view" } else { "table" }, name).unwrap_or_default();
        let mut table = Table { kind: kind.clone(), ..Default::default() };
        if kind == "virtual" {
            let toks = tokens(&sql);
            let module = toks
                .iter()
                .position(|t| *t == Tok::Word("using".into()))
                .and_then(|i| toks.get(i + 1))
                .map(Tok::render)
                .unwrap_or_default();
            let mine: Vec<&str> =
                shadows.iter().filter(|s| s.starts_with(&format!("{name}_"))).map(|s| s.as_str()).collect();
            table.kind = format!("{module} virtual table, with shadow tables {}", mine.join(", "));
            schema.tables.insert(name.clone(), table);
            continue;
        }

        let cols: Vec<(String, String, i64, Option<String>, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1) ORDER BY cid")
                .bind(name)
                .fetch_all(&mut conn)
                .await
                .unwrap();
        let mut pk: Vec<(i64, String)> = cols.iter().filter(|c| c.4 > 0).map(|c| (c.4, c.0.clone())).collect();
        pk.sort();
        table.primary_key = pk.into_iter().map(|p| p.1).collect();
        for (col, declared, not_null, default, pk_pos) in &cols {
            // The rowid: never NULL, given when left out.
            let rowid = *without_rowid == 0
                && *pk_pos == 1
                && table.primary_key.len() == 1
                && declared.eq_ignore_ascii_case("INTEGER");
            table.columns.push(Column {
                name: col.clone(),
                family: sqlite_family(declared),
                declared: declared.clone(),
                not_null: *not_null != 0 || rowid,
                default: default.as_deref().map(|d| canonical(&tokens(d))),
                generated: rowid,
            });
        }

        // CHECK constraints are only in the table's text (ADD COLUMN appends to it).
        let toks = tokens(&sql);
        for (i, t) in toks.iter().enumerate() {
            if *t == Tok::Word("check".into()) && toks.get(i + 1) == Some(&Tok::Sym("(".into())) {
                let body = balanced(&toks, i + 1);
                let name = match (i.checked_sub(2).map(|j| &toks[j]), i.checked_sub(1).map(|j| &toks[j])) {
                    (Some(Tok::Word(c)), Some(Tok::Word(n))) if c == "constraint" => Some(n.clone()),
                    _ => None,
                };
                table.add_check(name, &render(body));
            }
        }

        let indexes: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT name, \"unique\", origin FROM pragma_index_list(?1) ORDER BY name")
                .bind(name)
                .fetch_all(&mut conn)
                .await
                .unwrap();
        for (index, unique, origin) in indexes {
            let cols: Vec<(Option<String>,)> = sqlx::query_as("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")
                .bind(&index)
                .fetch_all(&mut conn)
                .await
                .unwrap();
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    table.uniques.insert(cols.into_iter().map(|c| c.0.unwrap_or_default()).collect());
                }
                _ => {
                    let sql = sql_of("index", &index).unwrap_or_default();
                    let (columns, predicate) = parse_create_index(&sql);
                    table.add_index(&columns, predicate, "btree", Index { name: index, unique: unique != 0 });
                }
            }
        }

        let fks: Vec<SqliteForeignKey> = sqlx::query_as(
            "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?1) \
             ORDER BY id, seq",
        )
        .bind(name)
        .fetch_all(&mut conn)
        .await
        .unwrap();
        let mut grouped: BTreeMap<i64, Vec<&SqliteForeignKey>> = BTreeMap::new();
        for fk in &fks {
            grouped.entry(fk.0).or_default().push(fk);
        }
        for rows in grouped.values() {
            let target = rows[0].2.clone();
            let from: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
            let to: Vec<String> = if rows.iter().all(|r| r.4.is_some()) {
                rows.iter().map(|r| r.4.clone().unwrap_or_default()).collect()
            } else {
                // REFERENCES t without columns: t's primary key.
                sqlx::query_as::<_, (String, i64)>(
                    "SELECT name, pk FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
                )
                .bind(&target)
                .fetch_all(&mut conn)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.0)
                .collect()
            };
            table.foreign_keys.insert(
                format!("({}) -> {} ({})", from.join(", "), target, to.join(", ")),
                format!("on delete {}, on update {}", rows[0].6.to_lowercase(), rows[0].5.to_lowercase()),
            );
        }
        schema.tables.insert(name.clone(), table);
    }
    conn.close().await.unwrap();
    schema
}

/// A row of `pragma_foreign_key_list`: id, seq, table, from, to, on_update, on_delete.
type SqliteForeignKey = (i64, i64, String, String, Option<String>, String, String);

fn sqlite_family(declared: &str) -> String {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" | "BIGINT" => "integer".into(),
        "TEXT" => "text".into(),
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" => "real".into(),
        "BOOLEAN" => "boolean".into(),
        "BLOB" => "blob".into(),
        "" => "untyped".into(),
        other => format!("other ({other})"),
    }
}

/// The key columns (or expressions) and the predicate of `CREATE INDEX`.
fn parse_create_index(sql: &str) -> (Vec<String>, Option<String>) {
    let toks = tokens(sql);
    let Some(on) = toks.iter().position(|t| *t == Tok::Word("on".into())) else { return (vec![], None) };
    let Some(open) = toks.iter().skip(on).position(|t| *t == Tok::Sym("(".into())).map(|p| p + on) else {
        return (vec![], None);
    };
    let body = balanced(&toks, open);
    let mut columns = Vec::new();
    let mut depth = 0;
    let mut part: Vec<Tok> = Vec::new();
    for t in body.iter().chain(std::iter::once(&Tok::Sym(",".into()))) {
        match t {
            Tok::Sym(s) if s == "," && depth == 0 => {
                // The order of a key (ASC, DESC) is not compared.
                while matches!(part.last(), Some(Tok::Word(w)) if w == "asc" || w == "desc") {
                    part.pop();
                }
                columns.push(canonical(&part));
                part.clear();
                continue;
            }
            Tok::Sym(s) if s == "(" => depth += 1,
            Tok::Sym(s) if s == ")" => depth -= 1,
            _ => {}
        }
        part.push(t.clone());
    }
    let after = open + body.len() + 2;
    let predicate = match toks.get(after) {
        Some(Tok::Word(w)) if w == "where" => Some(canonical(&toks[after + 1..])),
        _ => None,
    };
    (columns, predicate)
}

// ---------------------------------------------------------------------------
// Reading PostgreSQL.

async fn read_postgres(db: &TestDb) -> Schema {
    let store = db.open().await;
    store.close().await;
    let mut conn = PgConnection::connect(&db.url).await.unwrap();
    let mut schema = Schema::default();

    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, c.relkind::text FROM pg_class c \
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f') \
           AND c.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (name, kind) in tables {
        let kind = match kind.as_str() {
            "r" | "p" => "table",
            "v" => "view",
            "m" => "materialized view",
            _ => "foreign table",
        };
        schema.tables.insert(name, Table { kind: kind.into(), ..Default::default() });
    }

    let columns: Vec<(String, String, String, bool, String, Option<String>)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull, \
                a.attidentity::text, pg_get_expr(d.adbin, d.adrelid) \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped \
         ORDER BY c.relname, a.attnum",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (table, name, declared, not_null, identity, default) in columns {
        let Some(t) = schema.tables.get_mut(&table) else { continue };
        let generated = !identity.is_empty() || default.as_deref().is_some_and(|d| d.starts_with("nextval("));
        t.columns.push(Column {
            name,
            family: postgres_family(&declared),
            declared,
            not_null,
            default: if generated { None } else { default.as_deref().map(|d| canonical(&tokens(d))) },
            generated,
        });
    }

    let constraints: Vec<PgConstraint> = sqlx::query_as(
        "SELECT c.conname::text, t.relname::text, c.contype::text, \
                COALESCE((SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                          FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord) \
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), ''), \
                f.relname::text, \
                COALESCE((SELECT string_agg(a.attname::text, ',' ORDER BY k.ord) \
                          FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord) \
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), ''), \
                c.confdeltype::text, c.confupdtype::text, pg_get_constraintdef(c.oid, true) \
             FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
             LEFT JOIN pg_class f ON f.oid = c.confrelid \
             WHERE t.relnamespace = 'public'::regnamespace \
             ORDER BY t.relname, c.conname",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (name, table, kind, cols, target, ref_cols, on_delete, on_update, def) in constraints {
        let Some(t) = schema.tables.get_mut(&table) else { continue };
        let cols: Vec<String> = cols.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect();
        match kind.as_str() {
            "p" => t.primary_key = cols,
            "u" => {
                t.uniques.insert(cols);
            }
            "c" => t.add_check(Some(name), def.trim_start_matches("CHECK ")),
            "x" => {
                t.exclusions.insert(name);
            }
            "f" => {
                t.foreign_keys.insert(
                    format!(
                        "({}) -> {} ({})",
                        cols.join(", "),
                        target.unwrap_or_default(),
                        ref_cols.split(',').collect::<Vec<_>>().join(", ")
                    ),
                    format!("on delete {}, on update {}", fk_action(&on_delete), fk_action(&on_update)),
                );
            }
            _ => {}
        }
    }

    let indexes: Vec<(String, String, bool, String, Option<String>, String)> = sqlx::query_as(
        "SELECT i.relname::text, t.relname::text, x.indisunique, am.amname::text, \
                pg_get_expr(x.indpred, x.indrelid, true), \
                (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), chr(31) ORDER BY k) \
                 FROM generate_series(1, x.indnkeyatts::int) AS k) \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_am am ON am.oid = i.relam \
         WHERE t.relnamespace = 'public'::regnamespace \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid \
                           AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) \
         ORDER BY t.relname, i.relname",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (name, table, unique, method, predicate, keys) in indexes {
        let Some(t) = schema.tables.get_mut(&table) else { continue };
        let columns: Vec<String> = keys.split('\u{1f}').map(|k| canonical(&tokens(k))).collect();
        let predicate = predicate.map(|p| canonical(&tokens(&p)));
        t.add_index(&columns, predicate, &method, Index { name, unique });
    }

    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT t.tgname::text, c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE NOT t.tgisinternal AND c.relnamespace = 'public'::regnamespace",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    schema.triggers = triggers.into_iter().collect();
    conn.close().await.unwrap();
    schema
}

/// A constraint: name, table, kind, columns, referenced table and columns,
/// `ON DELETE` and `ON UPDATE` codes, definition.
type PgConstraint = (String, String, String, String, Option<String>, String, String, String, String);

fn postgres_family(declared: &str) -> String {
    match declared {
        "bigint" => "integer".into(),
        "integer" | "smallint" => "int32".into(),
        "text" => "text".into(),
        "double precision" => "real".into(),
        "real" => "real32".into(),
        "boolean" => "boolean".into(),
        "bytea" => "blob".into(),
        d if d.starts_with("character varying") || d.starts_with("character(") => "text".into(),
        other => format!("other ({other})"),
    }
}

fn fk_action(code: &str) -> &'static str {
    match code {
        "a" => "no action",
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        _ => "?",
    }
}

async fn drop_database(url: &str) {
    let Some(admin) = postgres_url() else { return };
    let name = url.rsplit('/').next().unwrap_or_default().split('?').next().unwrap_or_default().to_owned();
    let mut conn = PgConnection::connect(&replace_database(&admin, "postgres")).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
}

// ---------------------------------------------------------------------------
// Comparing.

fn only_on(on_sqlite: bool) -> &'static str {
    if on_sqlite { "only on sqlite" } else { "only on postgres" }
}

fn describe(c: &Column, primary_key: &[String]) -> String {
    let mut s = format!("{}, {}", c.family, if c.not_null { "not null" } else { "nullable" });
    if primary_key.contains(&c.name) {
        s += ", primary key";
    }
    s
}

/// Every difference, one line each, in a stable order. `skip_*` are the
/// named constraints a guard accounts for on one engine alone.
fn compare(
    sqlite: &Schema,
    postgres: &Schema,
    skip_sqlite: &BTreeSet<(String, String)>,
    skip_postgres: &BTreeSet<(String, String)>,
) -> Vec<String> {
    let mut out = Vec::new();
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (Some(t), None) | (None, Some(t)) => {
                out.push(format!("table {name}: {} ({})", only_on(sqlite.tables.contains_key(name)), t.kind));
                continue;
            }
            (None, None) => continue,
        };
        if s.kind != p.kind {
            out.push(format!("table {name}: a {} on sqlite, a {} on postgres", s.kind, p.kind));
        }

        // Columns.
        let cols: BTreeSet<&String> = s.columns.iter().chain(&p.columns).map(|c| &c.name).collect();
        for col in cols {
            let (sc, pc) = match (s.column(col), p.column(col)) {
                (Some(a), Some(b)) => (a, b),
                (Some(c), None) => {
                    out.push(format!("column {name}.{col}: {} ({})", only_on(true), describe(c, &s.primary_key)));
                    continue;
                }
                (None, Some(c)) => {
                    out.push(format!("column {name}.{col}: {} ({})", only_on(false), describe(c, &p.primary_key)));
                    continue;
                }
                (None, None) => continue,
            };
            if sc.family != pc.family {
                out.push(format!(
                    "column {name}.{col}: type {} on sqlite ({}), {} on postgres ({})",
                    sc.family, sc.declared, pc.family, pc.declared
                ));
            }
            if sc.not_null != pc.not_null {
                let word = |n: bool| if n { "not null" } else { "nullable" };
                out.push(format!(
                    "column {name}.{col}: {} on sqlite, {} on postgres",
                    word(sc.not_null),
                    word(pc.not_null)
                ));
            }
            if sc.default != pc.default {
                let word = |d: &Option<String>| d.clone().unwrap_or_else(|| "no default".into());
                out.push(format!(
                    "column {name}.{col}: default {} on sqlite, {} on postgres",
                    word(&sc.default),
                    word(&pc.default)
                ));
            }
            if sc.generated != pc.generated {
                let word = |g: bool| if g { "generated when left out" } else { "never generated" };
                out.push(format!(
                    "column {name}.{col}: {} on sqlite, {} on postgres",
                    word(sc.generated),
                    word(pc.generated)
                ));
            }
        }
        let order = |t: &Table, other: &Table| -> Vec<String> {
            t.columns.iter().filter(|c| other.column(&c.name).is_some()).map(|c| c.name.clone()).collect()
        };
        let (so, po) = (order(s, p), order(p, s));
        if so != po {
            out.push(format!(
                "table {name}: columns in another order: sqlite ({}), postgres ({})",
                so.join(", "),
                po.join(", ")
            ));
        }
        if s.primary_key != p.primary_key {
            out.push(format!(
                "table {name}: primary key ({}) on sqlite, ({}) on postgres",
                s.primary_key.join(", "),
                p.primary_key.join(", ")
            ));
        }

        // Indexes, by what they index.
        let keys: BTreeSet<&String> = s.indexes.keys().chain(p.indexes.keys()).collect();
        for key in keys {
            match (s.indexes.get(key), p.indexes.get(key)) {
                (Some(a), Some(b)) => {
                    if a.unique != b.unique {
                        let word = |u: bool| if u { "unique" } else { "not unique" };
                        out.push(format!(
                            "index on {name} {key}: {} on sqlite, {} on postgres",
                            word(a.unique),
                            word(b.unique)
                        ));
                    }
                    if a.name != b.name {
                        out.push(format!("index on {name} {key}: named {} on sqlite, {} on postgres", a.name, b.name));
                    }
                }
                (Some(i), None) | (None, Some(i)) => {
                    let unique = if i.unique { "unique " } else { "" };
                    out.push(format!(
                        "{unique}index {} on {name} {key}: {}",
                        i.name,
                        only_on(s.indexes.contains_key(key))
                    ));
                }
                (None, None) => {}
            }
        }

        for u in s.uniques.symmetric_difference(&p.uniques) {
            out.push(format!("unique ({}) on {name}: {}", u.join(", "), only_on(s.uniques.contains(u))));
        }

        // CHECK constraints, by what they mention.
        let count = |t: &Table, skip: &BTreeSet<(String, String)>| -> BTreeMap<String, usize> {
            let mut m = BTreeMap::new();
            for c in &t.checks {
                if c.name.as_ref().is_some_and(|n| skip.contains(&(name.clone(), n.clone()))) {
                    continue;
                }
                *m.entry(c.fingerprint.clone()).or_insert(0) += 1;
            }
            m
        };
        let (sc, pc) = (count(s, skip_sqlite), count(p, skip_postgres));
        let prints: BTreeSet<&String> = sc.keys().chain(pc.keys()).collect();
        for fp in prints {
            let (a, b) = (sc.get(fp).copied().unwrap_or(0), pc.get(fp).copied().unwrap_or(0));
            if a != b {
                out.push(format!("check on {name} mentioning {fp}: {a} on sqlite, {b} on postgres"));
            }
        }

        let fks: BTreeSet<&String> = s.foreign_keys.keys().chain(p.foreign_keys.keys()).collect();
        for fk in fks {
            match (s.foreign_keys.get(fk), p.foreign_keys.get(fk)) {
                (Some(a), Some(b)) if a != b => {
                    out.push(format!("foreign key {name} {fk}: sqlite ({a}), postgres ({b})"));
                }
                (Some(_), None) | (None, Some(_)) => {
                    out.push(format!("foreign key {name} {fk}: {}", only_on(s.foreign_keys.contains_key(fk))));
                }
                _ => {}
            }
        }

        for x in s.exclusions.iter().chain(&p.exclusions) {
            let on_sqlite = s.exclusions.contains(x);
            let skip = if on_sqlite { skip_sqlite } else { skip_postgres };
            if !skip.contains(&(name.clone(), x.clone())) {
                out.push(format!("exclusion constraint {x} on {name}: {}", only_on(on_sqlite)));
            }
        }
    }
    out
}

/// What in `GUARDS` does not match one engine's schema: a named trigger or
/// constraint that is missing, or a trigger or exclusion no guard names.
fn check_guards(engine: &str, schema: &Schema, pick: fn(&Guard) -> &'static [By]) -> Vec<String> {
    let mut out = Vec::new();
    let mut named_triggers = BTreeSet::new();
    let mut named_exclusions = BTreeSet::new();
    for guard in GUARDS {
        let by = pick(guard);
        if by.is_empty() {
            out.push(format!("\"{}\": nothing named on {engine}", guard.invariant));
        }
        for b in by {
            let missing = match b {
                By::Trigger { table, name } => {
                    named_triggers.insert(*name);
                    (schema.triggers.get(*name).map(String::as_str) != Some(*table))
                        .then(|| format!("no trigger {name} on {table}"))
                }
                By::Check { table, columns } => {
                    let mut want: Vec<&str> = columns.to_vec();
                    want.sort_unstable();
                    let found = schema.tables.get(*table).is_some_and(|t| {
                        t.checks.iter().any(|c| c.columns.iter().map(String::as_str).eq(want.iter().copied()))
                    });
                    (!found).then(|| format!("no CHECK on {table} mentioning ({})", want.join(", ")))
                }
                By::NamedCheck { table, name } => {
                    let found = schema
                        .tables
                        .get(*table)
                        .is_some_and(|t| t.checks.iter().any(|c| c.name.as_deref() == Some(*name)));
                    (!found).then(|| format!("no CHECK {name} on {table}"))
                }
                By::Exclusion { table, name } => {
                    named_exclusions.insert((*table, *name));
                    let found = schema.tables.get(*table).is_some_and(|t| t.exclusions.contains(*name));
                    (!found).then(|| format!("no exclusion constraint {name} on {table}"))
                }
                By::Index { table, name, unique } => {
                    let found = schema
                        .tables
                        .get(*table)
                        .is_some_and(|t| t.indexes.values().any(|i| i.name == *name && i.unique == *unique));
                    let kind = if *unique { "unique index" } else { "index" };
                    (!found).then(|| format!("no {kind} {name} on {table}"))
                }
                By::Unique { table, columns } => {
                    let want: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
                    let found = schema.tables.get(*table).is_some_and(|t| t.uniques.contains(&want));
                    (!found).then(|| format!("no UNIQUE ({}) on {table}", want.join(", ")))
                }
                By::ForeignKey { table, columns, references, ref_columns } => {
                    let key = format!("({}) -> {references} ({})", columns.join(", "), ref_columns.join(", "));
                    let found = schema.tables.get(*table).is_some_and(|t| t.foreign_keys.contains_key(&key));
                    (!found).then(|| format!("no foreign key {table} {key}"))
                }
                By::SingleWriter(how) => (engine != "sqlite").then(|| format!("no single writer (named for: {how})")),
                By::RowLock { table, how } => {
                    (!schema.tables.contains_key(*table)).then(|| format!("no table {table} to lock a row of ({how})"))
                }
            };
            if let Some(m) = missing {
                out.push(format!("\"{}\": {engine} has {m}", guard.invariant));
            }
        }
    }
    for (trigger, table) in &schema.triggers {
        if !named_triggers.contains(trigger.as_str()) {
            out.push(format!("trigger {trigger} on {table} ({engine}): no guarded invariant names it"));
        }
    }
    for (table, t) in &schema.tables {
        for x in &t.exclusions {
            if !named_exclusions.contains(&(table.as_str(), x.as_str())) {
                out.push(format!("exclusion constraint {x} on {table} ({engine}): no guarded invariant names it"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Just enough SQL lexing to compare expressions written by two engines.

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// An identifier or keyword, lower-cased (a quoted identifier unquoted).
    Word(String),
    Str(String),
    Num(String),
    Sym(String),
}

impl Tok {
    fn render(&self) -> String {
        match self {
            Tok::Word(s) | Tok::Num(s) | Tok::Sym(s) => s.clone(),
            Tok::Str(s) => format!("'{}'", s.replace('\'', "''")),
        }
    }
}

fn tokens(sql: &str) -> Vec<Tok> {
    let c: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '-' && next == Some('-') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            i += 2;
            while i < c.len() && !(c[i] == '*' && c.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if ch == '\'' || ch == '"' {
            let mut s = String::new();
            i += 1;
            while i < c.len() {
                if c[i] == ch {
                    if c.get(i + 1) == Some(&ch) {
                        s.push(ch);
                        i += 2;
                        continue;
                    }
                    break;
                }
                s.push(c[i]);
                i += 1;
            }
            i += 1;
            out.push(if ch == '\'' { Tok::Str(s) } else { Tok::Word(s.to_lowercase()) });
        } else if ch.is_ascii_digit() {
            let start = i;
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(c[start..i].iter().collect()));
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '$') {
                i += 1;
            }
            out.push(Tok::Word(c[start..i].iter().collect::<String>().to_lowercase()));
        } else {
            let two: String = [ch, next.unwrap_or(' ')].iter().collect();
            if ["::", "<>", "<=", ">=", "!=", "||", "&&", "=="].contains(&two.as_str()) {
                out.push(Tok::Sym(two));
                i += 2;
            } else {
                out.push(Tok::Sym(ch.to_string()));
                i += 1;
            }
        }
    }
    out
}

/// The tokens between the parenthesis at `open` and its match.
fn balanced(toks: &[Tok], open: usize) -> &[Tok] {
    let mut depth = 0;
    for (j, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Sym(s) if s == "(" => depth += 1,
            Tok::Sym(s) if s == ")" => {
                depth -= 1;
                if depth == 0 {
                    return &toks[open + 1..j];
                }
            }
            _ => {}
        }
    }
    &toks[(open + 1).min(toks.len())..]
}

/// PostgreSQL's casts (`'x'::text`, `0::bigint`, `::double precision`) left out.
fn strip_casts(toks: &[Tok]) -> Vec<Tok> {
    const MORE: &[&str] = &["precision", "varying", "with", "without", "time", "zone"];
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i] == Tok::Sym("::".into()) {
            i += 1;
            if matches!(toks.get(i), Some(Tok::Word(_))) {
                i += 1;
            }
            while matches!(toks.get(i), Some(Tok::Word(w)) if MORE.contains(&w.as_str())) {
                i += 1;
            }
            if toks.get(i) == Some(&Tok::Sym("[".into())) && toks.get(i + 1) == Some(&Tok::Sym("]".into())) {
                i += 2;
            }
            continue;
        }
        out.push(toks[i].clone());
        i += 1;
    }
    out
}

/// An expression as both engines can agree on: lower case, no casts, no
/// grouping parentheses (a function's own are kept), single spaces.
fn canonical(toks: &[Tok]) -> String {
    const KEYWORDS: &[&str] = &[
        "and", "or", "not", "is", "in", "any", "all", "some", "between", "like", "case", "when", "then", "else",
        "exists", "array", "distinct", "null", "where", "select", "from",
    ];
    let t = strip_casts(toks);
    let mut keep = vec![true; t.len()];
    let mut stack = Vec::new();
    for (j, tok) in t.iter().enumerate() {
        match tok {
            Tok::Sym(s) if s == "(" => {
                let call = j > 0 && matches!(&t[j - 1], Tok::Word(w) if !KEYWORDS.contains(&w.as_str()));
                stack.push((j, call));
            }
            Tok::Sym(s) if s == ")" => {
                if let Some((open, call)) = stack.pop()
                    && !call
                {
                    keep[open] = false;
                    keep[j] = false;
                }
            }
            _ => {}
        }
    }
    let kept: Vec<&Tok> = t.iter().zip(&keep).filter(|(_, k)| **k).map(|(t, _)| t).collect();
    render(&kept.into_iter().cloned().collect::<Vec<_>>())
}

fn render(toks: &[Tok]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Tok> = None;
    for t in toks {
        let tight = match (prev, t) {
            (None, _) => true,
            (_, Tok::Sym(s)) if s == ")" || s == "," => true,
            (Some(Tok::Sym(s)), _) if s == "(" => true,
            (Some(Tok::Word(_)), Tok::Sym(s)) if s == "(" => true,
            _ => false,
        };
        if !tight {
            out.push(' ');
        }
        out += &t.render();
        prev = Some(t);
    }
    out
}
