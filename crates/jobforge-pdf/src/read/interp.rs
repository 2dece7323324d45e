//! The content-stream interpreter: runs a page's drawing operators far
//! enough to know where each glyph lands, in what font and size. Paths,
//! colours and images are not drawn; images are only counted (a page with
//! images and no text is a scan).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::{Font, Glyph};
use super::obj;

/// One page's decoded content streams may not exceed this.
const PAGE_CONTENT_LIMIT: usize = 64 * 1024 * 1024;
/// Operators executed per page, form XObjects included. A hostile file can
/// draw a form that draws a form… ten deep, ten times each; this bounds the
/// work whatever the nesting.
const MAX_OPERATIONS_PER_PAGE: usize = 2_000_000;
/// Glyphs kept per page; far above any real page (a dense page has ~5,000).
const MAX_GLYPHS_PER_PAGE: usize = 200_000;
/// Nesting of form XObjects and of `q` saves.
const MAX_FORM_DEPTH: usize = 12;
const MAX_SAVE_DEPTH: usize = 256;

/// A glyph placed on the page. Coordinates are in points from the top-left
/// corner of the page's visible box, y growing downwards.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PlacedGlyph {
    pub text: String,
    /// Origin on the baseline.
    pub x: f32,
    pub y: f32,
    /// Horizontal advance to where the next glyph would start, character
    /// and word spacing included.
    pub advance: f32,
    /// Width of the glyph itself (the advance without spacing).
    pub width: f32,
    /// Effective font size on the page (text matrix and CTM applied).
    pub size: f32,
    pub bold: bool,
    pub italic: bool,
    pub unknown: bool,
}

/// What a page's content holds.
#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub glyphs: Vec<PlacedGlyph>,
    pub images: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let n: Vec<f32> = operands.iter().filter_map(obj::number).collect();
        match n.as_slice() {
            [a, b, c, d, e, f] => Some(Matrix([*a, *b, *c, *d, *e, *f])),
            _ => None,
        }
    }

    fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    /// `self × other` in PDF's row-vector convention: apply `self`, then
    /// `other`.
    fn then(&self, other: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }
}

#[derive(Debug, Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
    render_mode: i64,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> GraphicsState {
        GraphicsState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        }
    }
}

/// The visible box of a page: where its (0, 0) is and how tall it is.
#[derive(Debug, Clone, Copy)]
pub(super) struct PageBox {
    pub left: f32,
    pub top: f32,
}

/// Runs content streams for one document; caches fonts across its pages.
pub(super) struct Interpreter<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
}

struct Run<'r> {
    page: PageContent,
    operations: usize,
    forms_on_stack: HashSet<ObjectId>,
    page_box: PageBox,
    decoded: &'r mut Vec<Glyph>,
}

impl<'d> Interpreter<'d> {
    pub(super) fn new(doc: &'d Document) -> Interpreter<'d> {
        Interpreter {
            doc,
            fonts: HashMap::new(),
        }
    }

    /// Runs one page's content and returns its glyphs in drawing order.
    pub(super) fn run_page(&mut self, page_id: ObjectId) -> (PageContent, PageBox) {
        let doc = self.doc;
        let Some(page) = doc.get_object(page_id).ok().and_then(obj::as_dict) else {
            return (PageContent::default(), default_box());
        };
        let page_box = page_box(doc, page);
        let resources = inherited(doc, page, b"Resources").and_then(obj::as_dict);
        let content = page_content(doc, page);
        let mut decoded = Vec::new();
        let mut run = Run {
            page: PageContent::default(),
            operations: 0,
            forms_on_stack: HashSet::new(),
            page_box,
            decoded: &mut decoded,
        };
        self.execute(&mut run, &content, resources, Matrix::IDENTITY, 0);
        (run.page, page_box)
    }

    fn execute(
        &mut self,
        run: &mut Run<'_>,
        content: &[u8],
        resources: Option<&Dictionary>,
        ctm: Matrix,
        depth: usize,
    ) {
        let mut gs = GraphicsState::new(ctm);
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;

        for operation in Content::decode_iter(content) {
            let operation: Operation = match operation {
                Ok(op) => op,
                Err(error) => {
                    // Keep what was read before the damage: a page that is
                    // half readable is better than none.
                    tracing::debug!(%error, "content stream damaged; stopping this stream");
                    break;
                }
            };
            run.operations += 1;
            if run.operations > MAX_OPERATIONS_PER_PAGE {
                tracing::warn!("page has too many drawing operations; the rest is skipped");
                return;
            }
            let ops = &operation.operands;
            let num = |i: usize| ops.get(i).and_then(obj::number);
            match operation.operator.as_str() {
                // Saves past the bound are dropped (their `Q` then pops an
                // older state): only hostile files nest this deep.
                "q" if stack.len() < MAX_SAVE_DEPTH => stack.push(gs.clone()),
                "Q" => {
                    if let Some(saved) = stack.pop() {
                        gs = saved;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        gs.ctm = m.then(&gs.ctm);
                    }
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    gs.font = ops
                        .first()
                        .and_then(|name| name.as_name().ok())
                        .map(|name| self.font(resources, name));
                    gs.font_size = num(1).unwrap_or(0.0);
                }
                "Tc" => gs.char_spacing = num(0).unwrap_or(0.0),
                "Tw" => gs.word_spacing = num(0).unwrap_or(0.0),
                "Tz" => gs.horizontal_scale = num(0).unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = num(0).unwrap_or(0.0),
                "Ts" => gs.rise = num(0).unwrap_or(0.0),
                "Tr" => gs.render_mode = ops.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
                "Td" | "TD" => {
                    let (tx, ty) = (num(0).unwrap_or(0.0), num(1).unwrap_or(0.0));
                    if operation.operator == "TD" {
                        gs.leading = -ty;
                    }
                    tlm = Matrix::translate(tx, ty).then(&tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                }
                "Tj" => {
                    if let Some(bytes) = ops.first().and_then(|o| o.as_str().ok()) {
                        show(run, &gs, &mut tm, bytes);
                    }
                }
                "'" | "\"" => {
                    if operation.operator == "\"" {
                        gs.word_spacing = num(0).unwrap_or(gs.word_spacing);
                        gs.char_spacing = num(1).unwrap_or(gs.char_spacing);
                    }
                    tlm = Matrix::translate(0.0, -gs.leading).then(&tlm);
                    tm = tlm;
                    if let Some(bytes) = ops.last().and_then(|o| o.as_str().ok()) {
                        show(run, &gs, &mut tm, bytes);
                    }
                }
                "TJ" => {
                    let Some(items) = ops.first().and_then(|o| o.as_array().ok()) else {
                        continue;
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => show(run, &gs, &mut tm, bytes),
                            other => {
                                if let Some(n) = obj::number(other) {
                                    let tx = -n / 1000.0 * gs.font_size * gs.horizontal_scale;
                                    tm = Matrix::translate(tx, 0.0).then(&tm);
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else {
                        continue;
                    };
                    self.draw_xobject(run, resources, name, &gs, depth);
                }
                "BI" => run.page.images += 1,
                _ => {}
            }
        }
    }

    fn draw_xobject(
        &mut self,
        run: &mut Run<'_>,
        resources: Option<&Dictionary>,
        name: &[u8],
        gs: &GraphicsState,
        depth: usize,
    ) {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| obj::get_dict(doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = obj::reference_id(entry);
        let Ok(stream) = obj::resolve(doc, entry).as_stream() else {
            return;
        };
        match obj::get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => run.page.images += 1,
            Some(b"Form") => {
                if depth >= MAX_FORM_DEPTH {
                    tracing::debug!("form XObjects nested too deep; skipping");
                    return;
                }
                if let Some(id) = id
                    && !run.forms_on_stack.insert(id)
                {
                    tracing::debug!("form XObject draws itself; skipping the cycle");
                    return;
                }
                let matrix = obj::get_array(doc, &stream.dict, b"Matrix")
                    .and_then(Matrix::from_operands)
                    .unwrap_or(Matrix::IDENTITY);
                let form_resources = obj::get_dict(doc, &stream.dict, b"Resources").or(resources);
                if let Some(content) = obj::stream_bytes(stream, PAGE_CONTENT_LIMIT) {
                    self.execute(
                        run,
                        &content,
                        form_resources,
                        matrix.then(&gs.ctm),
                        depth + 1,
                    );
                }
                if let Some(id) = id {
                    run.forms_on_stack.remove(&id);
                }
            }
            _ => {}
        }
    }

    /// The font a `Tf` names, loaded once per font object.
    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let doc = self.doc;
        let Some(entry) = resources
            .and_then(|r| obj::get_dict(doc, r, b"Font"))
            .and_then(|fonts| fonts.get(name).ok())
        else {
            tracing::debug!(font = %String::from_utf8_lossy(name), "font not in resources; using a fallback");
            return Rc::new(Font::fallback());
        };
        let id = obj::reference_id(entry);
        if let Some(font) = id.and_then(|id| self.fonts.get(&id)) {
            return Rc::clone(font);
        }
        let font = match obj::as_dict(obj::resolve(doc, entry)) {
            Some(dict) => Rc::new(Font::load(doc, dict)),
            None => Rc::new(Font::fallback()),
        };
        if let Some(id) = id {
            self.fonts.insert(id, Rc::clone(&font));
        }
        font
    }
}

/// Shows a string: places each glyph and advances the text matrix.
fn show(run: &mut Run<'_>, gs: &GraphicsState, tm: &mut Matrix, bytes: &[u8]) {
    let Some(font) = gs.font.as_ref() else {
        return;
    };
    run.decoded.clear();
    font.decode(bytes, run.decoded);
    let th = gs.horizontal_scale;
    let fs = gs.font_size;
    // Render mode 2 fills and strokes: a common way to fake a bold face.
    let stroked_bold = gs.render_mode == 2;
    for glyph in run.decoded.iter() {
        let m = tm.then(&gs.ctm);
        let [a, b, c, d, e, f] = m.0;
        let tx = (glyph.width * fs
            + gs.char_spacing
            + if glyph.is_word_space {
                gs.word_spacing
            } else {
                0.0
            })
            * th;
        // Text is kept only when it runs left to right, more or less
        // horizontally; rotated text (watermarks, vertical sidebar labels)
        // has no place in line-based reading order.
        let horizontal = a > 0.0 && b.abs() <= 0.2 * a;
        if horizontal && run.page.glyphs.len() < MAX_GLYPHS_PER_PAGE {
            let x = c * gs.rise + e;
            let y = d * gs.rise + f;
            let size = (fs * c.hypot(d)).abs();
            run.page.glyphs.push(PlacedGlyph {
                text: glyph.text.clone(),
                x: x - run.page_box.left,
                y: run.page_box.top - y,
                advance: tx * a,
                width: glyph.width * fs * th * a,
                size,
                bold: font.bold || stroked_bold,
                italic: font.italic,
                unknown: glyph.unknown,
            });
        }
        *tm = Matrix::translate(tx, 0.0).then(tm);
    }
}

fn default_box() -> PageBox {
    PageBox {
        left: 0.0,
        top: 792.0,
    }
}

/// The page's crop box (what a viewer shows), else its media box.
fn page_box(doc: &Document, page: &Dictionary) -> PageBox {
    let rect = [b"CropBox".as_slice(), b"MediaBox"].iter().find_map(|key| {
        let array = inherited(doc, page, key)?.as_array().ok()?;
        match obj::numbers(doc, array).as_slice() {
            [x0, y0, x1, y1] if (x1 - x0).abs() > 1.0 && (y1 - y0).abs() > 1.0 => {
                Some((*x0, *y0, *x1, *y1))
            }
            _ => None,
        }
    });
    match rect {
        Some((x0, y0, x1, y1)) => PageBox {
            left: x0.min(x1),
            top: y0.max(y1),
        },
        None => default_box(),
    }
}

/// A page attribute, looked up on the page and then up its `/Parent` chain
/// (resources and boxes are inheritable).
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(value) = obj::get(doc, node, key) {
            return Some(value);
        }
        node = obj::get_dict(doc, node, b"Parent")?;
    }
    None
}

/// The page's content streams, decoded and joined (a page may split its
/// content over several streams, even mid-operator).
fn page_content(doc: &Document, page: &Dictionary) -> Vec<u8> {
    let mut content = Vec::new();
    let streams: Vec<&Object> = match page.get(b"Contents").map(|c| obj::resolve(doc, c)) {
        Ok(Object::Array(items)) => items.iter().map(|i| obj::resolve(doc, i)).collect(),
        Ok(single) => vec![single],
        Err(_) => Vec::new(),
    };
    for stream in streams {
        let Ok(stream) = stream.as_stream() else {
            continue;
        };
        let remaining = PAGE_CONTENT_LIMIT.saturating_sub(content.len());
        if let Some(bytes) = obj::stream_bytes(stream, remaining) {
            content.extend_from_slice(&bytes);
            content.push(b'\n');
        }
    }
    content
}
