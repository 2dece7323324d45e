//! What `word/styles.xml` and `word/numbering.xml` say about a paragraph:
//! whether it is a title, a heading (and which level) or a list item (bullet
//! or numbered), and whether its text is bold — following `w:basedOn`
//! inheritance and numbering style links.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

use crate::DocxError;
use crate::read::ParagraphKind;
use crate::xml::{Ns, attr, decode_part, next_event, on_off};

/// Inheritance chains longer than this are cycles or malice; real ones are
/// three or four deep.
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: Option<String>,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    bold: Option<bool>,
}

/// The document's styles, by style id.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, StyleDef>,
    default_paragraph: Option<String>,
}

/// How a paragraph's numbering resolves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListFormat {
    Bullet,
    Numbered,
    /// `w:numFmt="none"`: numbering with nothing shown (used to hide
    /// outline numbers), so not a list.
    Hidden,
}

#[derive(Debug, Default)]
struct NumDef {
    abstract_id: Option<u32>,
    overrides: HashMap<u8, ListFormat>,
}

#[derive(Debug, Default)]
struct AbstractDef {
    levels: HashMap<u8, ListFormat>,
    num_style_link: Option<String>,
}

/// The document's list definitions. `present` is false when the package
/// has no numbering part, so list paragraphs can still be recognised.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    present: bool,
    nums: HashMap<u32, NumDef>,
    abstracts: HashMap<u32, AbstractDef>,
}

fn malformed(part: &str, position: u64, e: impl std::fmt::Display) -> DocxError {
    DocxError::MalformedXml {
        part: part.to_owned(),
        position,
        reason: e.to_string(),
    }
}

fn parse_num<T: std::str::FromStr>(v: Option<String>) -> Option<T> {
    v.and_then(|s| s.trim().parse().ok())
}

/// Walks a part keeping the path of WordprocessingML local names, calling
/// `f(path, element, is_start_or_empty)` for each `w:` element; `mc:Fallback`
/// subtrees are skipped (their `mc:Choice` says the same thing).
fn walk_w(
    part: &str,
    bytes: &[u8],
    mut f: impl FnMut(&[String], &quick_xml::events::BytesStart<'_>),
) -> Result<(), DocxError> {
    let (text, _) = decode_part(part, bytes)?;
    let mut reader = NsReader::from_str(&text);
    let mut path: Vec<String> = Vec::new();
    // Per open element: whether it added a name to `path`. `mc:` wrappers
    // do not, so a `w:numFmt` inside `mc:AlternateContent/mc:Choice` sits
    // where it would without them.
    let mut frames: Vec<bool> = Vec::new();
    let mut skip = 0usize;
    loop {
        let (ns, event) = next_event(&mut reader, part)?;
        match event {
            Event::Start(e) => {
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                if ns == Ns::Mc && e.local_name().as_ref() == "Fallback" {
                    skip = 1;
                    continue;
                }
                if ns == Ns::Mc {
                    frames.push(false);
                    continue;
                }
                let name = if ns == Ns::W {
                    e.local_name().as_ref().to_owned()
                } else {
                    String::new()
                };
                path.push(name);
                frames.push(true);
                if ns == Ns::W {
                    f(&path, &e);
                }
            }
            Event::Empty(e) => {
                if skip > 0 || ns != Ns::W {
                    continue;
                }
                path.push(e.local_name().as_ref().to_owned());
                f(&path, &e);
                path.pop();
            }
            Event::End(_) => {
                if skip > 0 {
                    skip -= 1;
                } else if frames.pop() == Some(true) {
                    path.pop();
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !frames.is_empty() || skip > 0 {
        return Err(malformed(
            part,
            text.len() as u64,
            "the part ends inside an element",
        ));
    }
    Ok(())
}

fn ends_with(path: &[String], tail: &[&str]) -> bool {
    path.len() >= tail.len()
        && path[path.len() - tail.len()..]
            .iter()
            .zip(tail)
            .all(|(a, b)| a == b)
}

impl Styles {
    pub(crate) fn parse(part: &str, bytes: &[u8]) -> Result<Self, DocxError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, StyleDef)> = None;
        walk_w(part, bytes, |path, e| {
            let local = path.last().map_or("", String::as_str);
            // Only properties directly under the style count: a `w:b` in a
            // table style's conditional formatting is not the style's own.
            let in_style = |tail: &[&str]| {
                path.len() == tail.len() + 2 && path[1] == "style" && ends_with(path, tail)
            };
            if local == "style" && path.len() == 2 {
                if let Some((id, def)) = current.take() {
                    styles.styles.insert(id, def);
                }
                let is_paragraph = attr(e, "type").is_none_or(|t| t == "paragraph");
                if let Some(id) = attr(e, "styleId") {
                    if is_paragraph && attr(e, "default").is_some_and(|d| d == "1" || d == "true") {
                        styles.default_paragraph = Some(id.clone());
                    }
                    current = Some((id, StyleDef::default()));
                }
                return;
            }
            let Some((_, def)) = current.as_mut() else {
                return;
            };
            if in_style(&["name"]) {
                def.name = attr(e, "val");
            } else if in_style(&["basedOn"]) {
                def.based_on = attr(e, "val");
            } else if in_style(&["pPr", "outlineLvl"]) {
                def.outline = parse_num(attr(e, "val"));
            } else if in_style(&["pPr", "numPr", "numId"]) {
                def.num_id = parse_num(attr(e, "val"));
            } else if in_style(&["pPr", "numPr", "ilvl"]) {
                def.ilvl = parse_num(attr(e, "val"));
            } else if in_style(&["rPr", "b"]) {
                def.bold = Some(on_off(e));
            }
        })?;
        if let Some((id, def)) = current.take() {
            styles.styles.insert(id, def);
        }
        Ok(styles)
    }

    /// The style and its ancestors, nearest first, cycle-safe.
    fn chain<'s>(&'s self, id: &'s str) -> impl Iterator<Item = (&'s str, &'s StyleDef)> + 's {
        let mut next = Some(id);
        let mut seen = 0;
        std::iter::from_fn(move || {
            let id = next.take()?;
            seen += 1;
            if seen > MAX_CHAIN {
                return None;
            }
            let def = self.styles.get(id)?;
            next = def.based_on.as_deref();
            Some((id, def))
        })
    }

    /// The name Word shows for the style, else its id.
    pub(crate) fn display_name(&self, id: &str) -> String {
        self.styles
            .get(id)
            .and_then(|d| d.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    fn effective_paragraph_style<'s>(&'s self, style: Option<&'s str>) -> Option<&'s str> {
        style.or(self.default_paragraph.as_deref())
    }

    /// Whether a run's text is bold: its own `w:b`, else its character
    /// style's, else its paragraph style's.
    pub(crate) fn run_bold(
        &self,
        direct: Option<bool>,
        run_style: Option<&str>,
        paragraph_style: Option<&str>,
    ) -> bool {
        let from = |id: Option<&str>| id.and_then(|id| self.chain(id).find_map(|(_, d)| d.bold));
        direct
            .or_else(|| from(run_style))
            .or_else(|| from(self.effective_paragraph_style(paragraph_style)))
            .unwrap_or(false)
    }

    /// The paragraph's kind from its style, its direct outline level and
    /// its direct numbering.
    pub(crate) fn paragraph_kind(
        &self,
        numbering: &Numbering,
        style: Option<&str>,
        direct_outline: Option<u8>,
        direct_num_id: Option<u32>,
        direct_ilvl: Option<u8>,
    ) -> ParagraphKind {
        let style = self.effective_paragraph_style(style);
        if let Some(kind) = self.heading_kind(style, direct_outline) {
            return kind;
        }
        // Numbering: the paragraph's own, else its style's (list styles such
        // as "List Bullet" carry `w:numPr` in styles.xml). numId 0 removes it.
        let style_num = style.and_then(|id| {
            self.chain(id)
                .find(|(_, d)| d.num_id.is_some())
                .map(|(_, d)| (d.num_id, d.ilvl))
        });
        let num_id = direct_num_id.or_else(|| style_num.and_then(|(n, _)| n));
        let ilvl = direct_ilvl
            .or_else(|| style_num.and_then(|(_, l)| l))
            .unwrap_or(0)
            .min(8);
        match num_id {
            Some(0) => ParagraphKind::Normal,
            Some(num_id) => match numbering.format(self, num_id, ilvl) {
                Some(ListFormat::Bullet) => ParagraphKind::ListItem {
                    depth: ilvl,
                    numbered: false,
                },
                Some(ListFormat::Numbered) => ParagraphKind::ListItem {
                    depth: ilvl,
                    numbered: true,
                },
                Some(ListFormat::Hidden) => ParagraphKind::Normal,
                // Without a numbering part the file is damaged, but the
                // author clearly meant a list; guess its kind from the
                // style's name. A numbering part without this list means
                // Word shows none.
                None if !numbering.present => {
                    self.list_style_kind(style)
                        .unwrap_or(ParagraphKind::ListItem {
                            depth: ilvl,
                            numbered: false,
                        })
                }
                None => ParagraphKind::Normal,
            },
            None => self.list_style_kind(style).unwrap_or(ParagraphKind::Normal),
        }
    }

    fn heading_kind(
        &self,
        style: Option<&str>,
        direct_outline: Option<u8>,
    ) -> Option<ParagraphKind> {
        match direct_outline {
            Some(level @ 0..=8) => return Some(ParagraphKind::Heading(level + 1)),
            // 9 is "body text": explicitly not a heading.
            Some(_) => return None,
            None => {}
        }
        for (id, def) in self.chain(style?) {
            let name = def.name.as_deref().unwrap_or(id).trim().to_lowercase();
            if name == "title" {
                return Some(ParagraphKind::Title);
            }
            // A subtitle is usually based on Title, but is not one.
            if name == "subtitle" {
                return None;
            }
            if let Some(level) = heading_level(&name).or_else(|| heading_level(&id.to_lowercase()))
            {
                return Some(ParagraphKind::Heading(level));
            }
            match def.outline {
                Some(level @ 0..=8) => return Some(ParagraphKind::Heading(level + 1)),
                Some(_) => return None,
                None => {}
            }
        }
        None
    }

    /// "List Bullet 2" → a bullet at depth 1; "List Number" → numbered.
    fn list_style_kind(&self, style: Option<&str>) -> Option<ParagraphKind> {
        self.chain(style?).find_map(|(id, def)| {
            let name = def.name.as_deref().unwrap_or(id).trim().to_lowercase();
            let (rest, numbered) = if let Some(rest) = name.strip_prefix("list bullet") {
                (rest, false)
            } else if let Some(rest) = name.strip_prefix("list number") {
                (rest, true)
            } else {
                return None;
            };
            let depth = rest
                .trim()
                .parse::<u8>()
                .map_or(0, |n| n.saturating_sub(1))
                .min(8);
            Some(ParagraphKind::ListItem { depth, numbered })
        })
    }
}

/// "heading 2", "heading2" → 2.
fn heading_level(name: &str) -> Option<u8> {
    let rest = name.strip_prefix("heading")?.trim();
    match rest.parse::<u8>() {
        Ok(level @ 1..=9) => Some(level),
        _ => None,
    }
}

fn list_format(v: Option<String>) -> ListFormat {
    match v.as_deref() {
        Some("bullet") => ListFormat::Bullet,
        Some("none") => ListFormat::Hidden,
        // Absent means decimal (the schema's default); everything else is
        // some kind of counter.
        _ => ListFormat::Numbered,
    }
}

impl Numbering {
    pub(crate) fn parse(part: &str, bytes: &[u8]) -> Result<Self, DocxError> {
        let mut numbering = Numbering {
            present: true,
            ..Numbering::default()
        };
        let mut abstract_id: Option<u32> = None;
        let mut num_id: Option<u32> = None;
        let mut level: Option<u8> = None;
        walk_w(part, bytes, |path, e| {
            let local = path.last().map_or("", String::as_str);
            match (path.len(), local) {
                (2, "abstractNum") => {
                    abstract_id = parse_num(attr(e, "abstractNumId"));
                    num_id = None;
                    if let Some(id) = abstract_id {
                        numbering.abstracts.entry(id).or_default();
                    }
                }
                (2, "num") => {
                    num_id = parse_num(attr(e, "numId"));
                    abstract_id = None;
                    if let Some(id) = num_id {
                        numbering.nums.entry(id).or_default();
                    }
                }
                (3, "lvl") => level = parse_num(attr(e, "ilvl")),
                (3, "lvlOverride") => level = parse_num(attr(e, "ilvl")),
                (3, "numStyleLink") => {
                    if let Some(def) = abstract_id.and_then(|id| numbering.abstracts.get_mut(&id)) {
                        def.num_style_link = attr(e, "val");
                    }
                }
                (3, "abstractNumId") => {
                    if let Some(def) = num_id.and_then(|id| numbering.nums.get_mut(&id)) {
                        def.abstract_id = parse_num(attr(e, "val"));
                    }
                }
                (4, "numFmt") if path[2] == "lvl" => {
                    if let (Some(def), Some(l)) = (
                        abstract_id.and_then(|id| numbering.abstracts.get_mut(&id)),
                        level,
                    ) {
                        def.levels.insert(l, list_format(attr(e, "val")));
                    }
                }
                (5, "numFmt") if path[2] == "lvlOverride" && path[3] == "lvl" => {
                    if let (Some(def), Some(l)) =
                        (num_id.and_then(|id| numbering.nums.get_mut(&id)), level)
                    {
                        def.overrides.insert(l, list_format(attr(e, "val")));
                    }
                }
                _ => {}
            }
        })?;
        Ok(numbering)
    }

    /// The format of level `ilvl` of list `num_id`, following a numbering
    /// style link (an abstract list that only points at a list style).
    fn format(&self, styles: &Styles, num_id: u32, ilvl: u8) -> Option<ListFormat> {
        let mut num_id = num_id;
        for _ in 0..MAX_CHAIN {
            let num = self.nums.get(&num_id)?;
            if let Some(f) = num.overrides.get(&ilvl) {
                return Some(*f);
            }
            let abs = self.abstracts.get(&num.abstract_id?)?;
            if let Some(f) = abs.levels.get(&ilvl) {
                return Some(*f);
            }
            let link = abs.num_style_link.as_deref()?;
            num_id = styles.chain(link).find_map(|(_, d)| d.num_id)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn styles(body: &str) -> Styles {
        Styles::parse(
            "word/styles.xml",
            format!("<w:styles {W}>{body}</w:styles>").as_bytes(),
        )
        .expect("styles parse")
    }

    #[test]
    fn headings_come_from_names_ids_outline_levels_and_inheritance() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style>
               <w:style w:type="paragraph" w:styleId="RoleTitle"><w:name w:val="Role Title"/><w:basedOn w:val="Heading2"/></w:style>
               <w:style w:type="paragraph" w:styleId="Sec"><w:name w:val="Section"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
               <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Title"/></w:style>
               <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>"#,
        );
        let n = Numbering::default();
        let kind = |style| s.paragraph_kind(&n, Some(style), None, None, None);
        assert_eq!(kind("Heading2"), ParagraphKind::Heading(2));
        assert_eq!(kind("RoleTitle"), ParagraphKind::Heading(2));
        assert_eq!(kind("Sec"), ParagraphKind::Heading(1));
        assert_eq!(kind("Title"), ParagraphKind::Title);
        assert_eq!(kind("Subtitle"), ParagraphKind::Normal);
        assert_eq!(kind("Loop"), ParagraphKind::Normal);
        assert_eq!(
            s.paragraph_kind(&n, None, Some(2), None, None),
            ParagraphKind::Heading(3)
        );
    }

    #[test]
    fn list_kinds_come_from_numbering_formats_and_list_style_names() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="ListNumber2"><w:name w:val="List Number 2"/></w:style>
               <w:style w:type="numbering" w:styleId="LinkedList"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>"#,
        );
        let n = Numbering::parse(
            "word/numbering.xml",
            format!(
                r#"<w:numbering {W}>
                <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
                <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum>
                <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="LinkedList"/></w:abstractNum>
                <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
                <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
                <w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
                <w:num w:numId="4"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="upperLetter"/></w:lvl></w:lvlOverride></w:num>
                </w:numbering>"#
            )
            .as_bytes(),
        )
        .expect("numbering parse");
        let item = |depth, numbered| ParagraphKind::ListItem { depth, numbered };
        assert_eq!(
            s.paragraph_kind(&n, None, None, Some(1), Some(0)),
            item(0, false)
        );
        assert_eq!(
            s.paragraph_kind(&n, None, None, Some(1), Some(1)),
            item(1, true)
        );
        assert_eq!(
            s.paragraph_kind(&n, None, None, Some(3), None),
            item(0, true)
        );
        assert_eq!(
            s.paragraph_kind(&n, None, None, Some(4), None),
            item(0, true)
        );
        assert_eq!(
            s.paragraph_kind(&n, Some("ListBullet"), None, None, None),
            item(0, false)
        );
        assert_eq!(
            s.paragraph_kind(&n, Some("ListBullet"), None, Some(0), None),
            ParagraphKind::Normal
        );
        assert_eq!(
            s.paragraph_kind(&n, Some("ListNumber2"), None, None, None),
            item(1, true)
        );
        assert_eq!(
            s.paragraph_kind(&n, None, None, Some(99), None),
            ParagraphKind::Normal
        );
    }

    #[test]
    fn bold_inherits_from_run_style_then_paragraph_style() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Strong"><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>
               <w:style w:type="character" w:styleId="NotBold"><w:rPr><w:b w:val="0"/></w:rPr></w:style>"#,
        );
        assert!(s.run_bold(None, None, Some("Strong")));
        assert!(!s.run_bold(None, Some("NotBold"), Some("Strong")));
        assert!(s.run_bold(Some(true), None, None));
        assert!(!s.run_bold(None, None, None));
    }
}
