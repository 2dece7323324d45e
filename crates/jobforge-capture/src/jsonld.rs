//! schema.org `JobPosting` in a page's JSON-LD blocks.
//!
//! Sites write JSON-LD by hand or by template, and it is often slightly
//! broken: trailing commas, HTML comments around it, raw newlines inside
//! strings, a block cut off by a size limit. [`repair`] fixes those common
//! cases; a block that still does not parse is skipped with a note and the
//! page text is used instead.

use std::collections::HashMap;

use serde_json::{Map, Value};
use time::Date;

use crate::dom::{Dom, Kind};
use crate::text::clean_field;

type Object = Map<String, Value>;

/// The raw text of every `<script type="application/ld+json">`.
pub(crate) fn script_blocks(dom: &Dom) -> Vec<String> {
    dom.elements(dom.root())
        .filter(|&id| {
            dom.tag(id) == Some(&html5ever::local_name!("script"))
                && dom.attr(id, "type").is_some_and(|t| {
                    t.split(';')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .eq_ignore_ascii_case("application/ld+json")
                })
        })
        .map(|id| {
            dom.children(id)
                .filter_map(|child| match dom.node(child).map(|n| &n.kind) {
                    Some(Kind::Text(text)) => Some(text.as_str()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Parses every block, repairing what can be repaired. Blocks that cannot
/// be read are skipped with a note.
pub(crate) fn parse_blocks(blocks: &[String], notes: &mut Vec<String>) -> Vec<Value> {
    let mut values = Vec::new();
    for (index, raw) in blocks.iter().enumerate() {
        let number = index + 1;
        let text = raw.trim().trim_start_matches('\u{FEFF}').trim();
        if text.is_empty() {
            continue;
        }
        let first_error = match serde_json::from_str::<Value>(text) {
            Ok(value) => {
                values.push(value);
                continue;
            }
            Err(error) => error,
        };
        // Several values one after another, or junk after a good one.
        let leading = leading_values(text);
        if !leading.is_empty() {
            values.extend(leading);
            continue;
        }
        if let Some((fixed, truncated)) = repair(text) {
            let parsed = serde_json::from_str::<Value>(&fixed)
                .ok()
                .map(|v| vec![v])
                .unwrap_or_else(|| leading_values(&fixed));
            if !parsed.is_empty() {
                tracing::debug!(block = number, truncated, "repaired malformed JSON-LD");
                if truncated && parsed.iter().any(has_job_posting) {
                    notes.push(
                        "the page's structured data was cut off; the fields read from it may be incomplete — compare them with the page"
                            .to_owned(),
                    );
                }
                values.extend(parsed);
                continue;
            }
        }
        tracing::debug!(block = number, error = %first_error, "skipping unreadable JSON-LD");
        notes.push(format!(
            "structured data block {number} on the page could not be read ({first_error}); it was skipped"
        ));
    }
    values
}

fn leading_values(text: &str) -> Vec<Value> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .map_while(Result::ok)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectState {
    /// After `{` or `,`: a key comes next.
    Key,
    /// After a key, before its `:`.
    AfterKey,
    /// After `:`: a value comes next, or has been written.
    Value,
}

/// A tolerant rewrite of almost-JSON: drops comments (`//`, `/* */`,
/// `<!-- -->`, CDATA markers) and trailing commas, escapes raw control
/// characters and invalid escapes inside strings, and closes what a
/// truncated text left open. Returns the rewrite and whether the text was
/// truncated, or `None` when there was nothing to fix.
pub(crate) fn repair(text: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(text.len() + 16);
    let mut stack: Vec<(char, ObjectState)> = Vec::new();
    let mut in_string = false;
    let mut string_is_key = false;
    let mut escape = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let width = c.len_utf8();
        if in_string {
            if escape {
                escape = false;
                match c {
                    '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u' => out.push(c),
                    '\'' => {
                        out.pop();
                        out.push('\'');
                    }
                    _ => {
                        // `\x` is no JSON escape: keep the backslash as text.
                        out.push('\\');
                        push_string_char(&mut out, c);
                    }
                }
            } else if c == '\\' {
                out.push('\\');
                escape = true;
            } else if c == '"' {
                out.push('"');
                in_string = false;
                if string_is_key && let Some(top) = stack.last_mut() {
                    top.1 = ObjectState::AfterKey;
                }
            } else {
                push_string_char(&mut out, c);
            }
            i += width;
            continue;
        }
        // Outside strings: comments and wrappers first.
        let skip_to = |marker: &str, from: usize| -> usize {
            text.get(from..)
                .and_then(|r| r.find(marker))
                .map_or(text.len(), |at| from + at + marker.len())
        };
        if rest.starts_with("//") {
            i = text[i..].find('\n').map_or(text.len(), |at| i + at);
            continue;
        }
        if rest.starts_with("/*") {
            i = skip_to("*/", i + 2);
            continue;
        }
        if rest.starts_with("<!--") {
            i += 4;
            continue;
        }
        if rest.starts_with("-->") || rest.starts_with("]]>") {
            i += 3;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            i += 9;
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                string_is_key = matches!(stack.last(), Some(('{', ObjectState::Key)));
                out.push('"');
            }
            '{' => {
                stack.push(('{', ObjectState::Key));
                out.push('{');
            }
            '[' => {
                stack.push(('[', ObjectState::Value));
                out.push('[');
            }
            '}' | ']' => {
                drop_trailing_comma(&mut out);
                let open = if c == '}' { '{' } else { '[' };
                if stack.last().is_some_and(|(o, _)| *o == open) {
                    stack.pop();
                }
                out.push(c);
            }
            ',' => {
                if let Some(top) = stack.last_mut()
                    && top.0 == '{'
                {
                    top.1 = ObjectState::Key;
                }
                out.push(',');
            }
            ':' => {
                if let Some(top) = stack.last_mut()
                    && top.0 == '{'
                {
                    top.1 = ObjectState::Value;
                }
                out.push(':');
            }
            _ if c.is_control() && !c.is_ascii_whitespace() => {}
            _ => out.push(c),
        }
        i += width;
    }
    let truncated = in_string || !stack.is_empty();
    if in_string {
        if escape {
            out.pop();
        }
        // An escape cut inside `\uXXXX`.
        if let Some(at) = out.rfind("\\u")
            && out.len() - at < 6
            && out[at + 2..].chars().all(|c| c.is_ascii_hexdigit())
        {
            out.truncate(at);
        }
        out.push('"');
        if string_is_key && let Some(top) = stack.last_mut() {
            top.1 = ObjectState::AfterKey;
        }
    } else if truncated {
        // A literal or number cut short (`tru`, `12.`): drop it.
        let end = out
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
            .len();
        out.truncate(end);
    }
    if truncated {
        let end = out.trim_end().len();
        out.truncate(end);
        drop_trailing_comma(&mut out);
        while let Some((open, state)) = stack.pop() {
            if open == '{' {
                if state == ObjectState::AfterKey {
                    out.push_str(":null");
                } else if out.ends_with(':') {
                    out.push_str("null");
                }
                drop_trailing_comma(&mut out);
                out.push('}');
            } else {
                drop_trailing_comma(&mut out);
                out.push(']');
            }
        }
    }
    (out != text || truncated).then_some((out, truncated))
}

fn push_string_char(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
        c => out.push(c),
    }
}

fn drop_trailing_comma(out: &mut String) {
    let end = out.trim_end().len();
    if out[..end].ends_with(',') {
        out.truncate(end - 1);
    }
}

fn is_type(object: &Object, wanted: &str) -> bool {
    let matches = |t: &str| {
        let t = t.trim();
        let t = t.rsplit(['/', ':', '#']).next().unwrap_or(t);
        t.eq_ignore_ascii_case(wanted)
    };
    match object.get("@type") {
        Some(Value::String(t)) => matches(t),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

fn has_job_posting(value: &Value) -> bool {
    let mut found = Vec::new();
    collect_postings(value, &mut found, 0);
    !found.is_empty()
}

/// Every `JobPosting` object in a value, in document order: top level,
/// arrays, `@graph` and nested properties (`mainEntity`, …). serde_json
/// refuses nesting deeper than 128, so this recursion is bounded.
fn collect_postings<'a>(value: &'a Value, out: &mut Vec<&'a Object>, depth: usize) {
    if depth > 160 {
        return;
    }
    match value {
        Value::Object(object) => {
            if is_type(object, "JobPosting") {
                out.push(object);
                return;
            }
            for (key, child) in object {
                if key != "@context" {
                    collect_postings(child, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_postings(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Objects by `@id`, so `"hiringOrganization": {"@id": "#org"}` finds the
/// organisation described elsewhere in the graph.
fn index_ids<'a>(value: &'a Value, index: &mut HashMap<&'a str, &'a Value>, depth: usize) {
    if depth > 160 {
        return;
    }
    match value {
        Value::Object(object) => {
            if let Some(Value::String(id)) = object.get("@id")
                && object.len() > 1
            {
                index.entry(id.as_str()).or_insert(value);
            }
            for child in object.values() {
                index_ids(child, index, depth + 1);
            }
        }
        Value::Array(items) => {
            for item in items {
                index_ids(item, index, depth + 1);
            }
        }
        _ => {}
    }
}

/// What a `JobPosting` says, each field cleaned for display.
#[derive(Debug, Default)]
pub(crate) struct PostingFields {
    pub(crate) title: Option<String>,
    pub(crate) company: Option<String>,
    pub(crate) location: Option<String>,
    /// HTML (or plain text) as the page gives it.
    pub(crate) description: Option<String>,
    pub(crate) date_posted: Option<Date>,
    pub(crate) deadline: Option<Date>,
    pub(crate) employment_type: Option<String>,
    pub(crate) salary: Option<String>,
    pub(crate) url: Option<String>,
}

impl PostingFields {
    fn is_complete(&self) -> bool {
        self.title.is_some()
            && self
                .description
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
    }
}

/// Finds the posting to use among all the blocks' values: the first
/// complete one (title and description), else the first. Notes when there
/// were several.
pub(crate) fn find_posting(values: &[Value], notes: &mut Vec<String>) -> Option<PostingFields> {
    let mut postings = Vec::new();
    let mut ids = HashMap::new();
    for value in values {
        collect_postings(value, &mut postings, 0);
        index_ids(value, &mut ids, 0);
    }
    let reader = Reader { ids: &ids };
    let mut read: Vec<(PostingFields, Vec<String>)> = postings
        .iter()
        .map(|object| {
            let mut field_notes = Vec::new();
            let fields = reader.read(object, &mut field_notes);
            (fields, field_notes)
        })
        .collect();
    let count = read.len();
    let chosen = read
        .iter()
        .position(|(fields, _)| fields.is_complete())
        .unwrap_or(0);
    if chosen >= read.len() {
        return None;
    }
    let (fields, field_notes) = read.swap_remove(chosen);
    if count > 1 {
        let which = if chosen == 0 {
            "first"
        } else {
            "first complete"
        };
        notes.push(format!(
            "the page describes {count} job postings; the {which} one (“{}”) was used — paste the text of another one if you meant it",
            fields.title.as_deref().unwrap_or("untitled")
        ));
    }
    notes.extend(field_notes);
    Some(fields)
}

struct Reader<'a> {
    ids: &'a HashMap<&'a str, &'a Value>,
}

impl<'a> Reader<'a> {
    /// Follows a bare `{"@id": …}` reference.
    fn resolve(&self, value: &'a Value) -> &'a Value {
        if let Value::Object(object) = value
            && object.len() == 1
            && let Some(Value::String(id)) = object.get("@id")
            && let Some(target) = self.ids.get(id.as_str())
        {
            return target;
        }
        value
    }

    /// A name-like value: a string, a number, an object's `name`, or the
    /// first of an array.
    fn name_of(&self, value: &'a Value) -> Option<String> {
        self.name_within(value, 0)
    }

    /// `depth` stops `@id` references that point at each other.
    fn name_within(&self, value: &'a Value, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match value {
            Value::String(s) => clean_field(s),
            Value::Number(n) => Some(n.to_string()),
            Value::Object(object) => {
                let object = self.object_of(object);
                ["name", "legalName", "@value"].iter().find_map(|key| {
                    object
                        .get(*key)
                        .and_then(|v| self.name_within(v, depth + 1))
                })
            }
            Value::Array(items) => items.iter().find_map(|v| self.name_within(v, depth + 1)),
            _ => None,
        }
    }

    /// The object a bare `@id` reference points at, or the object itself.
    fn object_of(&self, object: &'a Object) -> &'a Object {
        if object.len() == 1
            && let Some(Value::String(id)) = object.get("@id")
            && let Some(Value::Object(target)) = self.ids.get(id.as_str())
        {
            return target;
        }
        object
    }

    fn read(&self, posting: &'a Object, notes: &mut Vec<String>) -> PostingFields {
        let get = |key: &str| posting.get(key).map(|v| self.resolve(v));
        let title = get("title")
            .or_else(|| get("name"))
            .and_then(|v| self.name_of(v));
        let company = get("hiringOrganization").and_then(|v| self.name_of(v));
        let description = get("description").and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Array(items) => {
                let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                (!parts.is_empty()).then(|| parts.join("\n"))
            }
            _ => None,
        });
        let date_posted = get("datePosted").and_then(|v| date_field(v, "posting date", notes));
        let deadline = get("validThrough").and_then(|v| date_field(v, "closing date", notes));
        let employment_type = get("employmentType").and_then(employment_type);
        let salary = get("baseSalary")
            .and_then(|v| self.salary(v))
            .or_else(|| get("estimatedSalary").and_then(|v| self.salary(v)));
        let url = get("url")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(str::to_owned);
        PostingFields {
            title,
            company,
            location: self.location(posting),
            description,
            date_posted,
            deadline,
            employment_type,
            salary,
            url,
        }
    }

    fn location(&self, posting: &'a Object) -> Option<String> {
        let mut places: Vec<String> = Vec::new();
        if let Some(value) = posting.get("jobLocation") {
            let items: Vec<&Value> = match value {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in items {
                if let Some(place) = self.place(self.resolve(item))
                    && !places.contains(&place)
                {
                    places.push(place);
                }
            }
        }
        let remote = posting
            .get("jobLocationType")
            .map(|v| match v {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            })
            .is_some_and(|types| {
                types
                    .iter()
                    .any(|t| t.trim().eq_ignore_ascii_case("TELECOMMUTE"))
            });
        if remote {
            let requirements: Vec<String> = match posting.get("applicantLocationRequirements") {
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|v| self.name_of(self.resolve(v)))
                    .collect(),
                Some(other) => self.name_of(self.resolve(other)).into_iter().collect(),
                None => Vec::new(),
            };
            let mut remote_text = "Remote".to_owned();
            if !requirements.is_empty() {
                remote_text = format!("Remote ({})", requirements.join(", "));
            }
            places.push(remote_text);
        }
        (!places.is_empty()).then(|| places.join("; "))
    }

    /// A `Place`: its address's locality, region and country, or its
    /// name; an address given as plain text as it is.
    fn place(&self, value: &'a Value) -> Option<String> {
        match value {
            Value::String(s) => clean_field(s),
            Value::Object(object) => {
                let object = self.object_of(object);
                let address = object.get("address").map(|a| self.resolve(a));
                let from_address = match address {
                    Some(Value::Object(address)) => self.address(self.object_of(address)),
                    Some(Value::String(s)) => clean_field(s),
                    Some(Value::Array(items)) => items.iter().find_map(|a| match self.resolve(a) {
                        Value::Object(address) => self.address(self.object_of(address)),
                        _ => None,
                    }),
                    _ => None,
                };
                from_address.or_else(|| {
                    // A PostalAddress given directly as the location.
                    self.address(object)
                        .or_else(|| object.get("name").and_then(|n| self.name_of(n)))
                })
            }
            Value::Array(items) => items.iter().find_map(|v| self.place(v)),
            _ => None,
        }
    }

    fn address(&self, address: &'a Object) -> Option<String> {
        let mut parts: Vec<String> = Vec::new();
        for key in ["addressLocality", "addressRegion", "addressCountry"] {
            if let Some(part) = address.get(key).and_then(|v| self.name_of(v))
                && !parts.iter().any(|p| p.eq_ignore_ascii_case(&part))
            {
                parts.push(part);
            }
        }
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// `baseSalary` (a `MonetaryAmount`) as one line:
    /// "USD 120,000–150,000 per year".
    fn salary(&self, value: &'a Value) -> Option<String> {
        match value {
            Value::Number(_) | Value::String(_) => amount(value),
            Value::Array(items) => {
                let all: Vec<String> = items
                    .iter()
                    .filter_map(|v| self.salary(self.resolve(v)))
                    .collect();
                (!all.is_empty()).then(|| all.join("; "))
            }
            Value::Object(object) => {
                let object = self.object_of(object);
                let currency = object
                    .get("currency")
                    .or_else(|| object.get("salaryCurrency"))
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|c| !c.is_empty());
                let inner = object.get("value").map(|v| self.resolve(v));
                let quantity: &Object = match inner {
                    Some(Value::Object(q)) => self.object_of(q),
                    _ => object,
                };
                let single = match inner {
                    Some(v @ (Value::Number(_) | Value::String(_))) => amount(v),
                    _ => quantity.get("value").and_then(amount),
                };
                let min = quantity.get("minValue").and_then(amount);
                let max = quantity.get("maxValue").and_then(amount);
                let figure = match (min, max, single) {
                    (Some(min), Some(max), _) if min == max => min,
                    (Some(min), Some(max), _) => format!("{min}–{max}"),
                    (_, _, Some(single)) => single,
                    (Some(min), None, None) => format!("from {min}"),
                    (None, Some(max), None) => format!("up to {max}"),
                    (None, None, None) => return None,
                };
                let unit = quantity
                    .get("unitText")
                    .or_else(|| object.get("unitText"))
                    .and_then(Value::as_str)
                    .and_then(unit_text);
                let mut line = String::new();
                if let Some(currency) = currency {
                    line.push_str(currency);
                    line.push(' ');
                }
                line.push_str(&figure);
                if let Some(unit) = unit {
                    line.push(' ');
                    line.push_str(&unit);
                }
                Some(line)
            }
            _ => None,
        }
    }
}

/// A number with thousands separators; strings that are not plain
/// numbers ("$120k") are kept as written.
fn amount(value: &Value) -> Option<String> {
    let number = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            match s.replace([',', ' ', '_'], "").parse::<f64>() {
                Ok(n) => n,
                Err(_) => return clean_field(s),
            }
        }
        _ => return None,
    };
    if !number.is_finite() || !(0.0..1e15).contains(&number) {
        return Some(value.to_string().trim_matches('"').to_owned());
    }
    let cents = (number * 100.0).round();
    // Bounded above, so the conversions are exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let cents = cents as u64;
    let whole = group_thousands(cents / 100);
    Some(if cents.is_multiple_of(100) {
        whole
    } else {
        format!("{whole}.{:02}", cents % 100)
    })
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn unit_text(unit: &str) -> Option<String> {
    let unit = unit.trim();
    if unit.is_empty() {
        return None;
    }
    Some(match unit.to_ascii_uppercase().as_str() {
        "HOUR" | "HOURLY" => "per hour".to_owned(),
        "DAY" | "DAILY" => "per day".to_owned(),
        "WEEK" | "WEEKLY" => "per week".to_owned(),
        "MONTH" | "MONTHLY" => "per month".to_owned(),
        "YEAR" | "YEARLY" | "ANNUAL" | "ANNUALLY" => "per year".to_owned(),
        _ => format!("per {}", unit.to_lowercase()),
    })
}

/// `employmentType`, a code or a list of them, as words: "Full-time,
/// Contract".
fn employment_type(value: &Value) -> Option<String> {
    let raw: Vec<&str> = match value {
        Value::String(s) => s.split(',').collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let mut words: Vec<String> = Vec::new();
    for code in raw {
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let key: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        let word = match key.as_str() {
            "FULLTIME" => "Full-time".to_owned(),
            "PARTTIME" => "Part-time".to_owned(),
            "CONTRACTOR" | "CONTRACT" => "Contract".to_owned(),
            "TEMPORARY" | "TEMP" => "Temporary".to_owned(),
            "INTERN" | "INTERNSHIP" => "Internship".to_owned(),
            "VOLUNTEER" => "Volunteer".to_owned(),
            "PERDIEM" => "Per diem".to_owned(),
            "OTHER" => "Other".to_owned(),
            _ => {
                let Some(text) = clean_field(&code.replace('_', " ")) else {
                    continue;
                };
                let lower = text.to_lowercase();
                let mut chars = lower.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect(),
                    None => continue,
                }
            }
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    (!words.is_empty()).then(|| words.join(", "))
}

/// A date or date-time ("2025-03-01", "2025-03-01T17:00:00+01:00") as
/// the date it names.
fn date_field(value: &Value, what: &str, notes: &mut Vec<String>) -> Option<Date> {
    let text = value.as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = parse_date(text);
    if parsed.is_none() {
        notes.push(format!(
            "the {what} “{text}” could not be read as a date; enter it by hand"
        ));
    }
    parsed
}

pub(crate) fn parse_date(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(&head.replace('/', "-"), &format).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> (Option<PostingFields>, Vec<String>) {
        let mut notes = Vec::new();
        let fields = find_posting(&[value], &mut notes);
        (fields, notes)
    }

    #[test]
    fn repairs_trailing_commas_comments_and_control_characters() {
        let text = "<!--\n{\"a\": [1, 2,],\n // note\n \"b\": \"line\none\ttab\",\n \"c\": \"\\'q\\' \\x\", /* x */}\n-->";
        let (fixed, truncated) = repair(text).unwrap_or_default();
        assert!(!truncated);
        let value: Value = serde_json::from_str(&fixed).unwrap_or(Value::Null);
        assert_eq!(value["a"], json!([1, 2]));
        assert_eq!(value["b"], json!("line\none\ttab"));
        assert_eq!(value["c"], json!("'q' \\x"));
    }

    #[test]
    fn repairs_truncated_text() {
        for (cut, expect_title) in [
            (
                r#"{"@type":"JobPosting","title":"Engineer","description":"<p>We build"#,
                true,
            ),
            (r#"{"@type":"JobPosting","title":"Engineer","descr"#, true),
            (
                r#"{"@type":"JobPosting","title":"Engineer","description":"#,
                true,
            ),
            (
                r#"{"@type":"JobPosting","title":"Engineer","n":[1,2,tr"#,
                true,
            ),
            (r#"{"@type":"JobPosting","title":"Eng\u00"#, false),
        ] {
            let (fixed, truncated) = repair(cut).unwrap_or_default();
            assert!(truncated, "{cut}");
            let value: Value = serde_json::from_str(&fixed).unwrap_or(Value::Null);
            assert_eq!(value["@type"], json!("JobPosting"), "{cut} → {fixed}");
            if expect_title {
                assert_eq!(value["title"], json!("Engineer"));
            }
        }
    }

    #[test]
    fn parse_blocks_notes_unreadable_and_truncated_blocks() {
        let mut notes = Vec::new();
        let values = parse_blocks(
            &[
                "{\"@type\": \"Organization\", \"name\": \"A\"}".to_owned(),
                "{ this is not json at all".to_owned(),
                "{\"@type\":\"JobPosting\",\"title\":\"T\",\"description\":\"cut".to_owned(),
                "{\"a\":1}{\"b\":2}".to_owned(),
                "  ".to_owned(),
            ],
            &mut notes,
        );
        assert_eq!(values.len(), 4, "{values:?}");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("block 2"));
        assert!(notes[1].contains("cut off"));
    }

    #[test]
    fn reads_every_field() {
        let (fields, notes) = fields(json!({
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "Organization", "@id": "#org", "name": "Northwind &amp; Sons"},
                {
                    "@type": ["JobPosting"],
                    "title": " Senior  Rust Engineer ",
                    "hiringOrganization": {"@id": "#org"},
                    "jobLocation": [
                        {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Berlin", "addressRegion": "Berlin", "addressCountry": {"@type": "Country", "name": "DE"}}},
                        {"@type": "Place", "address": {"addressLocality": "Hamburg", "addressCountry": "DE"}}
                    ],
                    "jobLocationType": "TELECOMMUTE",
                    "applicantLocationRequirements": [{"@type": "Country", "name": "Germany"}, {"@type": "Country", "name": "Austria"}],
                    "description": "<p>Build things.</p>",
                    "datePosted": "2025-03-01T09:30:00+01:00",
                    "validThrough": "2099-04-30",
                    "employmentType": ["FULL_TIME", "CONTRACTOR"],
                    "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR", "value": {"@type": "QuantitativeValue", "minValue": 70000, "maxValue": "90000", "unitText": "YEAR"}}
                }
            ]
        }));
        let fields = fields.unwrap_or_default();
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(fields.title.as_deref(), Some("Senior Rust Engineer"));
        assert_eq!(fields.company.as_deref(), Some("Northwind & Sons"));
        assert_eq!(
            fields.location.as_deref(),
            Some("Berlin, DE; Hamburg, DE; Remote (Germany, Austria)")
        );
        assert_eq!(fields.description.as_deref(), Some("<p>Build things.</p>"));
        assert_eq!(fields.date_posted, parse_date("2025-03-01"));
        assert_eq!(fields.deadline, parse_date("2099-04-30"));
        assert_eq!(
            fields.employment_type.as_deref(),
            Some("Full-time, Contract")
        );
        assert_eq!(fields.salary.as_deref(), Some("EUR 70,000–90,000 per year"));
    }

    #[test]
    fn salary_shapes() {
        let reader = Reader {
            ids: &HashMap::new(),
        };
        let cases = [
            (
                json!({"currency": "USD", "value": {"value": 45.5, "unitText": "HOUR"}}),
                "USD 45.50 per hour",
            ),
            (json!({"currency": "GBP", "value": 50000}), "GBP 50,000"),
            (
                json!({"currency": "USD", "value": {"minValue": 120000, "unitText": "YEAR"}}),
                "USD from 120,000 per year",
            ),
            (
                json!({"value": {"maxValue": "1,500", "unitText": "MONTH"}}),
                "up to 1,500 per month",
            ),
            (json!("$120k"), "$120k"),
            (
                json!({"currency": "EUR", "minValue": 1, "maxValue": 1}),
                "EUR 1",
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(reader.salary(&value).as_deref(), Some(expected), "{value}");
        }
        assert_eq!(reader.salary(&json!({"currency": "USD"})), None);
    }

    #[test]
    fn several_postings_take_the_first_complete_one() {
        let (fields, notes) = fields(json!([
            {"@type": "JobPosting", "title": "No description"},
            {"@type": "JobPosting", "title": "Complete", "description": "text"},
            {"@type": "JobPosting", "title": "Also complete", "description": "text"}
        ]));
        assert_eq!(fields.and_then(|f| f.title).as_deref(), Some("Complete"));
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("3 job postings"), "{notes:?}");
    }

    #[test]
    fn odd_values_are_noted_not_fatal() {
        let (fields, notes) = fields(json!({
            "@type": "http://schema.org/JobPosting",
            "title": "T",
            "datePosted": "last week",
            "employmentType": "full time, SEASONAL_WORK",
            "hiringOrganization": "Plain Name Ltd"
        }));
        let fields = fields.unwrap_or_default();
        assert_eq!(fields.date_posted, None);
        assert!(notes.iter().any(|n| n.contains("last week")));
        assert_eq!(
            fields.employment_type.as_deref(),
            Some("Full-time, Seasonal work")
        );
        assert_eq!(fields.company.as_deref(), Some("Plain Name Ltd"));
    }
}
