//! Hostile and broken input: nothing panics, nothing takes long, nothing
//! script-like reaches the Markdown.

use std::time::{Duration, Instant};

use jobforge_capture::{CaptureError, from_html, from_text};

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| (self.next() & 0xFF) as u8).collect()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let len = items.len().max(1) as u64;
        items
            .get(usize::try_from(self.next() % len).unwrap_or(0))
            .copied()
            .unwrap_or("")
    }
}

/// Runs both entry points; only the absence of panics (and of script
/// text) is asserted.
fn survive(html: &str) -> Option<String> {
    let _ = from_text(html);
    match from_html(html, Some("https://jobs.example.test/x")) {
        Ok(posting) => Some(posting.description),
        Err(CaptureError::NoPosting { .. }) => None,
        Err(other) => panic!("unexpected error: {other}"),
    }
}

fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < limit, "{what} took {took:?}");
    out
}

#[test]
fn a_hundred_thousand_levels_of_nesting() {
    let text = " Our night shift needs a team lead who keeps the warehouse safe and calm. ";
    for open in [
        "<div>",
        "<ul><li>",
        "<b>",
        "<table><tr><td>",
        "<blockquote>",
        "<dl><dd>",
        "<span>",
        "<section><p>x",
    ] {
        let html = format!("{}{text}{text}", open.repeat(100_000));
        let description = timed(open, Duration::from_secs(30), || survive(&html));
        if let Some(description) = description {
            assert!(description.contains("team lead"), "{open}");
            // Indentation is capped: no line is absurdly long.
            let longest = description.lines().map(str::len).max().unwrap_or(0);
            assert!(longest < 1_000, "{open}: a line of {longest} bytes");
        }
    }
    // The same inside a JSON-LD description.
    let nested = "<ul><li>".repeat(50_000);
    let html = format!(
        r#"<script type="application/ld+json">{{"@type":"JobPosting","title":"Deep","description":"{nested}bottom"}}</script>"#
    );
    let description = timed("json-ld", Duration::from_secs(30), || survive(&html));
    assert!(description.unwrap_or_default().contains("bottom"));
}

#[test]
fn deeply_nested_json_ld() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let html = format!(
        "<script type=\"application/ld+json\">{deep}</script><main><p>{}</p></main>",
        "A calm posting text for the fallback path. ".repeat(10)
    );
    let description = timed("deep json", Duration::from_secs(10), || survive(&html));
    assert!(
        description
            .unwrap_or_default()
            .starts_with("A calm posting")
    );
}

#[test]
fn ten_megabytes_of_text() {
    let paragraph = "We are hiring a gardener for our walled garden and glasshouses. ";
    let big = paragraph.repeat(10 * 1024 * 1024 / paragraph.len());
    let posting = timed("10 MB text", Duration::from_secs(60), || from_text(&big));
    assert!(posting.description.chars().count() <= 2 * 1024 * 1024);

    let html = format!("<html><body><main><p>{big}</p></main></body></html>");
    let description = timed("10 MB page", Duration::from_secs(60), || survive(&html));
    let description = description.unwrap_or_default();
    assert!(description.starts_with("We are hiring"));
    assert!(description.chars().count() <= 2 * 1024 * 1024);

    let lines = "- one more bullet point about the job\n".repeat(10 * 1024 * 1024 / 38);
    let posting = timed("10 MB of lines", Duration::from_secs(60), || {
        from_text(&lines)
    });
    assert!(
        posting.notes.iter().any(|n| n.contains("was cut")),
        "{:?}",
        posting.notes
    );
}

#[test]
fn binary_garbage_and_invalid_utf8() {
    let mut rng = Lcg(0x5eed);
    for round in 0..40 {
        let bytes = rng.bytes(1 + (round * 7919) % 200_000);
        let text = String::from_utf8_lossy(&bytes);
        let _ = survive(&text);
    }
    // Invalid UTF-8 in an otherwise good page, decoded lossily.
    let mut page = b"<html><body><main><p>Caf".to_vec();
    page.extend_from_slice(&[0xC3, 0x28, 0xFF, 0xFE]);
    page.extend_from_slice("é manager wanted for our busy café in the harbour, weekends and holidays, good pay and free lunch every day. Experience with coffee machines and a friendly manner are what we look for.</p></main></body></html>".as_bytes());
    let description = survive(&String::from_utf8_lossy(&page)).unwrap_or_default();
    assert!(description.contains('\u{FFFD}'), "{description}");
    assert!(description.contains("manager wanted"));
}

#[test]
fn random_tag_soup_never_leaks_scripts() {
    let pieces = [
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<ul>",
        "<li>",
        "</li>",
        "</ul>",
        "<b>",
        "</b>",
        "<i>",
        "<a href=\"https://x.test/\">",
        "<a href=\"javascript:evil()\">",
        "</a>",
        "<table>",
        "<tr>",
        "<td>",
        "</table>",
        "<pre>",
        "</pre>",
        "<br>",
        "<h2>",
        "</h2>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<script>SECRET_SCRIPT()</script>",
        "<style>.SECRET_STYLE{}</style>",
        "<svg><text>SECRET_SVG</text></svg>",
        "<noscript>SECRET_NOSCRIPT</noscript>",
        "<template>SECRET_TEMPLATE</template>",
        "<textarea>SECRET_TEXTAREA</textarea>",
        "<script",
        "<style>",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&",
        "<",
        ">",
        "\"",
        "'",
        "\u{0}",
        "\u{FEFF}",
        "*",
        "`",
        "#",
        "\n",
        " ",
        "Job text words here. ",
        "<main>",
        "</main>",
        "<article>",
        "<nav>",
        "</nav>",
        "<header>",
        "<iframe>SECRET_IFRAME</iframe>",
        "<script type=\"application/ld+json\">{\"@type\":\"JobPosting\",\"title\":\"T\",\"description\":\"<p>desc</p><script>SECRET_LD()</script>\"",
        "</script>",
        "<math><mi>SECRET_MATH</mi></math>",
        "<select><option>SECRET_OPTION</option></select>",
    ];
    let mut rng = Lcg(42);
    for _ in 0..300 {
        let html: String = (0..(rng.next() % 400)).map(|_| rng.pick(&pieces)).collect();
        if let Some(description) = survive(&html) {
            for secret in [
                "SECRET_SCRIPT",
                "SECRET_STYLE",
                "SECRET_SVG",
                "SECRET_NOSCRIPT",
                "SECRET_TEMPLATE",
                "SECRET_TEXTAREA",
                "SECRET_IFRAME",
                "SECRET_LD",
                "SECRET_MATH",
                "SECRET_OPTION",
                "javascript:",
            ] {
                assert!(
                    !description.contains(secret),
                    "{secret} leaked from {html:?}:\n{description}"
                );
            }
        }
    }
}

#[test]
fn malformed_json_ld_fuzz() {
    let valid = r#"{"@context":"https://schema.org","@type":"JobPosting","title":"Baker","hiringOrganization":{"name":"Crumb & Co"},"description":"<p>Bake bread at night for our three shops in town, with a team of four.</p>","baseSalary":{"currency":"EUR","value":{"minValue":30000,"maxValue":36000,"unitText":"YEAR"}},"datePosted":"2025-01-01"}"#;
    let mut rng = Lcg(7);
    // Every truncation point, and random byte damage.
    for cut in (1..valid.len()).filter(|c| valid.is_char_boundary(*c)) {
        let html = format!(
            "<script type=\"application/ld+json\">{}</script>",
            &valid[..cut]
        );
        let _ = survive(&html);
    }
    for _ in 0..500 {
        let mut damaged: Vec<u8> = valid.as_bytes().to_vec();
        for _ in 0..(1 + rng.next() % 4) {
            let at = usize::try_from(rng.next()).unwrap_or(0) % damaged.len();
            let alphabet = b",}]{[\":\\\n\x01/*<!-";
            let byte = alphabet[usize::try_from(rng.next()).unwrap_or(0) % alphabet.len()];
            damaged[at] = byte;
        }
        let html = format!(
            "<script type=\"application/ld+json\">{}</script>",
            String::from_utf8_lossy(&damaged)
        );
        let _ = survive(&html);
    }
}

#[test]
fn odd_json_ld_values_are_survived() {
    for ld in [
        r#"{"@type":"JobPosting","title":{"deep":{"deeper":1}},"description":42}"#,
        r#"{"@type":"JobPosting","title":"T","baseSalary":{"currency":"USD","value":{"minValue":-5,"maxValue":1e300}}}"#,
        r#"{"@type":"JobPosting","title":"T","baseSalary":{"value":{"value":"NaN"}}}"#,
        r#"{"@type":"JobPosting","title":"T","validThrough":"2025-13-45","datePosted":"9"}"#,
        r#"{"@type":"JobPosting","title":"T","jobLocation":[[],{},null,"  ",{"address":[1,2]}]}"#,
        r##"{"@type":"JobPosting","title":"T","hiringOrganization":{"@id":"#loop"},"x":{"@id":"#loop","name":{"@id":"#loop"}}}"##,
        r#"{"@type":[],"title":"T"}"#,
        r#"[null, true, 1, "JobPosting", {"@graph": {"@type": "JobPosting", "title": "Graph object"}}]"#,
    ] {
        let html = format!("<script type=\"application/ld+json\">{ld}</script>");
        let _ = survive(&html);
    }
}
