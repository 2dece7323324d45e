//! Small text helpers: whitespace, HTML entities, short fields.

use std::borrow::Cow;

/// Characters that are never wanted in captured text: zero-width spaces and
/// joiners, the byte-order mark, soft hyphens.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Whitespace as a reader sees it, the no-break spaces included.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}' || c == '\u{2007}'
}

/// Appends `text` to `out`, every run of whitespace (newlines included) as
/// one space, control and invisible characters dropped.
pub(crate) fn push_collapsed(out: &mut String, text: &str) {
    let mut space = out.ends_with(' ') || out.is_empty();
    for c in text.chars() {
        if is_space(c) {
            if !space {
                out.push(' ');
                space = true;
            }
        } else if c.is_control() || is_invisible(c) {
            continue;
        } else {
            out.push(c);
            space = false;
        }
    }
}

/// One line: whitespace collapsed and trimmed.
pub(crate) fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text);
    out.trim_end().to_owned()
}

/// The HTML5 named-reference table html5ever's tokenizer uses. `name`
/// starts with `&`; the table's keys do not, and it also holds every
/// prefix of a name mapped to (0, 0), which is no reference.
fn entity(name: &str) -> Option<(u32, u32)> {
    let key = name.strip_prefix('&')?;
    html5ever::data::NAMED_ENTITIES
        .get(key)
        .copied()
        .filter(|&(a, _)| a != 0)
}

/// Decodes HTML character references (`&amp;`, `&#8211;`, `&#x2014;`, the
/// whole HTML5 table), as JSON-LD strings often carry them. Text without
/// `&` is returned as it is.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match decode_one(rest) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Decodes the reference at the start of `s` (which starts with `&`):
/// the text and how many bytes it used.
fn decode_one(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let (digits_start, radix) = match bytes.get(2) {
            Some(b'x' | b'X') => (3, 16),
            _ => (2, 10),
        };
        let digits = s[digits_start..]
            .chars()
            .take_while(|c| c.is_digit(radix))
            .take(8)
            .count();
        if digits == 0 {
            return None;
        }
        let end = digits_start + digits;
        let value = u32::from_str_radix(&s[digits_start..end], radix).ok()?;
        let used = if bytes.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        let c = match value {
            0 => '\u{FFFD}',
            // Windows-1252 numbers that pages write for curly quotes and dashes.
            0x80..=0x9F => windows_1252_c1(value),
            _ => char::from_u32(value).unwrap_or('\u{FFFD}'),
        };
        return Some((c.to_string(), used));
    }
    // Names are at most 32 bytes; try the longest match first (with `;`).
    let name_len = s[1..]
        .bytes()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    if bytes.get(1 + name_len) == Some(&b';')
        && let Some((a, b)) = entity(&s[..name_len + 2])
    {
        return Some((chars_of(a, b), name_len + 2));
    }
    // Legacy names without `;` ("&amp", "&nbsp"): longest prefix wins.
    (1..=name_len)
        .rev()
        .find_map(|len| entity(&s[..len + 1]).map(|(a, b)| (chars_of(a, b), len + 1)))
}

fn chars_of(a: u32, b: u32) -> String {
    [a, b]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(char::from_u32)
        .collect()
}

fn windows_1252_c1(value: u32) -> char {
    let byte = u8::try_from(value).unwrap_or(b'?');
    let bytes = [byte];
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    decoded.chars().next().unwrap_or('\u{FFFD}')
}

/// A short field (title, company, location): entities decoded, any tags
/// removed, whitespace collapsed. `None` when nothing is left.
pub(crate) fn clean_field(raw: &str) -> Option<String> {
    let decoded = decode_entities(raw);
    let text = if looks_like_markup(&decoded) {
        let dom = crate::dom::Dom::parse(&decoded);
        dom.text_of(dom.root(), |_, _| false)
    } else {
        collapse(&decoded)
    };
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// Whether a string contains something that looks like an HTML tag.
pub(crate) fn looks_like_markup(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

/// Cuts `text` to at most `max` characters, at a character boundary.
pub(crate) fn truncate_chars(text: &str, max: usize) -> (&str, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_invisible_characters_go() {
        assert_eq!(
            collapse("  a\u{00A0}\u{00A0}b\n\t c\u{200B}d\u{0007} "),
            "a b cd"
        );
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("R&amp;D &ndash; caf&eacute;"), "R&D – café");
        assert_eq!(decode_entities("&#8211; &#x2014; &#150;"), "– — –");
        assert_eq!(decode_entities("AT&T &unknown; & &"), "AT&T &unknown; & &");
        assert_eq!(decode_entities("&ampx &lt3"), "&x <3");
        assert_eq!(decode_entities("&#xFFFFFFFFF;"), "\u{FFFD}F;");
        assert_eq!(decode_entities("&#0; &#"), "\u{FFFD} &#");
    }

    #[test]
    fn fields_lose_tags() {
        assert_eq!(
            clean_field("  <b>Senior</b>&nbsp;Engineer  ").as_deref(),
            Some("Senior Engineer")
        );
        assert_eq!(clean_field(" &nbsp; "), None);
        assert_eq!(clean_field("C++ &lt;3").as_deref(), Some("C++ <3"));
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_chars("héllo", 2), ("hé", true));
        assert_eq!(truncate_chars("hé", 5), ("hé", false));
    }
}
