//! Instants as stored: UTC text with exactly six fractional digits, so that
//! text order is time order and a value read back equals the value written.

use jobforge_types::{Date, Timestamp};
use time::format_description::FormatItem;
use time::macros::format_description;

use crate::StoreError;

const INSTANT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
const DAY: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// Now, truncated to whole microseconds (what the text form keeps).
pub fn now() -> Timestamp {
    let now = time::OffsetDateTime::now_utc();
    let micros = now.microsecond();
    now.replace_microsecond(micros).unwrap_or(now)
}

pub fn format_instant(at: Timestamp) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.format(INSTANT)
        .unwrap_or_else(|_| unreachable!("every UTC instant in years 0..9999 formats"))
}

pub fn parse_instant(text: &str) -> Result<Timestamp, StoreError> {
    time::PrimitiveDateTime::parse(text, INSTANT)
        .map(|t| t.assume_utc())
        .map_err(|_| StoreError::BadStoredValue(format!("instant `{text}`")))
}

pub fn format_date(date: Date) -> String {
    date.format(DAY)
        .unwrap_or_else(|_| unreachable!("every date formats"))
}

pub fn parse_date(text: &str) -> Result<Date, StoreError> {
    Date::parse(text, DAY).map_err(|_| StoreError::BadStoredValue(format!("date `{text}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_exactly_and_sort_as_text() {
        let a = now();
        let text = format_instant(a);
        assert_eq!(parse_instant(&text).expect("parse"), a);
        let later = a + time::Duration::microseconds(1);
        assert!(format_instant(later) > text);
    }
}
