//! Small XML helpers shared by the reader, the writer and the patcher:
//! namespaces, attribute look-up, decoding a part to text and escaping.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::DocxError;

/// WordprocessingML, transitional (what Word writes) and strict (what Word
/// can be asked to write): both mean the same elements.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Which vocabulary an element belongs to; everything else (DrawingML, VML,
/// Word 2010+ extensions) is walked through without being interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    W,
    Mc,
    Other,
}

pub(crate) fn classify(ns: &ResolveResult<'_>) -> Ns {
    match ns {
        ResolveResult::Bound(n) if W_NS.contains(&n.0) => Ns::W,
        ResolveResult::Bound(n) if n.0 == MC_NS => Ns::Mc,
        _ => Ns::Other,
    }
}

/// The next event with its element's vocabulary, parse errors turned into
/// [`DocxError::MalformedXml`] naming the part and where.
pub(crate) fn next_event<'i>(
    reader: &mut NsReader<&'i [u8]>,
    part: &str,
) -> Result<(Ns, Event<'i>), DocxError> {
    match reader.read_resolved_event() {
        Ok((ns, event)) => Ok((classify(&ns), event)),
        Err(e) => Err(DocxError::MalformedXml {
            part: part.to_owned(),
            position: reader.error_position(),
            reason: e.to_string(),
        }),
    }
}

/// The value of the attribute whose local name is `local`, whatever its
/// prefix: WordprocessingML attributes are all in the `w` namespace and no
/// element carries two attributes with the same local name.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.as_ref();
        let key_local = key.rsplit(':').next().unwrap_or(key);
        if key_local == local {
            return a
                .normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned);
        }
    }
    None
}

/// An OOXML on/off property (`<w:b/>`, `<w:b w:val="0"/>`): present means on
/// unless its value says otherwise.
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    match attr(e, "val") {
        None => true,
        Some(v) => !matches!(v.as_str(), "0" | "false" | "off" | "none"),
    }
}

/// The character an entity reference stands for: character references and
/// XML's five predefined entities. Anything else cannot occur in a
/// well-formed OOXML part (it has no DTD), so it is dropped.
pub(crate) fn resolve_ref(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// A part's bytes as text, and the byte offset of that text in the part (3
/// after a UTF-8 byte order mark), so positions found in the text map back
/// to the part. UTF-16 parts (allowed by the standard, never written by
/// Word) are transcoded; they have no byte mapping (`None`).
pub(crate) fn decode_part<'a>(
    part: &str,
    bytes: &'a [u8],
) -> Result<(Cow<'a, str>, Option<usize>), DocxError> {
    let malformed = |reason: &str| DocxError::MalformedXml {
        part: part.to_owned(),
        position: 0,
        reason: reason.to_owned(),
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        let text = std::str::from_utf8(rest).map_err(|_| malformed("invalid UTF-8"))?;
        return Ok((Cow::Borrowed(text), Some(3)));
    }
    let utf16 = |rest: &[u8], le: bool| -> Result<String, DocxError> {
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| malformed("invalid UTF-16"))
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((Cow::Owned(utf16(rest, true)?), None));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((Cow::Owned(utf16(rest, false)?), None));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DocxError::MalformedXml {
        part: part.to_owned(),
        position: e.valid_up_to() as u64,
        reason: "invalid UTF-8".to_owned(),
    })?;
    Ok((Cow::Borrowed(text), Some(0)))
}

/// `true` for the characters XML 1.0 allows in a document. The others (most
/// C0 controls, U+FFFE, U+FFFF) make Word refuse the whole file, so writers
/// drop them.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes `text` for an element's content or an attribute value, dropping
/// characters XML 1.0 does not allow (see [`is_xml_char`]).
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends run content for `text` using the element names with `prefix`
/// (`"w:"` in our own documents, whatever the original used when patching):
/// text in `<w:t>`, tabs as `<w:tab/>`, line breaks as `<w:br/>`. A CR LF
/// pair is one break. Characters XML 1.0 forbids are dropped.
pub(crate) fn push_run_content(out: &mut String, prefix: &str, text: &str) {
    let mut pending = String::new();
    let flush = |out: &mut String, pending: &mut String| {
        if !pending.is_empty() {
            out.push('<');
            out.push_str(prefix);
            out.push_str("t xml:space=\"preserve\">");
            push_escaped(out, pending);
            out.push_str("</");
            out.push_str(prefix);
            out.push_str("t>");
            pending.clear();
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                flush(out, &mut pending);
                out.push('<');
                out.push_str(prefix);
                out.push_str("tab/>");
            }
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{0B}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                flush(out, &mut pending);
                out.push('<');
                out.push_str(prefix);
                out.push_str("br/>");
            }
            c => pending.push(c),
        }
    }
    flush(out, &mut pending);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, text);
        out
    }

    #[test]
    fn escaping_drops_characters_xml_forbids_and_escapes_markup() {
        assert_eq!(
            escaped("a<b>&\"c'\u{1}\u{FFFF}\u{1F600}"),
            "a&lt;b&gt;&amp;&quot;c&apos;\u{1F600}"
        );
    }

    #[test]
    fn run_content_turns_tabs_and_newlines_into_elements() {
        let mut out = String::new();
        push_run_content(&mut out, "w:", "a\tb\r\nc\u{7}");
        assert_eq!(
            out,
            "<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">b</w:t><w:br/><w:t xml:space=\"preserve\">c</w:t>"
        );
    }

    #[test]
    fn decoding_maps_a_bom_to_an_offset_and_transcodes_utf16() {
        let (text, offset) = decode_part("p", b"\xEF\xBB\xBF<a/>").expect("utf-8 with bom");
        assert_eq!((text.as_ref(), offset), ("<a/>", Some(3)));
        let (text, offset) = decode_part("p", b"\xFF\xFE<\0a\0/\0>\0").expect("utf-16");
        assert_eq!((text.as_ref(), offset), ("<a/>", None));
        assert!(matches!(
            decode_part("p", b"<a>\xFF</a>"),
            Err(DocxError::MalformedXml { position: 3, .. })
        ));
    }
}
