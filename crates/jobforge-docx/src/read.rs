//! Reading a DOCX's text as paragraphs that keep what the author meant by
//! them: title, heading level, list item, table cell, text box.
//!
//! One streaming pass over each part. The same pass, asked for layout,
//! records where each paragraph's bytes are, which is what `patch` splices.

use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::NsReader;

use crate::DocxError;
use crate::package::{Package, ReadLimits, resolve_target};
use crate::styles::{Numbering, Styles};
use crate::xml::{Ns, attr, decode_part, next_event, on_off, resolve_ref};

/// A DOCX's text: the body, and headers and footers apart, since contact
/// details often live there and would otherwise repeat on every page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxText {
    /// The body's paragraphs in reading order: a text box's paragraphs come
    /// right after the paragraph it is anchored in.
    pub paragraphs: Vec<Paragraph>,
    /// Paragraphs of every header part, in part order (header1, header2…).
    pub header_paragraphs: Vec<Paragraph>,
    /// Paragraphs of every footer part, in part order.
    pub footer_paragraphs: Vec<Paragraph>,
}

/// One paragraph (`w:p`). Empty paragraphs are kept (with empty text): they
/// are the author's spacing and keep `index` dense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Position among all `w:p` elements of the part, in document order of
    /// their start tags (a text box's paragraphs count after the paragraph
    /// holding them). For body paragraphs this is what [`crate::Edit`]s
    /// name. Paragraphs of a text box's VML fallback copy count but are not
    /// returned, so indices may skip.
    pub index: usize,
    /// The displayed text: tabs as `\t`, line breaks as `\n`, field results
    /// (not their codes), inserted revisions in, deleted ones and hidden
    /// (`w:vanish`) text out.
    pub text: String,
    pub kind: ParagraphKind,
    /// The paragraph style's name as Word shows it ("heading 1", "List
    /// Paragraph"), or its id when styles.xml does not name it; `None`
    /// without an explicit style.
    pub style: Option<String>,
    /// Every visible character is bold (directly or through its styles).
    pub bold: bool,
    pub location: Location,
}

/// What a paragraph is, as its styles and numbering say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphKind {
    Title,
    /// Level 1–9, from "Heading N" styles or outline levels.
    Heading(u8),
    /// `depth` 0 for a top-level item (`w:ilvl`).
    ListItem {
        depth: u8,
        numbered: bool,
    },
    Normal,
}

/// Where a paragraph sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Body,
    /// Zero-based: the table's position among all tables of the part in
    /// document order (nested ones included), then the row and the cell in
    /// the innermost table.
    TableCell {
        table: usize,
        row: usize,
        cell: usize,
    },
    /// In a text box (`w:txbxContent`), wherever the box is.
    TextBox,
}

/// Reads the paragraphs of a DOCX.
///
/// The file is checked before anything is trusted (size, legacy `.doc`,
/// password protection, entries, declared and actual unpacked sizes — see
/// [`ReadLimits`]); any problem is an error, never a partial result.
pub fn read_paragraphs(bytes: &[u8], limits: &ReadLimits) -> Result<DocxText, DocxError> {
    let started = std::time::Instant::now();
    let mut package = Package::open(bytes, limits)?;
    let parts = DocumentParts::load(&mut package)?;
    let body = scan(
        &parts.main,
        &parts.document,
        &parts.styles,
        &parts.numbering,
        false,
    )?;
    let mut text = DocxText {
        paragraphs: body.paragraphs,
        ..DocxText::default()
    };
    for (kind, names) in [("header", &parts.headers), ("footer", &parts.footers)] {
        for name in names {
            let Some(bytes) = package.read(name)? else {
                continue;
            };
            let scanned = scan(name, &bytes, &parts.styles, &parts.numbering, false)?;
            if kind == "header" {
                text.header_paragraphs.extend(scanned.paragraphs);
            } else {
                text.footer_paragraphs.extend(scanned.paragraphs);
            }
        }
    }
    tracing::debug!(
        paragraphs = text.paragraphs.len(),
        header = text.header_paragraphs.len(),
        footer = text.footer_paragraphs.len(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "read DOCX"
    );
    Ok(text)
}

/// The parts a reading needs, found through relationships.
pub(crate) struct DocumentParts {
    pub main: String,
    pub document: Vec<u8>,
    pub styles: Styles,
    pub numbering: Numbering,
    pub headers: Vec<String>,
    pub footers: Vec<String>,
}

impl DocumentParts {
    pub(crate) fn load(package: &mut Package<'_>) -> Result<Self, DocxError> {
        let main = package.main_document()?;
        let document = package.read(&main)?.ok_or(DocxError::MissingDocument)?;
        let rels = package.relationships(&main)?;
        let target = |kind: &str, fallback: &str| {
            rels.iter()
                .find(|r| r.is(kind) && !r.external)
                .map_or_else(|| fallback.to_owned(), |r| resolve_target(&main, &r.target))
        };
        let styles_part = target("styles", "word/styles.xml");
        let styles = match package.read(&styles_part)? {
            Some(bytes) => Styles::parse(&styles_part, &bytes)?,
            None => Styles::default(),
        };
        let numbering_part = target("numbering", "word/numbering.xml");
        let numbering = match package.read(&numbering_part)? {
            Some(bytes) => Numbering::parse(&numbering_part, &bytes)?,
            None => Numbering::default(),
        };
        let mut headers = Vec::new();
        let mut footers = Vec::new();
        if rels.is_empty() {
            // No relationships part: fall back to Word's naming.
            for name in package.entry_names() {
                let lower = name.to_lowercase();
                if lower.starts_with("word/header") && lower.ends_with(".xml") {
                    headers.push(name.to_owned());
                } else if lower.starts_with("word/footer") && lower.ends_with(".xml") {
                    footers.push(name.to_owned());
                }
            }
        } else {
            for r in rels.iter().filter(|r| !r.external) {
                let name = resolve_target(&main, &r.target);
                if r.is("header") {
                    headers.push(name);
                } else if r.is("footer") {
                    footers.push(name);
                }
            }
        }
        for list in [&mut headers, &mut footers] {
            list.sort_by_key(|n| natural_key(n));
            list.dedup();
        }
        Ok(Self {
            main,
            document,
            styles,
            numbering,
            headers,
            footers,
        })
    }
}

/// `word/header10.xml` sorts after `word/header2.xml`.
fn natural_key(name: &str) -> (String, u64) {
    let stem = name.strip_suffix(".xml").unwrap_or(name);
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (prefix, number) = stem.split_at(stem.len() - digits);
    (prefix.to_lowercase(), number.parse().unwrap_or(0))
}

/// Where a paragraph's pieces are in its part's text, for splicing.
#[derive(Debug, Clone)]
pub(crate) struct ParaLayout {
    pub index: usize,
    /// The whole `<w:p …>…</w:p>`.
    pub range: Range<usize>,
    /// The element name's prefix with its colon (`"w:"`), or `""`.
    pub prefix: String,
    /// The start tag `<w:p …>` (or the whole element when it is empty).
    pub start_tag: Range<usize>,
    pub empty_element: bool,
    pub ppr: Option<Range<usize>>,
    /// The `w:rPr` of the first run with visible text, else of the first run.
    pub first_rpr: Option<Range<usize>>,
    /// Bookmark, comment and permission range markers inside the paragraph.
    pub range_starts: Vec<Range<usize>>,
    pub range_ends: Vec<Range<usize>>,
    /// Runs holding a comment, footnote or endnote reference.
    pub reference_runs: Vec<Range<usize>>,
    /// Id of the element the paragraph sits in (siblings share it).
    pub parent: usize,
    pub has_nested: bool,
}

pub(crate) struct Scan {
    pub paragraphs: Vec<Paragraph>,
    /// In the same order as `paragraphs`, when asked for.
    pub layouts: Vec<ParaLayout>,
    /// Where the part's text starts in its bytes (after a BOM); `None` when
    /// it had to be transcoded, so byte positions do not map.
    pub text_offset: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    P,
    PPr,
    R,
    RPr,
    T,
    Tbl,
    Tr,
    Tc,
    TxbxContent,
    RangeStart,
    RangeEnd,
    AlternateContent,
    Other,
}

struct Frame {
    tag: Tag,
    id: usize,
    start: usize,
}

#[derive(Default)]
struct Run {
    active: bool,
    start: usize,
    rpr: Option<Range<usize>>,
    in_rpr: bool,
    in_t: bool,
    bold: Option<bool>,
    style: Option<String>,
    hidden: bool,
    has_reference: bool,
}

struct Para {
    layout: ParaLayout,
    text: String,
    style: Option<String>,
    outline: Option<u8>,
    num_id: Option<u32>,
    ilvl: Option<u8>,
    location: Location,
    in_ppr: bool,
    visible: bool,
    all_bold: bool,
    first_text_rpr: Option<Option<Range<usize>>>,
    first_run_rpr: Option<Option<Range<usize>>>,
    run: Run,
}

struct Table {
    id: usize,
    row: Option<usize>,
    cell: Option<usize>,
}

/// Subtrees whose content is not displayed text: deletions and moved-away
/// text, revision records of old properties, field codes, and the VML
/// fallback copy of content whose `mc:Choice` is read instead.
fn skipped(ns: Ns, local: &str) -> bool {
    match ns {
        Ns::W => matches!(
            local,
            "del"
                | "moveFrom"
                | "delText"
                | "instrText"
                | "delInstrText"
                | "pPrChange"
                | "rPrChange"
                | "sectPrChange"
                | "tblPrChange"
                | "tblPrExChange"
                | "trPrChange"
                | "tcPrChange"
                | "tblGridChange"
                | "numberingChange"
        ),
        Ns::Mc => local == "Fallback",
        Ns::Other => false,
    }
}

/// Range markers kept when a paragraph's text is replaced.
fn range_marker(local: &str) -> Option<Tag> {
    match local {
        "bookmarkStart" | "commentRangeStart" | "permStart" | "moveToRangeStart" => {
            Some(Tag::RangeStart)
        }
        "bookmarkEnd" | "commentRangeEnd" | "permEnd" | "moveToRangeEnd" => Some(Tag::RangeEnd),
        _ => None,
    }
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: &'a Numbering,
    frames: Vec<Frame>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    table_count: usize,
    txbx_depth: usize,
    /// Depth inside a skipped subtree; 0 when not skipping.
    skip: usize,
    /// Open complex fields, innermost last: `true` while in the field's
    /// instruction (before `separate`), whose text is not displayed.
    fields: Vec<bool>,
    /// Open `mc:AlternateContent` elements: whether a `mc:Choice` was read.
    /// Only the first is: the others say the same for other consumers.
    alternates: Vec<bool>,
    p_count: usize,
    element_seq: usize,
    out: Vec<(usize, Paragraph, ParaLayout)>,
}

/// Reads one part (document, header or footer).
pub(crate) fn scan(
    part: &str,
    bytes: &[u8],
    styles: &Styles,
    numbering: &Numbering,
    want_layout: bool,
) -> Result<Scan, DocxError> {
    let (text, text_offset) = decode_part(part, bytes)?;
    let mut reader = NsReader::from_str(&text);
    let mut w = Walker {
        styles,
        numbering,
        frames: Vec::new(),
        paras: Vec::new(),
        tables: Vec::new(),
        table_count: 0,
        txbx_depth: 0,
        skip: 0,
        fields: Vec::new(),
        alternates: Vec::new(),
        p_count: 0,
        element_seq: 0,
        out: Vec::new(),
    };
    loop {
        let before = reader.buffer_position() as usize;
        let (ns, event) = next_event(&mut reader, part)?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => w.start(ns, &e, before, after),
            Event::Empty(e) => w.empty(ns, &e, before, after),
            Event::End(_) => w.end(after),
            Event::Text(t) if w.wants_text() => w.push_text(&t.xml10_content()),
            Event::CData(t) if w.wants_text() => w.push_text(&t.xml10_content()),
            Event::GeneralRef(r) if w.wants_text() => {
                if let Some(c) = resolve_ref(&r) {
                    w.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !w.frames.is_empty() || w.skip > 0 {
        return Err(DocxError::MalformedXml {
            part: part.to_owned(),
            position: text.len() as u64,
            reason: "the part ends inside an element".to_owned(),
        });
    }
    // Paragraphs close innermost first; reading order is start order.
    w.out.sort_by_key(|(index, _, _)| *index);
    let (paragraphs, layouts) = w
        .out
        .into_iter()
        .map(|(_, p, l)| (p, l))
        .unzip::<_, _, Vec<_>, Vec<_>>();
    Ok(Scan {
        paragraphs,
        layouts: if want_layout { layouts } else { Vec::new() },
        text_offset,
    })
}

impl Walker<'_> {
    fn wants_text(&self) -> bool {
        self.skip == 0
            && !self.fields.iter().any(|&in_instruction| in_instruction)
            && self
                .paras
                .last()
                .is_some_and(|p| p.run.active && p.run.in_t && !p.run.hidden)
    }

    fn push_text(&mut self, s: &str) {
        let styles = self.styles;
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        p.text.push_str(s);
        if !s.trim().is_empty() {
            let bold = styles.run_bold(p.run.bold, p.run.style.as_deref(), p.style.as_deref());
            p.all_bold &= bold;
            p.visible = true;
            if p.first_text_rpr.is_none() {
                p.first_text_rpr = Some(p.run.rpr.clone());
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if self.skip == 0
            && !self.fields.iter().any(|&i| i)
            && self
                .paras
                .last()
                .is_some_and(|p| p.run.active && !p.run.in_rpr && !p.run.hidden)
        {
            self.push_text(c.encode_utf8(&mut [0; 4]));
        }
    }

    fn top_tag(&self) -> Option<Tag> {
        self.frames.last().map(|f| f.tag)
    }

    fn open_paragraph(&mut self, e: &BytesStart<'_>, before: usize, after: usize, empty: bool) {
        let index = self.p_count;
        self.p_count += 1;
        let location = if self.txbx_depth > 0 {
            Location::TextBox
        } else if let Some(t) = self.tables.last() {
            Location::TableCell {
                table: t.id,
                row: t.row.unwrap_or(0),
                cell: t.cell.unwrap_or(0),
            }
        } else {
            Location::Body
        };
        if let Some(outer) = self.paras.last_mut() {
            outer.layout.has_nested = true;
        }
        let name = e.name();
        let prefix = name
            .as_ref()
            .rsplit_once(':')
            .map_or_else(String::new, |(p, _)| format!("{p}:"));
        self.paras.push(Para {
            layout: ParaLayout {
                index,
                range: before..after,
                prefix,
                start_tag: before..after,
                empty_element: empty,
                ppr: None,
                first_rpr: None,
                range_starts: Vec::new(),
                range_ends: Vec::new(),
                reference_runs: Vec::new(),
                parent: self.frames.last().map_or(0, |f| f.id),
                has_nested: false,
            },
            text: String::new(),
            style: None,
            outline: None,
            num_id: None,
            ilvl: None,
            location,
            in_ppr: false,
            visible: false,
            all_bold: true,
            first_text_rpr: None,
            first_run_rpr: None,
            run: Run::default(),
        });
    }

    fn close_paragraph(&mut self, after: usize) {
        let Some(mut p) = self.paras.pop() else {
            return;
        };
        // A field's result may run over many paragraphs (a table of
        // contents), its instruction never does: a field still in its
        // instruction here is broken, and must not hide the rest.
        for in_instruction in &mut self.fields {
            *in_instruction = false;
        }
        p.layout.range.end = after;
        p.layout.first_rpr = p.first_text_rpr.or(p.first_run_rpr).flatten();
        let kind = self.styles.paragraph_kind(
            self.numbering,
            p.style.as_deref(),
            p.outline,
            p.num_id,
            p.ilvl,
        );
        let paragraph = Paragraph {
            index: p.layout.index,
            text: p.text,
            kind,
            style: p.style.as_deref().map(|s| self.styles.display_name(s)),
            bold: p.visible && p.all_bold,
            location: p.location,
        };
        self.out.push((paragraph.index, paragraph, p.layout));
    }

    fn push_frame(&mut self, tag: Tag, start: usize) {
        self.element_seq += 1;
        self.frames.push(Frame {
            tag,
            id: self.element_seq,
            start,
        });
    }

    fn start(&mut self, ns: Ns, e: &BytesStart<'_>, before: usize, after: usize) {
        let local_name = e.local_name();
        let local = local_name.as_ref();
        if self.skip > 0 {
            self.skip += 1;
            if ns == Ns::W && local == "p" {
                self.p_count += 1;
            }
            return;
        }
        if skipped(ns, local) {
            self.skip = 1;
            return;
        }
        if ns == Ns::Mc {
            match local {
                "AlternateContent" => {
                    self.alternates.push(false);
                    self.push_frame(Tag::AlternateContent, before);
                    return;
                }
                "Choice" => {
                    if let Some(taken) = self.alternates.last_mut() {
                        if *taken {
                            self.skip = 1;
                            return;
                        }
                        *taken = true;
                    }
                }
                _ => {}
            }
        }
        if ns != Ns::W {
            self.push_frame(Tag::Other, before);
            return;
        }
        let top = self.top_tag();
        let tag = match local {
            "p" => {
                self.open_paragraph(e, before, after, false);
                Tag::P
            }
            "pPr" if top == Some(Tag::P) => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_ppr = true;
                }
                Tag::PPr
            }
            "r" if !self.paras.is_empty() => {
                if let Some(p) = self.paras.last_mut() {
                    p.run = Run {
                        active: true,
                        start: before,
                        ..Run::default()
                    };
                }
                Tag::R
            }
            "rPr" if top == Some(Tag::R) => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.in_rpr = true;
                }
                Tag::RPr
            }
            "t" if self
                .paras
                .last()
                .is_some_and(|p| p.run.active && !p.run.in_rpr) =>
            {
                if let Some(p) = self.paras.last_mut() {
                    p.run.in_t = true;
                }
                Tag::T
            }
            "tbl" => {
                self.tables.push(Table {
                    id: self.table_count,
                    row: None,
                    cell: None,
                });
                self.table_count += 1;
                Tag::Tbl
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(t.row.map_or(0, |r| r + 1));
                    t.cell = None;
                }
                Tag::Tr
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(t.cell.map_or(0, |c| c + 1));
                }
                Tag::Tc
            }
            "txbxContent" => {
                self.txbx_depth += 1;
                Tag::TxbxContent
            }
            other => {
                // Properties and content that can also come as start/end
                // pairs are handled like their empty forms.
                self.property(other, e);
                range_marker(other).unwrap_or(Tag::Other)
            }
        };
        self.push_frame(tag, before);
    }

    fn empty(&mut self, ns: Ns, e: &BytesStart<'_>, before: usize, after: usize) {
        let local_name = e.local_name();
        let local = local_name.as_ref();
        if self.skip > 0 || ns != Ns::W || skipped(ns, local) {
            if self.skip > 0 && ns == Ns::W && local == "p" {
                self.p_count += 1;
            }
            return;
        }
        match local {
            "p" => {
                self.open_paragraph(e, before, after, true);
                self.close_paragraph(after);
            }
            "rPr" if self.top_tag() == Some(Tag::R) => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.rpr = Some(before..after);
                }
            }
            "pPr" if self.top_tag() == Some(Tag::P) => {
                if let Some(p) = self.paras.last_mut() {
                    p.layout.ppr = Some(before..after);
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(t.cell.map_or(0, |c| c + 1));
                }
            }
            other => {
                self.property(other, e);
                if let Some(tag) = range_marker(other)
                    && let Some(p) = self.paras.last_mut()
                {
                    match tag {
                        Tag::RangeStart => p.layout.range_starts.push(before..after),
                        _ => p.layout.range_ends.push(before..after),
                    }
                }
            }
        }
    }

    /// Paragraph and run properties, and run content other than text.
    fn property(&mut self, local: &str, e: &BytesStart<'_>) {
        if local == "fldChar" {
            match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.fields.push(true),
                Some("separate") => {
                    if let Some(f) = self.fields.last_mut() {
                        *f = false;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            }
            return;
        }
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        if p.in_ppr && !p.run.active {
            match local {
                "pStyle" => p.style = attr(e, "val"),
                "outlineLvl" => p.outline = attr(e, "val").and_then(|v| v.parse().ok()),
                "numId" => p.num_id = attr(e, "val").and_then(|v| v.parse().ok()),
                "ilvl" => p.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
                _ => {}
            }
            return;
        }
        if !p.run.active {
            return;
        }
        if p.run.in_rpr {
            match local {
                "b" => p.run.bold = Some(on_off(e)),
                "rStyle" => p.run.style = attr(e, "val"),
                "vanish" => p.run.hidden = on_off(e),
                _ => {}
            }
            return;
        }
        let c = match local {
            "tab" | "ptab" => Some('\t'),
            "br" | "cr" => Some('\n'),
            "noBreakHyphen" => Some('-'),
            "sym" => symbol(attr(e, "font").as_deref(), attr(e, "char").as_deref()),
            "commentReference" | "footnoteReference" | "endnoteReference" => {
                p.run.has_reference = true;
                None
            }
            _ => None,
        };
        if let Some(c) = c {
            self.push_char(c);
        }
    }

    fn end(&mut self, after: usize) {
        if self.skip > 0 {
            self.skip -= 1;
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame.tag {
            Tag::P => self.close_paragraph(after),
            Tag::PPr => {
                if let Some(p) = self.paras.last_mut() {
                    p.in_ppr = false;
                    p.layout.ppr = Some(frame.start..after);
                }
            }
            Tag::R => {
                if let Some(p) = self.paras.last_mut() {
                    if p.run.has_reference {
                        p.layout.reference_runs.push(p.run.start..after);
                    }
                    if p.first_run_rpr.is_none() {
                        p.first_run_rpr = Some(p.run.rpr.clone());
                    }
                    p.run.active = false;
                }
            }
            Tag::RPr => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.in_rpr = false;
                    p.run.rpr = Some(frame.start..after);
                }
            }
            Tag::T => {
                if let Some(p) = self.paras.last_mut() {
                    p.run.in_t = false;
                }
            }
            Tag::Tbl => {
                self.tables.pop();
            }
            Tag::TxbxContent => self.txbx_depth = self.txbx_depth.saturating_sub(1),
            Tag::RangeStart => {
                if let Some(p) = self.paras.last_mut() {
                    p.layout.range_starts.push(frame.start..after);
                }
            }
            Tag::RangeEnd => {
                if let Some(p) = self.paras.last_mut() {
                    p.layout.range_ends.push(frame.start..after);
                }
            }
            Tag::AlternateContent => {
                self.alternates.pop();
            }
            Tag::Tr | Tag::Tc | Tag::Other => {}
        }
    }
}

/// A `w:sym` character. Symbol fonts put their glyphs at U+F000 + the
/// font's code; the few that stand for bullets and contact icons are
/// mapped, other symbol-font glyphs have no text meaning and are dropped.
fn symbol(font: Option<&str>, code: Option<&str>) -> Option<char> {
    let code = u32::from_str_radix(code?.trim(), 16).ok()?;
    let glyph = match code {
        0xF000..=0xF0FF => code - 0xF000,
        _ => return char::from_u32(code).filter(|c| crate::xml::is_xml_char(*c)),
    };
    let font = font.unwrap_or_default().to_lowercase();
    let c = if font.starts_with("wingdings") {
        match glyph {
            0x28 => '☎',
            0x2A => '✉',
            0x6C | 0x9F => '•',
            0x6E | 0xA7 => '▪',
            0x71 => '❑',
            0x76 => '❖',
            0xD8 => '➢',
            0xFB => '✗',
            0xFC => '✓',
            _ => return None,
        }
    } else if font == "symbol" {
        match glyph {
            0xB7 => '•',
            0x2D => '−',
            0x20..=0x40 => char::from_u32(glyph)?,
            _ => return None,
        }
    } else {
        return None;
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    fn paragraphs(body: &str) -> Vec<Paragraph> {
        let xml = format!("<w:document {W}><w:body>{body}</w:body></w:document>");
        scan(
            "word/document.xml",
            xml.as_bytes(),
            &Styles::default(),
            &Numbering::default(),
            false,
        )
        .expect("scan")
        .paragraphs
    }

    fn texts(body: &str) -> Vec<String> {
        paragraphs(body).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn runs_tabs_breaks_and_entities_make_the_text() {
        assert_eq!(
            texts(
                r#"<w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:t xml:space="preserve"> C</w:t><w:br/><w:t>D&#x41;</w:t></w:r></w:p>"#
            ),
            ["A & B\t C\nDA"]
        );
    }

    #[test]
    fn tab_stops_in_paragraph_properties_are_not_text() {
        assert_eq!(
            texts(
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>x</w:t></w:r></w:p>"#
            ),
            ["x"]
        );
    }

    #[test]
    fn deleted_revisions_field_codes_and_hidden_text_are_skipped() {
        let body = r#"<w:p>
            <w:ins><w:r><w:t>new</w:t></w:r></w:ins>
            <w:del><w:r><w:delText>old</w:delText></w:r></w:del>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t> shown</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>
            <w:hyperlink><w:r><w:t>!</w:t></w:r></w:hyperlink>
            <w:smartTag><w:r><w:t>?</w:t></w:r></w:smartTag>
            <w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>
        </w:p>"#;
        assert_eq!(texts(body), ["new shown!?✓"]);
    }

    #[test]
    fn a_text_box_in_both_choice_and_fallback_is_read_once() {
        let body = r#"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent>
            <mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>boxed</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>
            </mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>after</w:t></w:r></w:p>"#;
        let ps = paragraphs(body);
        let got: Vec<_> = ps
            .iter()
            .map(|p| (p.index, p.text.as_str(), p.location))
            .collect();
        assert_eq!(
            got,
            [
                (0, "anchor", Location::Body),
                (1, "boxed", Location::TextBox),
                (3, "after", Location::Body)
            ]
        );
    }

    #[test]
    fn a_field_left_open_does_not_hide_later_paragraphs() {
        let body = r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p><w:p><w:r><w:t>still here</w:t></w:r></w:p>"#;
        assert_eq!(texts(body), ["", "still here"]);
    }

    #[test]
    fn only_the_first_of_several_choices_is_read() {
        let body = r#"<w:p><w:r><mc:AlternateContent>
            <mc:Choice Requires="w15"><w:t>first</w:t></mc:Choice>
            <mc:Choice Requires="w14"><w:t>second</w:t></mc:Choice>
            <mc:Fallback><w:t>fallback</w:t></mc:Fallback>
            </mc:AlternateContent></w:r></w:p>"#;
        assert_eq!(texts(body), ["first"]);
    }

    #[test]
    fn table_cells_are_read_row_by_row_with_their_position() {
        let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl><w:p/>",
            cell("a"),
            cell("b"),
            cell("c"),
            cell("d")
        );
        let got: Vec<_> = paragraphs(&body)
            .into_iter()
            .map(|p| (p.text, p.location))
            .collect();
        let at = |row, cell| Location::TableCell {
            table: 0,
            row,
            cell,
        };
        assert_eq!(
            got,
            [
                ("a".to_owned(), at(0, 0)),
                ("b".to_owned(), at(0, 1)),
                ("c".to_owned(), at(1, 0)),
                ("d".to_owned(), at(1, 1)),
                (String::new(), Location::Body)
            ]
        );
    }

    #[test]
    fn bold_means_every_visible_character_is_bold() {
        let ps = paragraphs(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>All</w:t></w:r><w:r><w:t> </w:t></w:r></w:p>
               <w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Some</w:t></w:r><w:r><w:t>thing</w:t></w:r></w:p>
               <w:p><w:r><w:rPr><w:b w:val="false"/></w:rPr><w:t>None</w:t></w:r></w:p>"#,
        );
        assert_eq!(
            ps.iter().map(|p| p.bold).collect::<Vec<_>>(),
            [true, false, false]
        );
    }

    #[test]
    fn unclosed_elements_are_malformed() {
        let xml = format!("<w:document {W}><w:body><w:p>");
        let err = scan(
            "word/document.xml",
            xml.as_bytes(),
            &Styles::default(),
            &Numbering::default(),
            false,
        )
        .err();
        assert!(
            matches!(err, Some(DocxError::MalformedXml { .. })),
            "{err:?}"
        );
    }

    #[test]
    fn header_parts_sort_naturally() {
        let mut names = vec!["word/header10.xml", "word/header2.xml", "word/header1.xml"];
        names.sort_by_key(|n| natural_key(n));
        assert_eq!(
            names,
            ["word/header1.xml", "word/header2.xml", "word/header10.xml"]
        );
    }
}
