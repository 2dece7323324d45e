//! Markdown (as documents and resumes are stored) into the block model the
//! PDF, DOCX and HTML writers lay out.
//!
//! A single line break inside a paragraph is kept as a break: resumes put
//! "Senior Engineer" and "Mar 2021 – Present" on consecutive lines and mean
//! two lines, as the app's preview shows them. Raw HTML in the Markdown is
//! kept as literal text, never interpreted.

use jobforge_types::{Block, RichDocument, Span};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

pub fn markdown_to_rich(markdown: &str, title: &str) -> RichDocument {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.finish_block();
    RichDocument {
        title: title.to_owned(),
        blocks: builder.blocks,
    }
}

#[derive(Clone, Copy)]
enum Open {
    Heading(u8),
    Paragraph,
    Item { depth: u8, number: Option<u32> },
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    spans: Vec<Span>,
    open: Option<Open>,
    bold: u32,
    italic: u32,
    link: Option<String>,
    /// Each open list's next number (`None` for bullets).
    lists: Vec<Option<u32>>,
    /// The current item already produced a block (a second paragraph or a
    /// line break continues as a plain paragraph at the same depth).
    item_started: bool,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            Event::InlineHtml(html) | Event::Html(html) => self.text(&html),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::Rule => {
                self.finish_block();
                self.blocks.push(Block::Rule);
            }
            Event::FootnoteReference(name) => self.text(&format!("[{name}]")),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.finish_block();
                self.open = Some(Open::Heading(heading_level(level)));
            }
            Tag::Paragraph => {
                // An item's first paragraph is the item itself; a later one
                // a paragraph under it.
                let in_fresh_item =
                    matches!(self.open, Some(Open::Item { .. })) && !self.item_started;
                if !in_fresh_item {
                    self.finish_block();
                    self.open = Some(Open::Paragraph);
                }
            }
            Tag::List(start) => {
                self.finish_block();
                self.lists
                    .push(start.map(|n| u32::try_from(n).unwrap_or(u32::MAX)));
            }
            Tag::Item => {
                self.finish_block();
                let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                let number = match self.lists.last_mut() {
                    Some(Some(next)) => {
                        let n = *next;
                        *next = next.saturating_add(1);
                        Some(n)
                    }
                    _ => None,
                };
                self.open = Some(Open::Item { depth, number });
                self.item_started = false;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => {
                let url = dest_url.trim();
                let lower = url.to_ascii_lowercase();
                self.link = ["http://", "https://", "mailto:"]
                    .iter()
                    .any(|s| lower.starts_with(s))
                    .then(|| url.to_owned());
            }
            Tag::CodeBlock(_) | Tag::BlockQuote(_) => {
                self.finish_block();
                self.open = Some(Open::Paragraph);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::BlockQuote(_)
                if !matches!(self.open, Some(Open::Item { .. })) =>
            {
                self.finish_block();
            }
            TagEnd::Item => self.finish_block(),
            TagEnd::List(_) => {
                self.finish_block();
                self.lists.pop();
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => self.link = None,
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        // Code blocks and HTML blocks carry their own newlines.
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            self.push_span(line);
            if lines.peek().is_some() {
                self.line_break();
            }
        }
    }

    fn push_span(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.open.is_none() {
            self.open = Some(Open::Paragraph);
        }
        let (bold, italic, link) = (self.bold > 0, self.italic > 0, self.link.clone());
        if let Some(last) = self.spans.last_mut()
            && last.bold == bold
            && last.italic == italic
            && last.link == link
        {
            last.text.push_str(text);
            return;
        }
        self.spans.push(Span {
            text: text.to_owned(),
            bold,
            italic,
            link,
        });
    }

    /// Ends the current line as a block of its own, continuing in the same
    /// kind (a heading's second line is still heading-sized; an item's
    /// second line a plain paragraph under it).
    fn line_break(&mut self) {
        let open = self.open;
        self.finish_block();
        self.open = match open {
            Some(Open::Item { .. }) => {
                self.item_started = true;
                Some(Open::Paragraph)
            }
            other => other,
        };
    }

    fn finish_block(&mut self) {
        let spans = trim_spans(std::mem::take(&mut self.spans));
        let Some(open) = self.open.take() else {
            return;
        };
        if spans.is_empty() {
            // An empty item still opened: keep it open for its first text.
            if matches!(open, Open::Item { .. }) && !self.item_started {
                self.open = Some(open);
            }
            return;
        }
        let block = match open {
            Open::Heading(level) => Block::Heading { level, spans },
            Open::Paragraph => Block::Paragraph(spans),
            Open::Item { depth, number } => {
                self.item_started = true;
                Block::ListItem {
                    depth,
                    number,
                    spans,
                }
            }
        };
        self.blocks.push(block);
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Leading and trailing white space of a block removed, empty spans dropped.
fn trim_spans(mut spans: Vec<Span>) -> Vec<Span> {
    if let Some(first) = spans.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = spans.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    spans.retain(|s| !s.text.is_empty());
    spans
}

/// The text a reader of the exported file should find, block by block.
/// Bullets are never text; list numbers are when the writer draws them
/// (`numbers_drawn`) rather than leaving them to the word processor.
pub fn expected_text(doc: &RichDocument, numbers_drawn: bool) -> String {
    let mut out = String::new();
    for block in &doc.blocks {
        if let Block::ListItem {
            number: Some(n), ..
        } = block
            && numbers_drawn
        {
            out.push_str(&format!("{n}. "));
        }
        out.push_str(&block.text());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(doc: &RichDocument) -> Vec<String> {
        doc.blocks.iter().map(Block::text).collect()
    }

    #[test]
    fn a_resume_becomes_headings_lines_and_list_items() {
        let doc = markdown_to_rich(
            "# Ada Park\nSenior Engineer\nada@example.com\n\n## Experience\n### Engineer — Acme\n2019 – 2022\n- Built **Rust** services\n- Led [the migration](https://example.com)\n  1. first\n  2. second\n\n---\nPlain <script>alert(1)</script> text\n",
            "Ada Park — Resume",
        );
        assert_eq!(
            texts(&doc),
            [
                "Ada Park",
                "Senior Engineer",
                "ada@example.com",
                "Experience",
                "Engineer — Acme",
                "2019 – 2022",
                "Built Rust services",
                "Led the migration",
                "first",
                "second",
                "",
                "Plain <script>alert(1)</script> text",
            ]
        );
        assert!(matches!(doc.blocks[0], Block::Heading { level: 1, .. }));
        assert!(matches!(doc.blocks[1], Block::Paragraph(_)));
        assert!(matches!(doc.blocks[4], Block::Heading { level: 3, .. }));
        let Block::ListItem {
            spans,
            depth: 0,
            number: None,
        } = &doc.blocks[6]
        else {
            panic!("bullet expected: {:?}", doc.blocks[6]);
        };
        assert!(spans.iter().any(|s| s.bold && s.text == "Rust"));
        let Block::ListItem { spans, .. } = &doc.blocks[7] else {
            panic!("bullet expected");
        };
        assert_eq!(spans[1].link.as_deref(), Some("https://example.com"));
        assert!(matches!(
            doc.blocks[8],
            Block::ListItem {
                depth: 1,
                number: Some(1),
                ..
            }
        ));
        assert!(matches!(
            doc.blocks[9],
            Block::ListItem {
                depth: 1,
                number: Some(2),
                ..
            }
        ));
        assert!(matches!(doc.blocks[10], Block::Rule));
    }

    #[test]
    fn unsafe_links_lose_their_target_but_keep_their_words() {
        let doc = markdown_to_rich(
            "[click](javascript:alert(1)) and [file](file:///etc/passwd)",
            "t",
        );
        assert_eq!(texts(&doc), ["click and file"]);
        assert!(doc.blocks[0].spans().iter().all(|s| s.link.is_none()));
    }

    #[test]
    fn empty_markdown_is_an_empty_document() {
        assert!(markdown_to_rich("", "t").blocks.is_empty());
        assert!(markdown_to_rich("\n\n   \n", "t").blocks.is_empty());
    }
}
