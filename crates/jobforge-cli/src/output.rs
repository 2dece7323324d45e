//! Text for people, JSON for programs. The JSON is the serde form of the
//! `jobforge-types` values, which is stable and documented in the README.

use std::io::Write;

use serde::Serialize;

use crate::Failure;

pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        user_error: false,
        message: format!("cannot encode the result as JSON: {e}"),
    })?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}

/// The result of a command: `value` as JSON with `--json`, else a sentence.
pub fn result<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> Result<(), Failure> {
    if json {
        self::json(value)
    } else {
        line(text())
    }
}

pub fn line(text: impl std::fmt::Display) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}

/// A plain left-aligned table.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> Result<(), Failure> {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let render = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let pad = widths[i] - cell.chars().count();
                text.push_str(cell);
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        text
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", render(headers.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", render(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}

/// For each ID, its shortest prefix (at least 8 characters) that no other ID
/// in the list shares, so that the printed ID can be typed back.
pub fn short_ids(ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            let mut len = 8.min(id.len());
            while len < id.len()
                && ids
                    .iter()
                    .any(|other| other != id && other.starts_with(&id[..len]))
            {
                len += 1;
            }
            id[..len].to_owned()
        })
        .collect()
}

pub fn day(at: &time::OffsetDateTime) -> String {
    let d = at.date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::short_ids;

    #[test]
    fn short_ids_are_unique_prefixes_of_at_least_eight() {
        let ids = vec![
            "0192f0c1-7a2b-7000-8000-000000000001".to_owned(),
            "0192f0c1-7a2b-7000-8000-000000000002".to_owned(),
            "0192f0c2-0000-7000-8000-000000000003".to_owned(),
        ];
        let short = short_ids(&ids);
        assert_eq!(short[0], "0192f0c1-7a2b-7000-8000-000000000001");
        assert_eq!(short[2], "0192f0c2");
        for (s, id) in short.iter().zip(&ids) {
            assert_eq!(
                ids.iter().filter(|i| i.starts_with(s.as_str())).count(),
                1,
                "{id}"
            );
        }
    }
}
