//! The build script of both engine crates (`build = "../store/migrations_build.rs"`):
//! lists the crate's `migrations/NNNN_description.sql` files, in order, as
//! the `MIGRATIONS` the crate compiles in. A migration is added by adding
//! its file. Where `crates/store/sql/` holds a file with the same number
//! (SQL whose text is the same on both engines, such as a seeded
//! taxonomy), it is appended to that migration.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn sql_files(dir: &Path) -> Vec<(u32, String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_owned) else { continue };
        let Some(stem) = name.strip_suffix(".sql") else { continue };
        let Some((number, description)) = stem.split_once('_') else { continue };
        let Ok(version) = number.parse::<u32>() else { continue };
        out.push((version, description.replace('_', " "), path));
    }
    out.sort();
    out
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let own = manifest.join("migrations");
    let shared = manifest.join("../store/sql");
    println!("cargo:rerun-if-changed={}", own.display());
    println!("cargo:rerun-if-changed={}", shared.display());
    let extras = sql_files(&shared);
    let mut code = String::from("/// Every migration of this engine, in order (generated from `migrations/`).\n");
    code.push_str("const MIGRATIONS: EmbeddedMigrations = EmbeddedMigrations(&[\n");
    let mut last = 0;
    for (version, description, path) in sql_files(&own) {
        if version == last {
            println!("cargo:warning=two migrations numbered {version}");
        }
        last = version;
        let mut text = format!("include_str!({:?})", path.display().to_string());
        for (_, _, extra) in extras.iter().filter(|(v, _, _)| *v == version) {
            text = format!("concat!({text}, include_str!({:?}))", extra.display().to_string());
        }
        let _ = writeln!(code, "    ({version}, {description:?}, {text}),");
    }
    code.push_str("]);\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("migrations.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
