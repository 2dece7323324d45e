//! CMap streams: the `ToUnicode` maps that say which text a character code
//! stands for, and embedded encoding CMaps of composite fonts (how a string's
//! bytes split into codes and which CID each code selects).
//!
//! Only the parts text extraction needs are read: `codespacerange`,
//! `bfchar`/`bfrange` and `cidchar`/`cidrange`. Anything else in the stream
//! (the PostScript resource boilerplate) is skipped token by token, so an odd
//! or damaged CMap yields a partial map instead of an error.

use std::collections::HashMap;

/// Ranges wider than this are kept as ranges and searched; narrower ones are
/// expanded into the lookup table. Keeps an adversarial `<0000> <FFFF>` range
/// list from allocating millions of entries while common maps stay O(1).
const EXPAND_RANGE_LIMIT: u32 = 256;
/// A CMap with more ranges than this is truncated: real fonts use a few
/// hundred at most, and each range costs a comparison on a lookup miss.
const MAX_RANGES: usize = 4096;

/// One code-space range: codes of `len` bytes whose bytes each lie between
/// the matching bytes of `low` and `high`.
#[derive(Debug, Clone)]
struct CodeSpace {
    len: usize,
    low: [u8; 4],
    high: [u8; 4],
}

/// A parsed CMap. For a `ToUnicode` map `text` is filled; for an encoding
/// CMap `cids` is.
#[derive(Debug, Default, Clone)]
pub(super) struct CMap {
    codespaces: Vec<CodeSpace>,
    /// `(code length in bytes, code)` → text.
    text: HashMap<(u8, u32), String>,
    /// Wide `bfrange`s: (length, low, high, first target as UTF-16 units).
    text_ranges: Vec<(u8, u32, u32, Vec<u16>)>,
    /// `(code length, code)` → CID.
    cids: HashMap<(u8, u32), u32>,
    /// Wide `cidrange`s: (length, low, high, first CID).
    cid_ranges: Vec<(u8, u32, u32, u32)>,
}

impl CMap {
    /// Parses a CMap stream's decoded bytes. Never fails: unreadable parts are
    /// skipped.
    pub(super) fn parse(data: &[u8]) -> CMap {
        let mut map = CMap::default();
        let tokens = tokenize(data);
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            i += 1;
            let Token::Keyword(keyword) = token else {
                continue;
            };
            match keyword.as_slice() {
                b"begincodespacerange" => {
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        map.add_codespace(low, high);
                        i += 2;
                    }
                }
                b"beginbfchar" => {
                    while let (Some(Token::Hex(src)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        if let Some(text) = token_text(dst) {
                            map.text.insert(code_key(src), text);
                        }
                        i += 2;
                    }
                }
                b"beginbfrange" => {
                    while let (Some(Token::Hex(low)), Some(Token::Hex(high)), Some(dst)) =
                        (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        map.add_bf_range(low, high, dst);
                        i += 3;
                    }
                }
                b"begincidchar" => {
                    while let (Some(Token::Hex(src)), Some(Token::Number(cid))) =
                        (tokens.get(i), tokens.get(i + 1))
                    {
                        map.cids.insert(code_key(src), number_to_u32(*cid));
                        i += 2;
                    }
                }
                b"begincidrange" => {
                    while let (
                        Some(Token::Hex(low)),
                        Some(Token::Hex(high)),
                        Some(Token::Number(cid)),
                    ) = (tokens.get(i), tokens.get(i + 1), tokens.get(i + 2))
                    {
                        map.add_cid_range(low, high, number_to_u32(*cid));
                        i += 3;
                    }
                }
                _ => {}
            }
        }
        map
    }

    fn add_codespace(&mut self, low: &[u8], high: &[u8]) {
        if low.is_empty()
            || low.len() != high.len()
            || low.len() > 4
            || self.codespaces.len() >= MAX_RANGES
        {
            return;
        }
        let mut space = CodeSpace {
            len: low.len(),
            low: [0; 4],
            high: [0; 4],
        };
        space.low[..low.len()].copy_from_slice(low);
        space.high[..high.len()].copy_from_slice(high);
        self.codespaces.push(space);
    }

    fn add_bf_range(&mut self, low: &[u8], high: &[u8], dst: &Token) {
        let (len, lo) = code_key(low);
        let (_, hi) = code_key(high);
        if hi < lo {
            return;
        }
        match dst {
            Token::Array(items) => {
                // One destination per code, in order.
                for (offset, item) in items.iter().enumerate() {
                    let Ok(offset) = u32::try_from(offset) else {
                        break;
                    };
                    let code = lo.saturating_add(offset);
                    if code > hi {
                        break;
                    }
                    if let Some(text) = token_text(item) {
                        self.text.insert((len, code), text);
                    }
                }
            }
            Token::Hex(first) => {
                let units = utf16_units(first);
                if units.is_empty() {
                    return;
                }
                if hi - lo < EXPAND_RANGE_LIMIT {
                    for code in lo..=hi {
                        if let Some(text) = offset_text(&units, code - lo) {
                            self.text.insert((len, code), text);
                        }
                    }
                } else if self.text_ranges.len() < MAX_RANGES {
                    self.text_ranges.push((len, lo, hi, units));
                }
            }
            _ => {}
        }
    }

    fn add_cid_range(&mut self, low: &[u8], high: &[u8], first_cid: u32) {
        let (len, lo) = code_key(low);
        let (_, hi) = code_key(high);
        if hi < lo {
            return;
        }
        if hi - lo < EXPAND_RANGE_LIMIT {
            for code in lo..=hi {
                self.cids
                    .insert((len, code), first_cid.saturating_add(code - lo));
            }
        } else if self.cid_ranges.len() < MAX_RANGES {
            self.cid_ranges.push((len, lo, hi, first_cid));
        }
    }

    /// Whether the map has any text mappings at all.
    pub(super) fn has_text(&self) -> bool {
        !self.text.is_empty() || !self.text_ranges.is_empty()
    }

    /// The text for a code of `len` bytes. Falls back to the same numeric code
    /// at another length, because some writers put `<0041>` in a ToUnicode
    /// map of a one-byte font.
    pub(super) fn text_for(&self, len: u8, code: u32) -> Option<String> {
        if let Some(text) = self.text.get(&(len, code)) {
            return Some(text.clone());
        }
        for (range_len, lo, hi, units) in &self.text_ranges {
            if *range_len == len && (*lo..=*hi).contains(&code) {
                return offset_text(units, code - lo);
            }
        }
        [1u8, 2, 3, 4]
            .iter()
            .filter(|other| **other != len)
            .find_map(|other| self.text.get(&(*other, code)).cloned())
    }

    /// The CID an encoding CMap assigns to a code.
    pub(super) fn cid_for(&self, len: u8, code: u32) -> Option<u32> {
        if let Some(cid) = self.cids.get(&(len, code)) {
            return Some(*cid);
        }
        self.cid_ranges
            .iter()
            .find(|(range_len, lo, hi, _)| *range_len == len && (*lo..=*hi).contains(&code))
            .map(|(_, lo, _, first)| first.saturating_add(code - lo))
    }

    /// Whether the map declares code-space ranges (so it can split strings).
    pub(super) fn has_codespaces(&self) -> bool {
        !self.codespaces.is_empty()
    }

    /// The length of the code starting at `bytes[0]`: the shortest code-space
    /// range that matches, else the shortest declared length (so malformed
    /// input still advances), else `default_len`.
    pub(super) fn code_len(&self, bytes: &[u8], default_len: usize) -> usize {
        let mut best: Option<usize> = None;
        for space in &self.codespaces {
            if bytes.len() < space.len {
                continue;
            }
            let matches = (0..space.len).all(|k| {
                let b = bytes.get(k).copied().unwrap_or(0);
                let lo = space.low.get(k).copied().unwrap_or(0);
                let hi = space.high.get(k).copied().unwrap_or(0xff);
                (lo..=hi).contains(&b)
            });
            if matches && best.is_none_or(|b| space.len < b) {
                best = Some(space.len);
            }
        }
        best.or_else(|| self.codespaces.iter().map(|s| s.len).min())
            .unwrap_or(default_len)
            .clamp(1, 4)
    }
}

/// `(length, big-endian value)` of a hex code.
fn code_key(bytes: &[u8]) -> (u8, u32) {
    let len = u8::try_from(bytes.len().min(4)).unwrap_or(4);
    let value = bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
    (len, value)
}

fn number_to_u32(n: f64) -> u32 {
    if n.is_finite() && n >= 0.0 && n <= f64::from(u32::MAX) {
        // Truncation intended: CIDs are integers.
        n as u32
    } else {
        0
    }
}

/// UTF-16BE code units of a destination string.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() == 1 {
        // A one-byte destination is a Latin-1 code, written short.
        return vec![u16::from(bytes[0])];
    }
    bytes
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            [only] => u16::from(*only),
            _ => 0,
        })
        .collect()
}

/// The destination of a range entry `offset` codes after its first: the
/// first destination with its last code unit advanced by `offset`.
fn offset_text(first: &[u16], offset: u32) -> Option<String> {
    let mut units = first.to_vec();
    let last = units.last_mut()?;
    let bumped = u32::from(*last).checked_add(offset)?;
    *last = u16::try_from(bumped).ok()?;
    Some(String::from_utf16_lossy(&units))
}

/// The text a `bfchar` destination stands for: a UTF-16BE hex string, or a
/// glyph name (allowed by the CMap syntax, rare in practice).
fn token_text(token: &Token) -> Option<String> {
    match token {
        Token::Hex(bytes) => {
            let units = utf16_units(bytes);
            if units.is_empty() {
                None
            } else {
                Some(String::from_utf16_lossy(&units))
            }
        }
        Token::Name(name) => super::tables::glyph_name_to_text(&String::from_utf8_lossy(name)),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Number(f64),
    Name(Vec<u8>),
    Keyword(Vec<u8>),
    Array(Vec<Token>),
    /// Literal strings, dictionaries' brackets and other punctuation: kept
    /// only so they are skipped as one unit.
    Other,
}

/// Splits a CMap into tokens. Arrays nest one level (enough for `bfrange`
/// destinations); deeper nesting is flattened rather than recursed into, so
/// a hostile stream cannot exhaust the stack.
fn tokenize(data: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut array: Option<Vec<Token>> = None;
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        let token = match b {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b if b.is_ascii_whitespace() || b == 0 => {
                i += 1;
                continue;
            }
            b'[' => {
                i += 1;
                if array.is_none() {
                    array = Some(Vec::new());
                }
                continue;
            }
            b']' => {
                i += 1;
                if let Some(items) = array.take() {
                    tokens.push(Token::Array(items));
                }
                continue;
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                i += 2;
                Token::Other
            }
            b'>' => {
                i += 1;
                Token::Other
            }
            b'<' => {
                let start = i + 1;
                let mut end = start;
                while end < data.len() && data[end] != b'>' {
                    end += 1;
                }
                let hex = data.get(start..end).unwrap_or(&[]);
                i = end + 1;
                Token::Hex(decode_hex(hex))
            }
            b'(' => {
                // Skip a literal string, honouring escapes and nesting.
                let mut depth = 0usize;
                while i < data.len() {
                    match data[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                Token::Other
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                Token::Name(data.get(start..i).unwrap_or(&[]).to_vec())
            }
            b'{' | b'}' | b')' => {
                i += 1;
                Token::Other
            }
            _ => {
                let start = i;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                let word = data.get(start..i).unwrap_or(&[]);
                if i == start {
                    // A lone delimiter we do not otherwise handle.
                    i += 1;
                    continue;
                }
                match std::str::from_utf8(word)
                    .ok()
                    .and_then(|s| s.parse::<f64>().ok())
                {
                    Some(n) => Token::Number(n),
                    None => Token::Keyword(word.to_vec()),
                }
            }
        };
        match array.as_mut() {
            Some(items) => items.push(token),
            None => tokens.push(token),
        }
    }
    tokens
}

fn is_delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0 || b"()<>[]{}/%".contains(&b)
}

fn decode_hex(hex: &[u8]) -> Vec<u8> {
    let digits: Vec<u8> = hex
        .iter()
        .filter_map(|c| char::from(*c).to_digit(16))
        .filter_map(|d| u8::try_from(d).ok())
        .collect();
    digits
        .chunks(2)
        .map(|pair| match pair {
            [hi, lo] => (hi << 4) | lo,
            // An odd final digit is padded with 0, as the PDF syntax says.
            [hi] => hi << 4,
            _ => 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = br"/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
3 beginbfchar
<0003> <0020>
<0011> <00660069>
<0012> <FB02>
endbfchar
2 beginbfrange
<0024> <0026> <0041>
<0030> <0032> [<0078> <0079> <007A>]
endbfrange
1 beginbfrange
<1000> <2000> <4E00>
endbfrange
endcmap";

    #[test]
    fn bfchar_and_bfrange_entries_map_codes_to_text() {
        let map = CMap::parse(SAMPLE);
        assert_eq!(map.text_for(2, 0x0003).as_deref(), Some(" "));
        assert_eq!(map.text_for(2, 0x0011).as_deref(), Some("fi"));
        assert_eq!(map.text_for(2, 0x0025).as_deref(), Some("B"));
        assert_eq!(map.text_for(2, 0x0032).as_deref(), Some("z"));
        assert_eq!(map.text_for(2, 0x1001).as_deref(), Some("\u{4E01}"));
        assert_eq!(map.text_for(2, 0x0500), None);
    }

    #[test]
    fn codespace_ranges_decide_how_strings_split_into_codes() {
        let map = CMap::parse(SAMPLE);
        assert_eq!(map.code_len(&[0x00, 0x41], 1), 2);
        let mixed = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange");
        assert_eq!(mixed.code_len(b"A", 2), 1);
        assert_eq!(mixed.code_len(&[0x81, 0x40], 1), 2);
    }

    #[test]
    fn garbage_and_truncated_cmaps_parse_to_partial_maps() {
        let map = CMap::parse(b"beginbfchar <01> <0041> <02");
        assert_eq!(map.text_for(1, 1).as_deref(), Some("A"));
        let _ = CMap::parse(b"[[[[[[[ <<<< (((( \\ ] >> /");
        let _ = CMap::parse(&[0xff; 64]);
    }

    #[test]
    fn cid_ranges_map_codes_to_cids() {
        let map = CMap::parse(
            b"1 begincidrange <0000> <00ff> 100 endcidrange 1 begincidchar <0200> 7 endcidchar",
        );
        assert_eq!(map.cid_for(2, 0x0010), Some(116));
        assert_eq!(map.cid_for(2, 0x0200), Some(7));
    }
}
