//! A statement as CSV, for the page's download and the API alike.

use portineria_app::timebank::StatementLine;

/// A statement as CSV (RFC 4180; minutes signed; oldest first). A cell
/// that a spreadsheet would read as a formula is written with a leading `'`.
pub fn statement_csv(lines: &[StatementLine]) -> String {
    fn field(x: &str) -> String {
        let x = if x.starts_with(['=', '+', '-', '@']) { format!("'{x}") } else { x.to_owned() };
        if x.contains([',', '"', '\n', '\r']) { format!("\"{}\"", x.replace('"', "\"\"")) } else { x }
    }
    let mut out = String::from("entry_id,at_utc,description,with,minutes,balance_after,reversal\r\n");
    for l in lines.iter().rev() {
        let at = jiff::Timestamp::from_second(l.at).map(|t| t.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\r\n",
            l.id,
            at,
            field(&l.description),
            field(&l.with),
            l.delta,
            l.balance_after,
            l.reversal
        ));
    }
    out
}
