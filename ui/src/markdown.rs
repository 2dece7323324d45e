//! The document preview: Markdown rendered to HTML in the UI, sanitised.
//!
//! Documents come from AI providers and from job postings, so the preview
//! treats them as untrusted: raw HTML is shown as text (never interpreted),
//! images are replaced by their description (no remote fetches), and links
//! are kept only for `http`, `https` and `mailto` (the view opens them
//! through the opener plugin, never in the webview). Unresolved truth-gate
//! claims are wrapped in `<mark class="flag">`.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// Whether a link target may be opened: `http://`, `https://` or
/// `mailto:`, with no white space or control characters (which browsers
/// strip, letting `java\tscript:` through a naive check).
pub fn is_safe_link(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// `text`, escaped, with every occurrence of a claim wrapped in
/// `<mark class="flag">` (longest claim first where several start at the
/// same place).
pub fn mark_claims(text: &str, claims: &[&str]) -> String {
    let mut claims: Vec<&str> = claims
        .iter()
        .copied()
        .filter(|c| !c.trim().is_empty())
        .collect();
    claims.sort_by_key(|c| std::cmp::Reverse(c.len()));
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain_from = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(claim) = claims.iter().find(|c| rest.starts_with(**c)) {
            escape(&text[plain_from..i], &mut out);
            out.push_str("<mark class=\"flag\">");
            escape(claim, &mut out);
            out.push_str("</mark>");
            i += claim.len();
            plain_from = i;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    escape(&text[plain_from..], &mut out);
    out
}

/// Renders `markdown` to sanitised HTML, marking `claims`.
pub fn render(markdown: &str, claims: &[&str]) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event<'_>> = Vec::new();
    // Consecutive text is joined before marking, so a claim split across
    // parser events is still found.
    let mut pending_text = String::new();
    // For each open link: whether it was kept.
    let mut links: Vec<bool> = Vec::new();
    let flush = |pending: &mut String, events: &mut Vec<Event<'_>>| {
        if !pending.is_empty() {
            events.push(Event::Html(CowStr::from(mark_claims(pending, claims))));
            pending.clear();
        }
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(text) => pending_text.push_str(&text),
            // Raw HTML is shown as the text it is.
            Event::Html(raw) | Event::InlineHtml(raw) => pending_text.push_str(&raw),
            Event::Start(Tag::HtmlBlock) => {
                flush(&mut pending_text, &mut events);
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)));
            }
            Event::End(TagEnd::HtmlBlock) => {
                flush(&mut pending_text, &mut events);
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Image { .. }) => {
                flush(&mut pending_text, &mut events);
                pending_text.push_str("[image: ");
            }
            Event::End(TagEnd::Image) => {
                pending_text.push(']');
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                flush(&mut pending_text, &mut events);
                let keep = if link_type == LinkType::Email {
                    is_safe_link(&format!("mailto:{dest_url}"))
                } else {
                    is_safe_link(&dest_url)
                };
                links.push(keep);
                if keep {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                flush(&mut pending_text, &mut events);
                if links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            // Letters and resumes are written line by line ("Best regards,"
            // then the name): keep the lines as the writer broke them.
            Event::SoftBreak => {
                flush(&mut pending_text, &mut events);
                events.push(Event::HardBreak);
            }
            other => {
                flush(&mut pending_text, &mut events);
                events.push(other);
            }
        }
    }
    flush(&mut pending_text, &mut events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_a_letter_are_kept() {
        let html = render("Best regards,\nAda Park", &[]);
        assert!(html.contains("Best regards,<br />"), "{html}");
    }

    #[test]
    fn ordinary_markdown_renders() {
        let html = render("# Acme\n\n*Rust* and **tests**\n\n- one\n- two", &[]);
        assert!(html.contains("<h1>Acme</h1>"), "{html}");
        assert!(html.contains("<em>Rust</em>"), "{html}");
        assert!(html.contains("<li>two</li>"), "{html}");
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = render(
            "Hello <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n<div onclick=\"x\">block</div>\n",
            &[],
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;div onclick=&quot;x&quot;&gt;"), "{html}");
    }

    #[test]
    fn images_become_their_description() {
        let html = render("![team photo](https://tracker.example/pixel.png)", &[]);
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("tracker.example"), "{html}");
        assert!(html.contains("[image: team photo]"), "{html}");
    }

    #[test]
    fn only_web_and_mail_links_survive() {
        let html = render(
            "[site](https://acme.example/jobs) [mail](mailto:hr@acme.example) <hr@acme.example> \
             [js](javascript:alert(1)) [js2](JaVaScRiPt:alert(1)) [data](data:text/html,x) [rel](/etc/passwd)",
            &[],
        );
        assert!(
            html.contains("<a href=\"https://acme.example/jobs\">site</a>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"mailto:hr@acme.example\">mail</a>"),
            "{html}"
        );
        assert!(
            html.contains("href=\"mailto:hr@acme.example\">hr@acme.example</a>"),
            "{html}"
        );
        assert!(!html.to_ascii_lowercase().contains("javascript"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(!html.contains("/etc/passwd\""), "{html}");
        assert!(html.contains("js2"), "the link text stays: {html}");
    }

    #[test]
    fn link_checks_refuse_hidden_schemes() {
        assert!(is_safe_link("https://example.com"));
        assert!(is_safe_link("HTTP://example.com/a?b=c"));
        assert!(is_safe_link("mailto:ada@example.com"));
        assert!(!is_safe_link("java\tscript:alert(1)"));
        assert!(!is_safe_link(" https://example.com"));
        assert!(!is_safe_link("https://"));
        assert!(!is_safe_link("file:///etc/passwd"));
        assert!(!is_safe_link("vbscript:x"));
    }

    #[test]
    fn claims_are_marked_in_the_preview() {
        let html = render(
            "Led a team of 12 at **Globex** and grew revenue by 60%.",
            &["60%", "Globex", "team of 12"],
        );
        assert!(html.contains("<mark class=\"flag\">60%</mark>"), "{html}");
        assert!(
            html.contains("<strong><mark class=\"flag\">Globex</mark></strong>"),
            "{html}"
        );
        assert!(
            html.contains("<mark class=\"flag\">team of 12</mark>"),
            "{html}"
        );
    }

    #[test]
    fn marking_escapes_and_prefers_the_longest_claim() {
        assert_eq!(
            mark_claims("<b>Acme Corp</b> & Acme", &["Acme", "Acme Corp"]),
            "&lt;b&gt;<mark class=\"flag\">Acme Corp</mark>&lt;/b&gt; &amp; <mark class=\"flag\">Acme</mark>"
        );
        assert_eq!(
            mark_claims("naïve café", &["café", " "]),
            "naïve <mark class=\"flag\">café</mark>",
            "blank claims are ignored; multi-byte text is walked by characters"
        );
    }
}
