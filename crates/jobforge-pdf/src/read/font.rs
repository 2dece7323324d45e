//! Fonts as the text reader needs them: how a shown string's bytes split
//! into character codes, which text each code stands for, how wide each
//! glyph is (to place the next one and to measure gaps between words), and
//! whether the face is bold or italic.
//!
//! Text comes from, in order: the font's `ToUnicode` CMap; its `/Encoding`
//! (a base encoding plus `/Differences` glyph names); the encoding built
//! into an embedded Type 1 font program; the standard encoding for the font
//! type. Composite (Type 0) fonts use `Identity-H`/`-V`, UCS-2 predefined
//! CMaps or an embedded encoding CMap to split codes, and `ToUnicode` for
//! text.

use lopdf::{Dictionary, Document, Object};

use super::cmap::CMap;
use super::obj;
use super::tables;

/// Decoded font resources (ToUnicode maps, font programs) larger than this
/// are ignored rather than decompressed.
const FONT_STREAM_LIMIT: usize = 8 * 1024 * 1024;

/// What the reader knows about one glyph of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Glyph {
    /// The text the glyph stands for: usually one character, several for a
    /// ligature, empty for icons we drop on purpose.
    pub text: String,
    /// Advance width in text space per unit of font size (ems).
    pub width: f32,
    /// A one-byte code 32: the only code word spacing (`Tw`) applies to.
    pub is_word_space: bool,
    /// The font had no way to tell which character this is.
    pub unknown: bool,
}

#[derive(Debug)]
pub(super) struct Font {
    kind: Kind,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug)]
enum Kind {
    /// One byte per code; text and width precomputed for all 256 codes.
    Simple(Box<[SimpleGlyph]>),
    Composite(Box<Composite>),
}

#[derive(Debug, Clone, Default)]
struct SimpleGlyph {
    text: Option<String>,
    width: f32,
}

#[derive(Debug)]
struct Composite {
    split: CodeSplit,
    to_unicode: Option<CMap>,
    default_width: f32,
    widths: CidWidths,
    icons: bool,
}

#[derive(Debug)]
enum CodeSplit {
    /// Two-byte codes that are CIDs (`Identity-H`, `Identity-V`, and the
    /// fallback for predefined CMaps we do not ship).
    Identity,
    /// Two-byte codes that are UTF-16 code units (`Uni…-UCS2-…`,
    /// `Uni…-UTF16-…`).
    Unicode,
    /// An embedded CMap stream.
    Embedded(CMap),
}

#[derive(Debug, Default)]
struct CidWidths {
    single: std::collections::HashMap<u32, f32>,
    ranges: Vec<(u32, u32, f32)>,
}

impl CidWidths {
    fn get(&self, cid: u32) -> Option<f32> {
        self.single.get(&cid).copied().or_else(|| {
            self.ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
                .map(|(_, _, w)| *w)
        })
    }
}

/// How a font's glyphs should be treated by family, from its name.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    Text,
    /// Icon fonts (Font Awesome and the like): their glyphs are pictures of
    /// phones and envelopes, which would only add noise to the text.
    Icons,
    /// Dingbat fonts (Wingdings, Zapf Dingbats): in resumes their glyphs are
    /// list bullets, whatever the code says.
    Dingbats,
    Symbol,
}

impl Font {
    /// Builds a font from its dictionary. Never fails: a font we cannot make
    /// sense of still places glyphs (with guessed widths) and reports their
    /// text as unknown.
    pub(super) fn load(doc: &Document, dict: &Dictionary) -> Font {
        let subtype = obj::get_name(doc, dict, b"Subtype").unwrap_or(b"Type1");
        let descriptor = font_descriptor(doc, dict);
        let name = font_name(doc, dict, descriptor);
        let (bold, italic) = style(doc, &name, descriptor);
        let family = family(&name);
        let to_unicode = obj::get_stream(doc, dict, b"ToUnicode")
            .and_then(|s| obj::stream_bytes(s, FONT_STREAM_LIMIT))
            .map(|bytes| CMap::parse(&bytes))
            .filter(CMap::has_text);
        let kind = if subtype == b"Type0" {
            Kind::Composite(Box::new(load_composite(doc, dict, to_unicode, family)))
        } else {
            Kind::Simple(load_simple(
                doc, dict, subtype, descriptor, &name, family, to_unicode,
            ))
        };
        tracing::debug!(font = %name, bold, italic, "loaded font");
        Font { kind, bold, italic }
    }

    /// A fallback for a `Tf` naming a font the page does not have: shows
    /// Latin-1-ish text with average widths rather than losing the string.
    pub(super) fn fallback() -> Font {
        let glyphs = (0..=255u8)
            .map(|code| SimpleGlyph {
                text: tables::win_ansi_encoding(code).map(String::from),
                width: 0.5,
            })
            .collect();
        Font {
            kind: Kind::Simple(glyphs),
            bold: false,
            italic: false,
        }
    }

    /// Splits a shown string into glyphs.
    pub(super) fn decode(&self, bytes: &[u8], out: &mut Vec<Glyph>) {
        match &self.kind {
            Kind::Simple(glyphs) => {
                for &code in bytes {
                    let glyph = glyphs.get(usize::from(code)).cloned().unwrap_or_default();
                    out.push(Glyph {
                        unknown: glyph.text.is_none(),
                        text: glyph.text.unwrap_or_default(),
                        width: glyph.width,
                        is_word_space: code == b' ',
                    });
                }
            }
            Kind::Composite(font) => font.decode(bytes, out),
        }
    }
}

impl Composite {
    fn decode(&self, bytes: &[u8], out: &mut Vec<Glyph>) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = bytes.get(i..).unwrap_or(&[]);
            let len = match &self.split {
                CodeSplit::Embedded(cmap) if cmap.has_codespaces() => cmap.code_len(rest, 2),
                _ => 2,
            }
            .min(rest.len())
            .max(1);
            let code = rest
                .iter()
                .take(len)
                .fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
            i += len;
            let len_u8 = u8::try_from(len).unwrap_or(2);
            let cid = match &self.split {
                CodeSplit::Embedded(cmap) => cmap.cid_for(len_u8, code).unwrap_or(code),
                _ => code,
            };
            let mut text = self
                .to_unicode
                .as_ref()
                .and_then(|map| map.text_for(len_u8, code));
            if text.is_none()
                && matches!(self.split, CodeSplit::Unicode)
                && let Some(c) = u16::try_from(code)
                    .ok()
                    .and_then(|u| char::decode_utf16([u]).next()?.ok())
            {
                text = Some(c.to_string());
            }
            let unknown = text.is_none() && !self.icons;
            let text = if self.icons {
                Some(String::new())
            } else {
                text
            };
            out.push(Glyph {
                text: text.map(clean_text).unwrap_or_default(),
                width: self.widths.get(cid).unwrap_or(self.default_width),
                is_word_space: len == 1 && code == 32,
                unknown,
            });
        }
    }
}

fn load_composite(
    doc: &Document,
    dict: &Dictionary,
    to_unicode: Option<CMap>,
    family: Family,
) -> Composite {
    let split = match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => {
            let name = String::from_utf8_lossy(name);
            if name.contains("UCS2") || name.contains("UTF16") {
                CodeSplit::Unicode
            } else {
                CodeSplit::Identity
            }
        }
        Some(Object::Stream(stream)) => match obj::stream_bytes(stream, FONT_STREAM_LIMIT) {
            Some(bytes) => CodeSplit::Embedded(CMap::parse(&bytes)),
            None => CodeSplit::Identity,
        },
        _ => CodeSplit::Identity,
    };
    let descendant = obj::get_array(doc, dict, b"DescendantFonts")
        .and_then(|fonts| fonts.first())
        .and_then(|font| obj::as_dict(obj::resolve(doc, font)));
    let mut default_width = 1.0;
    let mut widths = CidWidths::default();
    if let Some(cid_font) = descendant {
        if let Some(dw) = obj::get_number(doc, cid_font, b"DW") {
            default_width = dw / 1000.0;
        }
        if let Some(w) = obj::get_array(doc, cid_font, b"W") {
            widths = parse_cid_widths(doc, w);
        }
    }
    Composite {
        split,
        to_unicode,
        default_width,
        widths,
        icons: family == Family::Icons,
    }
}

/// The `/W` array: `c [w1 w2 …]` gives consecutive CIDs from `c`;
/// `c_first c_last w` gives one width to a range.
fn parse_cid_widths(doc: &Document, items: &[Object]) -> CidWidths {
    let mut widths = CidWidths::default();
    let mut i = 0;
    while i < items.len() {
        let first = items.get(i).map(|o| obj::resolve(doc, o));
        let second = items.get(i + 1).map(|o| obj::resolve(doc, o));
        match (first.and_then(obj::number), second) {
            (Some(start), Some(Object::Array(list))) => {
                let start = to_u32(start);
                for (k, w) in obj::numbers(doc, list).into_iter().enumerate() {
                    let Ok(k) = u32::try_from(k) else { break };
                    widths.single.insert(start.saturating_add(k), w / 1000.0);
                }
                i += 2;
            }
            (Some(lo), Some(hi)) => {
                let (Some(hi), Some(w)) = (
                    obj::number(hi),
                    items
                        .get(i + 2)
                        .and_then(|o| obj::number(obj::resolve(doc, o))),
                ) else {
                    break;
                };
                widths.ranges.push((to_u32(lo), to_u32(hi), w / 1000.0));
                i += 3;
            }
            _ => break,
        }
    }
    widths
}

fn to_u32(n: f32) -> u32 {
    if (0.0..4.0e9).contains(&n) {
        // Truncation intended: these are integer codes stored as numbers.
        n as u32
    } else {
        0
    }
}

fn load_simple(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    descriptor: Option<&Dictionary>,
    name: &str,
    family: Family,
    to_unicode: Option<CMap>,
) -> Box<[SimpleGlyph]> {
    // Type 3 glyph widths are in glyph space, mapped to text space by the
    // font's own matrix; every other simple font uses 1/1000 em.
    let scale = if subtype == b"Type3" {
        obj::get_array(doc, dict, b"FontMatrix")
            .map(|m| obj::numbers(doc, m))
            .and_then(|m| m.first().copied())
            .map(f32::abs)
            .filter(|a| *a > 0.0 && *a < 1.0)
            .unwrap_or(0.001)
    } else {
        0.001
    };
    let first_char = obj::get_number(doc, dict, b"FirstChar")
        .map(to_u32)
        .unwrap_or(0);
    let declared_widths = obj::get_array(doc, dict, b"Widths").map(|w| obj::numbers(doc, w));
    let missing_width = descriptor
        .and_then(|d| obj::get_number(doc, d, b"MissingWidth"))
        .filter(|w| *w > 0.0);

    let base = base_encoding(doc, dict, subtype, descriptor, family);
    let differences = differences(doc, dict);

    (0..=255u8)
        .map(|code| {
            let text = if family == Family::Icons {
                Some(String::new())
            } else if family == Family::Dingbats {
                Some("\u{2022}".to_owned())
            } else {
                to_unicode
                    .as_ref()
                    .and_then(|map| map.text_for(1, u32::from(code)))
                    .or_else(|| {
                        differences
                            .get(usize::from(code))
                            .and_then(|name| name.as_deref())
                            .and_then(tables::glyph_name_to_text)
                    })
                    .or_else(|| {
                        base.get(usize::from(code))
                            .copied()
                            .flatten()
                            .map(String::from)
                    })
            };
            let declared = u32::from(code).checked_sub(first_char).and_then(|i| {
                declared_widths
                    .as_ref()?
                    .get(usize::try_from(i).ok()?)
                    .copied()
            });
            let width = match declared.or(missing_width) {
                Some(w) => w * scale,
                None => standard_width(name, code),
            };
            SimpleGlyph {
                text: text.map(clean_text),
                width,
            }
        })
        .collect()
}

/// The code → character table a simple font starts from, before
/// `/Differences`.
fn base_encoding(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    descriptor: Option<&Dictionary>,
    family: Family,
) -> Vec<Option<char>> {
    let named = match obj::get(doc, dict, b"Encoding") {
        Some(Object::Name(name)) => Some(name.as_slice()),
        Some(Object::Dictionary(enc)) => obj::get_name(doc, enc, b"BaseEncoding"),
        _ => None,
    };
    let table: fn(u8) -> Option<char> = match named {
        Some(b"WinAnsiEncoding") => tables::win_ansi_encoding,
        Some(b"MacRomanEncoding") => tables::mac_roman_encoding,
        Some(b"StandardEncoding") => tables::standard_encoding,
        _ => {
            if family == Family::Symbol {
                symbol_encoding
            } else if let Some(builtin) = descriptor.and_then(|d| type1_builtin_encoding(doc, d)) {
                return builtin;
            } else if subtype == b"TrueType" {
                // TrueType fonts without an encoding are nearly always
                // Windows text fonts; WinAnsi is the better guess.
                tables::win_ansi_encoding
            } else {
                tables::standard_encoding
            }
        }
    };
    (0..=255u8).map(table).collect()
}

/// The `/Differences` array as code → glyph name.
fn differences(doc: &Document, dict: &Dictionary) -> Vec<Option<String>> {
    let mut names = vec![None; 256];
    let Some(Object::Dictionary(enc)) = obj::get(doc, dict, b"Encoding") else {
        return names;
    };
    let Some(items) = obj::get_array(doc, enc, b"Differences") else {
        return names;
    };
    let mut code: Option<usize> = None;
    for item in items {
        match obj::resolve(doc, item) {
            Object::Integer(n) => code = usize::try_from(*n).ok(),
            Object::Name(name) => {
                if let Some(c) = code {
                    if let Some(slot) = names.get_mut(c) {
                        *slot = Some(String::from_utf8_lossy(name).into_owned());
                    }
                    code = Some(c + 1);
                }
            }
            _ => {}
        }
    }
    names
}

/// The encoding built into an embedded Type 1 font program: its clear-text
/// part says `dup <code> /<glyph name> put` for each code. TeX's fonts rely
/// on this when a PDF has no `ToUnicode`.
fn type1_builtin_encoding(doc: &Document, descriptor: &Dictionary) -> Option<Vec<Option<char>>> {
    let stream = obj::get_stream(doc, descriptor, b"FontFile")?;
    let bytes = obj::stream_bytes(stream, FONT_STREAM_LIMIT)?;
    // Only the clear-text part (before `eexec`) holds the encoding.
    let clear_len = obj::get_number(doc, &stream.dict, b"Length1")
        .map(to_u32)
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(bytes.len())
        .min(bytes.len());
    let clear = bytes.get(..clear_len)?;
    let text = String::from_utf8_lossy(clear);
    if text.contains("/Encoding StandardEncoding") {
        return None;
    }
    let mut table = vec![None; 256];
    let mut found = false;
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    for window in words.windows(4) {
        if let [dup, code, name, put] = window
            && *dup == "dup"
            && *put == "put"
            && let (Ok(code), Some(name)) = (code.parse::<usize>(), name.strip_prefix('/'))
            && let Some(slot) = table.get_mut(code)
        {
            *slot = tables::glyph_name_to_text(name).and_then(|t| t.chars().next());
            found = true;
        }
    }
    found.then_some(table)
}

/// The Symbol font's encoding for the characters resumes use: Greek
/// letters and the bullet Word puts in front of list items.
fn symbol_encoding(code: u8) -> Option<char> {
    const UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    match code {
        b'A'..=b'Z' => UPPER.chars().nth(usize::from(code - b'A')),
        b'a'..=b'z' => LOWER.chars().nth(usize::from(code - b'a')),
        0xb7 => Some('\u{2022}'),
        0x20..=0x40 | 0x5b..=0x60 | 0x7b..=0x7e => Some(char::from(code)),
        _ => None,
    }
}

fn font_descriptor<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    obj::get_dict(doc, dict, b"FontDescriptor").or_else(|| {
        // Composite fonts keep theirs on the descendant.
        let descendant = obj::get_array(doc, dict, b"DescendantFonts")?.first()?;
        let descendant = obj::as_dict(obj::resolve(doc, descendant))?;
        obj::get_dict(doc, descendant, b"FontDescriptor")
    })
}

/// The font's PostScript name without its subset tag (`ABCDEF+`).
fn font_name(doc: &Document, dict: &Dictionary, descriptor: Option<&Dictionary>) -> String {
    let raw = obj::get_name(doc, dict, b"BaseFont")
        .or_else(|| descriptor.and_then(|d| obj::get_name(doc, d, b"FontName")))
        .unwrap_or(b"");
    let name = String::from_utf8_lossy(raw);
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) => {
            rest.to_owned()
        }
        _ => name.into_owned(),
    }
}

/// Bold and italic, from the name first (the most reliable signal across
/// writers), then the descriptor's weight, flags and italic angle.
fn style(doc: &Document, name: &str, descriptor: Option<&Dictionary>) -> (bool, bool) {
    let lower = name.to_ascii_lowercase();
    // The part after the family name: "Georgia-BoldItalic", "Arial,Bold".
    let style_part = lower.split_once(['-', ',']).map(|(_, s)| s).unwrap_or("");
    let mut bold = ["bold", "black", "heavy", "semibd", "demi"]
        .iter()
        .any(|w| lower.contains(w))
        || matches!(style_part, "bd" | "b" | "bdit" | "bi")
        // TeX's bold faces: cmbx10, cmssbx10, lmroman10-bold, …
        || lower.starts_with("cmbx")
        || lower.starts_with("cmssbx")
        || lower.starts_with("cmb");
    let mut italic = ["italic", "oblique", "slanted"]
        .iter()
        .any(|w| lower.contains(w))
        || matches!(style_part, "it" | "i" | "bdit" | "bi" | "boldit" | "ita")
        || lower.starts_with("cmti")
        || lower.starts_with("cmssi")
        || lower.starts_with("cmsl")
        || lower.starts_with("cmbxti");
    if let Some(descriptor) = descriptor {
        if obj::get_number(doc, descriptor, b"FontWeight").is_some_and(|w| w >= 600.0) {
            bold = true;
        }
        let flags = obj::get_number(doc, descriptor, b"Flags")
            .map(to_u32)
            .unwrap_or(0);
        // Flag bit 19 is ForceBold, bit 7 Italic (PDF 32000-1, table 123).
        if flags & (1 << 18) != 0 {
            bold = true;
        }
        if flags & (1 << 6) != 0 {
            italic = true;
        }
        if obj::get_number(doc, descriptor, b"ItalicAngle").is_some_and(|a| a.abs() > 1.0) {
            italic = true;
        }
    }
    (bold, italic)
}

fn family(name: &str) -> Family {
    let lower = name.to_ascii_lowercase();
    if lower.contains("awesome")
        || lower.contains("icons")
        || lower.contains("icomoon")
        || lower.contains("fontello")
    {
        Family::Icons
    } else if lower.contains("dingbat") || lower.contains("wingding") || lower.contains("webding") {
        Family::Dingbats
    } else if lower == "symbol" || lower.starts_with("symbolmt") {
        Family::Symbol
    } else {
        Family::Text
    }
}

/// Approximate widths (ems) for the standard 14 fonts, which PDFs may use
/// without a `/Widths` array. Helvetica's metrics stand in for the
/// proportional faces (Times is about 10% narrower); the reader only needs
/// widths to measure gaps, so this is close enough.
fn standard_width(name: &str, code: u8) -> f32 {
    let lower = name.to_ascii_lowercase();
    if lower.contains("courier") || lower.contains("mono") {
        return 0.6;
    }
    let helvetica: u16 = match code {
        b' ' | b'!' | b',' | b'.' | b'/' | b':' | b';' | b'[' | b'\\' | b']' | b'I' | b'f'
        | b't' => 278,
        b'"' => 355,
        b'#'
        | b'$'
        | b'0'..=b'9'
        | b'?'
        | b'L'
        | b'_'
        | b'a'
        | b'b'
        | b'd'
        | b'e'
        | b'g'
        | b'h'
        | b'n' => 556,
        b'o' | b'p' | b'q' | b'u' => 556,
        b'%' => 889,
        b'&' | b'A' | b'B' | b'E' | b'K' | b'P' | b'S' | b'V' | b'X' | b'Y' => 667,
        b'\'' | b'`' | b'i' | b'j' | b'l' => 222,
        b'(' | b')' | b'-' | b'r' => 333,
        b'*' => 389,
        b'+' | b'<' | b'=' | b'>' | b'~' => 584,
        b'@' => 1015,
        b'C' | b'D' | b'H' | b'N' | b'R' | b'U' | b'w' => 722,
        b'F' | b'T' | b'Z' => 611,
        b'G' | b'O' | b'Q' => 778,
        b'J' | b'c' | b'k' | b's' | b'v' | b'x' | b'y' | b'z' => 500,
        b'M' | b'm' => 833,
        b'W' => 944,
        b'^' => 469,
        b'{' | b'}' => 334,
        b'|' => 260,
        _ => 556,
    };
    let width = f32::from(helvetica) / 1000.0;
    if lower.contains("times") || (lower.contains("serif") && !lower.contains("sans")) {
        width * 0.9
    } else {
        width
    }
}

/// Normalises a glyph's text: ligatures become their letters (so "ﬁnance"
/// searches as "finance"), a soft hyphen — which a PDF only shows at a line
/// break — becomes the hyphen it looks like, private-use code points (icon
/// glyphs) and control characters are dropped, and no-break spaces become
/// spaces.
pub(super) fn clean_text(text: String) -> String {
    let needs_work = text.chars().any(|c| {
        matches!(c, '\u{fb00}'..='\u{fb06}' | '\u{00ad}' | '\u{00a0}' | '\u{e000}'..='\u{f8ff}')
            || c.is_control()
    });
    if !needs_work {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            '\u{00ad}' => out.push('-'),
            '\u{00a0}' => out.push(' '),
            '\u{e000}'..='\u{f8ff}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_expand_and_icons_vanish() {
        assert_eq!(
            clean_text("\u{fb01}nance \u{fb02}ow".into()),
            "finance flow"
        );
        assert_eq!(clean_text("\u{f095} call".into()), " call");
        assert_eq!(clean_text("co\u{00ad}".into()), "co-");
    }

    #[test]
    fn font_names_tell_bold_and_italic() {
        let doc = Document::new();
        assert_eq!(style(&doc, "Georgia-BoldItalic", None), (true, true));
        assert_eq!(style(&doc, "Arial,Bold", None), (true, false));
        assert_eq!(style(&doc, "CMBX12", None), (true, false));
        assert_eq!(style(&doc, "CMSSI10", None), (false, true));
        assert_eq!(style(&doc, "Roboto-Regular", None), (false, false));
        assert_eq!(style(&doc, "Helvetica-Oblique", None), (false, true));
    }

    #[test]
    fn glyph_names_decode_including_uni_and_ligature_forms() {
        assert_eq!(tables::glyph_name_to_text("eacute").as_deref(), Some("é"));
        assert_eq!(tables::glyph_name_to_text("uni00E9").as_deref(), Some("é"));
        assert_eq!(tables::glyph_name_to_text("u1F600").as_deref(), Some("😀"));
        assert_eq!(tables::glyph_name_to_text("f_f_i").as_deref(), Some("ffi"));
        assert_eq!(tables::glyph_name_to_text("a.sc").as_deref(), Some("a"));
        assert_eq!(tables::glyph_name_to_text("g123"), None);
    }
}
