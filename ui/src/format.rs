//! Labels, dates and small layout computations for the views.

use jobforge_types::{
    ApplicationStatus, EngineKind, Priority, RunOutcome, Timestamp, VersionOrigin,
};

/// The status as a person reads it.
pub const fn status_label(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Draft => "Draft",
        ApplicationStatus::Applied => "Applied",
        ApplicationStatus::Interview => "Interview",
        ApplicationStatus::Offer => "Offer",
        ApplicationStatus::Rejected => "Rejected",
        ApplicationStatus::Withdrawn => "Withdrawn",
    }
}

/// CSS classes of a status badge: `badge status-<wire name>`. The badge
/// also carries the label, so colour is never the only signal.
pub fn status_badge_class(status: ApplicationStatus) -> String {
    format!("badge status-{}", status.as_str())
}

pub const fn priority_label(priority: Priority) -> &'static str {
    match priority {
        Priority::Low => "Low",
        Priority::Medium => "Medium",
        Priority::High => "High",
    }
}

pub const fn engine_label(engine: EngineKind) -> &'static str {
    match engine {
        EngineKind::Offline => "Built-in (offline)",
        EngineKind::OpenAi => "OpenAI",
        EngineKind::Anthropic => "Anthropic",
        EngineKind::OpenAiCompatible => "OpenAI-compatible (local or self-hosted)",
    }
}

pub const fn origin_label(origin: VersionOrigin) -> &'static str {
    match origin {
        VersionOrigin::User => "edited by you",
        VersionOrigin::Generated => "generated",
        VersionOrigin::Restored => "restored",
        VersionOrigin::Imported => "imported",
    }
}

pub const fn outcome_label(outcome: RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Succeeded => "Succeeded",
        RunOutcome::Failed => "Failed",
        RunOutcome::Cancelled => "Cancelled",
    }
}

/// The day of an instant, `YYYY-MM-DD` (UTC).
pub fn day(at: Timestamp) -> String {
    let date = at.date();
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Day and time of an instant, `YYYY-MM-DD HH:MM` (UTC).
pub fn day_time(at: Timestamp) -> String {
    format!("{} {:02}:{:02}", day(at), at.hour(), at.minute())
}

/// An instant for `<time datetime>`.
pub fn machine_time(at: Timestamp) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        day(at),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// "1 application", "3 applications".
pub fn count_label(count: usize) -> String {
    if count == 1 {
        "1 application".to_owned()
    } else {
        format!("{count} applications")
    }
}

/// A search snippet split into plain and matched parts (the shell wraps
/// matches in `[` and `]`).
pub fn snippet_parts(snippet: &str) -> Vec<(String, bool)> {
    let mut parts = Vec::new();
    let mut rest = snippet;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push((rest[..open].to_owned(), false));
        }
        parts.push((rest[open + 1..close].to_owned(), true));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push((rest.to_owned(), false));
    }
    parts
}

/// The width class of a bar (`w-0` … `w-100` in steps of 5), relative to
/// the largest value; a non-zero value always shows at least `w-5`.
pub fn bar_width_class(value: u64, max: u64) -> String {
    let percent = if max == 0 || value == 0 {
        0
    } else {
        let exact = value.min(max) * 100 / max;
        (((exact + 2) / 5) * 5).clamp(5, 100)
    };
    format!("bar w-{percent}")
}

/// A share of the first stage, for the funnel: "60%".
pub fn share_label(value: u64, of: u64) -> String {
    match (value * 100 + of / 2).checked_div(of) {
        Some(percent) => format!("{percent}%"),
        None => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_carry_the_wire_name() {
        assert_eq!(
            status_badge_class(ApplicationStatus::Interview),
            "badge status-interview"
        );
        assert_eq!(status_label(ApplicationStatus::Withdrawn), "Withdrawn");
        assert_eq!(count_label(1), "1 application");
        assert_eq!(count_label(0), "0 applications");
    }

    #[test]
    fn dates_are_shown_in_utc() {
        let at = Timestamp::from_unix_timestamp(1_772_926_200).expect("valid");
        assert_eq!(day(at), "2026-03-07");
        assert_eq!(day_time(at), "2026-03-07 23:30");
        assert_eq!(machine_time(at), "2026-03-07T23:30:00Z");
    }

    #[test]
    fn snippets_split_on_brackets() {
        assert_eq!(
            snippet_parts("build [Rust] services with [tokio]."),
            vec![
                ("build ".to_owned(), false),
                ("Rust".to_owned(), true),
                (" services with ".to_owned(), false),
                ("tokio".to_owned(), true),
                (".".to_owned(), false),
            ]
        );
        assert_eq!(
            snippet_parts("unclosed [bracket"),
            vec![("unclosed [bracket".to_owned(), false)]
        );
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        assert_eq!(bar_width_class(0, 10), "bar w-0");
        assert_eq!(bar_width_class(10, 10), "bar w-100");
        assert_eq!(bar_width_class(1, 1000), "bar w-5", "visible when non-zero");
        assert_eq!(bar_width_class(6, 10), "bar w-60");
        assert_eq!(bar_width_class(3, 0), "bar w-0");
        assert_eq!(share_label(3, 4), "75%");
        assert_eq!(share_label(1, 0), "—");
    }
}
