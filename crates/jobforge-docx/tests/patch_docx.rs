//! Patching the user's own DOCX: only the edited paragraphs change; every
//! other ZIP entry keeps its exact compressed bytes and every byte of
//! `word/document.xml` outside the edits stays as it was.

mod common;

use common::{DocxBuilder, NAMESPACES, fixture, para, part, raw_entries, zip_of};
use jobforge_docx::{DocxError, Edit, ParagraphKind, ReadLimits, patch, read_paragraphs};

fn limits() -> ReadLimits {
    ReadLimits::default()
}

fn texts(bytes: &[u8]) -> Vec<String> {
    read_paragraphs(bytes, &limits())
        .expect("read")
        .paragraphs
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// Byte range of the `n`-th `<w:p>` element of `xml` (no nesting: the
/// sample has no text boxes).
fn nth_paragraph(xml: &str, n: usize) -> std::ops::Range<usize> {
    let mut from = 0;
    let mut found = 0;
    loop {
        let start = from
            + xml[from..]
                .match_indices("<w:p")
                .find(|(i, _)| {
                    let next = xml.as_bytes()[from + i + 4];
                    next == b'>' || next == b' ' || next == b'/'
                })
                .map(|(i, _)| i)
                .expect("paragraph");
        let end = if xml[start..].starts_with("<w:p/>") {
            start + 6
        } else {
            start + xml[start..].find("</w:p>").expect("end") + 6
        };
        if found == n {
            return start..end;
        }
        found += 1;
        from = end;
    }
}

/// Every entry but the main document has the same name, position and raw
/// compressed bytes.
fn assert_other_entries_identical(original: &[u8], patched: &[u8]) {
    let a = raw_entries(original);
    let b = raw_entries(patched);
    assert_eq!(
        a.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        b.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        "same entries in the same order"
    );
    for ((name, raw_a), (_, raw_b)) in a.iter().zip(&b) {
        if name != "word/document.xml" {
            assert!(raw_a == raw_b, "{name} is byte-identical, still compressed");
        }
    }
}

#[test]
fn replacing_one_paragraph_changes_only_its_bytes() {
    let original = fixture("resume-jsonresume-sample.docx");
    let before = texts(&original);
    let new_summary = "Compression engineer & founder; <lossless> is the point.";
    let edits = [Edit::ReplaceText {
        index: 4,
        expected: before[4].clone(),
        new_text: new_summary.into(),
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");

    let after = texts(&patched);
    let mut want = before.clone();
    want[4] = new_summary.into();
    assert_eq!(after, want);

    assert_other_entries_identical(&original, &patched);
    let old_xml = part(&original, "word/document.xml");
    let new_xml = part(&patched, "word/document.xml");
    let edited = nth_paragraph(&old_xml, 4);
    let prefix = &old_xml[..edited.start];
    let suffix = &old_xml[edited.end..];
    assert!(
        new_xml.starts_with(prefix),
        "bytes before the paragraph unchanged"
    );
    assert!(
        new_xml.ends_with(suffix),
        "bytes after the paragraph unchanged"
    );
    assert_eq!(
        &new_xml[prefix.len()..new_xml.len() - suffix.len()],
        "<w:p><w:pPr><w:pStyle w:val=\"FirstParagraph\" /></w:pPr><w:r><w:t xml:space=\"preserve\">Compression engineer &amp; founder; &lt;lossless&gt; is the point.</w:t></w:r></w:p>"
    );
}

#[test]
fn replacing_keeps_paragraph_properties_first_run_format_and_anchors() {
    let body = r#"<w:p w:rsidR="00AB12CD"><w:pPr><w:pStyle w:val="ListBullet"/><w:spacing w:after="0"/></w:pPr><w:bookmarkStart w:id="0" w:name="role"/><w:commentRangeStart w:id="1"/><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">Old </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>text</w:t></w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/></w:r><w:bookmarkEnd w:id="0"/></w:p>"#;
    let original = DocxBuilder::new(format!("{body}{}", para("", "untouched"))).build();
    let edits = [Edit::ReplaceText {
        index: 0,
        expected: "Old text".into(),
        new_text: "New\ttext".into(),
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    let xml = part(&patched, "word/document.xml");
    assert!(xml.contains(
        r#"<w:p w:rsidR="00AB12CD"><w:pPr><w:pStyle w:val="ListBullet"/><w:spacing w:after="0"/></w:pPr><w:bookmarkStart w:id="0" w:name="role"/><w:commentRangeStart w:id="1"/><w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">New</w:t><w:tab/><w:t xml:space="preserve">text</w:t></w:r><w:commentRangeEnd w:id="1"/><w:bookmarkEnd w:id="0"/><w:r><w:commentReference w:id="1"/></w:r></w:p>"#
    ), "{xml}");
    assert_eq!(texts(&patched), ["New\ttext", "untouched"]);
}

#[test]
fn a_wrong_expected_text_refuses_the_whole_patch() {
    let original = fixture("resume-jsonresume-sample.docx");
    let edits = [
        Edit::ReplaceText {
            index: 0,
            expected: "Richard Hendriks".into(),
            new_text: "R. Hendriks".into(),
        },
        Edit::ReplaceText {
            index: 1,
            expected: "Programmer (stale)".into(),
            new_text: "Engineer".into(),
        },
    ];
    assert_eq!(
        patch(&original, &edits, &limits()),
        Err(DocxError::TextMismatch {
            index: 1,
            expected: "Programmer (stale)".into(),
            found: "Programmer".into()
        })
    );
    assert_eq!(
        patch(
            &original,
            &[Edit::ReplaceText {
                index: 99,
                expected: String::new(),
                new_text: String::new()
            }],
            &limits()
        ),
        Err(DocxError::ParagraphNotFound {
            index: 99,
            last: 12
        })
    );
}

#[test]
fn reordering_bullets_moves_whole_paragraphs_byte_for_byte() {
    let original = fixture("resume-jsonresume-sample.docx");
    let before = read_paragraphs(&original, &limits()).expect("read");
    assert_eq!(
        before.paragraphs[11].text,
        "Web Development: HTML, CSS, Javascript"
    );
    let edits = [Edit::Reorder {
        indices: vec![11, 12],
        new_order: vec![12, 11],
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    let after = read_paragraphs(&patched, &limits()).expect("read");
    let mut want = before.paragraphs.clone();
    want.swap(11, 12);
    want[11].index = 11;
    want[12].index = 12;
    assert_eq!(after.paragraphs, want);

    assert_other_entries_identical(&original, &patched);
    let old_xml = part(&original, "word/document.xml");
    let new_xml = part(&patched, "word/document.xml");
    let (p11, p12) = (nth_paragraph(&old_xml, 11), nth_paragraph(&old_xml, 12));
    let expected = format!(
        "{}{}{}{}",
        &old_xml[..p11.start],
        &old_xml[p12.clone()],
        &old_xml[p11.clone()],
        &old_xml[p12.end..]
    );
    assert_eq!(p11.end, p12.start, "the two bullets are adjacent");
    assert_eq!(new_xml, expected);
}

#[test]
fn a_replaced_paragraph_can_also_be_moved() {
    let body = [para("", "a"), para("", "b"), para("", "c")].concat();
    let original = DocxBuilder::new(body).build();
    let edits = [
        Edit::Reorder {
            indices: vec![0, 1, 2],
            new_order: vec![2, 0, 1],
        },
        Edit::ReplaceText {
            index: 0,
            expected: "a".into(),
            new_text: "A!".into(),
        },
    ];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    assert_eq!(texts(&patched), ["c", "A!", "b"]);
}

#[test]
fn reorderings_that_are_not_a_contiguous_sibling_run_are_refused() {
    let cell = format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        para("", "in table")
    );
    let body = [
        para("", "p0"),
        para("", "p1"),
        "<w:bookmarkStart w:id=\"5\" w:name=\"x\"/>".to_owned(),
        para("", "p2"),
        cell,
        para("", "p4"),
    ]
    .concat();
    let original = DocxBuilder::new(body).build();
    let reorder = |indices: Vec<usize>, new_order: Vec<usize>| {
        patch(
            &original,
            &[Edit::Reorder { indices, new_order }],
            &limits(),
        )
    };
    // A bookmark between paragraphs is fine: it stays where it is.
    assert_eq!(
        texts(&reorder(vec![0, 1, 2], vec![2, 1, 0]).expect("reorder")),
        ["p2", "p1", "p0", "in table", "p4"]
    );
    let refused = |r: Result<Vec<u8>, DocxError>| matches!(r, Err(DocxError::InvalidEdit { .. }));
    assert!(refused(reorder(vec![0, 2], vec![2, 0])), "not consecutive");
    assert!(
        refused(reorder(vec![2, 3], vec![3, 2])),
        "one is in a table"
    );
    assert!(
        refused(reorder(vec![0, 1], vec![1, 1])),
        "not a permutation"
    );
    assert!(refused(reorder(vec![], vec![])), "empty");
    assert!(refused(patch(
        &original,
        &[
            Edit::Reorder {
                indices: vec![0, 1],
                new_order: vec![1, 0]
            },
            Edit::Reorder {
                indices: vec![1, 2],
                new_order: vec![2, 1]
            }
        ],
        &limits()
    )));
}

#[test]
fn text_box_paragraphs_can_be_replaced_but_not_the_paragraph_holding_them() {
    let body = format!(
        r#"<w:p><w:r><w:t>anchor</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        para("", "boxed"),
        para("", "boxed")
    );
    let original = DocxBuilder::new(body).build();
    let read = read_paragraphs(&original, &limits()).expect("read");
    assert_eq!(read.paragraphs[1].text, "boxed");
    let replace = |index, expected: &str| Edit::ReplaceText {
        index,
        expected: expected.into(),
        new_text: "new".into(),
    };
    let patched = patch(&original, &[replace(1, "boxed")], &limits()).expect("patch");
    assert_eq!(texts(&patched), ["anchor", "new"]);
    assert!(matches!(
        patch(&original, &[replace(0, "anchor")], &limits()),
        Err(DocxError::InvalidEdit { .. })
    ));
}

#[test]
fn no_edits_give_back_an_identical_document() {
    let original = fixture("resume-jsonresume-sample.docx");
    let patched = patch(&original, &[], &limits()).expect("patch");
    assert_other_entries_identical(&original, &patched);
    assert_eq!(
        part(&original, "word/document.xml"),
        part(&patched, "word/document.xml")
    );
}

#[test]
fn replacement_uses_the_documents_own_namespace_prefix() {
    let document = r#"<?xml version="1.0"?><ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t>old</ns0:t></ns0:r></ns0:p><ns0:p/></ns0:body></ns0:document>"#;
    let original = zip_of(&[("word/document.xml", document.as_bytes())]);
    let edits = [
        Edit::ReplaceText {
            index: 0,
            expected: "old".into(),
            new_text: "new".into(),
        },
        Edit::ReplaceText {
            index: 1,
            expected: String::new(),
            new_text: "filled".into(),
        },
    ];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    assert_eq!(
        part(&patched, "word/document.xml"),
        r#"<?xml version="1.0"?><ns0:document xmlns:ns0="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><ns0:body><ns0:p><ns0:r><ns0:t xml:space="preserve">new</ns0:t></ns0:r></ns0:p><ns0:p><ns0:r><ns0:t xml:space="preserve">filled</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>"#
    );
}

#[test]
fn a_patched_list_item_stays_a_list_item() {
    let original = fixture("resume-jsonresume-sample.docx");
    let edits = [Edit::ReplaceText {
        index: 12,
        expected: "Compression: Mpeg, MP4, GIF".into(),
        new_text: "Compression: Middle-out".into(),
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    let p = &read_paragraphs(&patched, &limits())
        .expect("read")
        .paragraphs[12];
    assert_eq!(p.text, "Compression: Middle-out");
    assert_eq!(
        p.kind,
        ParagraphKind::ListItem {
            depth: 0,
            numbered: false
        }
    );
    // The first run was bold ("Compression"), so the new text is bold too.
    assert!(p.bold);
}

#[test]
fn a_byte_order_mark_is_kept_and_positions_still_line_up() {
    let document = format!(
        "\u{FEFF}<?xml version=\"1.0\"?><w:document {NAMESPACES}><w:body>{}{}</w:body></w:document>",
        para("", "one"),
        para("", "two")
    );
    let original = zip_of(&[("word/document.xml", document.as_bytes())]);
    let edits = [Edit::ReplaceText {
        index: 1,
        expected: "two".into(),
        new_text: "2".into(),
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    let xml = part(&patched, "word/document.xml");
    assert!(xml.starts_with('\u{FEFF}'));
    assert_eq!(
        xml,
        document.replace(
            "<w:p><w:r><w:t xml:space=\"preserve\">two</w:t></w:r></w:p>",
            "<w:p><w:r><w:t xml:space=\"preserve\">2</w:t></w:r></w:p>"
        )
    );
}

#[test]
fn a_removed_paragraph_leaves_every_other_byte_in_place() {
    let original = fixture("resume-jsonresume-sample.docx");
    let before = texts(&original);
    let edits = [Edit::Remove {
        index: 12,
        expected: before[12].clone(),
    }];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    let mut want = before.clone();
    want.remove(12);
    assert_eq!(texts(&patched), want);
    assert_other_entries_identical(&original, &patched);
    let old_xml = part(&original, "word/document.xml");
    let new_xml = part(&patched, "word/document.xml");
    let gone = nth_paragraph(&old_xml, 12);
    assert_eq!(
        new_xml,
        format!("{}{}", &old_xml[..gone.start], &old_xml[gone.end..])
    );

    let wrong = [Edit::Remove {
        index: 12,
        expected: "something else".into(),
    }];
    assert!(matches!(
        patch(&original, &wrong, &limits()),
        Err(DocxError::TextMismatch { .. })
    ));
}

#[test]
fn inserted_paragraphs_follow_their_anchor_in_order_formatted_like_their_model() {
    let body = [
        r#"<w:p w14:paraId="1A2B3C4D"><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:bookmarkStart w:id="0" w:name="b"/><w:r><w:rPr><w:i/></w:rPr><w:t>first</w:t></w:r><w:bookmarkEnd w:id="0"/></w:p>"#.to_owned(),
        para("", "second"),
        para("", "third"),
    ]
    .concat();
    let original = DocxBuilder::new(body).build();
    let edits = [
        Edit::Reorder {
            indices: vec![0, 1],
            new_order: vec![1, 0],
        },
        Edit::InsertAfter {
            index: 0,
            like: 0,
            text: "new one".into(),
        },
        Edit::InsertAfter {
            index: 0,
            like: 0,
            text: "new two".into(),
        },
    ];
    let patched = patch(&original, &edits, &limits()).expect("patch");
    assert_eq!(
        texts(&patched),
        ["second", "first", "new one", "new two", "third"]
    );
    let xml = part(&patched, "word/document.xml");
    assert!(xml.contains(
        r#"<w:p><w:pPr><w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">new one</w:t></w:r></w:p>"#
    ), "{xml}");
    assert_eq!(xml.matches("paraId").count(), 1, "ids are not copied");
    assert_eq!(
        xml.matches("bookmarkStart").count(),
        1,
        "bookmarks are not copied"
    );
    let read = read_paragraphs(&patched, &limits()).expect("read");
    assert!(matches!(
        read.paragraphs[2].kind,
        ParagraphKind::ListItem { .. } | ParagraphKind::Normal
    ));
}
