//! HTML → Markdown, for a posting's description.
//!
//! One loop over the tree's enter/leave steps (no recursion, so any depth
//! is fine) feeding a writer that keeps the open blocks — list items,
//! quotes, headings, `pre` — and the open inline marks. Inline marks are
//! written lazily, at the first visible character inside them, so empty
//! `<b></b>` or whitespace-only links leave nothing behind.

use html5ever::{LocalName, local_name};
use url::Url;

use crate::dom::{Dom, Kind, NodeId, Step};
use crate::text::{is_invisible, is_space};

/// Deeper lists than this are written at this depth: the Markdown stays
/// readable and a pathological page cannot make every line megabytes of
/// indentation.
const MAX_LIST_DEPTH: usize = 8;
const MAX_QUOTE_DEPTH: usize = 3;

/// Elements whose content is never text a person reads on the page.
pub(crate) fn is_never_text(tag: &LocalName) -> bool {
    matches!(
        *tag,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("svg")
            | local_name!("math")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("canvas")
            | local_name!("head")
            | local_name!("title")
            | local_name!("button")
            | local_name!("select")
            | local_name!("input")
            | local_name!("textarea")
            | local_name!("audio")
            | local_name!("video")
            | local_name!("map")
    )
}

/// Converts the subtree at `root` to Markdown. `skip` drops further
/// elements (navigation, hidden parts, …) on top of [`is_never_text`];
/// relative links are resolved against `base`, and only http, https and
/// mailto links are kept.
pub(crate) fn to_markdown<F>(dom: &Dom, root: NodeId, mut skip: F, base: Option<&Url>) -> String
where
    F: FnMut(&Dom, NodeId) -> bool,
{
    let mut writer = Writer::new(base);
    let steps = dom.walk(root, |d, id| {
        d.is_foreign(id) || d.tag(id).is_some_and(is_never_text) || skip(d, id)
    });
    for step in steps {
        match step {
            Step::Enter(id) => match dom.node(id).map(|n| &n.kind) {
                Some(Kind::Text(text)) => writer.text(text),
                Some(Kind::Element {
                    name, html: true, ..
                }) => writer.open(dom, id, name),
                _ => {}
            },
            Step::Leave(id) => {
                if let Some(name) = dom.tag(id) {
                    writer.close(name);
                }
            }
        }
    }
    writer.finish()
}

/// Plain text (no markup) as Markdown: paragraphs at blank lines, each
/// line kept, bullets written as Markdown list items.
pub(crate) fn text_to_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0usize;
    for raw in text.lines() {
        let mut line = String::with_capacity(raw.len());
        crate::text::push_collapsed(&mut line, raw);
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&fix_line(line));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkKind {
    Bold,
    Italic,
    Code,
    Link,
}

struct Mark {
    kind: MarkKind,
    /// False for a mark that writes nothing: bold inside bold, any mark
    /// inside inline code, a link without a usable address.
    active: bool,
    emitted: bool,
    href: String,
}

enum Container {
    Quote,
    Item {
        marker: String,
        width: usize,
        used: bool,
    },
    /// A quote beyond the depth cap: kept on the stack so leaving it pops
    /// the right entry.
    Ignored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tight {
    No,
    Item,
    Row,
}

struct List {
    ordered: bool,
    next: u64,
}

struct Writer<'a> {
    base: Option<&'a Url>,
    out: String,
    last_tight: Tight,
    inline: String,
    pending_space: bool,
    marks: Vec<Mark>,
    heading: Option<usize>,
    containers: Vec<Container>,
    lists: Vec<List>,
    pre_depth: usize,
    pre: String,
    /// Open `<tr>`s: rows are written on consecutive lines.
    rows: usize,
}

impl<'a> Writer<'a> {
    fn new(base: Option<&'a Url>) -> Self {
        Self {
            base,
            out: String::new(),
            last_tight: Tight::No,
            inline: String::new(),
            pending_space: false,
            marks: Vec::new(),
            heading: None,
            containers: Vec::new(),
            lists: Vec::new(),
            pre_depth: 0,
            pre: String::new(),
            rows: 0,
        }
    }

    fn in_code(&self) -> bool {
        self.marks
            .iter()
            .any(|m| m.active && m.kind == MarkKind::Code)
    }

    fn text(&mut self, text: &str) {
        if self.pre_depth > 0 {
            self.pre.extend(
                text.chars()
                    .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_invisible(c))),
            );
            return;
        }
        let in_code = self.in_code();
        for c in text.chars() {
            if is_space(c) {
                if !self.inline.is_empty() && !self.inline.ends_with('\n') {
                    self.pending_space = true;
                }
                continue;
            }
            if c.is_control() || is_invisible(c) {
                continue;
            }
            self.emit_pending();
            match c {
                '`' if in_code => self.inline.push('\''),
                '*' | '`' if !in_code => {
                    self.inline.push('\\');
                    self.inline.push(c);
                }
                _ => self.inline.push(c),
            }
        }
    }

    /// Writes the pending space and the openers of marks not yet written,
    /// just before a visible character.
    fn emit_pending(&mut self) {
        if self.pending_space {
            self.inline.push(' ');
            self.pending_space = false;
        }
        for mark in &mut self.marks {
            if mark.active && !mark.emitted {
                self.inline.push_str(match mark.kind {
                    MarkKind::Bold => "**",
                    MarkKind::Italic => "*",
                    MarkKind::Code => "`",
                    MarkKind::Link => "[",
                });
                mark.emitted = true;
            }
        }
    }

    /// The closer of a written mark, put before any line breaks that end
    /// the inline text so it stays on the line it closes.
    fn write_closer(&mut self, kind: MarkKind, href: &str) {
        let trimmed = self.inline.trim_end_matches(['\n', ' ']).len();
        let tail = self.inline.split_off(trimmed);
        match kind {
            MarkKind::Bold => self.inline.push_str("**"),
            MarkKind::Italic => self.inline.push('*'),
            MarkKind::Code => self.inline.push('`'),
            MarkKind::Link => {
                self.inline.push_str("](");
                self.inline.push_str(href);
                self.inline.push(')');
            }
        }
        if tail.contains('\n') {
            self.inline.push('\n');
        } else if !tail.is_empty() {
            self.pending_space = true;
        }
    }

    fn push_mark(&mut self, kind: MarkKind, href: Option<String>) {
        let nested = self.marks.iter().any(|m| m.active && m.kind == kind);
        let active = !nested
            && match kind {
                MarkKind::Bold | MarkKind::Italic => {
                    !self.in_code() && self.heading.is_none() && self.pre_depth == 0
                }
                MarkKind::Code => self.pre_depth == 0,
                MarkKind::Link => href.is_some() && self.pre_depth == 0 && !self.in_code(),
            };
        self.marks.push(Mark {
            kind,
            active,
            emitted: false,
            href: href.unwrap_or_default(),
        });
    }

    fn pop_mark(&mut self) {
        if let Some(mark) = self.marks.pop()
            && mark.emitted
        {
            self.write_closer(mark.kind, &mark.href);
        }
    }

    fn line_break(&mut self) {
        if self.pre_depth > 0 {
            self.pre.push('\n');
        } else {
            self.pending_space = false;
            self.inline.push('\n');
        }
    }

    fn open(&mut self, dom: &Dom, id: NodeId, name: &LocalName) {
        match *name {
            _ if heading_level(name).is_some() => {
                self.flush();
                self.heading = heading_level(name);
            }
            _ if is_list(name) => {
                self.flush();
                let start = dom
                    .attr(id, "start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                self.lists.push(List {
                    ordered: *name == local_name!("ol"),
                    next: start.min(999_999_999),
                });
            }
            local_name!("li") => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(list) if list.ordered => {
                        let marker = format!("{}. ", list.next);
                        list.next = list.next.saturating_add(1);
                        marker
                    }
                    _ => "- ".to_owned(),
                };
                let depth = self
                    .containers
                    .iter()
                    .filter(|c| matches!(c, Container::Item { .. }))
                    .count();
                // Beyond the cap an item still gets its marker but adds no
                // indentation of its own.
                let width = if depth >= MAX_LIST_DEPTH {
                    0
                } else {
                    marker.len()
                };
                self.containers.push(Container::Item {
                    marker,
                    width,
                    used: false,
                });
            }
            local_name!("blockquote") => {
                self.flush();
                let depth = self
                    .containers
                    .iter()
                    .filter(|c| matches!(c, Container::Quote))
                    .count();
                self.containers.push(if depth >= MAX_QUOTE_DEPTH {
                    Container::Ignored
                } else {
                    Container::Quote
                });
            }
            local_name!("pre") | local_name!("listing") | local_name!("plaintext") => {
                self.flush();
                self.pre_depth += 1;
            }
            local_name!("br") => self.line_break(),
            local_name!("hr") => {
                if self.pre_depth == 0 {
                    self.flush();
                    self.block(vec!["---".to_owned()], false);
                }
            }
            local_name!("dt") => {
                self.flush();
                self.push_mark(MarkKind::Bold, None);
            }
            local_name!("tr") => {
                self.flush();
                self.rows += 1;
            }
            // Tables are written as lines: one row per line, cells
            // separated by a bar.
            local_name!("td") | local_name!("th") if self.pre_depth == 0 => {
                let row = self.inline.rsplit('\n').next().unwrap_or_default();
                if !row.trim().is_empty() && !row.ends_with(" | ") {
                    self.pending_space = false;
                    self.inline.push_str(" | ");
                }
            }
            local_name!("b") | local_name!("strong") => self.push_mark(MarkKind::Bold, None),
            local_name!("i") | local_name!("em") => self.push_mark(MarkKind::Italic, None),
            local_name!("code") | local_name!("kbd") | local_name!("samp") | local_name!("tt") => {
                self.push_mark(MarkKind::Code, None)
            }
            local_name!("a") => {
                let href = dom
                    .attr(id, "href")
                    .and_then(|href| link_target(href, self.base));
                self.push_mark(MarkKind::Link, href);
            }
            _ if is_block(name) => self.flush(),
            _ => {}
        }
    }

    fn close(&mut self, name: &LocalName) {
        match *name {
            _ if heading_level(name).is_some() => {
                self.flush();
                self.heading = None;
            }
            _ if is_list(name) => {
                self.flush();
                self.lists.pop();
            }
            local_name!("li") | local_name!("blockquote") => {
                self.flush();
                self.containers.pop();
            }
            local_name!("pre") | local_name!("listing") | local_name!("plaintext") => {
                self.pre_depth = self.pre_depth.saturating_sub(1);
                if self.pre_depth == 0 {
                    self.code_block();
                }
            }
            local_name!("dt") => {
                self.pop_mark();
                self.flush();
            }
            local_name!("tr") => {
                self.flush();
                self.rows = self.rows.saturating_sub(1);
            }
            local_name!("b")
            | local_name!("strong")
            | local_name!("i")
            | local_name!("em")
            | local_name!("code")
            | local_name!("kbd")
            | local_name!("samp")
            | local_name!("tt")
            | local_name!("a") => self.pop_mark(),
            _ if is_block(name) => self.flush(),
            _ => {}
        }
    }

    /// Ends the current block: the inline text becomes one or more
    /// paragraphs (blank lines inside it, from `<br><br>`, split it).
    fn flush(&mut self) {
        if self.pre_depth > 0 {
            return;
        }
        // Marks still open continue in the next block; close them here.
        let open: Vec<(MarkKind, String)> = self
            .marks
            .iter_mut()
            .rev()
            .filter(|m| m.emitted)
            .map(|m| {
                m.emitted = false;
                (m.kind, m.href.clone())
            })
            .collect();
        for (kind, href) in open {
            self.write_closer(kind, &href);
        }
        self.pending_space = false;
        let inline = std::mem::take(&mut self.inline);
        let mut lines: Vec<String> = Vec::new();
        for line in inline.split('\n') {
            // A row whose last cells were empty ends with a bare separator.
            let line = line.trim().trim_end_matches(" |").trim_end();
            if line.is_empty() {
                if !lines.is_empty() {
                    self.text_block(std::mem::take(&mut lines));
                }
            } else {
                lines.push(line.to_owned());
            }
        }
        if !lines.is_empty() {
            self.text_block(lines);
        }
    }

    fn text_block(&mut self, lines: Vec<String>) {
        match self.heading {
            Some(level) => {
                let text = lines.join(" ");
                self.block(vec![format!("{} {text}", "#".repeat(level))], false);
            }
            None => self.block(lines, true),
        }
    }

    fn code_block(&mut self) {
        let content = std::mem::take(&mut self.pre);
        let content = content.trim_matches(|c| c == '\n' || c == '\r');
        if content.trim().is_empty() {
            return;
        }
        let fence = if content.contains("```") {
            "~~~~"
        } else {
            "```"
        };
        let mut lines = vec![fence.to_owned()];
        lines.extend(content.lines().map(|l| l.trim_end().to_owned()));
        lines.push(fence.to_owned());
        self.block(lines, false);
    }

    /// Writes finished lines with the prefixes of the open quotes and list
    /// items.
    fn block(&mut self, lines: Vec<String>, fix: bool) {
        if lines.is_empty() {
            return;
        }
        // List items follow each other on consecutive lines, and so do
        // table rows; anything else is a paragraph of its own.
        let tight = if self.rows > 0 {
            Tight::Row
        } else if self
            .containers
            .iter()
            .any(|c| matches!(c, Container::Item { .. }))
        {
            Tight::Item
        } else {
            Tight::No
        };
        if !self.out.is_empty() {
            let same = tight != Tight::No && tight == self.last_tight;
            self.out.push_str(if same { "\n" } else { "\n\n" });
        }
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.out.push('\n');
            }
            let prefix = self.prefix();
            self.out.push_str(&prefix);
            if fix {
                self.out.push_str(&fix_line(line));
            } else {
                self.out.push_str(line);
            }
        }
        self.last_tight = tight;
    }

    fn prefix(&mut self) -> String {
        let mut prefix = String::new();
        for container in &mut self.containers {
            match container {
                Container::Quote => prefix.push_str("> "),
                Container::Item {
                    marker,
                    width,
                    used,
                } => {
                    if *used {
                        prefix.extend(std::iter::repeat_n(' ', *width));
                    } else {
                        prefix.push_str(marker);
                        *used = true;
                    }
                }
                Container::Ignored => {}
            }
        }
        prefix
    }

    fn finish(mut self) -> String {
        self.flush();
        if self.pre_depth > 0 {
            self.pre_depth = 0;
            self.code_block();
        }
        let mut out = self.out;
        let end = out.trim_end().len();
        out.truncate(end);
        out
    }
}

/// The level of a heading element, `None` for any other element.
fn heading_level(name: &LocalName) -> Option<usize> {
    match *name {
        local_name!("h1") => Some(1),
        local_name!("h2") => Some(2),
        local_name!("h3") => Some(3),
        local_name!("h4") => Some(4),
        local_name!("h5") => Some(5),
        local_name!("h6") => Some(6),
        _ => None,
    }
}

/// Elements whose children are list items.
fn is_list(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("ul") | local_name!("ol") | local_name!("menu") | local_name!("dir")
    )
}

/// Elements that start and end a block of text.
fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("p")
            | local_name!("div")
            | local_name!("section")
            | local_name!("article")
            | local_name!("main")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("nav")
            | local_name!("aside")
            | local_name!("address")
            | local_name!("center")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("fieldset")
            | local_name!("legend")
            | local_name!("form")
            | local_name!("hgroup")
            | local_name!("body")
            | local_name!("html")
            | local_name!("caption")
            | local_name!("dialog")
            | local_name!("dl")
            | local_name!("dd")
            | local_name!("table")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("search")
            | local_name!("option")
    )
}

/// Markdown trouble at the start of a line of ordinary text: a `#` would
/// make a heading, `>` a quote, a run of `-` or `=` a rule or a heading
/// underline. Typographic bullets become Markdown items.
fn fix_line(line: &str) -> String {
    const BULLETS: &[char] = &[
        '•', '●', '▪', '◦', '·', '‣', '∙', '■', '□', '➢', '►', '▸', '✓', '✔', '–',
    ];
    if let Some(rest) = line
        .strip_prefix("\\* ")
        .or_else(|| line.strip_prefix("* "))
    {
        return format!("- {}", rest.trim_start());
    }
    if let Some(rest) = line.strip_prefix(BULLETS)
        && (rest.starts_with(' ') || !line.starts_with('–'))
    {
        return format!("- {}", rest.trim_start());
    }
    if line.starts_with('#') || line.starts_with('>') {
        return format!("\\{line}");
    }
    if line.chars().all(|c| c == '-' || c == '=' || c == ' ') {
        return format!("\\{line}");
    }
    line.to_owned()
}

/// The address of a link, if it is one worth keeping: http, https or
/// mailto, relative ones resolved against `base`. Parentheses are encoded
/// so the Markdown link stays whole.
pub(crate) fn link_target(href: &str, base: Option<&Url>) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let url = match Url::parse(href) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => base?.join(href).ok()?,
        Err(_) => return None,
    };
    if !matches!(url.scheme(), "http" | "https" | "mailto") {
        return None;
    }
    Some(
        url.as_str()
            .replace('(', "%28")
            .replace(')', "%29")
            .replace(' ', "%20"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        md_with_base(html, None)
    }

    fn md_with_base(html: &str, base: Option<&str>) -> String {
        let dom = Dom::parse(html);
        let base = base.and_then(|b| Url::parse(b).ok());
        to_markdown(&dom, dom.root(), |_, _| false, base.as_ref())
    }

    #[test]
    fn headings_and_paragraphs() {
        assert_eq!(
            md("<h1>Title</h1><p>First   para\ngraph.</p><h3>Sub <b>bold</b></h3><p>Second.</p>"),
            "# Title\n\nFirst para graph.\n\n### Sub bold\n\nSecond."
        );
    }

    #[test]
    fn inline_marks_are_tidy() {
        assert_eq!(
            md("<p>A <b> bold </b>and <i>it<em>al</em>ic</i>, <strong></strong>empty.</p>"),
            "A **bold** and *italic*, empty."
        );
        assert_eq!(md("<p><b>Note:</b><br>next</p>"), "**Note:**\nnext");
        assert_eq!(md("<p>5 * 3 and `x`</p>"), "5 \\* 3 and \\`x\\`");
    }

    #[test]
    fn nested_lists() {
        let html = "<ul><li>One</li><li>Two<ul><li>Two a</li><li>Two b</li></ul></li></ul>\
                    <p>After</p><ol start=3><li>Three</li><li><p>Four</p><p>more</p></li></ol>";
        assert_eq!(
            md(html),
            "- One\n- Two\n  - Two a\n  - Two b\n\nAfter\n\n3. Three\n4. Four\n   more"
        );
    }

    #[test]
    fn links_keep_only_web_and_mail_addresses() {
        let html = r##"<p><a href="/apply">Apply</a> <a href="javascript:alert(1)">bad</a>
            <a href="mailto:jobs@example.test">mail</a> <a href="#top">top</a>
            <a href="https://x.test/a(b)"> </a> <a href="data:text/html,x">data</a>
            <a href="https://x.test/a(b)">paren</a></p>"##;
        assert_eq!(
            md_with_base(html, Some("https://jobs.example.test/post/1")),
            "[Apply](https://jobs.example.test/apply) bad [mail](mailto:jobs@example.test) top data [paren](https://x.test/a%28b%29)"
        );
        assert_eq!(md(r#"<a href="relative">no base</a>"#), "no base");
    }

    #[test]
    fn tables_become_lines() {
        let html = "<table><tr><th>Location</th><td>Berlin</td></tr><tr><td>Team</td><td></td><td>Platform</td></tr></table>";
        assert_eq!(md(html), "Location | Berlin\nTeam | Platform");
        assert_eq!(
            md("<p>Before</p><table><tr><td>a</td><td>b</td></tr></table><p>After</p>"),
            "Before\n\na | b\n\nAfter"
        );
    }

    #[test]
    fn pre_and_code() {
        let html = "<p>Run <code>cargo  test</code>:</p><pre><code>fn main() {\n    *x = 1;\n}\n</code></pre>";
        assert_eq!(
            md(html),
            "Run `cargo test`:\n\n```\nfn main() {\n    *x = 1;\n}\n```"
        );
    }

    #[test]
    fn script_and_style_never_leak() {
        let html = "<p>Hi</p><script>var secret = 1;</script><style>p{color:red}</style>\
                    <noscript>enable js</noscript><template><p>tpl</p></template><svg><text>svg</text></svg>";
        assert_eq!(md(html), "Hi");
    }

    #[test]
    fn line_starts_that_would_be_markdown_are_escaped() {
        assert_eq!(
            md("<p># not a heading<br>&gt; not a quote<br>• bullet<br>* star<br>---</p>"),
            "\\# not a heading\n\\> not a quote\n- bullet\n- star\n\\---"
        );
    }

    #[test]
    fn br_pairs_split_paragraphs() {
        assert_eq!(
            md("<div>one<br>two<br><br>three</div>"),
            "one\ntwo\n\nthree"
        );
    }

    #[test]
    fn blockquote_and_definition_lists() {
        assert_eq!(
            md("<blockquote><p>Quote</p></blockquote><dl><dt>Term</dt><dd>Meaning</dd></dl>"),
            "> Quote\n\n**Term**\n\nMeaning"
        );
    }

    #[test]
    fn deep_lists_are_capped() {
        let html = "<ul><li>x".repeat(50);
        let out = md(&html);
        let longest = out.lines().map(str::len).max().unwrap_or(0);
        assert!(longest <= MAX_LIST_DEPTH * 2 + 50 * 2 + 2, "{longest}");
        assert!(out.ends_with("- x"), "{out}");
    }

    #[test]
    fn plain_text_keeps_lines_and_paragraphs() {
        assert_eq!(
            text_to_markdown("Title\r\n\r\n\r\nLine one\nLine   two\n• bullet\n"),
            "Title\n\nLine one\nLine two\n- bullet"
        );
    }
}
