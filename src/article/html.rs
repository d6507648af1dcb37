//! Plain text from HTML: what a reader sees, one block per line.
//!
//! Scripts, styles, templates, the head (but its `<title>`), menus
//! (`<nav>`) and footers are dropped; entities are decoded; runs of white space inside text become
//! one space; block elements and `<br>` end lines.
//!
//! The page is read with html5ever's tokenizer, not its tree builder,
//! which looks through the stack of open elements for most tags: time
//! quadratic in the nesting depth (100,000 nested `<div>`s took half a
//! minute). [`Tree`] stands in for it: it follows the HTML parsing rules
//! that decide where elements open and close (a `<p>` closed by the next
//! block, `<li>` by the next `<li>`, implied table rows, the implied head
//! and body, formatting elements reopened and misnested, text misplaced
//! in a table moved before it, SVG and MathML, raw text), and hands the
//! elements' opening and closing and the text, in document order, to
//! [`Out`], whose rules (those of the tree walk this module used before)
//! make the output. Its stack of open elements has the positions of each
//! name and kind indexed, so that a scope check takes O(1) and a page
//! linear time. The text is the tree walk's but for pages that misnest
//! formatting tags (`<b>`, `<a>`, ...) across eight or more blocks, or
//! across a `<form>` closed too early, and for some quirks-mode doctypes
//! (only the common ones are known).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::{Attribute, LocalName, TokenizerResult};
use rustc_hash::{FxHashMap, FxHashSet};

/// Elements whose text is dropped: code, the head, embedded documents,
/// and a page's menus, sidebars and footer (`<nav>`: "World | Middle East
/// | Africa"; `<aside>`: "Related: Floods in Lagos"; `<footer>`: an
/// address, a copyright), which name places that the article does not.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "nav",
    "aside", "footer",
];

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
    "title",
    "caption",
    "td",
    "th",
];

/// Returns `(title, text)` of an HTML document.
pub(super) fn extract(html: &str) -> (Option<String>, String) {
    let tokenizer =
        Tokenizer::new(Sink(RefCell::new(Tree::new(html.len()))), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks the tokenizer to pause, but a pause would only
    // mean "feed again".
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.0.into_inner().finish()
}

/// What a walk of the document tree would see: elements opening and
/// closing, and text. Its rules are those of the tree walk this module
/// used before: they decide the output.
#[derive(Clone)]
struct Out {
    title: Option<String>,
    h1: Option<String>,
    text: String,
    skip: usize,
    in_title: bool,
    in_h1: bool,
    in_pre: usize,
}

impl Out {
    fn open(&mut self, name: &str) {
        if name == "title" && self.title.is_none() {
            self.in_title = true;
            self.title = Some(String::new());
        } else if SKIPPED.contains(&name) {
            self.skip += 1;
        } else if name == "br" && self.skip == 0 {
            end_line(&mut self.text);
        } else if name == "pre" {
            self.in_pre += 1;
        }
        if name == "h1" && self.h1.is_none() {
            self.in_h1 = true;
            self.h1 = Some(String::new());
        }
        if BLOCKS.contains(&name) && self.skip == 0 {
            end_line(&mut self.text);
        }
    }

    fn close(&mut self, name: &str) {
        if name == "title" && self.in_title {
            self.in_title = false;
        } else if SKIPPED.contains(&name) {
            self.skip = self.skip.saturating_sub(1);
        } else if name == "pre" {
            self.in_pre = self.in_pre.saturating_sub(1);
        }
        if name == "h1" {
            self.in_h1 = false;
        }
        if BLOCKS.contains(&name) && self.skip == 0 {
            end_line(&mut self.text);
        }
    }

    fn chars(&mut self, t: &str) {
        if self.in_title {
            push_collapsed(self.title.get_or_insert_default(), t);
        } else if self.skip == 0 {
            if self.in_pre > 0 {
                self.text.push_str(t);
            } else {
                push_collapsed(&mut self.text, t);
            }
            if self.in_h1 {
                push_collapsed(self.h1.get_or_insert_default(), t);
            }
        }
    }

    fn finish(mut self) -> (Option<String>, String) {
        let title = self.title.or(self.h1).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        (title, self.text)
    }
}

/// Ends the current line, at most one blank line in a row.
fn end_line(text: &mut String) {
    while text.ends_with(' ') {
        text.pop();
    }
    if !text.is_empty() && !text.ends_with("\n\n") {
        text.push('\n');
    }
}

/// Appends `t` with runs of white space made one space, and none at the
/// start of a line.
fn push_collapsed(out: &mut String, t: &str) {
    for c in t.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

struct Sink(RefCell<Tree>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        self.0.borrow_mut().token(token)
    }

    /// `<![CDATA[` opens a CDATA section only in SVG and MathML.
    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.0.borrow().in_foreign()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    Svg,
    Math,
}

/// The insertion modes before `<body>`, and the frameset's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Initial,
    BeforeHead,
    InHead,
    AfterHead,
    Body,
    Frameset,
}

/// The insertion modes of the body, which follow from the open elements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    /// In a template, before its content shows what it is.
    Template,
    Table,
    TableBody,
    Row,
    Cell,
    Caption,
    ColumnGroup,
}

// Kinds of open element, each with the positions of its open elements
// (see `Tree::kinds`).
/// Bounds the default scope: applet, caption, html, table, td, th,
/// marquee, object, select, template, and SVG and MathML text points.
const SCOPE: u16 = 1 << 0;
/// Also bounds the button scope.
const BUTTON: u16 = 1 << 1;
/// Also bound the list item scope: ol, ul.
const LIST: u16 = 1 << 2;
/// Bound the table scope: html, table, template.
const TABLE_SCOPE: u16 = 1 << 3;
/// The spec's "special" HTML elements.
const SPECIAL: u16 = 1 << 4;
/// Special, but not address, div or p: where the search for an `<li>`
/// (or `<dd>`, `<dt>`) to close stops.
const STOPS_LI: u16 = 1 << 5;
const HEADING: u16 = 1 << 6;
/// td, th.
const CELL: u16 = 1 << 7;
/// Any HTML element.
const HTML: u16 = 1 << 8;
/// Elements that set the insertion mode.
const MODE: u16 = 1 << 9;
/// tbody, thead, tfoot, template, html.
const BODY_CONTEXT: u16 = 1 << 10;
/// tr, template, html.
const ROW_CONTEXT: u16 = 1 << 11;
const KINDS: usize = 12;

/// An element on the stack of open elements.
struct Open {
    name: LocalName,
    ns: Ns,
    kinds: u16,
    /// Taken off the stack (a `<form>` or misnested formatting element)
    /// while elements inside it stay open: it closes when they have.
    removed: bool,
    /// Taken off the stack and closed: leaves it without events.
    closed: bool,
    /// [`Tree::text_count`] when it opened.
    text_at: u64,
    /// Was opened inside a head reopened for it, closed with it.
    in_head: bool,
    /// Is a formatting element (b, i, a, ...).
    fmt: bool,
    id: u64,
    /// The segment of its own events, and of its content's: the same but
    /// for a table, whose content is a segment of its own.
    outer: usize,
    inner: usize,
}

/// What the output is made of, as kept for a table's segment.
enum Event {
    Open(LocalName),
    Close(LocalName),
    Chars(StrTendril),
    /// A table's segment, whole.
    Table(usize),
}

/// An entry of the list of active formatting elements.
enum Fmt {
    /// Opened by applet, marquee, object, td, th, caption and template.
    Marker,
    /// Open while its id is in [`Tree::open_formatting`].
    Element { name: LocalName, attrs: Vec<Attribute>, id: u64 },
}

/// At most this many formatting elements after the last marker: the
/// spec keeps three of a kind, which still lets a page with many kinds
/// reopen them all at every paragraph.
const MAX_FORMATTING: usize = 64;

/// The model of the tree builder.
struct Tree {
    out: Out,
    phase: Phase,
    quirks: bool,
    stack: Vec<Open>,
    /// Positions in `stack`, in order, of the open elements of each kind.
    kinds: [Vec<usize>; KINDS],
    /// Positions in `stack`, in order, of the open elements of each name
    /// (HTML, or foreign: SVG and MathML share one map).
    names: FxHashMap<(bool, LocalName), Vec<usize>>,
    /// The raw text element being read (its end tag is the next tag).
    raw: Option<(LocalName, bool, usize)>,
    /// The events of each open table, kept until it closes: what the tree
    /// builder moves out of a table ("foster parenting") goes before it.
    /// Segment 0, the document's, is not kept but goes to `out`.
    segments: Vec<Vec<Event>>,
    /// The token is being put before the current table.
    foster: bool,
    /// Text in a table, outside its cells.
    table_text: String,
    /// The mode of each open template.
    template_modes: Vec<Mode>,
    /// How many runs of text have been inserted.
    text_count: u64,
    /// The form element pointer, by id.
    form: Option<u64>,
    /// The list of active formatting elements.
    formatting: Vec<Fmt>,
    /// The ids of the formatting elements on the stack.
    open_formatting: FxHashSet<u64>,
    /// Whether a `<frameset>` may still replace the body: nothing that
    /// shows has been seen.
    frameset_ok: bool,
    /// The output as the body opened, for a frameset that replaces it.
    before_body: Option<Out>,
    next_id: u64,
    /// Drop a line feed that starts the next token (after `<pre>`).
    ignore_lf: bool,
}

/// What the tokenizer is to do after a token.
enum Next {
    Go,
    Raw(RawKind),
    Plaintext,
}

/// What a table mode does with a tag.
enum Then {
    Done(Next),
    /// Processes it again, in the mode the stack now implies.
    Again,
    /// Processes it with the body's rules.
    Body,
    /// Processes it with the body's rules, putting what it inserts in a
    /// table element before the table.
    Foster,
}

use Then::{Again, Done};

const GO: Then = Done(Next::Go);

impl Tree {
    fn new(len: usize) -> Tree {
        let mut tree = Tree {
            out: Out {
                title: None,
                h1: None,
                text: String::with_capacity(len / 2),
                skip: 0,
                in_title: false,
                in_h1: false,
                in_pre: 0,
            },
            phase: Phase::Initial,
            quirks: false,
            stack: Vec::new(),
            kinds: Default::default(),
            names: FxHashMap::default(),
            raw: None,
            form: None,
            formatting: Vec::new(),
            open_formatting: FxHashSet::default(),
            frameset_ok: true,
            segments: vec![Vec::new()],
            foster: false,
            table_text: String::new(),
            template_modes: Vec::new(),
            text_count: 0,
            before_body: None,
            next_id: 0,
            ignore_lf: false,
        };
        tree.push(Ns::Html, LocalName::from("html"), false);
        tree
    }

    fn token(&mut self, token: Token) -> TokenSinkResult<()> {
        let ignore_lf = std::mem::take(&mut self.ignore_lf);
        let next = match token {
            Token::CharacterTokens(t) => {
                let t = if ignore_lf { t.strip_prefix('\n').unwrap_or(&t) } else { &t };
                self.chars(t);
                Next::Go
            }
            Token::NullCharacterToken => {
                if self.raw.is_none() && self.foreign_for(None) {
                    let at = self.target();
                    self.emit_chars(at, "\u{fffd}");
                } else if self.phase != Phase::Body && self.phase != Phase::Frameset {
                    self.open_body();
                }
                Next::Go
            }
            Token::TagToken(tag) => {
                self.flush_table_text();
                self.tag(&tag)
            }
            Token::DoctypeToken(doctype) => {
                if self.phase == Phase::Initial {
                    self.quirks = quirky(&doctype);
                    self.phase = Phase::BeforeHead;
                }
                Next::Go
            }
            Token::CommentToken(_) | Token::EOFToken => {
                self.flush_table_text();
                Next::Go
            }
            Token::ParseError(_) => Next::Go,
        };
        match next {
            Next::Go => TokenSinkResult::Continue,
            Next::Raw(kind) => TokenSinkResult::RawData(kind),
            Next::Plaintext => TokenSinkResult::Plaintext,
        }
    }

    fn chars(&mut self, mut t: &str) {
        if t.is_empty() {
            return;
        }
        if let Some((_, _, at)) = self.raw {
            return self.emit_chars(at, t);
        }
        match self.phase {
            Phase::Body => {}
            Phase::Frameset => {
                let blank: String = t.chars().filter(char::is_ascii_whitespace).collect();
                return self.emit_chars(0, &blank);
            }
            _ if self.template_open() => {}
            _ => {
                // White space before the body is in the head, or nowhere.
                t = t.trim_start_matches(|c: char| c.is_ascii_whitespace());
                if t.is_empty() {
                    return;
                }
                self.open_body();
            }
        }
        let blank = t.chars().all(|c| c.is_ascii_whitespace());
        if !blank {
            self.frameset_ok = false;
        }
        if !self.foreign_for(None) {
            let mut mode = self.mode();
            if mode == Mode::ColumnGroup && !blank {
                // White space stays in the column group; the rest ends it,
                // or is dropped where it is not in one (in a template).
                let at = self.target();
                if !self.current_is("colgroup") {
                    let blank: String = t.chars().filter(char::is_ascii_whitespace).collect();
                    return self.emit_chars(at, &blank);
                }
                let rest = t.trim_start_matches(|c: char| c.is_ascii_whitespace());
                self.emit_chars(at, &t[..t.len() - rest.len()]);
                t = rest;
                self.pop();
                mode = self.mode();
            }
            match mode {
                Mode::Table | Mode::TableBody | Mode::Row if self.in_table_part() => {
                    // Text in a table but not in a cell: held until the
                    // next tag tells whether it is all white space.
                    return self.table_text.push_str(t);
                }
                Mode::ColumnGroup => {}
                _ => self.reconstruct(),
            }
        }
        let at = self.target();
        self.emit_chars(at, t);
    }

    /// Whether the current element is a table, or part of one that holds
    /// no text: tbody, tfoot, thead, tr.
    fn in_table_part(&self) -> bool {
        let top = &self.stack[self.stack.len() - 1];
        top.ns == Ns::Html && matches!(&*top.name, "table" | "tbody" | "tfoot" | "thead" | "tr")
    }

    /// Inserts the text held in a table: white space in the table, other
    /// text before it.
    fn flush_table_text(&mut self) {
        if self.table_text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.table_text);
        if text.chars().any(|c| !c.is_ascii_whitespace()) {
            self.foster = true;
            self.reconstruct();
        }
        let at = self.target();
        self.emit_chars(at, &text);
        self.foster = false;
    }

    fn tag(&mut self, tag: &Tag) -> Next {
        if let Some((name, in_head, at)) = self.raw.take() {
            // The tokenizer ends raw text only at its own end tag.
            self.emit_close(at, &name);
            if in_head {
                self.emit_close(at, "head");
            }
            return Next::Go;
        }
        if self.foreign_for(Some(tag)) {
            return self.foreign(tag);
        }
        self.by_phase(tag)
    }

    /// A tag for the rules of the current insertion mode.
    fn by_phase(&mut self, tag: &Tag) -> Next {
        loop {
            if self.template_open() {
                return self.html(tag);
            }
            let start = tag.kind == TagKind::StartTag;
            let name = &*tag.name;
            match self.phase {
                Phase::Initial => {
                    self.quirks = true;
                    self.phase = Phase::BeforeHead;
                }
                Phase::BeforeHead => match (start, name) {
                    (true, "html") => return Next::Go,
                    (true, "head") => {
                        self.emit_open(0, "head");
                        self.phase = Phase::InHead;
                        return Next::Go;
                    }
                    (false, "head" | "body" | "html" | "br") | (true, _) => {
                        self.emit_open(0, "head");
                        self.phase = Phase::InHead;
                    }
                    (false, _) => return Next::Go,
                },
                Phase::InHead => match (start, name) {
                    (true, "html" | "head") => return Next::Go,
                    (true, _) if is_head_content(name) => return self.head_content(tag, false),
                    (false, "head") => {
                        self.emit_close(0, "head");
                        self.phase = Phase::AfterHead;
                        return Next::Go;
                    }
                    (false, "body" | "html" | "br") | (true, _) => {
                        self.emit_close(0, "head");
                        self.phase = Phase::AfterHead;
                    }
                    (false, _) => return Next::Go,
                },
                Phase::AfterHead => match (start, name) {
                    (true, "html" | "head") => return Next::Go,
                    (true, "body") => {
                        self.open_body();
                        self.frameset_ok = false;
                        return Next::Go;
                    }
                    (true, "frameset") => {
                        self.phase = Phase::Frameset;
                        return Next::Go;
                    }
                    (true, _) if is_head_content(name) => {
                        // Goes into the head, which was closed.
                        self.emit_open(0, "head");
                        return self.head_content(tag, true);
                    }
                    (false, "body" | "html" | "br") | (true, _) => self.open_body(),
                    (false, _) => return Next::Go,
                },
                Phase::Body => return self.html(tag),
                Phase::Frameset => {
                    return if start && name == "noframes" {
                        self.raw(tag, RawKind::Rawtext, false)
                    } else {
                        Next::Go
                    };
                }
            }
        }
    }

    /// Elements of the head (in any mode, the head's rules).
    fn head_content(&mut self, tag: &Tag, in_head: bool) -> Next {
        match &*tag.name {
            "title" => self.raw(tag, RawKind::Rcdata, in_head),
            "noframes" | "style" | "noscript" => self.raw(tag, RawKind::Rawtext, in_head),
            "script" => self.raw(tag, RawKind::ScriptData, in_head),
            "template" => {
                self.push(Ns::Html, tag.name.clone(), in_head);
                self.template_modes.push(Mode::Template);
                self.formatting.push(Fmt::Marker);
                self.frameset_ok = false;
                Next::Go
            }
            // base, basefont, bgsound, link, meta
            name => {
                self.void(name);
                if in_head {
                    self.emit_close(0, "head");
                }
                Next::Go
            }
        }
    }

    /// Opens an element whose content the tokenizer reads as text up to
    /// its end tag.
    fn raw(&mut self, tag: &Tag, kind: RawKind, in_head: bool) -> Next {
        let at = self.target();
        self.emit_open(at, &tag.name);
        self.raw = Some((tag.name.clone(), in_head, at));
        Next::Raw(kind)
    }

    /// From before the body (phases before it) into the body.
    fn open_body(&mut self) {
        if self.phase == Phase::Initial {
            self.quirks = true;
        }
        if matches!(self.phase, Phase::Initial | Phase::BeforeHead) {
            self.emit_open(0, "head");
        }
        if matches!(self.phase, Phase::Initial | Phase::BeforeHead | Phase::InHead) {
            self.emit_close(0, "head");
        }
        if self.phase != Phase::Body {
            self.phase = Phase::Body;
            self.before_body = Some(self.out.clone());
            self.push(Ns::Html, LocalName::from("body"), false);
        }
    }

    /// A tag in the body, by the rules of the mode the open elements imply.
    fn html(&mut self, tag: &Tag) -> Next {
        loop {
            let then = match self.mode() {
                Mode::Body => Then::Body,
                Mode::Table => self.in_table(tag),
                Mode::TableBody => self.in_table_body(tag),
                Mode::Row => self.in_row(tag),
                Mode::Cell => self.in_cell(tag),
                Mode::Caption => self.in_caption(tag),
                Mode::ColumnGroup => self.in_column_group(tag),
                Mode::Template => self.in_template(tag),
            };
            match then {
                Done(next) => return next,
                Again => {}
                Then::Body | Then::Foster => {
                    self.foster = matches!(then, Then::Foster);
                    let next = if tag.kind == TagKind::StartTag {
                        self.body_start(tag)
                    } else {
                        self.body_end(tag);
                        Next::Go
                    };
                    self.foster = false;
                    return next;
                }
            }
        }
    }

    fn body_start(&mut self, tag: &Tag) -> Next {
        let name = &*tag.name;
        let shows = match name {
            "pre" | "listing" | "li" | "dd" | "dt" | "button" | "applet" | "marquee" | "object"
            | "table" | "area" | "br" | "embed" | "img" | "keygen" | "wbr" | "image" | "hr"
            | "textarea" | "xmp" | "iframe" => true,
            "input" => !is_hidden(tag),
            "select" => self.in_scope("select", SCOPE).is_none(),
            "body" => !self.template_open(),
            _ => false,
        };
        if shows {
            self.frameset_ok = false;
        }
        match name {
            "frameset" => {
                if self.frameset_ok
                    && self.stack.get(1).is_some_and(|b| &*b.name == "body")
                    && !self.template_open()
                {
                    // The body, with all in it, gives way to the frameset.
                    if let Some(out) = self.before_body.take() {
                        self.out = out;
                    }
                    self.stack.truncate(1);
                    for at in &mut self.kinds {
                        at.truncate(1.min(at.len()));
                    }
                    self.names.retain(|(_, name), at| {
                        at.truncate(1.min(at.len()));
                        &**name == "html" && !at.is_empty()
                    });
                    self.formatting.clear();
                    self.phase = Phase::Frameset;
                }
            }
            "html" | "body" | "head" | "caption" | "col" | "colgroup" | "frame" | "tbody"
            | "td" | "tfoot" | "th" | "thead" | "tr" => {}
            _ if is_head_content(name) => return self.head_content(tag, false),
            "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dialog"
            | "dir" | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "header"
            | "hgroup" | "main" | "menu" | "nav" | "ol" | "p" | "search" | "section"
            | "summary" | "ul" => {
                self.close_p();
                self.push_html(tag);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_p();
                if self.current_in(HEADING) {
                    self.pop();
                }
                self.push_html(tag);
            }
            "pre" | "listing" => {
                self.close_p();
                self.push_html(tag);
                self.ignore_lf = true;
            }
            "form" => {
                let template = self.template_open();
                if self.form.is_none() || template {
                    self.close_p();
                    self.push_html(tag);
                    if !template {
                        self.form = Some(self.stack[self.stack.len() - 1].id);
                    }
                }
            }
            "li" | "dd" | "dt" => {
                // The nearest li (or dd, dt) is closed, unless a special
                // element other than address, div and p is nearer.
                if let Some(&i) = self.kinds[STOPS_LI.trailing_zeros() as usize].last() {
                    let other = &*self.stack[i].name;
                    let closes =
                        if name == "li" { other == "li" } else { matches!(other, "dd" | "dt") };
                    if closes && self.stack[i].ns == Ns::Html {
                        self.pop_to(i);
                    }
                }
                self.close_p();
                self.push_html(tag);
            }
            "plaintext" => {
                self.close_p();
                self.push_html(tag);
                return Next::Plaintext;
            }
            "button" => {
                if let Some(i) = self.in_scope("button", SCOPE) {
                    self.pop_to(i);
                }
                self.reconstruct();
                self.push_html(tag);
            }
            "a" => {
                let start = self.after_marker();
                let a =
                    (start..self.formatting.len()).rev().find_map(|k| match &self.formatting[k] {
                        Fmt::Element { name, id, .. } if &**name == "a" => Some(*id),
                        _ => None,
                    });
                if let Some(id) = a {
                    // An <a> in an <a>: the first ends here.
                    self.adoption(tag);
                    if let Some(k) = self.listed(id) {
                        self.formatting.remove(k);
                    }
                    if let Some(i) = self.position(&tag.name, id) {
                        self.remove_from_stack(i);
                    }
                }
                self.reconstruct();
                self.push_formatting(tag);
            }
            "nobr" => {
                self.reconstruct();
                if self.in_scope("nobr", SCOPE).is_some() {
                    self.adoption(tag);
                    self.reconstruct();
                }
                self.push_formatting(tag);
            }
            _ if is_formatting(name) => {
                self.reconstruct();
                self.push_formatting(tag);
            }
            "applet" | "marquee" | "object" => {
                self.reconstruct();
                self.push_html(tag);
                self.formatting.push(Fmt::Marker);
            }
            "table" => {
                if !self.quirks {
                    self.close_p();
                }
                self.push_html(tag);
            }
            "area" | "br" | "embed" | "img" | "keygen" | "wbr" | "image" => {
                self.reconstruct();
                self.void(name);
            }
            "param" | "source" | "track" => {}
            "input" => {
                if let Some(i) = self.in_scope("select", SCOPE) {
                    self.pop_to(i);
                }
                self.reconstruct();
            }
            "hr" => {
                self.close_p();
                if self.in_scope("select", SCOPE).is_some() {
                    self.implied_end_tags(None);
                }
                self.void(name);
            }
            "textarea" => {
                self.ignore_lf = true;
                return self.raw(tag, RawKind::Rcdata, false);
            }
            "xmp" => {
                self.close_p();
                self.reconstruct();
                return self.raw(tag, RawKind::Rawtext, false);
            }
            // noscript: as with scripting on.
            "iframe" | "noembed" | "noscript" => return self.raw(tag, RawKind::Rawtext, false),
            "select" => match self.in_scope("select", SCOPE) {
                Some(i) => self.pop_to(i),
                None => {
                    self.reconstruct();
                    self.push_html(tag);
                }
            },
            "option" | "optgroup" => {
                if self.in_scope("select", SCOPE).is_some() {
                    self.implied_end_tags(if name == "option" { Some("optgroup") } else { None });
                } else if self.current_is("option") {
                    self.pop();
                }
                self.reconstruct();
                self.push_html(tag);
            }
            "rb" | "rtc" | "rp" | "rt" => {
                if self.in_scope("ruby", SCOPE).is_some() {
                    let rt = matches!(name, "rp" | "rt");
                    self.implied_end_tags(if rt { Some("rtc") } else { None });
                }
                self.push_html(tag);
            }
            "svg" | "math" => {
                let ns = if name == "svg" { Ns::Svg } else { Ns::Math };
                self.reconstruct();
                if tag.self_closing {
                    self.void(name);
                } else {
                    self.push(ns, tag.name.clone(), false);
                }
            }
            _ => {
                self.reconstruct();
                self.push_html(tag);
            }
        }
        Next::Go
    }

    fn body_end(&mut self, tag: &Tag) {
        let name = &*tag.name;
        match name {
            "template" => {
                if let Some(i) = self.top_named(true, "template") {
                    self.pop_to(i);
                    self.clear_to_marker();
                }
            }
            "body" | "html" => {}
            "address" | "article" | "aside" | "blockquote" | "button" | "center" | "details"
            | "dialog" | "dir" | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer"
            | "header" | "hgroup" | "listing" | "main" | "menu" | "nav" | "ol" | "pre"
            | "search" | "section" | "select" | "summary" | "ul" | "dd" | "dt" => {
                if let Some(i) = self.in_scope(name, SCOPE) {
                    self.pop_to(i);
                }
            }
            "applet" | "marquee" | "object" => {
                if let Some(i) = self.in_scope(name, SCOPE) {
                    self.pop_to(i);
                    self.clear_to_marker();
                }
            }
            "form" => self.end_form(),
            "p" => match self.in_scope("p", SCOPE | BUTTON) {
                Some(i) => self.pop_to(i),
                None => self.void("p"),
            },
            "li" => {
                if let Some(i) = self.in_scope("li", SCOPE | LIST) {
                    self.pop_to(i);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(i) = self.kind_in_scope(HEADING, SCOPE) {
                    self.pop_to(i);
                }
            }
            "br" => {
                self.frameset_ok = false;
                self.reconstruct();
                self.void("br");
            }
            _ if is_formatting(name) => self.adoption(tag),
            _ => self.other_end(tag),
        }
    }

    /// Any other end tag: closes the nearest element of that name unless
    /// a special element is nearer.
    fn other_end(&mut self, tag: &Tag) {
        if let Some(i) = self.top_named(true, &tag.name)
            && self.kind_top(SPECIAL).is_none_or(|s| s <= i)
        {
            self.pop_to(i);
        }
    }

    fn end_form(&mut self) {
        if self.template_open() {
            if let Some(i) = self.in_scope("form", SCOPE) {
                self.pop_to(i);
            }
            return;
        }
        let Some(id) = self.form.take() else { return };
        let Some(i) = self.position(&LocalName::from("form"), id) else { return };
        if i < self.scope_bound(SCOPE) {
            return;
        }
        self.implied_end_tags(None);
        self.remove_from_stack(i);
    }

    fn in_table(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (true, "caption" | "colgroup" | "tbody" | "tfoot" | "thead") => {
                self.pop_to_current(TABLE_SCOPE);
                self.push_html(tag);
                if &*tag.name == "caption" {
                    self.formatting.push(Fmt::Marker);
                }
            }
            (true, "col") => {
                self.pop_to_current(TABLE_SCOPE);
                self.push(Ns::Html, LocalName::from("colgroup"), false);
                return Again;
            }
            (true, "td" | "th" | "tr") => {
                self.pop_to_current(TABLE_SCOPE);
                self.push(Ns::Html, LocalName::from("tbody"), false);
                return Again;
            }
            (true, "table") => {
                if let Some(i) = self.in_scope("table", TABLE_SCOPE) {
                    self.pop_to(i);
                    return Again;
                }
            }
            (false, "table") => {
                if let Some(i) = self.in_scope("table", TABLE_SCOPE) {
                    self.pop_to(i);
                }
            }
            (
                false,
                "body" | "caption" | "col" | "colgroup" | "html" | "tbody" | "td" | "tfoot" | "th"
                | "thead" | "tr",
            ) => {}
            (true, "style" | "script" | "template") => return Done(self.head_content(tag, false)),
            (false, "template") => self.body_end(tag),
            (true, "input") if is_hidden(tag) => {}
            (true, "form") => {
                if self.form.is_none() && !self.template_open() {
                    self.form = Some(self.next_id);
                    self.next_id += 1;
                    self.void("form");
                }
            }
            _ => return Then::Foster,
        }
        GO
    }

    fn in_table_body(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (true, "tr") => {
                self.pop_to_current(BODY_CONTEXT);
                self.push_html(tag);
            }
            (true, "th" | "td") => {
                self.pop_to_current(BODY_CONTEXT);
                self.push(Ns::Html, LocalName::from("tr"), false);
                return Again;
            }
            (false, name @ ("tbody" | "tfoot" | "thead")) => {
                if self.in_scope(name, TABLE_SCOPE).is_some() {
                    self.pop_to_current(BODY_CONTEXT);
                    self.pop();
                }
            }
            (true, "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead")
            | (false, "table") => {
                let outer = ["table", "tbody", "tfoot"].map(|n| self.in_scope(n, TABLE_SCOPE));
                if outer.iter().any(Option::is_some) {
                    self.pop_to_current(BODY_CONTEXT);
                    self.pop();
                    return Again;
                }
            }
            (false, "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th" | "tr") => {}
            _ => return self.in_table(tag),
        }
        GO
    }

    fn in_row(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (true, "th" | "td") => {
                self.pop_to_current(ROW_CONTEXT);
                self.push_html(tag);
                self.formatting.push(Fmt::Marker);
            }
            (false, "tr") => {
                if self.in_scope("tr", TABLE_SCOPE).is_some() {
                    self.pop_to_current(ROW_CONTEXT);
                    self.pop();
                }
            }
            (true, "caption" | "col" | "colgroup" | "tbody" | "tfoot" | "thead" | "tr")
            | (false, "table") => {
                if self.in_scope("tr", TABLE_SCOPE).is_some() {
                    self.pop_to_current(ROW_CONTEXT);
                    self.pop();
                    return Again;
                }
            }
            (false, name @ ("tbody" | "tfoot" | "thead")) => {
                if self.in_scope(name, TABLE_SCOPE).is_some()
                    && self.in_scope("tr", TABLE_SCOPE).is_some()
                {
                    self.pop_to_current(ROW_CONTEXT);
                    self.pop();
                    return Again;
                }
            }
            (false, "body" | "caption" | "col" | "colgroup" | "html" | "td" | "th") => {}
            _ => return self.in_table(tag),
        }
        GO
    }

    fn in_cell(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (false, name @ ("td" | "th")) => {
                if let Some(i) = self.in_scope(name, TABLE_SCOPE) {
                    self.pop_to(i);
                    self.clear_to_marker();
                }
            }
            (
                true,
                "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr",
            ) => {
                if let Some(i) = self.kind_in_scope(CELL, TABLE_SCOPE) {
                    self.pop_to(i);
                    self.clear_to_marker();
                    return Again;
                }
            }
            (false, "body" | "caption" | "col" | "colgroup" | "html") => {}
            (false, name @ ("table" | "tbody" | "tfoot" | "thead" | "tr")) => {
                if self.in_scope(name, TABLE_SCOPE).is_some()
                    && let Some(i) = self.kind_in_scope(CELL, TABLE_SCOPE)
                {
                    self.pop_to(i);
                    self.clear_to_marker();
                    return Again;
                }
            }
            _ => return Then::Body,
        }
        GO
    }

    fn in_caption(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (
                true,
                "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr",
            )
            | (false, "table" | "caption") => {
                if let Some(i) = self.in_scope("caption", TABLE_SCOPE) {
                    self.pop_to(i);
                    self.clear_to_marker();
                    if start || &*tag.name == "table" {
                        return Again;
                    }
                }
            }
            (
                false,
                "body" | "col" | "colgroup" | "html" | "tbody" | "td" | "tfoot" | "th" | "thead"
                | "tr",
            ) => {}
            _ => return Then::Body,
        }
        GO
    }

    /// The first tag in a template sets its mode.
    fn in_template(&mut self, tag: &Tag) -> Then {
        let mode = match (tag.kind == TagKind::StartTag, &*tag.name) {
            (true, name) if is_head_content(name) => return Then::Body,
            (false, "template") => return Then::Body,
            (true, "caption" | "colgroup" | "tbody" | "tfoot" | "thead") => Mode::Table,
            (true, "col") => Mode::ColumnGroup,
            (true, "tr") => Mode::TableBody,
            (true, "td" | "th") => Mode::Row,
            (true, _) => Mode::Body,
            (false, _) => return GO,
        };
        if let Some(last) = self.template_modes.last_mut() {
            *last = mode;
        }
        Again
    }

    fn in_column_group(&mut self, tag: &Tag) -> Then {
        let start = tag.kind == TagKind::StartTag;
        match (start, &*tag.name) {
            (true, "html") => return Then::Body,
            (true, "col") | (false, "col") => {}
            (false, "colgroup") => {
                if self.current_is("colgroup") {
                    self.pop();
                }
            }
            (true, "template") => return Done(self.head_content(tag, false)),
            (false, "template") => self.body_end(tag),
            _ => {
                if self.current_is("colgroup") {
                    self.pop();
                    return Again;
                }
            }
        }
        GO
    }

    /// Whether the token is for the rules of foreign content (SVG,
    /// MathML): `None` for text.
    fn foreign_for(&self, tag: Option<&Tag>) -> bool {
        let top = &self.stack[self.stack.len() - 1];
        let start = tag.is_none_or(|t| t.kind == TagKind::StartTag);
        match top.ns {
            Ns::Html => false,
            // Text and start tags in what holds HTML are HTML, but MathML
            // glyphs.
            _ if holds_html(top.ns, &top.name) => {
                !start
                    || (top.ns == Ns::Math
                        && tag.is_some_and(|t| matches!(&*t.name, "mglyph" | "malignmark")))
            }
            Ns::Math if &*top.name == "annotation-xml" => {
                !(start && tag.is_some_and(|t| &*t.name == "svg"))
            }
            _ => true,
        }
    }

    fn in_foreign(&self) -> bool {
        let top = &self.stack[self.stack.len() - 1];
        top.ns != Ns::Html
    }

    fn foreign(&mut self, tag: &Tag) -> Next {
        let name = &*tag.name;
        let start = tag.kind == TagKind::StartTag;
        let breaks_out = if start { breaks_out(tag) } else { matches!(name, "br" | "p") };
        if breaks_out {
            // Back out to HTML, or to a point that holds HTML.
            while let Some(top) = self.stack.last() {
                if top.ns == Ns::Html || holds_html(top.ns, &top.name) {
                    break;
                }
                self.pop();
            }
            return self.by_phase(tag);
        }
        if start {
            let ns = self.stack[self.stack.len() - 1].ns;
            if tag.self_closing {
                self.void(name);
            } else {
                self.push(ns, tag.name.clone(), false);
            }
            return Next::Go;
        }
        // An end tag closes the nearest foreign element of its name, if
        // no HTML element is nearer; else it is for the HTML rules.
        let html = self.kind_top(HTML).unwrap_or(0);
        match self.top_named(false, name) {
            Some(i) if i > html => {
                self.pop_to(i);
                Next::Go
            }
            _ => self.by_phase(tag),
        }
    }

    // The stack.

    fn push_html(&mut self, tag: &Tag) {
        self.push(Ns::Html, tag.name.clone(), false);
    }

    fn push(&mut self, ns: Ns, name: LocalName, in_head: bool) {
        let kinds = kinds_of(ns, &name);
        let i = self.stack.len();
        for (k, at) in self.kinds.iter_mut().enumerate() {
            if kinds & (1 << k) != 0 {
                at.push(i);
            }
        }
        self.names.entry((ns == Ns::Html, name.clone())).or_default().push(i);
        let outer = self.target();
        let inner = if ns == Ns::Html && &*name == "table" {
            self.segments.push(Vec::new());
            self.segments.len() - 1
        } else {
            outer
        };
        self.emit_open(inner, &name);
        self.stack.push(Open {
            outer,
            inner,
            name,
            ns,
            kinds,
            removed: false,
            closed: false,
            text_at: self.text_count,
            in_head,
            fmt: false,
            id: self.next_id,
        });
        self.next_id += 1;
    }

    /// Closes the current element (never the root), and the elements
    /// taken off the stack that nothing is open in any more.
    fn pop(&mut self) {
        self.pop_one();
        while self.stack.len() > 1 && self.stack[self.stack.len() - 1].removed {
            self.pop_one();
        }
    }

    fn pop_one(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let open = self.stack.pop().expect("the root is never popped");
        let i = self.stack.len();
        if open.ns == Ns::Html && &*open.name == "template" {
            self.template_modes.pop();
        }
        if !open.removed {
            for (k, at) in self.kinds.iter_mut().enumerate() {
                if open.kinds & (1 << k) != 0 {
                    debug_assert_eq!(at.last(), Some(&i));
                    at.pop();
                }
            }
            if let Some(at) = self.names.get_mut(&(open.ns == Ns::Html, open.name.clone())) {
                debug_assert_eq!(at.last(), Some(&i));
                at.pop();
            }
            if open.fmt {
                self.open_formatting.remove(&open.id);
            }
        }
        if !open.closed {
            self.close_events(&open.name, open.in_head, open.inner, open.outer);
        }
    }

    fn close_events(&mut self, name: &str, in_head: bool, inner: usize, outer: usize) {
        self.emit_close(inner, name);
        if in_head {
            self.emit_close(outer, "head");
        }
        if inner != outer {
            self.emit(outer, Event::Table(inner));
        }
    }

    /// Where what is inserted now goes: into the current element, or
    /// before the table it is.
    fn target(&self) -> usize {
        let Some(top) = self.stack.last() else { return 0 };
        if self.foster
            && top.ns == Ns::Html
            && matches!(&*top.name, "table" | "tbody" | "tfoot" | "thead" | "tr")
        {
            let template = self.top_named(true, "template");
            match self.top_named(true, "table") {
                Some(table) if table > 0 && template.is_none_or(|t| t < table) => {
                    return self.stack[table - 1].inner;
                }
                _ => {
                    if let Some(template) = template {
                        return self.stack[template].inner;
                    }
                }
            }
        }
        top.inner
    }

    fn emit_open(&mut self, at: usize, name: &str) {
        if at == 0 {
            self.out.open(name);
        } else {
            self.segments[at].push(Event::Open(LocalName::from(name)));
        }
    }

    fn emit_close(&mut self, at: usize, name: &str) {
        if at == 0 {
            self.out.close(name);
        } else {
            self.segments[at].push(Event::Close(LocalName::from(name)));
        }
    }

    fn emit_chars(&mut self, at: usize, t: &str) {
        self.text_count += 1;
        if at == 0 {
            self.out.chars(t);
        } else {
            self.segments[at].push(Event::Chars(StrTendril::from_slice(t)));
        }
    }

    /// An element without content, here.
    fn void(&mut self, name: &str) {
        let at = self.target();
        self.emit_open(at, name);
        self.emit_close(at, name);
    }

    fn emit(&mut self, at: usize, event: Event) {
        if at != 0 {
            return self.segments[at].push(event);
        }
        // Plays the segment, and those of the tables in it, in order.
        let mut playing = vec![vec![event].into_iter()];
        while let Some(events) = playing.last_mut() {
            match events.next() {
                None => {
                    playing.pop();
                }
                Some(Event::Open(name)) => self.out.open(&name),
                Some(Event::Close(name)) => self.out.close(&name),
                Some(Event::Chars(t)) => self.out.chars(&t),
                Some(Event::Table(k)) => {
                    playing.push(std::mem::take(&mut self.segments[k]).into_iter());
                }
            }
        }
    }

    /// Closes what is still open, at the end.
    fn finish(mut self) -> (Option<String>, String) {
        self.flush_table_text();
        if let Some((name, in_head, at)) = self.raw.take() {
            self.emit_close(at, &name);
            if in_head {
                self.emit_close(at, "head");
            }
        }
        self.pop_to(1);
        self.out.finish()
    }

    /// Takes the element at `i` off the stack, but not out of the tree:
    /// what is open inside it stays so, and it closes after them.
    fn remove_from_stack(&mut self, i: usize) {
        if i == self.stack.len() - 1 {
            return self.pop();
        }
        self.remove_all_from_stack(&[i]);
    }

    /// [`Tree::remove_from_stack`] for elements below the current one, at
    /// `positions` in order: in time linear in how many elements are open
    /// from the first to the last.
    fn remove_all_from_stack(&mut self, positions: &[usize]) {
        let mut kinds = 0;
        let mut names: FxHashMap<(bool, LocalName), Vec<usize>> = FxHashMap::default();
        for &i in positions {
            let open = &mut self.stack[i];
            open.removed = true;
            if open.fmt {
                self.open_formatting.remove(&open.id);
            }
            kinds |= open.kinds;
            open.kinds = 0;
            names.entry((open.ns == Ns::Html, open.name.clone())).or_default().push(i);
        }
        for (key, gone) in names {
            if let Some(at) = self.names.get_mut(&key) {
                remove_sorted(at, &gone);
            }
        }
        for (k, at) in self.kinds.iter_mut().enumerate() {
            if kinds & (1 << k) != 0 {
                remove_sorted(at, positions);
            }
        }
    }

    /// The position on the stack of the element `id`, named `name`.
    fn position(&self, name: &LocalName, id: u64) -> Option<usize> {
        let at = self.names.get(&(true, name.clone()))?;
        at.iter().rev().copied().find(|&i| self.stack[i].id == id)
    }

    // The list of active formatting elements.

    /// Where the element `id` is in the list, after the last marker.
    fn listed(&self, id: u64) -> Option<usize> {
        let start = self.after_marker();
        (start..self.formatting.len())
            .rev()
            .find(|&k| matches!(self.formatting[k], Fmt::Element { id: i, .. } if i == id))
    }

    fn is_open(&self, fmt: &Fmt) -> bool {
        match fmt {
            Fmt::Element { id, .. } => self.open_formatting.contains(id),
            Fmt::Marker => true,
        }
    }

    /// Where the entries after the last marker start.
    fn after_marker(&self) -> usize {
        self.formatting.iter().rposition(|f| matches!(f, Fmt::Marker)).map_or(0, |i| i + 1)
    }

    fn clear_to_marker(&mut self) {
        while let Some(f) = self.formatting.pop() {
            if matches!(f, Fmt::Marker) {
                break;
            }
        }
    }

    /// Opens a formatting element.
    fn push_formatting(&mut self, tag: &Tag) {
        let start = self.after_marker();
        let same = |f: &Fmt| match f {
            Fmt::Element { name, attrs, .. } => {
                *name == tag.name && attrs.len() == tag.attrs.len() && {
                    let mut a = attrs.clone();
                    let mut b = tag.attrs.clone();
                    a.sort();
                    b.sort();
                    a == b
                }
            }
            Fmt::Marker => false,
        };
        let alike: Vec<usize> =
            (start..self.formatting.len()).filter(|&i| same(&self.formatting[i])).collect();
        if alike.len() >= 3 {
            self.formatting.remove(alike[0]);
        } else if self.formatting.len() - start >= MAX_FORMATTING {
            self.formatting.remove(start);
        }
        let id = self.push_fmt(tag.name.clone());
        self.formatting.push(Fmt::Element { name: tag.name.clone(), attrs: tag.attrs.clone(), id });
    }

    /// Pushes a formatting element, returning its id.
    fn push_fmt(&mut self, name: LocalName) -> u64 {
        self.push(Ns::Html, name, false);
        let top = self.top();
        top.fmt = true;
        let id = top.id;
        self.open_formatting.insert(id);
        id
    }

    /// Reopens the formatting elements that blocks closed.
    fn reconstruct(&mut self) {
        let mut i = self.formatting.len();
        while i > 0 && !self.is_open(&self.formatting[i - 1]) {
            i -= 1;
        }
        for j in i..self.formatting.len() {
            let Fmt::Element { name, .. } = &self.formatting[j] else { continue };
            let new_id = self.push_fmt(name.clone());
            if let Fmt::Element { id, .. } = &mut self.formatting[j] {
                *id = new_id;
            }
        }
    }

    /// The end tag of a formatting element. The adoption agency
    /// algorithm, but that an element misnested with a block is only
    /// taken off the stack, not cloned into it.
    fn adoption(&mut self, tag: &Tag) {
        let subject = &tag.name;
        let top = &self.stack[self.stack.len() - 1];
        if top.ns == Ns::Html && top.name == *subject && top.fmt && self.listed(top.id).is_none() {
            return self.pop();
        }
        let start = self.after_marker();
        let Some(k) = (start..self.formatting.len())
            .rev()
            .find(|&k| matches!(&self.formatting[k], Fmt::Element { name, .. } if name == subject))
        else {
            return self.other_end(tag);
        };
        let Fmt::Element { id, .. } = self.formatting[k] else { return };
        let open = self.open_formatting.contains(&id);
        let Some(i) = open.then(|| self.position(subject, id)).flatten() else {
            self.formatting.remove(k);
            return;
        };
        if i < self.scope_bound(SCOPE) {
            return;
        }
        let entry = self.formatting.remove(k);
        // The special elements inside it: its furthest blocks.
        let special = &self.kinds[SPECIAL.trailing_zeros() as usize];
        let blocks: Vec<usize> =
            special[special.partition_point(|&j| j <= i)..].iter().take(8).copied().collect();
        let Some(&last) = blocks.last() else { return self.pop_to(i) };
        // The algorithm moves a clone of it into each block in turn (eight
        // at most), taking the elements between them off the stack but for
        // three formatting elements (which it clones), and closes the
        // last clone with what is open in it.
        let mut gone = vec![i];
        let mut below = i;
        for &block in &blocks {
            let mut steps = 0;
            for node in (below + 1..block).rev() {
                let open = &self.stack[node];
                if open.removed {
                    continue;
                }
                steps += 1;
                let id = open.id;
                let listed = if open.fmt { self.listed(id) } else { None };
                match listed {
                    Some(_) if steps <= 3 => {}
                    _ => {
                        if let Some(k) = listed {
                            self.formatting.remove(k);
                        }
                        gone.push(node);
                    }
                }
            }
            below = block;
        }
        let on_top = last == self.stack.len() - 1;
        if blocks.len() < 8 {
            self.pop_to(last + 1);
        }
        gone.sort_unstable();
        self.remove_all_from_stack(&gone);
        // Each block moves out of what was taken off the stack below it
        // (and out of forms taken off before), which so closes before
        // the block's content: now, if it has none yet.
        let mut below = i;
        while below > 0 && self.stack[below].removed {
            below -= 1;
        }
        let mut ranges = Vec::with_capacity(blocks.len());
        for &block in &blocks {
            ranges.push((below, block));
            below = block;
        }
        for &(below, block) in ranges.iter().rev() {
            if self.stack[block].text_at != self.text_count {
                continue;
            }
            for node in (below + 1..block).rev() {
                let open = &mut self.stack[node];
                if open.removed && !open.closed {
                    open.closed = true;
                    let (name, in_head, inner, outer) =
                        (open.name.clone(), open.in_head, open.inner, open.outer);
                    self.close_events(&name, in_head, inner, outer);
                }
            }
        }
        if blocks.len() == 8 && on_top {
            // The last clone stays open, in the last block.
            if let Fmt::Element { name, attrs, .. } = entry {
                let id = self.push_fmt(name.clone());
                self.formatting.push(Fmt::Element { name, attrs, id });
            }
        }
    }

    /// Closes the element at `i` and all above it.
    fn pop_to(&mut self, i: usize) {
        while self.stack.len() > i.max(1) {
            self.pop();
        }
    }

    /// Closes elements until the current one is of one of the `kinds`.
    fn pop_to_current(&mut self, kinds: u16) {
        while self.stack.len() > 1 && self.stack[self.stack.len() - 1].kinds & kinds == 0 {
            self.pop();
        }
    }

    /// Closes the elements whose end tags may be left out (p, li, dd,
    /// dt, option, optgroup) at the top of the stack, but `except`.
    fn implied_end_tags(&mut self, except: Option<&str>) {
        loop {
            let top = &self.stack[self.stack.len() - 1];
            let name = &*top.name;
            if top.ns != Ns::Html
                || Some(name) == except
                || !matches!(
                    name,
                    "dd" | "dt" | "li" | "option" | "optgroup" | "p" | "rb" | "rp" | "rt" | "rtc"
                )
            {
                return;
            }
            self.pop();
        }
    }

    /// Closes a `<p>` in button scope.
    fn close_p(&mut self) {
        if let Some(i) = self.in_scope("p", SCOPE | BUTTON) {
            self.pop_to(i);
        }
    }

    fn top(&mut self) -> &mut Open {
        let i = self.stack.len() - 1;
        &mut self.stack[i]
    }

    fn current_is(&self, name: &str) -> bool {
        let top = &self.stack[self.stack.len() - 1];
        top.ns == Ns::Html && &*top.name == name
    }

    fn current_in(&self, kind: u16) -> bool {
        let top = &self.stack[self.stack.len() - 1];
        top.kinds & kind != 0
    }

    fn kind_top(&self, kind: u16) -> Option<usize> {
        self.kinds[kind.trailing_zeros() as usize].last().copied()
    }

    fn top_named(&self, html: bool, name: &str) -> Option<usize> {
        self.names.get(&(html, LocalName::from(name)))?.last().copied()
    }

    /// The position of the nearest HTML element `name`, if no element
    /// bounding the `scope` is nearer.
    fn in_scope(&self, name: &str, scope: u16) -> Option<usize> {
        let i = self.top_named(true, name)?;
        (i >= self.scope_bound(scope)).then_some(i)
    }

    /// As [`Tree::in_scope`], for an element of a kind.
    fn kind_in_scope(&self, kind: u16, scope: u16) -> Option<usize> {
        let i = self.kind_top(kind)?;
        (i >= self.scope_bound(scope)).then_some(i)
    }

    fn scope_bound(&self, scope: u16) -> usize {
        (0..KINDS)
            .filter(|k| scope & (1 << k) != 0)
            .filter_map(|k| self.kinds[k].last().copied())
            .max()
            .unwrap_or(0)
    }

    fn template_open(&self) -> bool {
        self.top_named(true, "template").is_some()
    }

    fn mode(&self) -> Mode {
        let Some(&i) = self.kinds[MODE.trailing_zeros() as usize].last() else {
            return Mode::Body;
        };
        match &*self.stack[i].name {
            "td" | "th" => Mode::Cell,
            "tr" => Mode::Row,
            "tbody" | "thead" | "tfoot" => Mode::TableBody,
            "caption" => Mode::Caption,
            "colgroup" => Mode::ColumnGroup,
            "table" => Mode::Table,
            "template" => *self.template_modes.last().unwrap_or(&Mode::Body),
            _ => Mode::Body,
        }
    }
}

/// Removes `gone` from `at`, both in order, in time linear in the part
/// of `at` from the first to the last.
fn remove_sorted(at: &mut Vec<usize>, gone: &[usize]) {
    let (Some(first), Some(last)) = (gone.first(), gone.last()) else { return };
    let from = at.partition_point(|j| j < first);
    let to = at.partition_point(|j| j <= last);
    let kept: Vec<usize> =
        at[from..to].iter().copied().filter(|j| gone.binary_search(j).is_err()).collect();
    at.splice(from..to, kept);
}

/// `<input type=hidden>`.
fn is_hidden(tag: &Tag) -> bool {
    tag.attrs.iter().any(|a| {
        a.name.ns.is_empty() && &*a.name.local == "type" && a.value.eq_ignore_ascii_case("hidden")
    })
}

/// Elements that the head's rules handle, wherever they are.
#[allow(clippy::match_like_matches_macro)] // a match keeps the names packed
fn is_head_content(name: &str) -> bool {
    match name {
        "base" | "basefont" | "bgsound" | "link" | "meta" | "noframes" | "noscript" | "script"
        | "style" | "template" | "title" => true,
        _ => false,
    }
}

#[allow(clippy::match_like_matches_macro)] // a match keeps the names packed
fn is_formatting(name: &str) -> bool {
    match name {
        "a" | "b" | "big" | "code" | "em" | "font" | "i" | "nobr" | "s" | "small" | "strike"
        | "strong" | "tt" | "u" => true,
        _ => false,
    }
}

/// The spec's "special" elements, whose end tags other end tags do not
/// pass.
#[allow(clippy::match_like_matches_macro)] // a match keeps the names packed
fn is_special(name: &str) -> bool {
    match name {
        "address" | "applet" | "area" | "article" | "aside" | "base" | "basefont" | "bgsound"
        | "blockquote" | "body" | "br" | "button" | "caption" | "center" | "col" | "colgroup"
        | "dd" | "details" | "dir" | "div" | "dl" | "dt" | "embed" | "fieldset" | "figcaption"
        | "figure" | "footer" | "form" | "frame" | "frameset" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" | "head" | "header" | "hgroup" | "hr" | "html" | "iframe" | "img"
        | "input" | "isindex" | "li" | "link" | "listing" | "main" | "marquee" | "menu"
        | "meta" | "nav" | "noembed" | "noframes" | "noscript" | "object" | "ol" | "p"
        | "param" | "plaintext" | "pre" | "script" | "section" | "select" | "source" | "style"
        | "summary" | "table" | "tbody" | "td" | "template" | "textarea" | "tfoot" | "th"
        | "thead" | "title" | "tr" | "track" | "ul" | "wbr" | "xmp" => true,
        _ => false,
    }
}

/// Start tags that end SVG and MathML content (but in what holds HTML).
fn breaks_out(tag: &Tag) -> bool {
    match &*tag.name {
        "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl"
        | "dt" | "em" | "embed" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i"
        | "img" | "li" | "listing" | "menu" | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby"
        | "s" | "small" | "span" | "strong" | "strike" | "sub" | "sup" | "table" | "tt" | "u"
        | "ul" | "var" => true,
        "font" => tag
            .attrs
            .iter()
            .any(|a| a.name.ns.is_empty() && matches!(&*a.name.local, "color" | "face" | "size")),
        _ => false,
    }
}

/// SVG and MathML elements that hold HTML (the spec's HTML and MathML
/// text integration points, less annotation-xml).
fn holds_html(ns: Ns, name: &str) -> bool {
    match ns {
        Ns::Html => false,
        Ns::Svg => matches!(name, "foreignobject" | "desc" | "title"),
        Ns::Math => matches!(name, "mi" | "mo" | "mn" | "ms" | "mtext"),
    }
}

fn kinds_of(ns: Ns, name: &str) -> u16 {
    if ns != Ns::Html {
        return if holds_html(ns, name) { SCOPE } else { 0 };
    }
    let mut kinds = HTML;
    kinds |= match name {
        "applet" | "caption" | "marquee" | "object" | "select" | "td" | "th" => SCOPE,
        "html" | "table" | "template" => SCOPE | TABLE_SCOPE,
        "button" => BUTTON,
        "ol" | "ul" => LIST,
        _ => 0,
    };
    if is_special(name) {
        kinds |= SPECIAL;
        if !matches!(name, "address" | "div" | "p") {
            kinds |= STOPS_LI;
        }
    }
    kinds |= match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => HEADING,
        "td" | "th" => CELL | MODE,
        "tr" => MODE | ROW_CONTEXT,
        "tbody" | "thead" | "tfoot" => MODE | BODY_CONTEXT,
        "template" | "html" => MODE | BODY_CONTEXT | ROW_CONTEXT,
        "caption" | "colgroup" | "table" | "body" => MODE,
        _ => 0,
    };
    kinds
}

/// Whether a doctype puts the page in quirks mode, where a `<table>`
/// does not close an open `<p>`. The public ids are an abridged list of
/// the spec's: those of old HTML versions and browsers.
fn quirky(doctype: &Doctype) -> bool {
    if doctype.force_quirks || doctype.name.as_deref() != Some("html") {
        return true;
    }
    let system = doctype.system_id.as_deref().map(str::to_ascii_lowercase);
    if system.as_deref() == Some("http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd") {
        return true;
    }
    let Some(public) = doctype.public_id.as_deref().map(str::to_ascii_lowercase) else {
        return false;
    };
    const PREFIXES: &[&str] = &[
        "-//ietf//dtd html",
        "-//w3c//dtd html 3",
        "-//w3c//dtd html 4.0 frameset//",
        "-//w3c//dtd html 4.0 transitional//",
        "-//w3c//dtd html experimental",
        "-//w3c//dtd w3 html//",
        "-//w3o//dtd w3 html 3.0//",
        "-//microsoft//dtd internet explorer",
        "-//netscape comm. corp.//dtd",
        "-//webtechs//dtd mozilla html",
    ];
    matches!(public.as_str(), "html" | "-/w3c/dtd html 4.0 transitional/en")
        || PREFIXES.iter().any(|p| public.starts_with(p))
        || (system.is_none()
            && (public.starts_with("-//w3c//dtd html 4.01 frameset//")
                || public.starts_with("-//w3c//dtd html 4.01 transitional//")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_visible_text_and_drops_the_rest() {
        let (title, text) = extract(
            "<html><head><title>Raqqa &amp; Deir</title><style>p{}</style></head>\
             <body><h1>Headline</h1><p>Fighting in  <b>Raqqa</b>\n city.</p>\
             <script>var Mosul = 1;</script><!-- Homs --><p>Next&nbsp;para<br>line</p></body></html>",
        );
        assert_eq!(title.as_deref(), Some("Raqqa & Deir"));
        assert_eq!(text, "Headline\n\nFighting in Raqqa city.\n\nNext para\nline");
    }

    #[test]
    fn menus_sidebars_and_footers_are_not_the_article() {
        let (_, text) = extract(
            "<body><nav>World | Middle East | Africa</nav><header><h1>Raqqa</h1></header>\
             <p>Fighting in Raqqa.</p><aside><h3>Related</h3><a>Floods in Lagos</a></aside>\
             <footer>\u{a9} Example News, London</footer></body>",
        );
        assert_eq!(text, "Raqqa\n\nFighting in Raqqa.");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}Raqqa{}", "<div><span>".repeat(5_000), "</span></div>".repeat(5_000));
        let (_, text) = extract(&html);
        assert_eq!(text.trim(), "Raqqa");
    }

    #[test]
    fn script_text_is_not_markup() {
        let (_, text) = extract(
            "<p>Before</p><script>if (a<b) { document.write(\"<p>Mosul</p>\"); }</script><p>After</p>",
        );
        assert_eq!(text, "Before\n\nAfter");
    }

    #[test]
    fn title_entities_are_decoded() {
        let (title, text) =
            extract("<title>Aleppo &amp; Idlib &lt;live&gt;</title><h1>Other</h1>x");
        assert_eq!(title.as_deref(), Some("Aleppo & Idlib <live>"));
        assert_eq!(text, "Other\nx");
    }

    #[test]
    fn stray_end_tags_are_ignored() {
        let (_, text) = extract("</script></div></p><p>Raqqa</p></b></table></style>Homs");
        assert_eq!(text, "Raqqa\nHoms");
    }

    #[test]
    fn a_hundred_thousand_nested_divs() {
        let d = 100_000;
        let html = format!(
            "<html><body><p>x</p>{}Deep Manbij.{}<p>after",
            "<div>".repeat(d),
            "</div>".repeat(d / 2)
        );
        assert_eq!(extract(&html).1, "x\n\nDeep Manbij.\n\nafter");
        let tables = format!("<p>x{}cell<p>after", "<table><tr><td>".repeat(d / 4));
        assert_eq!(extract(&tables).1, "x\n\ncell\nafter");
        let misnested =
            format!("<p>x{}deep{}after", "<b><i><div>".repeat(d / 4), "</b>".repeat(d / 4));
        assert_eq!(extract(&misnested).1, "x\n\ndeepafter");
    }

    #[test]
    fn unclosed_tags_end_with_the_page() {
        assert_eq!(extract("<p>Manbij <b>bold <i>both").1, "Manbij bold both");
        assert_eq!(extract("<p>Manbij<script>var x = 1;").1, "Manbij");
    }

    #[test]
    fn cdata_in_svg_is_dropped() {
        let (_, text) = extract(
            "<p>Homs</p><svg><![CDATA[ Deir <ez> Zor ]]><text>Palmyra</text></svg><p>Hama</p>",
        );
        assert_eq!(text, "Homs\n\nHama");
        // Outside SVG, the tokenizer reads it as a comment, up to the ">".
        assert_eq!(extract("<p>Homs<![CDATA[Deir]]>Zor").1, "HomsZor");
    }

    #[test]
    fn comments_hide_tags() {
        let (_, text) = extract("<p>Daraa<!-- <p>Quneitra</p> <script> --></p><p>Latakia</p>");
        assert_eq!(text, "Daraa\n\nLatakia");
    }

    #[test]
    fn end_tags_left_out_are_implied() {
        let (_, text) = extract(
            "<p>one<p>two<ul><li>three<li>four</ul><table><tr><td>five<td>six<tr><td>seven</table>",
        );
        assert_eq!(text, "one\n\ntwo\n\nthree\n\nfour\n\nfive\n\nsix\n\nseven");
        assert_eq!(extract("<b>a<p>b</b>c</p>d<h2>e<h3>f").1, "a\nbc\nd\ne\n\nf");
    }

    #[test]
    fn text_misplaced_in_a_table_goes_before_it() {
        let (_, text) = extract("<table><tr><td>cell</td></tr>stray<b>bold</b></table>after");
        assert_eq!(text, "straybold\n\ncell\n\nafter");
    }

    #[test]
    fn pre_and_textarea_keep_their_text() {
        let (_, text) =
            extract("<pre>\n  keep   this\n</pre><textarea>\n typed &amp; kept</textarea>");
        assert_eq!(text, "  keep   this\n\ntyped & kept");
    }

    #[test]
    fn the_first_h1_is_the_title_without_one() {
        let (title, text) = extract("<body><h1>Only heading</h1><p>text");
        assert_eq!(title.as_deref(), Some("Only heading"));
        assert_eq!(text, "Only heading\n\ntext");
    }
}
