//! Reading real and built DOCX files: the text, headings, lists, tables,
//! text boxes, headers and footers come out as the author laid them out.

mod common;

use common::{DocxBuilder, fixture, para};
use jobforge_docx::{Location, ParagraphKind, ReadLimits, read_paragraphs};

fn read(bytes: &[u8]) -> jobforge_docx::DocxText {
    read_paragraphs(bytes, &ReadLimits::default()).expect("read DOCX")
}

#[test]
fn the_jsonresume_sample_reads_with_its_name_headings_and_bullets_in_order() {
    let doc = read(&fixture("resume-jsonresume-sample.docx"));
    let outline: Vec<(ParagraphKind, &str)> = doc
        .paragraphs
        .iter()
        .filter(|p| p.kind != ParagraphKind::Normal)
        .map(|p| (p.kind, p.text.as_str()))
        .collect();
    let bullet = ParagraphKind::ListItem {
        depth: 0,
        numbered: false,
    };
    assert_eq!(
        outline,
        [
            (ParagraphKind::Heading(1), "Richard Hendriks"),
            (ParagraphKind::Heading(2), "Summary"),
            (ParagraphKind::Heading(2), "Experience"),
            (
                ParagraphKind::Heading(3),
                "CEO/President — Pied Piper (2013-12-01 – 2014-12-01)"
            ),
            (ParagraphKind::Heading(2), "Education"),
            (
                bullet,
                "Bachelor Information Technology, University of Oklahoma (2011-06-01 – 2014-01-01)"
            ),
            (ParagraphKind::Heading(2), "Skills"),
            (bullet, "Web Development: HTML, CSS, Javascript"),
            (bullet, "Compression: Mpeg, MP4, GIF"),
        ]
    );
    let all: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(all[1], "Programmer");
    assert_eq!(
        all[2],
        "richard.hendriks@mail.com | (912) 555-4321 | http://richardhendricks.example.com"
    );
    assert!(all[4].ends_with("THAT would NOT be a “length-limited” conversation!"));
    // Indices are the paragraphs' positions, as patching needs them.
    assert!(doc.paragraphs.iter().enumerate().all(|(i, p)| p.index == i));
    assert!(doc.paragraphs.iter().all(|p| p.location == Location::Body));
    assert_eq!(doc.paragraphs[0].style.as_deref(), Some("Heading 1"));
    assert!(doc.header_paragraphs.is_empty() && doc.footer_paragraphs.is_empty());
}

#[test]
fn reading_a_two_page_resume_is_fast() {
    // A debug build is ~10× slower than release; even so, stay far under
    // the 100 ms release budget for 20 copies of a realistic page.
    let body: String = (0..20)
        .map(|i| {
            format!(
                "{}{}{}",
                para("<w:pStyle w:val=\"Heading2\"/>", &format!("Role {i}")),
                para(
                    "",
                    "Led a team of five engineers building the billing platform; cut costs by 30%."
                ),
                para(
                    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
                    "Shipped things"
                )
            )
        })
        .collect();
    let bytes = DocxBuilder::new(body).build();
    let started = std::time::Instant::now();
    for _ in 0..10 {
        read(&bytes);
    }
    let each = started.elapsed() / 10;
    assert!(each.as_millis() < 100, "one read took {each:?}");
}

#[test]
fn headings_follow_style_names_outline_levels_and_based_on_chains() {
    let styles = r#"
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="SectionHead"><w:name w:val="Section Head"/><w:basedOn w:val="Heading1"/><w:rPr><w:b/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="JobLine"><w:name w:val="Job Line"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>"#;
    let body = [
        para("<w:pStyle w:val=\"Title\"/>", "Ada Park"),
        para("<w:pStyle w:val=\"SectionHead\"/>", "Experience"),
        para("<w:pStyle w:val=\"JobLine\"/>", "Engineer, Acme"),
        para("<w:pStyle w:val=\"berschrift2\"/>", "Ausbildung"),
        para("<w:outlineLvl w:val=\"1\"/>", "Direct outline"),
        para("", "Plain"),
    ]
    .concat();
    let doc = read(&DocxBuilder::new(body).styles(styles).build());
    let kinds: Vec<_> = doc.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            ParagraphKind::Title,
            ParagraphKind::Heading(1),
            ParagraphKind::Heading(3),
            ParagraphKind::Heading(2),
            ParagraphKind::Heading(2),
            ParagraphKind::Normal
        ]
    );
    assert!(doc.paragraphs[1].bold, "bold comes from the style");
    assert_eq!(doc.paragraphs[1].style.as_deref(), Some("Section Head"));
    assert!(!doc.paragraphs[5].bold);
    assert_eq!(doc.paragraphs[5].style, None);
}

#[test]
fn numbered_and_bullet_lists_are_told_apart_with_their_depth() {
    let numbering = r#"
        <w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
        <w:num w:numId="3"><w:abstractNumId w:val="10"/></w:num>
        <w:num w:numId="4"><w:abstractNumId w:val="20"/></w:num>"#;
    let styles = r#"
        <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/></w:style>"#;
    let num = |ilvl: u8, id: u8| {
        format!("<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>")
    };
    let body = [
        para(&num(0, 3), "bullet"),
        para(&num(1, 3), "sub-bullet"),
        para(&num(0, 4), "first"),
        para(&num(0, 4), "second"),
        para("<w:pStyle w:val=\"ListBullet\"/>", "bullet by style"),
        para("<w:pStyle w:val=\"ListNumber\"/>", "number by style name"),
    ]
    .concat();
    let doc = read(
        &DocxBuilder::new(body)
            .styles(styles)
            .numbering(numbering)
            .build(),
    );
    let item = |depth, numbered| ParagraphKind::ListItem { depth, numbered };
    let kinds: Vec<_> = doc.paragraphs.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            item(0, false),
            item(1, false),
            item(0, true),
            item(0, true),
            item(0, false),
            item(0, true)
        ]
    );
}

#[test]
fn tables_are_read_cell_by_cell_in_row_order() {
    let cell = |t: &str| format!("<w:tc><w:tcPr/>{}</w:tc>", para("", t));
    let body = format!(
        "{}<w:tbl><w:tblPr/><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
        para("", "before"),
        cell("2019–2021"),
        cell("Engineer, Acme"),
        cell("2021–now"),
        cell("Lead, Beta"),
        para("", "after")
    );
    let doc = read(&DocxBuilder::new(body).build());
    let got: Vec<_> = doc
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.location))
        .collect();
    let cell_at = |row, cell| Location::TableCell {
        table: 0,
        row,
        cell,
    };
    assert_eq!(
        got,
        [
            ("before", Location::Body),
            ("2019–2021", cell_at(0, 0)),
            ("Engineer, Acme", cell_at(0, 1)),
            ("2021–now", cell_at(1, 0)),
            ("Lead, Beta", cell_at(1, 1)),
            ("after", Location::Body),
        ]
    );
}

#[test]
fn a_text_box_with_a_vml_fallback_is_read_once_after_its_anchor() {
    let box_content = para("", "ada@example.com · +1 555 0100");
    let body = format!(
        r#"<w:p><w:r><w:t>Ada Park</w:t></w:r><w:r><mc:AlternateContent>
             <mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{box_content}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
             <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{box_content}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
           </mc:AlternateContent></w:r></w:p>{}"#,
        para("", "Summary")
    );
    let doc = read(&DocxBuilder::new(body).build());
    let got: Vec<_> = doc
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.location))
        .collect();
    assert_eq!(
        got,
        [
            ("Ada Park", Location::Body),
            ("ada@example.com · +1 555 0100", Location::TextBox),
            ("Summary", Location::Body),
        ]
    );
}

#[test]
fn headers_and_footers_are_read_apart_from_the_body() {
    let bytes = DocxBuilder::new(para("", "Body"))
        .header("header2.xml", &para("", "first-page header"))
        .header("header1.xml", &para("", "ada@example.com | +1 555 0100"))
        .footer("footer1.xml", &para("", "Page"))
        .build();
    let doc = read(&bytes);
    let texts =
        |ps: &[jobforge_docx::Paragraph]| ps.iter().map(|p| p.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&doc.paragraphs), ["Body"]);
    assert_eq!(
        texts(&doc.header_paragraphs),
        ["ada@example.com | +1 555 0100", "first-page header"]
    );
    assert_eq!(texts(&doc.footer_paragraphs), ["Page"]);
}

#[test]
fn field_results_hyperlinks_revisions_and_breaks_read_as_displayed() {
    let body = r#"<w:p>
        <w:hyperlink r:id="rId9"><w:r><w:t>github.com/ada</w:t></w:r></w:hyperlink>
        <w:r><w:tab/></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:ada@example.com" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
        <w:r><w:t>ada@example.com</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:br/></w:r>
        <w:ins w:id="1" w:author="A"><w:r><w:t>kept</w:t></w:r></w:ins>
        <w:del w:id="2" w:author="A"><w:r><w:delText>gone</w:delText></w:r></w:del>
        <w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>
        <w:smartTag w:uri="x" w:element="City"><w:r><w:t xml:space="preserve"> Oslo</w:t></w:r></w:smartTag>
      </w:p>"#;
    let doc = read(&DocxBuilder::new(body).build());
    assert_eq!(
        doc.paragraphs[0].text,
        "github.com/ada\tada@example.com\nkept1 Oslo"
    );
}
