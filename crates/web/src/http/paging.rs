//! Cursor pagination over computed orders (and the shapes lists return).

use crate::http::error::AppError;
use portineria_domain::cursor::{Cursor, page_limit};

/// One page of `items` (already in order) starting at `cursor`.
pub fn by_offset<T>(
    items: Vec<T>,
    cursor: Option<&str>,
    limit: Option<u32>,
) -> Result<(Vec<T>, Option<String>), AppError> {
    let start = match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => 0,
        Some(c) => match Cursor::decode(c) {
            Some(Cursor::Offset(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            _ => return Err(AppError::BadRequest("bad-cursor")),
        },
    };
    let limit = usize::try_from(page_limit(limit)).unwrap_or(20);
    let total = items.len();
    let page: Vec<T> = items.into_iter().skip(start).take(limit).collect();
    let end = start.saturating_add(page.len());
    let next = (end < total).then(|| Cursor::Offset(u64::try_from(end).unwrap_or(u64::MAX)).encode());
    Ok((page, next))
}

/// The id to continue after, for lists ordered by id.
pub fn after_id(cursor: Option<&str>) -> Result<Option<i64>, AppError> {
    match cursor.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => match Cursor::decode(c) {
            Some(Cursor::After(id)) => Ok(Some(id)),
            _ => Err(AppError::BadRequest("bad-cursor")),
        },
    }
}

/// Fetch `limit + 1` rows; if the extra one came, there is a next page.
pub fn keyset<T>(mut rows: Vec<T>, limit: u32, id: impl Fn(&T) -> i64) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(20);
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = if more { rows.last().map(|r| Cursor::After(id(r)).encode()) } else { None };
    (rows, next)
}

pub fn parse_limit(raw: Option<&str>) -> Result<Option<u32>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<u32>().map(Some).map_err(|_| AppError::BadRequest("bad-limit")),
    }
}
