//! From HTML or pasted text to a [`CapturedPosting`].

use html5ever::{LocalName, local_name};
use jobforge_types::validation::{LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS};
use jobforge_types::{CaptureMethod, CapturedPosting};
use url::Url;

use crate::dom::{Dom, Kind, NodeId, Step};
use crate::error::CaptureError;
use crate::jsonld;
use crate::markdown::{is_never_text, text_to_markdown, to_markdown};
use crate::text::{clean_field, looks_like_markup, truncate_chars};

/// A page with less readable text than this (letters and digits) has no
/// posting on it: a login wall, a script-built shell, an error page.
const MIN_POSTING_CHARS: usize = 100;

/// Job boards and hosting services: their name is never the employer.
const JOB_BOARDS: &[&str] = &[
    "linkedin",
    "indeed",
    "glassdoor",
    "greenhouse",
    "lever",
    "workday",
    "myworkdayjobs",
    "smartrecruiters",
    "monster",
    "ziprecruiter",
    "stepstone",
    "welcome to the jungle",
    "otta",
    "wellfound",
    "angellist",
    "dice",
    "simplyhired",
    "careerbuilder",
    "reed",
    "totaljobs",
    "xing",
    "seek",
    "workable",
    "ashby",
    "bamboohr",
    "recruitee",
    "personio",
    "teamtailor",
    "join",
    "jobvite",
    "icims",
    "taleo",
    "breezy",
    "jobs.ch",
    "hays",
    "remoteok",
    "weworkremotely",
];

/// Reads a posting from a whole page (or pasted HTML).
///
/// schema.org `JobPosting` JSON-LD wins when the page has it (method
/// `JsonLd`); gaps in it are filled from the page. Otherwise the page's
/// main text becomes the description (method `PageText`), with the title
/// and company guessed from its headings and metadata, each doubtful guess
/// noted. A page without a posting — a login wall, an empty or
/// script-built page — is [`CaptureError::NoPosting`].
pub fn from_html(html: &str, url: Option<&str>) -> Result<CapturedPosting, CaptureError> {
    let page = Page::new(html, url);
    page.capture()
}

/// Reads a posting from pasted text. Pasted HTML (a page's source) is
/// read as a page; anything else is taken as the posting's text, with the
/// title, company, location, type and salary filled only where the text
/// clearly states them. Never fails: the worst case is a posting with only
/// a description for the user to complete.
pub fn from_text(text: &str) -> CapturedPosting {
    if looks_like_html_document(text) {
        let page = Page::new(text, None);
        match page.capture() {
            Ok(mut posting) => {
                posting.method = CaptureMethod::Pasted;
                return posting;
            }
            Err(error) => {
                tracing::debug!(%error, "pasted HTML has no posting; taking its text");
                let mut posting = plain_text(&page.visible_text());
                posting.notes.push(
                    "the pasted HTML holds little readable text; check that the whole posting was copied"
                        .to_owned(),
                );
                return posting;
            }
        }
    }
    plain_text(text)
}

/// Whether pasted text is HTML source rather than text copied from a
/// rendered page.
fn looks_like_html_document(text: &str) -> bool {
    let trimmed = text.trim_start_matches('\u{FEFF}').trim_start();
    let head: String = trimmed
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    if !trimmed.starts_with('<') || !looks_like_markup(&head) {
        return false;
    }
    // A fragment: it must close some of the common tags it opens.
    [
        "</p>",
        "</div>",
        "</li>",
        "</ul>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</span>",
        "</section>",
        "</article>",
        "</body>",
        "</table>",
        "</strong>",
        "</script>",
    ]
    .iter()
    .filter(|tag| head.contains(*tag))
    .count()
        >= 1
}

/// A parsed page and what capture needs to know about it.
struct Page {
    dom: Dom,
    base: Option<Url>,
    url: Option<String>,
    notes: Vec<String>,
}

impl Page {
    fn new(html: &str, url: Option<&str>) -> Self {
        let (dom, flattened) = Dom::parse_checked(html);
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        let base = url
            .and_then(|u| Url::parse(u).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        let mut notes = Vec::new();
        if flattened {
            notes.push(
                "the page's markup is nested unusually deeply; its innermost structure was flattened, so check the description's layout"
                    .to_owned(),
            );
        }
        Self {
            dom,
            base,
            url: url.map(str::to_owned),
            notes,
        }
    }

    fn capture(&self) -> Result<CapturedPosting, CaptureError> {
        let mut notes = self.notes.clone();
        let blocks = jsonld::script_blocks(&self.dom);
        let values = jsonld::parse_blocks(&blocks, &mut notes);
        let structured = jsonld::find_posting(&values, &mut notes);
        let page_text = || self.main_text();

        let mut posting = match structured {
            Some(fields) => {
                let description = fields
                    .description
                    .as_deref()
                    .map(|d| self.description_markdown(d))
                    .filter(|d| !d.trim().is_empty());
                let (description, labels) = match description {
                    Some(d) => (d, None),
                    None => {
                        let text = page_text();
                        if !text.markdown.is_empty() {
                            notes.push(
                                "the structured data has no description; the page's main text was used instead — check it"
                                    .to_owned(),
                            );
                        }
                        let labels = Labels::read(&text.markdown);
                        (text.markdown, Some(labels))
                    }
                };
                if fields.title.is_none() && description.trim().is_empty() {
                    // A JobPosting shell with nothing in it, on an empty page.
                    return Err(CaptureError::NoPosting {
                        detail: self.why_empty(),
                    });
                }
                let mut posting = blank_posting(CaptureMethod::JsonLd);
                posting.title = fields.title;
                posting.company = fields.company;
                posting.location = fields.location;
                posting.description = description;
                posting.date_posted = fields.date_posted;
                posting.deadline = fields.deadline;
                posting.employment_type = fields.employment_type;
                posting.salary = fields.salary;
                posting.source_url = self.url.clone().or(fields.url);
                if posting.title.is_none() {
                    let (title, _, title_notes) = self.guess_title(self.content_root());
                    if let Some(title) = title {
                        notes.push(format!(
                            "the structured data has no title; “{title}” was taken from the page — check it"
                        ));
                        posting.title = Some(title);
                    } else {
                        notes.extend(title_notes);
                    }
                }
                // Gaps in the structured data: "Location: …" lines in the
                // text, then (for the company) the site's name.
                let labels = labels.unwrap_or_else(|| Labels::read(&posting.description));
                if posting.location.is_none() {
                    posting.location = labels.location.clone();
                }
                if posting.employment_type.is_none() {
                    posting.employment_type = labels.employment_type.clone();
                }
                if posting.salary.is_none() {
                    posting.salary = labels.salary.clone();
                }
                if posting.company.is_none() {
                    let (_, segments, _) = self.guess_title(self.content_root());
                    if let Some(company) = labels.company {
                        posting.company = Some(company);
                    } else if let Some((company, note)) = self.guess_company(&segments) {
                        posting.company = Some(company);
                        notes.push(note);
                    }
                }
                posting
            }
            None => {
                let text = page_text();
                let readable = text
                    .markdown
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .count();
                if readable < MIN_POSTING_CHARS {
                    return Err(CaptureError::NoPosting {
                        detail: self.why_empty(),
                    });
                }
                let labels = Labels::read(&text.markdown);
                let (title, segments, title_notes) = self.guess_title(text.root);
                let mut posting = blank_posting(CaptureMethod::PageText);
                posting.source_url = self.url.clone();
                posting.title = labels.title.clone().or(title);
                if labels.title.is_none() {
                    notes.extend(title_notes);
                }
                posting.company = match labels.company.clone() {
                    Some(company) => Some(company),
                    None => self.guess_company(&segments).map(|(company, note)| {
                        notes.push(note);
                        company
                    }),
                };
                posting.location = labels.location.clone();
                posting.employment_type = labels.employment_type.clone();
                posting.salary = labels.salary.clone();
                posting.description = text.markdown;
                posting
            }
        };
        if posting.company.is_none() && posting.method != CaptureMethod::Pasted {
            notes.push("the company could not be found on the page; enter it by hand".to_owned());
        }
        if let Some(deadline) = posting.deadline
            && deadline < time::OffsetDateTime::now_utc().date()
        {
            notes.push(format!(
                "the posting's closing date ({deadline}) has passed; check that it is still open"
            ));
        }
        posting.notes = notes;
        Ok(finish(posting))
    }

    /// A JSON-LD description (HTML, or plain text) as Markdown.
    fn description_markdown(&self, raw: &str) -> String {
        let decoded = crate::text::decode_entities(raw);
        // Some sites escape the HTML twice: `&lt;p&gt;…`.
        let html = if looks_like_markup(raw) {
            raw
        } else if looks_like_markup(&decoded) {
            decoded.as_ref()
        } else {
            return text_to_markdown(&decoded);
        };
        let dom = Dom::parse(html);
        to_markdown(&dom, dom.root(), is_hidden, self.base.as_ref())
    }

    /// The page's main text as Markdown, and where it was found.
    fn main_text(&self) -> MainText {
        let root = self.content_root();
        let markdown = to_markdown(&self.dom, root, is_page_chrome, self.base.as_ref());
        MainText { root, markdown }
    }

    /// Everything visible on the page, for pasted HTML without a posting.
    fn visible_text(&self) -> String {
        to_markdown(&self.dom, self.dom.root(), is_hidden, None)
    }

    fn why_empty(&self) -> String {
        let has_password = self.dom.elements(self.dom.root()).any(|id| {
            self.dom.tag(id) == Some(&local_name!("input"))
                && self
                    .dom
                    .attr(id, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("password"))
        });
        let place = self
            .url
            .as_deref()
            .map(|u| format!("the page at {u}"))
            .unwrap_or_else(|| "the page".to_owned());
        if has_password {
            format!("{place} asks you to sign in before it shows the posting")
        } else if self
            .dom
            .text_of(self.dom.root(), |d, id| {
                d.tag(id).is_some_and(is_never_text)
            })
            .is_empty()
        {
            format!("{place} is empty (it may be built by scripts Job Forge does not run)")
        } else {
            format!(
                "{place} has almost no text (it may need a login, or be built by scripts Job Forge does not run)"
            )
        }
    }

    /// Where the posting's text is: `<main>` or `[role=main]`, else the
    /// longest `<article>`, else the smallest element holding most of the
    /// page's paragraph text, else the body.
    fn content_root(&self) -> NodeId {
        let dom = &self.dom;
        let stats = Stats::compute(dom);
        let candidates = |wanted: &dyn Fn(NodeId) -> bool| -> Vec<NodeId> {
            dom.walk(dom.root(), is_page_chrome_for_search)
                .filter_map(|step| match step {
                    Step::Enter(id) if dom.is_element(id) && wanted(id) => Some(id),
                    _ => None,
                })
                .collect()
        };
        let enough = |id: NodeId| stats.text.get(id).copied().unwrap_or(0) >= MIN_POSTING_CHARS * 2;
        let mains = candidates(&|id| {
            dom.tag(id) == Some(&local_name!("main"))
                || dom
                    .attr(id, "role")
                    .is_some_and(|r| r.trim().eq_ignore_ascii_case("main"))
        });
        if let Some(&main) = mains.iter().find(|&&id| enough(id)) {
            return main;
        }
        let articles = candidates(&|id| dom.tag(id) == Some(&local_name!("article")));
        if let Some(&article) = articles
            .iter()
            .filter(|&&id| enough(id))
            .max_by_key(|&&id| stats.text.get(id).copied().unwrap_or(0))
        {
            return article;
        }
        let body = dom
            .find(dom.root(), &local_name!("body"))
            .unwrap_or(dom.root());
        let total = stats.para.get(body).copied().unwrap_or(0);
        if total == 0 {
            return body;
        }
        // Descend while a single child still holds most of the page's
        // paragraph text: the smallest such element is the content.
        let mut current = body;
        loop {
            let next = dom.children(current).find(|&child| {
                dom.is_element(child)
                    && stats.para.get(child).copied().unwrap_or(0) * 10 >= total * 8
            });
            match next {
                Some(child) => current = child,
                None => return current,
            }
        }
    }

    fn meta(&self, keys: &[&str]) -> Option<String> {
        let dom = &self.dom;
        dom.elements(dom.root())
            .filter(|&id| dom.tag(id) == Some(&local_name!("meta")))
            .find_map(|id| {
                let key = dom.attr(id, "property").or_else(|| dom.attr(id, "name"))?;
                keys.iter()
                    .any(|k| key.trim().eq_ignore_ascii_case(k))
                    .then(|| dom.attr(id, "content").and_then(clean_field))
                    .flatten()
            })
    }

    fn site_name(&self) -> Option<String> {
        self.meta(&["og:site_name", "application-name"])
    }

    /// The title: `og:title`, else the first `<h1>`, else `<title>`. When
    /// the heading agrees with the share title it is used as it is; a
    /// title cut from a longer page title is noted. Also returns the other
    /// segments of the page title ("… | Northwind Careers"), where the
    /// company may be named.
    fn guess_title(&self, root: NodeId) -> (Option<String>, Vec<String>, Vec<String>) {
        let dom = &self.dom;
        let site = self.site_name();
        let h1 = self
            .first_h1(root)
            .filter(|h| site.as_deref().is_none_or(|s| !h.eq_ignore_ascii_case(s)));
        let og = self.meta(&["og:title", "twitter:title"]);
        let tab = dom
            .find(dom.root(), &local_name!("title"))
            .map(|id| dom.text_of(id, |_, _| false))
            .and_then(|t| clean_field(&t));
        let mut notes = Vec::new();
        let page_title = og.clone().or(tab.clone());
        if let (Some(h1), Some(full)) = (&h1, &page_title)
            && full.to_lowercase().contains(&h1.to_lowercase())
        {
            let segments = split_title(full)
                .into_iter()
                .filter(|s| !s.eq_ignore_ascii_case(h1))
                .collect();
            return (Some(h1.clone()), segments, notes);
        }
        if let Some(og) = &og {
            let mut segments = split_title(og);
            let title = segments.remove(0);
            if !segments.is_empty() {
                notes.push(format!(
                    "the title “{title}” was cut from the page's share title “{og}”; check it"
                ));
            }
            if let Some(h1) = &h1 {
                notes.push(format!(
                    "the page's main heading reads “{h1}”, which differs from the title; check which is right"
                ));
            }
            return (Some(title), segments, notes);
        }
        if let Some(h1) = h1 {
            let segments = tab.as_deref().map(split_title).unwrap_or_default();
            return (Some(h1), segments, notes);
        }
        if let Some(tab) = tab {
            let mut segments = split_title(&tab);
            let title = segments.remove(0);
            notes.push(format!(
                "the title “{title}” was guessed from the page's title “{tab}”; check it"
            ));
            return (Some(title), segments, notes);
        }
        notes.push("the page shows no title; enter it by hand".to_owned());
        (None, Vec::new(), notes)
    }

    /// The first `<h1>` in the content, else anywhere outside navigation
    /// and footers (a posting's title often sits in a header).
    fn first_h1(&self, root: NodeId) -> Option<String> {
        let dom = &self.dom;
        let find = |start: NodeId, skip: fn(&Dom, NodeId) -> bool| {
            dom.walk(start, skip).find_map(|step| match step {
                Step::Enter(id) if dom.tag(id) == Some(&local_name!("h1")) => {
                    clean_field(&dom.text_of(id, is_hidden))
                }
                _ => None,
            })
        };
        find(root, is_hidden).or_else(|| find(dom.root(), is_navigation))
    }

    /// The company from the site's name or the page title's other parts,
    /// never a job board's name; always a guess, so always noted.
    fn guess_company(&self, segments: &[String]) -> Option<(String, String)> {
        if let Some(site) = self.site_name()
            && let Some(company) = company_from_name(&site)
        {
            return Some((
                company.clone(),
                format!("the company “{company}” was taken from the site's name; check it"),
            ));
        }
        segments.iter().find_map(|segment| {
            let company = company_from_name(segment)?;
            Some((
                company.clone(),
                format!("the company “{company}” was guessed from the page title; check it"),
            ))
        })
    }
}

struct MainText {
    root: NodeId,
    markdown: String,
}

/// Per element, the length of its text and of its paragraph text (text in
/// blocks of at least 25 characters that are not mostly links), both
/// summed over the subtree.
struct Stats {
    text: Vec<usize>,
    para: Vec<usize>,
}

impl Stats {
    fn compute(dom: &Dom) -> Self {
        let n = dom.nodes.len();
        let mut text = vec![0usize; n];
        let mut para = vec![0usize; n];
        let mut own = vec![0usize; n];
        let mut linked = vec![0usize; n];
        let mut blocks: Vec<NodeId> = vec![dom.root()];
        let mut links = 0usize;
        for step in dom.walk(dom.root(), is_page_chrome) {
            match step {
                Step::Enter(id) => match dom.node(id).map(|n| &n.kind) {
                    Some(Kind::Text(t)) => {
                        let count = t.chars().filter(|c| !c.is_whitespace()).count();
                        if let Some(slot) = text.get_mut(id) {
                            *slot = count;
                        }
                        let block = blocks.last().copied().unwrap_or(0);
                        if let Some(slot) = own.get_mut(block) {
                            *slot += count;
                        }
                        if links > 0
                            && let Some(slot) = linked.get_mut(block)
                        {
                            *slot += count;
                        }
                    }
                    Some(Kind::Element { name, .. }) => {
                        if holds_paragraphs(name) {
                            blocks.push(id);
                        }
                        if *name == local_name!("a") {
                            links += 1;
                        }
                    }
                    _ => {}
                },
                Step::Leave(id) => {
                    if let Some(name) = dom.tag(id) {
                        if holds_paragraphs(name) && blocks.last() == Some(&id) {
                            blocks.pop();
                            let mine = own.get(id).copied().unwrap_or(0);
                            let link_part = linked.get(id).copied().unwrap_or(0);
                            if mine >= 25
                                && link_part * 2 <= mine
                                && let Some(slot) = para.get_mut(id)
                            {
                                *slot += mine;
                            }
                        }
                        if *name == local_name!("a") {
                            links = links.saturating_sub(1);
                        }
                    }
                    if let Some(parent) = dom.parent(id) {
                        let (t, p) = (
                            text.get(id).copied().unwrap_or(0),
                            para.get(id).copied().unwrap_or(0),
                        );
                        if let Some(slot) = text.get_mut(parent) {
                            *slot += t;
                        }
                        if let Some(slot) = para.get_mut(parent) {
                            *slot += p;
                        }
                    }
                }
            }
        }
        Self { text, para }
    }
}

fn holds_paragraphs(name: &LocalName) -> bool {
    !matches!(
        *name,
        local_name!("a")
            | local_name!("abbr")
            | local_name!("b")
            | local_name!("bdi")
            | local_name!("bdo")
            | local_name!("br")
            | local_name!("cite")
            | local_name!("code")
            | local_name!("data")
            | local_name!("dfn")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("img")
            | local_name!("kbd")
            | local_name!("label")
            | local_name!("mark")
            | local_name!("q")
            | local_name!("s")
            | local_name!("samp")
            | local_name!("small")
            | local_name!("span")
            | local_name!("strong")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("time")
            | local_name!("u")
            | local_name!("var")
            | local_name!("wbr")
    )
}

/// Hidden from a reader: `hidden`, `aria-hidden="true"`, an inline style
/// that hides it.
pub(crate) fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if dom
        .attr(id, "aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if let Some(style) = dom.attr(id, "style") {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Navigation, footers and sidebars: left out of the title search.
fn is_navigation(dom: &Dom, id: NodeId) -> bool {
    is_hidden(dom, id)
        || dom.tag(id).is_some_and(|tag| {
            is_never_text(tag)
                || matches!(
                    *tag,
                    local_name!("nav")
                        | local_name!("footer")
                        | local_name!("aside")
                        | local_name!("form")
                )
        })
}

/// For finding `<main>` and `<article>`: everything but what a reader
/// never sees.
fn is_page_chrome_for_search(dom: &Dom, id: NodeId) -> bool {
    is_hidden(dom, id) || dom.tag(id).is_some_and(is_never_text)
}

/// What surrounds a posting on a page and is not part of it: navigation,
/// headers and footers, sidebars, forms, cookie and consent banners,
/// screen-reader-only text, share buttons, hidden parts.
pub(crate) fn is_page_chrome(dom: &Dom, id: NodeId) -> bool {
    let Some(tag) = dom.tag(id) else {
        // SVG and MathML elements carry no posting text.
        return dom.is_element(id);
    };
    if is_never_text(tag) || is_hidden(dom, id) {
        return true;
    }
    if matches!(
        *tag,
        local_name!("nav")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("aside")
            | local_name!("form")
            | local_name!("dialog")
    ) {
        return true;
    }
    if let Some(role) = dom.attr(id, "role")
        && matches!(
            role.trim().to_ascii_lowercase().as_str(),
            "navigation"
                | "banner"
                | "contentinfo"
                | "complementary"
                | "search"
                | "dialog"
                | "alertdialog"
                | "menu"
                | "menubar"
                | "toolbar"
        )
    {
        return true;
    }
    // Class and id names: never on the page's big containers, whose
    // classes often mention a consent state ("cookies-pending").
    if matches!(
        *tag,
        local_name!("html") | local_name!("body") | local_name!("main") | local_name!("article")
    ) {
        return false;
    }
    let names = [dom.attr(id, "class"), dom.attr(id, "id")];
    names
        .into_iter()
        .flatten()
        .flat_map(str::split_whitespace)
        .any(|token| {
            let token = token.to_ascii_lowercase();
            ["cookie", "consent", "gdpr", "breadcrumb", "newsletter"]
                .iter()
                .any(|word| token.contains(word))
                || matches!(
                    token.as_str(),
                    "sr-only"
                        | "visually-hidden"
                        | "visuallyhidden"
                        | "screen-reader-text"
                        | "skip-link"
                        | "share"
                        | "sharing"
                        | "social"
                        | "social-share"
                        | "share-buttons"
                )
        })
}

/// A page title cut at its strongest separator: "Backend Engineer |
/// Northwind Careers" → ["Backend Engineer", "Northwind Careers"].
fn split_title(title: &str) -> Vec<String> {
    for separator in [" | ", " — ", " – ", " · ", " :: ", " • ", " - "] {
        if title.contains(separator) {
            let parts: Vec<String> = title
                .split(separator)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            if !parts.is_empty() {
                return parts;
            }
        }
    }
    vec![title.trim().to_owned()]
}

/// An employer's name from a site name or title segment ("Northwind
/// Careers" → "Northwind"), or `None` for a job board or a generic word.
fn company_from_name(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    let squashed: String = lower
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '.')
        .collect();
    if JOB_BOARDS.iter().any(|board| {
        lower == *board
            || squashed == board.replace(' ', "")
            || lower.starts_with(&format!("{board} "))
            || lower.ends_with(&format!(" {board}"))
    }) {
        return None;
    }
    if lower.contains("job board") || lower.split_whitespace().any(|w| w == "jobboard") {
        return None;
    }
    let mut company = name.trim().to_owned();
    for prefix in ["Careers at ", "Jobs at ", "Work at ", "Join "] {
        if company.len() > prefix.len()
            && company
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            company = company[prefix.len()..].trim().to_owned();
        }
    }
    for suffix in [" Careers", " Career", " Jobs", " Karriere", " Hiring"] {
        let len = company.len();
        if len > suffix.len()
            && company
                .get(len - suffix.len()..)
                .is_some_and(|s| s.eq_ignore_ascii_case(suffix))
        {
            company.truncate(len - suffix.len());
        }
    }
    let company = company.trim().to_owned();
    let generic = [
        "careers",
        "jobs",
        "job",
        "home",
        "apply",
        "vacancies",
        "open positions",
    ];
    if company.is_empty()
        || generic.contains(&company.to_lowercase().as_str())
        || company.chars().count() > 60
        || company.split_whitespace().count() > 6
    {
        return None;
    }
    Some(company)
}

/// "Label: value" lines near the top of a posting's text.
#[derive(Debug, Default, Clone)]
struct Labels {
    title: Option<String>,
    company: Option<String>,
    location: Option<String>,
    employment_type: Option<String>,
    salary: Option<String>,
}

impl Labels {
    fn read(markdown: &str) -> Self {
        let mut labels = Self::default();
        for line in markdown.lines().filter(|l| !l.trim().is_empty()).take(60) {
            let line = line.trim().trim_start_matches(['-', '#', '>', ' ']).trim();
            let Some((label, value)) = line.split_once(':').or_else(|| line.split_once('：'))
            else {
                continue;
            };
            let label = label.trim_matches(['*', '_', ' ']).to_lowercase();
            let value = value.trim_matches(['*', '_', ' ']).replace("\\*", "*");
            if value.is_empty() || value.chars().count() > 120 || label.chars().count() > 30 {
                continue;
            }
            let slot = match label.as_str() {
                "job title" | "title" | "position" | "role" | "vacancy" | "job" => {
                    &mut labels.title
                }
                "company" | "employer" | "organisation" | "organization" | "company name"
                | "hiring company" => &mut labels.company,
                "location" | "locations" | "job location" | "work location" | "place of work"
                | "office" => &mut labels.location,
                "employment type" | "job type" | "contract type" | "type of employment"
                | "work type" | "employment" => &mut labels.employment_type,
                "salary" | "compensation" | "pay" | "salary range" | "pay range"
                | "remuneration" | "base salary" => &mut labels.salary,
                _ => continue,
            };
            if slot.is_none() {
                *slot = clean_field(&value);
            }
        }
        labels
    }
}

/// Words that make a short first line a job title.
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "programmer",
    "manager",
    "designer",
    "analyst",
    "scientist",
    "specialist",
    "consultant",
    "director",
    "lead",
    "architect",
    "administrator",
    "coordinator",
    "intern",
    "internship",
    "assistant",
    "officer",
    "head",
    "nurse",
    "teacher",
    "accountant",
    "writer",
    "editor",
    "technician",
    "representative",
    "associate",
    "researcher",
    "owner",
    "strategist",
    "advisor",
    "adviser",
    "executive",
    "recruiter",
    "operator",
    "tester",
    "devops",
    "sre",
    "marketer",
    "chef",
    "cook",
    "driver",
    "clerk",
    "trainee",
    "apprentice",
    "president",
    "vp",
    "cto",
    "cfo",
    "coo",
    "ceo",
    "entwickler",
    "ingenieur",
    "physician",
    "therapist",
    "pharmacist",
    "mechanic",
    "electrician",
    "planner",
    "producer",
    "agent",
    "partner",
    "fellow",
    "bookkeeper",
    "baker",
    "cleaner",
    "receptionist",
    "secretary",
    "paralegal",
    "lawyer",
    "attorney",
    "solicitor",
    "pilot",
    "carpenter",
    "plumber",
    "welder",
    "gardener",
    "waiter",
    "waitress",
    "barista",
    "bartender",
    "housekeeper",
    "caretaker",
    "instructor",
    "lecturer",
    "professor",
    "tutor",
    "coach",
    "trainer",
    "translator",
    "interpreter",
    "photographer",
    "illustrator",
    "animator",
    "buyer",
    "auditor",
    "controller",
    "economist",
    "statistician",
    "chemist",
    "biologist",
    "physicist",
    "doctor",
    "dentist",
    "midwife",
    "paramedic",
    "carer",
    "worker",
    "supervisor",
    "foreman",
    "inspector",
    "surveyor",
    "estimator",
    "copywriter",
    "journalist",
    "reporter",
    "librarian",
    "curator",
    "cashier",
    "salesperson",
    "stylist",
    "hairdresser",
    "nanny",
    "teller",
    "underwriter",
    "actuary",
    "broker",
    "dispatcher",
    "courier",
    "storekeeper",
    "picker",
    "packer",
    "labourer",
    "laborer",
    "machinist",
    "fitter",
    "installer",
];

fn has_title_word(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| TITLE_WORDS.contains(&word.to_lowercase().as_str()))
}

/// Pasted plain text.
fn plain_text(text: &str) -> CapturedPosting {
    let text = text.trim_start_matches('\u{FEFF}');
    let markdown = text_to_markdown(text);
    let labels = Labels::read(&markdown);
    let mut posting = blank_posting(CaptureMethod::Pasted);
    let mut notes = Vec::new();
    posting.title = labels.title.clone();
    posting.company = labels.company.clone();
    if posting.title.is_none()
        && let Some(first) = markdown.lines().map(str::trim).find(|l| !l.is_empty())
    {
        let first = first
            .trim_start_matches(['#', ' '])
            .trim_matches(['*', ' ']);
        let plausible = first.chars().count() <= 100
            && first.split_whitespace().count() <= 12
            && !first.ends_with(['.', ':', '!', '?', ','])
            && !first.contains(": ");
        if plausible {
            if let Some((title, company)) = first.rsplit_once(" at ")
                && has_title_word(title)
                && company.chars().next().is_some_and(char::is_uppercase)
            {
                posting.title = clean_field(title);
                if posting.company.is_none() {
                    posting.company = clean_field(company);
                }
                notes.push(
                    "the title and company were read from the first line; check them".to_owned(),
                );
            } else if has_title_word(first) {
                let parts = split_title(first);
                if parts.len() == 2 && has_title_word(&parts[0]) && !has_title_word(&parts[1]) {
                    posting.title = clean_field(&parts[0]);
                    if posting.company.is_none() {
                        posting.company = company_from_name(&parts[1]);
                    }
                    notes.push(
                        "the title and company were read from the first line; check them"
                            .to_owned(),
                    );
                } else {
                    posting.title = clean_field(first);
                    notes.push("the title was read from the first line; check it".to_owned());
                }
            }
        }
    }
    posting.location = labels.location;
    posting.employment_type = labels.employment_type;
    posting.salary = labels.salary;
    if markdown.chars().filter(|c| c.is_alphanumeric()).count() < MIN_POSTING_CHARS {
        notes.push(
            "the pasted text is very short; check that the whole posting was copied".to_owned(),
        );
    }
    posting.description = markdown;
    posting.notes = notes;
    finish(posting)
}

fn blank_posting(method: CaptureMethod) -> CapturedPosting {
    CapturedPosting {
        method,
        source_url: None,
        title: None,
        company: None,
        location: None,
        description: String::new(),
        date_posted: None,
        deadline: None,
        employment_type: None,
        salary: None,
        notes: Vec::new(),
    }
}

/// Keeps every field within what the store accepts, noting each cut.
fn finish(mut posting: CapturedPosting) -> CapturedPosting {
    let mut notes = Vec::new();
    for (name, field) in [
        ("title", &mut posting.title),
        ("company", &mut posting.company),
        ("location", &mut posting.location),
        ("employment type", &mut posting.employment_type),
        ("salary", &mut posting.salary),
    ] {
        if let Some(value) = field.as_mut() {
            let (kept, cut) = truncate_chars(value, SHORT_TEXT_MAX_CHARS - 1);
            if cut {
                *value = format!("{}…", kept.trim_end());
                notes.push(format!(
                    "the {name} was too long and was shortened; check it"
                ));
            }
        }
    }
    let (kept, cut) = truncate_chars(&posting.description, LONG_TEXT_MAX_CHARS);
    if cut {
        // End at a paragraph so the last block is whole.
        let end = kept.rfind("\n\n").unwrap_or(kept.len());
        posting.description = posting.description[..end].to_owned();
        notes.push(format!(
            "the description was longer than {} characters and was cut; compare it with the original",
            LONG_TEXT_MAX_CHARS
        ));
    }
    posting.notes.extend(notes);
    posting
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_from_sites() {
        assert_eq!(
            company_from_name("Northwind Careers").as_deref(),
            Some("Northwind")
        );
        assert_eq!(
            company_from_name("Careers at Fabrikam").as_deref(),
            Some("Fabrikam")
        );
        assert_eq!(company_from_name("LinkedIn"), None);
        assert_eq!(company_from_name("Greenhouse"), None);
        assert_eq!(company_from_name("Jobs"), None);
    }

    #[test]
    fn titles_split_at_their_strongest_separator() {
        assert_eq!(
            split_title("Full-Stack Engineer - Backend | Northwind"),
            ["Full-Stack Engineer - Backend", "Northwind"]
        );
        assert_eq!(split_title("Plain"), ["Plain"]);
    }

    #[test]
    fn labels_are_read_from_the_top() {
        let labels = Labels::read(
            "# Data Analyst\n\n**Location:** Leeds, UK\n- Employment type: Part-time\nSalary: £30,000\nCompany: Fabrikam\nLocation: elsewhere",
        );
        assert_eq!(labels.location.as_deref(), Some("Leeds, UK"));
        assert_eq!(labels.employment_type.as_deref(), Some("Part-time"));
        assert_eq!(labels.salary.as_deref(), Some("£30,000"));
        assert_eq!(labels.company.as_deref(), Some("Fabrikam"));
        assert_eq!(labels.title, None);
    }

    #[test]
    fn pasted_text_with_a_clear_first_line() {
        let posting = from_text(
            "Senior Data Engineer at Fabrikam Analytics\n\nWe are looking for a data engineer to build pipelines.\nLocation: Remote (EU)\n",
        );
        assert_eq!(posting.method, CaptureMethod::Pasted);
        assert_eq!(posting.title.as_deref(), Some("Senior Data Engineer"));
        assert_eq!(posting.company.as_deref(), Some("Fabrikam Analytics"));
        assert_eq!(posting.location.as_deref(), Some("Remote (EU)"));
        assert!(posting.notes.iter().any(|n| n.contains("first line")));
    }

    #[test]
    fn pasted_text_without_a_clear_title_guesses_nothing() {
        let posting = from_text(
            "We are a small team in Leeds building tools for farmers. You will work on our mobile app and talk to customers every week.",
        );
        assert_eq!(posting.title, None);
        assert_eq!(posting.company, None);
        assert!(posting.description.starts_with("We are a small team"));
    }

    #[test]
    fn pasted_html_goes_through_the_page_reader() {
        let html = r#"<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"Welder","hiringOrganization":"Contoso Metal","description":"<p>Join our welding team in Sheffield and build bridges that last a hundred years.</p>"}</script></head><body><p>x</p></body></html>"#;
        let posting = from_text(html);
        assert_eq!(posting.method, CaptureMethod::Pasted);
        assert_eq!(posting.title.as_deref(), Some("Welder"));
        assert_eq!(posting.company.as_deref(), Some("Contoso Metal"));
        assert_eq!(
            posting.description,
            "Join our welding team in Sheffield and build bridges that last a hundred years."
        );
    }

    #[test]
    fn pasted_html_fragment_is_recognised() {
        assert!(looks_like_html_document("<div><p>Hello</p></div>"));
        assert!(!looks_like_html_document("<3 our team. Apply today"));
        assert!(!looks_like_html_document(
            "Senior engineer\n<b>not really</b>"
        ));
    }

    #[test]
    fn long_fields_are_cut_with_a_note() {
        let long = "Engineer ".repeat(100);
        let html = format!(
            r#"<script type="application/ld+json">{{"@type":"JobPosting","title":"{long}","hiringOrganization":"X","description":"text"}}</script>"#
        );
        let posting = from_html(&html, None);
        let posting = posting.unwrap_or_else(|e| panic!("{e}"));
        let title = posting.title.unwrap_or_default();
        assert!(title.chars().count() <= SHORT_TEXT_MAX_CHARS);
        assert!(title.ends_with('…'));
        assert!(
            posting
                .notes
                .iter()
                .any(|n| n.contains("title was too long"))
        );
    }

    #[test]
    fn empty_and_login_pages_have_no_posting() {
        for (html, expected) in [
            ("", "empty"),
            (
                "<html><body><div id=root></div><script>app()</script></body></html>",
                "empty",
            ),
            (
                "<html><body><h1>Sign in</h1><form><input type=email><input type=password></form></body></html>",
                "sign in",
            ),
            (
                "<html><body><p>This job is no longer available.</p></body></html>",
                "almost no text",
            ),
        ] {
            match from_html(html, Some("https://jobs.example.test/1")) {
                Err(CaptureError::NoPosting { detail }) => {
                    assert!(detail.contains(expected), "{detail}");
                    let message = CaptureError::NoPosting { detail }.to_string();
                    assert!(message.contains("paste"), "{message}");
                }
                other => panic!("{html}: {other:?}"),
            }
        }
    }

    #[test]
    fn gaps_in_structured_data_are_filled_from_the_page() {
        let html = r#"<html><head><meta property="og:site_name" content="Tidewell Careers">
            <script type="application/ld+json">{"@type":"JobPosting","description":"<p>Location: Bergen, Norway</p><p>Salary: NOK 650,000 a year</p><p>Maintain the ferry fleet's engines.</p>","validThrough":"2001-01-31"}</script></head>
            <body><main><h1>Marine Engineer</h1><p>Maintain the ferry fleet's engines and keep our ships at sea through the winter storms.</p></main></body></html>"#;
        let posting = from_html(html, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(posting.method, CaptureMethod::JsonLd);
        assert_eq!(posting.title.as_deref(), Some("Marine Engineer"));
        assert_eq!(posting.company.as_deref(), Some("Tidewell"));
        assert_eq!(posting.location.as_deref(), Some("Bergen, Norway"));
        assert_eq!(posting.salary.as_deref(), Some("NOK 650,000 a year"));
        assert_eq!(posting.notes.len(), 3, "{:?}", posting.notes);
        assert!(posting.notes[0].contains("no title; “Marine Engineer” was taken from the page"));
        assert!(posting.notes[1].contains("site's name"));
        assert!(posting.notes[2].contains("closing date (2001-01-31) has passed"));
    }

    #[test]
    fn an_empty_structured_posting_on_an_empty_page_is_no_posting() {
        let html = r#"<script type="application/ld+json">{"@type":"JobPosting","datePosted":"2025-01-01"}</script><div id="app"></div>"#;
        assert!(matches!(
            from_html(html, None),
            Err(CaptureError::NoPosting { .. })
        ));
    }

    #[test]
    fn double_escaped_descriptions_are_read_as_html() {
        let html = r#"<script type="application/ld+json">{"@type":"JobPosting","title":"T","hiringOrganization":"X","description":"&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;/ul&gt;"}</script>"#;
        let posting = from_html(html, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(posting.description, "Hello & welcome\n\n- One");
    }

    #[test]
    fn plain_text_descriptions_keep_their_lines() {
        let html = r#"<script type="application/ld+json">{"@type":"JobPosting","title":"T","hiringOrganization":"X","description":"About us\n\nWe build &amp; ship.\n* one\n* two"}</script>"#;
        let posting = from_html(html, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            posting.description,
            "About us\n\nWe build & ship.\n- one\n- two"
        );
    }
}
