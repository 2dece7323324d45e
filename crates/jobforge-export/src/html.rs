//! A standalone HTML file: the document's blocks, escaped, with the print
//! stylesheet from `assets/export/print.css` inlined (no remote fonts, no
//! scripts), so it opens anywhere and prints cleanly.

use jobforge_types::{Block, RichDocument, Span};

const STYLESHEET: &str = include_str!("../../../assets/export/print.css");

pub fn to_html(doc: &RichDocument) -> String {
    let mut body = String::new();
    // Open lists, outermost first: (depth, ordered). An item's `<li>` stays
    // open until the next item, so a nested list sits inside its parent item.
    let mut lists: Vec<(u8, bool)> = Vec::new();
    for block in &doc.blocks {
        if let Block::ListItem {
            depth,
            number,
            spans,
        } = block
        {
            let ordered = number.is_some();
            while lists.last().is_some_and(|&(open, _)| open > *depth) {
                close_list(&mut body, &mut lists);
            }
            match lists.last() {
                Some(&(open, open_ordered)) if open == *depth && open_ordered == ordered => {
                    body.push_str("</li>\n");
                }
                Some(&(open, _)) if open == *depth => close_list(&mut body, &mut lists),
                _ => {}
            }
            while lists.last().is_none_or(|&(open, _)| open < *depth) {
                let level = lists.last().map_or(0, |&(open, _)| open + 1).min(*depth);
                let this_level = level == *depth;
                match number {
                    Some(n) if this_level && *n != 1 => {
                        body.push_str(&format!("<ol start=\"{n}\">\n"))
                    }
                    Some(_) if this_level => body.push_str("<ol>\n"),
                    _ => body.push_str("<ul>\n"),
                }
                lists.push((level, ordered && this_level));
                if this_level {
                    break;
                }
                // A skipped level (an item two levels deeper than its
                // parent) gets an empty item to nest in.
                body.push_str("<li>");
            }
            body.push_str(&format!("<li>{}", inline(spans)));
            continue;
        }
        while !lists.is_empty() {
            close_list(&mut body, &mut lists);
        }
        match block {
            Block::Heading { level, spans } => {
                let level = (*level).clamp(1, 6);
                body.push_str(&format!("<h{level}>{}</h{level}>\n", inline(spans)));
            }
            Block::Paragraph(spans) => body.push_str(&format!("<p>{}</p>\n", inline(spans))),
            Block::Rule => body.push_str("<hr>\n"),
            Block::ListItem { .. } => {}
        }
    }
    while !lists.is_empty() {
        close_list(&mut body, &mut lists);
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Job Forge\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>{}</title>\n<style>\n{STYLESHEET}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(&doc.title)
    )
}

fn close_list(body: &mut String, lists: &mut Vec<(u8, bool)>) {
    if let Some((_, ordered)) = lists.pop() {
        body.push_str(if ordered {
            "</li>\n</ol>\n"
        } else {
            "</li>\n</ul>\n"
        });
    }
}

fn inline(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        let mut text = escape(&span.text);
        if span.italic {
            text = format!("<em>{text}</em>");
        }
        if span.bold {
            text = format!("<strong>{text}</strong>");
        }
        if let Some(link) = &span.link {
            text = format!("<a href=\"{}\">{text}</a>", escape(link));
        }
        out.push_str(&text);
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rich::markdown_to_rich;

    #[test]
    fn the_page_is_standalone_escaped_and_nested() {
        let doc = markdown_to_rich(
            "# Ada <Park>\n\n- one\n  1. sub\n  2. sub two\n- two [site](https://ada.dev)\n\ntext & more\n",
            "Ada's \"resume\"",
        );
        let html = to_html(&doc);
        assert!(html.contains("<title>Ada&#39;s &quot;resume&quot;</title>"));
        assert!(html.contains("<h1>Ada &lt;Park&gt;</h1>"));
        assert!(
            html.contains("<ul>\n<li>one<ol>\n<li>sub</li>\n<li>sub two</li>\n</ol>\n</li>\n<li>two <a href=\"https://ada.dev\">site</a></li>\n</ul>"),
            "{html}"
        );
        assert!(html.contains("<p>text &amp; more</p>"));
        assert!(!html.contains("<script"));
        assert!(
            !html.contains("http://") && !html.contains("@import"),
            "no remote resources"
        );
        assert!(html.contains("@media print"));
    }
}
