//! A document tree of our own behind html5ever.
//!
//! Nodes live in one `Vec` and point at each other by index, so a page
//! nested 100,000 levels deep is walked with loops and dropped as a flat
//! vector: nothing here recurses. Only what capture reads is kept: element
//! names, attributes and text.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use html5ever::interface::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns, parse_document};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = usize;

const DOCUMENT: NodeId = 0;

#[derive(Debug)]
pub(crate) enum Kind {
    Document,
    Text(String),
    Element {
        name: LocalName,
        /// False for SVG and MathML elements, whose names mean nothing to
        /// the Markdown converter.
        html: bool,
        attrs: Vec<(LocalName, String)>,
    },
    /// Comments, doctypes, processing instructions, template contents.
    Other,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) parent: Option<NodeId>,
    pub(crate) first_child: Option<NodeId>,
    pub(crate) last_child: Option<NodeId>,
    pub(crate) prev: Option<NodeId>,
    pub(crate) next: Option<NodeId>,
    pub(crate) kind: Kind,
}

impl Node {
    fn new(kind: Kind) -> Self {
        Self {
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
            kind,
        }
    }
}

/// A parsed page.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
}

/// One step of a depth-first walk: entering a node, or leaving an element
/// whose children were entered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

impl Dom {
    /// Parses a whole document; html5ever accepts any input, so this
    /// cannot fail.
    pub(crate) fn parse(html: &str) -> Self {
        Self::parse_checked(html).0
    }

    /// Parses a document, and says whether it was nested so deeply that
    /// its structure had to be flattened first.
    pub(crate) fn parse_checked(html: &str) -> (Self, bool) {
        let sink = Sink {
            nodes: RefCell::new(vec![Node::new(Kind::Document)]),
            document_name: Rc::new(QualName::new(None, ns!(), local_name!(""))),
        };
        match flatten_deep_nesting(html, MAX_DEPTH) {
            Some(flat) => (parse_document(sink, Default::default()).one(flat), true),
            None => (parse_document(sink, Default::default()).one(html), false),
        }
    }

    pub(crate) fn root(&self) -> NodeId {
        DOCUMENT
    }

    pub(crate) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    /// The local name of an HTML element, `None` for anything else.
    pub(crate) fn tag(&self, id: NodeId) -> Option<&LocalName> {
        match &self.node(id)?.kind {
            Kind::Element {
                name, html: true, ..
            } => Some(name),
            _ => None,
        }
    }

    /// An SVG or MathML element.
    pub(crate) fn is_foreign(&self, id: NodeId) -> bool {
        matches!(
            self.node(id).map(|n| &n.kind),
            Some(Kind::Element { html: false, .. })
        )
    }

    pub(crate) fn is_element(&self, id: NodeId) -> bool {
        matches!(self.node(id).map(|n| &n.kind), Some(Kind::Element { .. }))
    }

    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.node(id)?.kind {
            Kind::Element { attrs, .. } => attrs
                .iter()
                .find(|(n, _)| n.eq_str_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }

    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.node(id).and_then(|n| n.first_child),
        }
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)?.parent
    }

    /// A depth-first walk of `root`'s subtree (root included) in document
    /// order. `skip` is asked about every element; a skipped element is
    /// neither entered nor left, nor are its descendants.
    pub(crate) fn walk<'a, F>(&'a self, root: NodeId, skip: F) -> Walk<'a, F>
    where
        F: FnMut(&Dom, NodeId) -> bool,
    {
        Walk {
            dom: self,
            root,
            pending: Some(Step::Enter(root)),
            skip,
        }
    }

    /// Every element of the subtree, in document order, nothing skipped.
    pub(crate) fn elements(&self, root: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.walk(root, |_, _| false).filter_map(|step| match step {
            Step::Enter(id) if self.is_element(id) => Some(id),
            _ => None,
        })
    }

    /// The text of a subtree, whitespace collapsed, skipping what `skip`
    /// skips.
    pub(crate) fn text_of<F>(&self, root: NodeId, skip: F) -> String
    where
        F: FnMut(&Dom, NodeId) -> bool,
    {
        let mut out = String::new();
        for step in self.walk(root, skip) {
            if let Step::Enter(id) = step
                && let Some(Node {
                    kind: Kind::Text(text),
                    ..
                }) = self.node(id)
            {
                crate::text::push_collapsed(&mut out, text);
            }
        }
        out.trim().to_owned()
    }

    /// The first element named `tag` in document order.
    pub(crate) fn find(&self, root: NodeId, tag: &LocalName) -> Option<NodeId> {
        self.elements(root).find(|&id| self.tag(id) == Some(tag))
    }
}

pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.node(id).and_then(|n| n.next);
        Some(id)
    }
}

pub(crate) struct Walk<'a, F> {
    dom: &'a Dom,
    root: NodeId,
    pending: Option<Step>,
    skip: F,
}

impl<F> Iterator for Walk<'_, F>
where
    F: FnMut(&Dom, NodeId) -> bool,
{
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        loop {
            let step = self.pending.take()?;
            match step {
                Step::Enter(id) => {
                    if self.dom.is_element(id) && (self.skip)(self.dom, id) {
                        // Pretend the skipped subtree was entered and left.
                        self.pending = self.after(id);
                        continue;
                    }
                    let node = self.dom.node(id)?;
                    self.pending = match node.first_child {
                        Some(child) => Some(Step::Enter(child)),
                        None => Some(Step::Leave(id)),
                    };
                    return Some(step);
                }
                Step::Leave(id) => {
                    self.pending = self.after(id);
                    return Some(step);
                }
            }
        }
    }
}

impl<F> Walk<'_, F> {
    /// What follows a node that has been left.
    fn after(&self, id: NodeId) -> Option<Step> {
        if id == self.root {
            return None;
        }
        let node = self.dom.node(id)?;
        match (node.next, node.parent) {
            (Some(next), _) => Some(Step::Enter(next)),
            (None, Some(parent)) => Some(Step::Leave(parent)),
            (None, None) => None,
        }
    }
}

/// Deeper nesting than this is flattened before parsing. html5ever's tree
/// builder scans the stack of open elements for many start tags, so its
/// time grows with the square of the depth (100,000 nested `<div>`s take
/// minutes); no real page comes near this.
const MAX_DEPTH: usize = 256;

/// Elements that never hold children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen",
];

/// Elements whose end tag may be left out: a page writing `<p>` or `<li>`
/// a thousand times without closing them is not nested a thousand deep,
/// so they are not counted.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot",
    "colgroup", "rb", "rt", "rp", "rtc", "html", "head", "body",
];

/// Elements whose content is raw text up to their own end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// A tag as the lexical scan sees it.
struct Tag<'a> {
    name: &'a str,
    end: bool,
    self_closing: bool,
    /// Byte range of the whole tag in the input.
    start: usize,
    stop: usize,
}

/// Finds the tag starting at `at` (a `<`), or `None` if that `<` is text.
fn scan_tag(html: &str, at: usize) -> Option<Tag<'_>> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    let end = bytes.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    let name_start = i;
    while bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
    {
        i += 1;
    }
    if i == name_start || !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name = &html[name_start..i];
    // Attributes: up to the first `>` outside quotes.
    let mut quote = None;
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => break,
            _ => {}
        }
        i += 1;
    }
    let stop = (i + 1).min(bytes.len());
    let self_closing = i > 0 && bytes.get(i - 1) == Some(&b'/');
    Some(Tag {
        name,
        end,
        self_closing,
        start: at,
        stop,
    })
}

/// When the markup nests deeper than `limit`, returns it with the start
/// tags below that depth (and their end tags) removed, keeping all text.
/// Returns `None`, costing one linear scan, for every ordinary page.
fn flatten_deep_nesting(html: &str, limit: usize) -> Option<String> {
    let mut stack: Vec<String> = Vec::new();
    // Per name, how many start tags were dropped and still await their end.
    let mut dropped: Vec<(String, usize)> = Vec::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut deepest = 0;
    let mut pos = 0;
    while let Some(found) = html.get(pos..).and_then(|rest| rest.find('<')) {
        let at = pos + found;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            pos = rest
                .get(4..)
                .and_then(|r| r.find("-->"))
                .map_or(html.len(), |e| at + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            pos = rest.find('>').map_or(html.len(), |e| at + e + 1);
            continue;
        }
        let Some(tag) = scan_tag(html, at) else {
            pos = at + 1;
            continue;
        };
        pos = tag.stop;
        let name = tag.name.to_ascii_lowercase();
        if tag.end {
            if let Some(entry) = dropped.iter_mut().find(|(n, c)| *n == name && *c > 0) {
                entry.1 -= 1;
                cuts.push((tag.start, tag.stop));
            } else if let Some(open) = stack.iter().rposition(|n| *n == name) {
                stack.truncate(open);
            }
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Skip the raw text; its end tag is found case-insensitively.
            let close = format!("</{name}");
            pos = find_ignore_case(html, pos, &close).unwrap_or(html.len());
            continue;
        }
        if tag.self_closing
            || VOID.contains(&name.as_str())
            || OPTIONAL_END.contains(&name.as_str())
        {
            continue;
        }
        if stack.len() >= limit {
            cuts.push((tag.start, tag.stop));
            match dropped.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => entry.1 += 1,
                None => dropped.push((name, 1)),
            }
        } else {
            stack.push(name);
            deepest = deepest.max(stack.len());
        }
    }
    if cuts.is_empty() {
        return None;
    }
    tracing::debug!(
        deepest,
        removed = cuts.len(),
        "flattening deeply nested markup"
    );
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, stop) in cuts {
        out.push_str(html.get(from..start).unwrap_or_default());
        from = stop;
    }
    out.push_str(html.get(from..).unwrap_or_default());
    Some(out)
}

fn find_ignore_case(haystack: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    (from..bytes.len().saturating_sub(needle.len() - 1))
        .find(|&i| bytes[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// What html5ever builds into. Handles carry the element's name so that
/// `elem_name` needs no borrow of the node vector (html5ever may ask for a
/// name while it changes the tree).
struct Sink {
    nodes: RefCell<Vec<Node>>,
    document_name: Rc<QualName>,
}

#[derive(Clone)]
struct Handle {
    id: NodeId,
    name: Rc<QualName>,
}

impl Sink {
    fn push(&self, kind: Kind) -> NodeId {
        let mut nodes = self.nodes.borrow_mut();
        nodes.push(Node::new(kind));
        nodes.len() - 1
    }

    fn handle(&self, id: NodeId) -> Handle {
        Handle {
            id,
            name: Rc::clone(&self.document_name),
        }
    }

    fn detach(nodes: &mut [Node], id: NodeId) {
        let Some(node) = nodes.get(id) else { return };
        let (parent, prev, next) = (node.parent, node.prev, node.next);
        if let Some(prev) = prev.and_then(|p| nodes.get_mut(p)) {
            prev.next = next;
        } else if let Some(parent) = parent.and_then(|p| nodes.get_mut(p)) {
            parent.first_child = next;
        }
        if let Some(next) = next.and_then(|n| nodes.get_mut(n)) {
            next.prev = prev;
        } else if let Some(parent) = parent.and_then(|p| nodes.get_mut(p)) {
            parent.last_child = prev;
        }
        if let Some(node) = nodes.get_mut(id) {
            node.parent = None;
            node.prev = None;
            node.next = None;
        }
    }

    fn append_child(nodes: &mut [Node], parent: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let last = nodes.get(parent).and_then(|p| p.last_child);
        if let Some(last_node) = last.and_then(|l| nodes.get_mut(l)) {
            last_node.next = Some(child);
        }
        if let Some(child_node) = nodes.get_mut(child) {
            child_node.parent = Some(parent);
            child_node.prev = last;
        }
        if let Some(parent_node) = nodes.get_mut(parent) {
            if parent_node.first_child.is_none() {
                parent_node.first_child = Some(child);
            }
            parent_node.last_child = Some(child);
        }
    }

    fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let Some(sib) = nodes.get(sibling) else {
            return;
        };
        let (parent, prev) = (sib.parent, sib.prev);
        if let Some(prev_node) = prev.and_then(|p| nodes.get_mut(p)) {
            prev_node.next = Some(child);
        } else if let Some(parent_node) = parent.and_then(|p| nodes.get_mut(p)) {
            parent_node.first_child = Some(child);
        }
        if let Some(sib) = nodes.get_mut(sibling) {
            sib.prev = Some(child);
        }
        if let Some(child_node) = nodes.get_mut(child) {
            child_node.parent = parent;
            child_node.prev = prev;
            child_node.next = Some(sibling);
        }
    }

    /// Appends text to a text node if `id` is one; html5ever expects
    /// adjacent text to be merged by the sink.
    fn extend_text(nodes: &mut [Node], id: Option<NodeId>, text: &str) -> bool {
        if let Some(Node {
            kind: Kind::Text(existing),
            ..
        }) = id.and_then(|i| nodes.get_mut(i))
        {
            existing.push_str(text);
            true
        } else {
            false
        }
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Dom;
    type ElemName<'a> = &'a QualName;

    fn finish(self) -> Dom {
        Dom {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {
        // Real pages are full of parse errors; none of them matters here.
    }

    fn get_document(&self) -> Handle {
        self.handle(DOCUMENT)
    }

    fn elem_name<'a>(&'a self, target: &'a Handle) -> &'a QualName {
        &target.name
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Handle {
        let html = name.ns == ns!(html);
        let attrs = attrs
            .into_iter()
            .map(|a| (a.name.local, a.value.to_string()))
            .collect();
        let id = self.push(Kind::Element {
            name: name.local.clone(),
            html,
            attrs,
        });
        Handle {
            id,
            name: Rc::new(name),
        }
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        let id = self.push(Kind::Other);
        self.handle(id)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        let id = self.push(Kind::Other);
        self.handle(id)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendNode(node) => Self::append_child(&mut nodes, parent.id, node.id),
            NodeOrText::AppendText(text) => {
                let last = nodes.get(parent.id).and_then(|p| p.last_child);
                if !Self::extend_text(&mut nodes, last, &text) {
                    nodes.push(Node::new(Kind::Text(text.to_string())));
                    let id = nodes.len() - 1;
                    Self::append_child(&mut nodes, parent.id, id);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(element.id)
            .is_some_and(|n| n.parent.is_some());
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, _target: &Handle) -> Handle {
        // A detached node: template contents are inert and never shown.
        let id = self.push(Kind::Other);
        self.handle(id)
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        let mut nodes = self.nodes.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(node) => Self::insert_before(&mut nodes, sibling.id, node.id),
            NodeOrText::AppendText(text) => {
                let prev = nodes.get(sibling.id).and_then(|s| s.prev);
                if !Self::extend_text(&mut nodes, prev, &text) {
                    nodes.push(Node::new(Kind::Text(text.to_string())));
                    let id = nodes.len() - 1;
                    Self::insert_before(&mut nodes, sibling.id, id);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(Node {
            kind: Kind::Element {
                attrs: existing, ..
            },
            ..
        }) = nodes.get_mut(target.id)
        {
            for attr in attrs {
                if !existing.iter().any(|(n, _)| *n == attr.name.local) {
                    existing.push((attr.name.local, attr.value.to_string()));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        Self::detach(&mut self.nodes.borrow_mut(), target.id);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut nodes = self.nodes.borrow_mut();
        while let Some(child) = nodes.get(node.id).and_then(|n| n.first_child) {
            Self::append_child(&mut nodes, new_parent.id, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom) -> Vec<String> {
        dom.walk(dom.root(), |_, _| false)
            .filter_map(|s| match s {
                Step::Enter(id) => match &dom.node(id)?.kind {
                    Kind::Text(t) => Some(t.clone()),
                    _ => None,
                },
                Step::Leave(_) => None,
            })
            .collect()
    }

    #[test]
    fn builds_a_tree_and_walks_it_in_order() {
        let dom = Dom::parse("<p>one <b>two</b></p><p>three");
        assert_eq!(texts(&dom), ["one ", "two", "three"]);
        let body = dom.find(dom.root(), &local_name!("body"));
        assert!(body.is_some());
    }

    #[test]
    fn misnested_tags_are_repaired() {
        // The adoption agency moves nodes around: remove, reparent, insert.
        let dom = Dom::parse(
            "<p><b>bold <i>both</b> italic</i> plain</p><table><tr>x<td>cell</td></tr></table>",
        );
        assert_eq!(
            texts(&dom).concat(),
            "bold both italic plainxcell",
            "foster-parented and adopted text keeps its order"
        );
    }

    #[test]
    fn skip_leaves_out_subtrees() {
        let dom = Dom::parse("<div>keep<script>drop()</script><p>also</p></div>");
        let body = dom.find(dom.root(), &local_name!("body")).unwrap_or(0);
        let text = dom.text_of(body, |d, id| d.tag(id) == Some(&local_name!("script")));
        assert_eq!(text, "keepalso");
    }

    #[test]
    fn attributes_are_read_case_insensitively() {
        let dom = Dom::parse(r#"<div ID="x" data-Role="main">t</div>"#);
        let div = dom.find(dom.root(), &local_name!("div")).unwrap_or(0);
        assert_eq!(dom.attr(div, "id"), Some("x"));
        assert_eq!(dom.attr(div, "data-role"), Some("main"));
    }
}
