//! CommonMark + GFM (through comrak) to model blocks and inlines, with source spans.
//!
//! Raw HTML is never passed through: the few tags a brief legitimately uses (`<sup>`, `<sub>`,
//! `<br>`, `<em>`, `<strong>`…) become model nodes; every other tag is dropped and its text kept,
//! except inside `<script>`/`<style>`, whose content is never text a reader should see.

use super::attributes;
use super::html::{self, Piece};
use crate::diag::Diagnostics;
use crate::model::text::{merge_text, trim_inlines};
use crate::model::{Align, Block, Inline, Span};
use comrak::nodes::{
    AstNode, ListType, NodeCodeBlock, NodeList, NodeTable, NodeValue, TableAlignment,
};
use comrak::{Arena, Options};

/// Which input style is being read; it changes how `<sup>N</sup>` is understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Authored,
    Extracted,
}

/// A top-level piece of the body, before it is sorted into the model's parts.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Heading {
        level: u8,
        content: Vec<Inline>,
        span: Span,
    },
    Block(Block),
    /// A `---` line: a page break in extracted text, a rule in authored text.
    Break(Span),
    FootnoteDef {
        label: String,
        blocks: Vec<Block>,
        span: Span,
    },
}

pub struct Converter<'d> {
    pub style: Style,
    pub diags: &'d mut Diagnostics,
    pub max_depth: usize,
    depth_warned: bool,
    html_warned: bool,
    /// Where the text being read starts in the file (see [`Converter::with_origin`]).
    origin: Span,
    /// The file's line of each line of the text, where line passes rewrote it (see
    /// [`Converter::with_line_map`]).
    line_map: Option<Vec<u32>>,
}

pub fn comrak_options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.footnotes = true;
    o.extension.tasklist = false;
    o.parse.smart = true;
    o.parse.sourcepos_chars = true;
    o.parse.leave_footnote_definitions = true;
    o
}

impl<'d> Converter<'d> {
    pub fn new(style: Style, diags: &'d mut Diagnostics, max_depth: usize) -> Self {
        Converter {
            style,
            diags,
            max_depth,
            depth_warned: false,
            html_warned: false,
            origin: Span::new(1, 1),
            line_map: None,
        }
    }

    /// Reads a text whose line `n` (1-based) stands at line `map[n - 1]` of the file, so that
    /// spans point into the file however the line passes moved its lines.
    pub fn with_line_map(mut self, map: Vec<u32>) -> Self {
        self.line_map = Some(map);
        self
    }

    /// Reads a text that starts at `origin` in the file (the front matter's `summary:` value),
    /// so that every span and diagnostic points into the file.
    pub fn with_origin(mut self, origin: Span) -> Self {
        self.origin = origin;
        self
    }

    /// Where `node` starts in the file.
    fn at(&self, node: &AstNode<'_>) -> Span {
        let pos = node.data.borrow().sourcepos;
        let (line, col) = (pos.start.line as u32, pos.start.column as u32);
        if let Some(map) = &self.line_map {
            let line = map.get(line as usize - 1).copied().unwrap_or(line);
            return Span::new(line, col);
        }
        if line == 1 {
            Span::new(self.origin.line, self.origin.col + col - 1)
        } else {
            // Later lines of an indented block scalar are indented as much as the first.
            Span::new(self.origin.line + line - 1, self.origin.col + col - 1)
        }
    }

    /// Parses `body` (front matter already blanked out, so lines stay where they were).
    pub fn convert(&mut self, body: &str) -> Vec<Item> {
        let arena = Arena::new();
        let root = comrak::parse_document(&arena, body, &comrak_options());
        join_cut_html_tables(root);
        let mut items = Vec::new();
        for child in root.children() {
            self.top_level(child, &mut items);
        }
        items
    }

    fn top_level<'a>(&mut self, node: &'a AstNode<'a>, items: &mut Vec<Item>) {
        let span = self.at(node);
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Heading(h) => items.push(Item::Heading {
                level: h.level,
                content: self.inlines(node, 0),
                span,
            }),
            NodeValue::ThematicBreak => items.push(Item::Break(span)),
            NodeValue::FootnoteDefinition(def) => {
                let mut blocks = Vec::new();
                for child in node.children() {
                    self.block(child, 1, &mut blocks);
                }
                items.push(Item::FootnoteDef {
                    label: def.name.clone(),
                    blocks,
                    span,
                });
            }
            _ => {
                let mut blocks = Vec::new();
                self.block(node, 0, &mut blocks);
                items.extend(blocks.into_iter().map(Item::Block));
            }
        }
    }

    fn too_deep(&mut self, depth: usize, span: Span) -> bool {
        if depth < self.max_depth {
            return false;
        }
        if !self.depth_warned {
            self.depth_warned = true;
            self.diags.warn(
                span,
                format!(
                    "nesting deeper than {} is flattened (the text is kept)",
                    match self.max_depth {
                        1 => "1 level".to_string(),
                        n => format!("{n} levels"),
                    }
                ),
            );
        }
        true
    }

    /// Converts one block node, appending to `out` (a node may yield zero or several blocks).
    fn block<'a>(&mut self, node: &'a AstNode<'a>, depth: usize, out: &mut Vec<Block>) {
        let span = self.at(node);
        if depth > self.max_depth {
            return self.flatten_blocks(node, depth, out);
        }
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Paragraph => self.paragraph(node, depth, span, out),
            NodeValue::Heading(h) => {
                // Headings nested in lists or quotes stay headings of the section.
                out.push(Block::Heading {
                    level: h.level.clamp(3, 6),
                    content: self.inlines(node, depth),
                    id: String::new(),
                    span,
                })
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.quote(node, depth, span, out)
            }
            NodeValue::List(list) => self.list(node, &list, depth, span, out),
            NodeValue::CodeBlock(code) => out.push(code_block(&code)),
            NodeValue::HtmlBlock(html) => self.html_block(&html.literal, span, out),
            NodeValue::ThematicBreak => out.push(Block::Rule),
            NodeValue::Table(table) => out.push(self.table(node, &table, depth)),
            // A list item's blocks join the list's; a note definition nested in a container
            // cannot be one here, so its text is kept. The other containers have no model
            // counterpart: their content is kept.
            NodeValue::Item(_)
            | NodeValue::TaskItem(_)
            | NodeValue::FootnoteDefinition(_)
            | NodeValue::Document
            | NodeValue::FrontMatter(_)
            | NodeValue::DescriptionList
            | NodeValue::DescriptionItem(_)
            | NodeValue::DescriptionTerm
            | NodeValue::DescriptionDetails
            | NodeValue::TableRow(_)
            | NodeValue::TableCell
            | NodeValue::Alert(_)
            | NodeValue::Callout(_)
            | NodeValue::CalloutTitle
            | NodeValue::Subtext
            | NodeValue::BlockDirective(_)
            | NodeValue::MultilineComment(_) => self.child_blocks(node, depth + 1, out),
            // Inline kinds never stand at block level in a parsed tree.
            NodeValue::Text(_)
            | NodeValue::SoftBreak
            | NodeValue::LineBreak
            | NodeValue::Code(_)
            | NodeValue::HtmlInline(_)
            | NodeValue::Raw(_)
            | NodeValue::Emph
            | NodeValue::Strong
            | NodeValue::Strikethrough
            | NodeValue::Highlight
            | NodeValue::Insert
            | NodeValue::Superscript
            | NodeValue::Link(_)
            | NodeValue::Image(_)
            | NodeValue::FootnoteReference(_)
            | NodeValue::Math(_)
            | NodeValue::Escaped
            | NodeValue::WikiLink(_)
            | NodeValue::Underline
            | NodeValue::Subscript
            | NodeValue::SpoileredText
            | NodeValue::EscapedTag(_)
            | NodeValue::CommentInline(_) => {
                let content = self.inlines(node, depth);
                if !content.is_empty() {
                    out.push(Block::Paragraph { content, span });
                }
            }
        }
    }

    /// The blocks of every child of `node`, at `depth`.
    fn child_blocks<'a>(&mut self, node: &'a AstNode<'a>, depth: usize, out: &mut Vec<Block>) {
        for child in node.children() {
            self.block(child, depth, out);
        }
    }

    /// A block quote; at the depth cap its blocks stand in its place.
    fn quote<'a>(&mut self, node: &'a AstNode<'a>, depth: usize, span: Span, out: &mut Vec<Block>) {
        let flatten = self.too_deep(depth, span);
        let mut blocks = Vec::new();
        self.child_blocks(node, depth + 1, &mut blocks);
        if flatten {
            out.extend(blocks);
        } else {
            out.push(Block::Quote { blocks });
        }
    }

    /// A list; at the depth cap its items' blocks stand in its place.
    fn list<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        list: &NodeList,
        depth: usize,
        span: Span,
        out: &mut Vec<Block>,
    ) {
        let flatten = self.too_deep(depth, span);
        let mut items = Vec::new();
        for item in node.children() {
            let mut blocks = Vec::new();
            self.child_blocks(item, depth + 1, &mut blocks);
            items.push(blocks);
        }
        if flatten {
            out.extend(items.into_iter().flatten());
        } else {
            let ordered = list.list_type == ListType::Ordered;
            out.push(Block::List {
                ordered,
                start: (ordered && list.start != 1).then_some(list.start as u64),
                tight: list.tight,
                items,
            });
        }
    }

    /// A raw HTML block: never passed through, its text kept as a paragraph.
    fn html_block(&mut self, literal: &str, span: Span, out: &mut Vec<Block>) {
        if html::has_table(literal) {
            return self.html_tables(literal, span, out);
        }
        let text = strip_tags(literal);
        self.warn_html(span, literal);
        if !text.trim().is_empty() {
            out.push(Block::Paragraph {
                content: vec![Inline::text(text.trim())],
                span,
            });
        }
    }

    /// An HTML block holding tables: each a table, the text around them paragraphs.
    fn html_tables(&mut self, literal: &str, span: Span, out: &mut Vec<Block>) {
        for part in html::parts(literal) {
            match part {
                html::Part::Text(text) => {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        self.warn_html(span, literal);
                        out.push(Block::Paragraph {
                            content: vec![Inline::text(text)],
                            span,
                        });
                    }
                }
                html::Part::Table(grid) => {
                    let mut cells = |row: Vec<Vec<Piece>>| -> Vec<Vec<Inline>> {
                        row.into_iter()
                            .map(|cell| merge_text(trim_inlines(self.pieces(cell, span))))
                            .collect()
                    };
                    let header = cells(grid.header);
                    let rows = grid.rows.into_iter().map(&mut cells).collect();
                    out.push(Block::Table {
                        align: grid.align,
                        header,
                        rows,
                        caption: Vec::new(),
                    });
                }
            }
        }
    }

    /// A table cell's HTML as inlines, its elements read as inline HTML is.
    fn pieces(&mut self, pieces: Vec<Piece>, span: Span) -> Vec<Inline> {
        let mut out = Vec::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => {
                    let text = collapse_spaces(&t);
                    out.extend(split_note_refs(&text, |_| span));
                }
                Piece::Element {
                    name,
                    href,
                    content,
                } => {
                    let inner = self.pieces(content, span);
                    match name.as_str() {
                        "br" => out.push(Inline::LineBreak),
                        "a" => out.extend(link_inline(
                            href.as_deref().unwrap_or(""),
                            "",
                            inner,
                            false,
                            span,
                        )),
                        "p" | "div" | "li" => {
                            out.push(Inline::text(" "));
                            out.extend(inner);
                            out.push(Inline::text(" "));
                        }
                        _ => out.extend(self.wrap_tag(&name, inner, span)),
                    }
                }
            }
        }
        merge_text(out)
    }

    /// A GFM table: the first header row is the header, every other row a body row.
    fn table<'a>(&mut self, node: &'a AstNode<'a>, table: &NodeTable, depth: usize) -> Block {
        let align = table
            .alignments
            .iter()
            .map(|a| match a {
                TableAlignment::None => Align::None,
                TableAlignment::Left => Align::Left,
                TableAlignment::Center => Align::Center,
                TableAlignment::Right => Align::Right,
            })
            .collect();
        let mut header = Vec::new();
        let mut rows = Vec::new();
        for row in node.children() {
            let is_header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
            let cells: Vec<Vec<Inline>> = row
                .children()
                .map(|cell| self.inlines(cell, depth + 1))
                .collect();
            if is_header && header.is_empty() {
                // An empty header row stands for none (pandoc's tables may have none; GFM
                // needs one).
                if cells.iter().any(|c| !c.is_empty()) {
                    header = cells;
                }
            } else {
                rows.push(cells);
            }
        }
        Block::Table {
            align,
            header,
            rows,
            caption: Vec::new(),
        }
    }

    /// Past the depth cap: every leaf block of the subtree, in order, without recursion (so
    /// that no nesting depth can exhaust the stack).
    fn flatten_blocks<'a>(&mut self, node: &'a AstNode<'a>, depth: usize, out: &mut Vec<Block>) {
        self.too_deep(depth, self.at(node));
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            let is_container = matches!(
                n.data.borrow().value,
                NodeValue::BlockQuote
                    | NodeValue::MultilineBlockQuote(_)
                    | NodeValue::List(_)
                    | NodeValue::Item(_)
                    | NodeValue::TaskItem(_)
                    | NodeValue::FootnoteDefinition(_)
                    | NodeValue::Document
                    | NodeValue::DescriptionList
                    | NodeValue::DescriptionItem(_)
                    | NodeValue::DescriptionTerm
                    | NodeValue::DescriptionDetails
                    | NodeValue::Alert(_)
                    | NodeValue::Callout(_)
                    | NodeValue::BlockDirective(_)
            );
            if is_container {
                stack.extend(n.reverse_children());
            } else {
                // A leaf block, converted at the cap depth.
                self.block(n, self.max_depth, out);
            }
        }
    }

    /// A paragraph; images standing in it become figures of their own, splitting it.
    fn paragraph<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        depth: usize,
        span: Span,
        out: &mut Vec<Block>,
    ) {
        let start = out.len();
        let mut run: Vec<&'a AstNode<'a>> = Vec::new();
        let mut first = true;
        let mut flush = |this: &mut Self, run: &mut Vec<&'a AstNode<'a>>, out: &mut Vec<Block>| {
            if run.is_empty() {
                return;
            }
            let at = if first { span } else { this.at(run[0]) };
            first = false;
            let content = trim_inlines(this.inline_list(run.iter().copied(), depth));
            run.clear();
            if !content.is_empty() {
                out.push(Block::Paragraph { content, span: at });
            }
        };
        // Extracted notes often stand on consecutive lines with no blank line between them:
        // a paragraph that starts with a note marker is split at every line that starts with one.
        let split_notes =
            self.style == Style::Extracted && node.first_child().is_some_and(starts_note_marker);
        for child in node.children() {
            let value = child.data.borrow().value.clone();
            let line_break = matches!(value, NodeValue::SoftBreak | NodeValue::LineBreak);
            if split_notes && line_break && child.next_sibling().is_some_and(starts_note_marker) {
                flush(self, &mut run, out);
                continue;
            }
            // A numbered item after the text a page break carried over (`offset at all.` /
            // `4. Emissions…`) cannot interrupt a paragraph in CommonMark: split it off as the
            // list item it is, for the rejoin pass to add to its list.
            if self.style == Style::Extracted
                && line_break
                && let Some(number) = child.next_sibling().and_then(|n| item_number(n))
            {
                flush(self, &mut run, out);
                let mut item = Vec::new();
                let rest: Vec<&'a AstNode<'a>> = child.following_siblings().skip(1).collect();
                flush(self, &mut rest.clone(), &mut item);
                if let Some(Block::Paragraph { content, .. }) = item.first_mut()
                    && let Some(Inline::Text { text }) = content.first_mut()
                {
                    let cut = text.find(' ').map_or(text.len(), |i| i + 1);
                    text.replace_range(..cut, "");
                }
                out.push(Block::List {
                    ordered: true,
                    start: Some(number),
                    tight: true,
                    items: vec![item],
                });
                return;
            }
            if let NodeValue::Image(link) = value {
                flush(self, &mut run, out);
                let alt = crate::model::plain_text(&self.inlines(child, depth));
                out.push(Block::Image {
                    url: link.url.clone(),
                    alt,
                    title: (!link.title.is_empty()).then(|| link.title.clone()),
                    span: self.at(child),
                });
            } else {
                run.push(child);
            }
        }
        flush(self, &mut run, out);
        let mut made = out.split_off(start);
        drop_figure_sizes(&mut made);
        made.retain(|b| !matches!(b, Block::Paragraph { content, .. } if content.is_empty()));
        out.append(&mut made);
    }

    /// The inline children of `node`.
    pub fn inlines<'a>(&mut self, node: &'a AstNode<'a>, depth: usize) -> Vec<Inline> {
        trim_inlines(self.inline_list(node.children(), depth))
    }

    /// Converts a run of sibling inline nodes, pairing raw `<tag>`…`</tag>` siblings.
    fn inline_list<'a>(
        &mut self,
        nodes: impl Iterator<Item = &'a AstNode<'a>>,
        depth: usize,
    ) -> Vec<Inline> {
        // A stack of open raw-HTML elements; frame 0 is the run itself.
        let mut stack: Vec<(String, Vec<Inline>, Span)> =
            vec![(String::new(), Vec::new(), Span::default())];
        for node in nodes {
            let value = node.data.borrow().value.clone();
            if let NodeValue::HtmlInline(raw) = &value {
                let span = self.at(node);
                match parse_tag(raw) {
                    Some(Tag::Open(name)) if name == "br" => {
                        stack.last_mut().unwrap().1.push(Inline::LineBreak)
                    }
                    Some(Tag::Open(name))
                        if is_known_inline_tag(&name) || is_dropped_tag(&name) =>
                    {
                        if !is_known_inline_tag(&name) {
                            self.warn_html(span, raw);
                        }
                        stack.push((name, Vec::new(), span));
                    }
                    Some(Tag::Close(name)) if stack.iter().skip(1).any(|(n, _, _)| *n == name) => {
                        while let Some((open, content, at)) = stack.pop() {
                            let wrapped =
                                self.wrap_tag_within(&open, content, at, depth + stack.len());
                            stack.last_mut().unwrap().1.extend(wrapped);
                            if open == name {
                                break;
                            }
                        }
                    }
                    _ => self.warn_html(span, raw),
                }
                continue;
            }
            // Inside raw elements, as deep as they nest.
            let converted = self.inline(node, &value, depth + stack.len() - 1);
            stack.last_mut().unwrap().1.extend(converted);
        }
        while stack.len() > 1 {
            let (open, content, at) = stack.pop().unwrap();
            let wrapped = self.wrap_tag_within(&open, content, at, depth + stack.len());
            stack.last_mut().unwrap().1.extend(wrapped);
        }
        attributes::strip(merge_text(stack.pop().unwrap().1))
    }

    /// A raw element nested `level` deep: at the depth cap its content stands in its place, as
    /// for Markdown's own emphasis (60 nested `<sup>` once made a model too deep for the PDF's
    /// data to be read back).
    fn wrap_tag_within(
        &mut self,
        tag: &str,
        content: Vec<Inline>,
        at: Span,
        level: usize,
    ) -> Vec<Inline> {
        if self.too_deep(level - 1, at) {
            return content;
        }
        self.wrap_tag(tag, content, at)
    }

    /// Turns a raw element (opened at `at`) into model inlines.
    fn wrap_tag(&mut self, tag: &str, content: Vec<Inline>, at: Span) -> Vec<Inline> {
        match tag {
            "sup" => {
                let text = crate::model::plain_text(&content);
                match (self.style, note_numbers(&text)) {
                    (Style::Extracted, Some(labels)) => labels
                        .into_iter()
                        .map(|label| Inline::FootnoteRef {
                            number: 0,
                            label,
                            repeat: false,
                            span: at,
                        })
                        .collect(),
                    _ => vec![Inline::Superscript { content }],
                }
            }
            "sub" => vec![Inline::Subscript { content }],
            "em" | "i" | "cite" | "dfn" | "var" => vec![Inline::Emph { content }],
            "strong" | "b" => vec![Inline::Strong { content }],
            "s" | "del" | "strike" => vec![Inline::Strikeout { content }],
            "code" | "kbd" | "samp" => vec![Inline::Code {
                text: crate::model::plain_text(&content),
            }],
            "script" | "style" | "template" | "noscript" | "iframe" | "object" | "svg" | "math" => {
                Vec::new()
            }
            _ => content,
        }
    }

    /// Converts one inline node (raw HTML tags are paired by [`Converter::inline_list`]).
    fn inline<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        value: &NodeValue,
        depth: usize,
    ) -> Vec<Inline> {
        let span = self.at(node);
        if depth > self.max_depth {
            self.too_deep(depth, span);
            return flatten_text(node);
        }
        let deep = self.too_deep(depth, span);
        let children = |this: &mut Self| this.inline_list(node.children(), depth + 1);
        // At the depth cap formatting is dropped and its content kept.
        let styled = |this: &mut Self, wrap: fn(Vec<Inline>) -> Inline| {
            let content = children(this);
            if deep { content } else { vec![wrap(content)] }
        };
        match value {
            // comrak leaves `[^label]` as text when no `[^label]:` defines it here (the front
            // matter's `summary:` cites notes defined in the body): a reference all the same,
            // resolved or reported by the numbering pass.
            NodeValue::Text(t) => split_note_refs(t, |col| Span::new(span.line, span.col + col)),
            NodeValue::SoftBreak => vec![Inline::text(" ")],
            NodeValue::LineBreak => vec![Inline::LineBreak],
            NodeValue::Code(c) => vec![Inline::Code {
                text: c.literal.clone(),
            }],
            NodeValue::Emph | NodeValue::Underline | NodeValue::Insert => {
                styled(self, |content| Inline::Emph { content })
            }
            NodeValue::Strong | NodeValue::Highlight => {
                styled(self, |content| Inline::Strong { content })
            }
            NodeValue::Strikethrough => styled(self, |content| Inline::Strikeout { content }),
            NodeValue::Superscript => styled(self, |content| Inline::Superscript { content }),
            NodeValue::Subscript => styled(self, |content| Inline::Subscript { content }),
            NodeValue::Link(link) => match autolink_before_note(node, &link.url) {
                Some((url, text, rest)) => {
                    let col = span.col + text.chars().count() as u32;
                    let mut out = link_inline(&url, "", vec![Inline::text(text)], deep, span);
                    out.extend(split_note_refs(&rest, |c| Span::new(span.line, col + c)));
                    merge_text(out)
                }
                None => {
                    let content = children(self);
                    link_inline(&link.url, &link.title, content, deep, span)
                }
            },
            NodeValue::Image(link) => {
                // An image inside emphasis or a link: keep its description as text.
                let alt = children(self);
                self.diags.warn(
                    span,
                    format!(
                        "image `{}` inside other formatting is kept as its description only",
                        link.url
                    ),
                );
                alt
            }
            NodeValue::FootnoteReference(r) => vec![Inline::FootnoteRef {
                number: 0,
                label: r.name.clone(),
                repeat: false,
                span,
            }],
            NodeValue::HtmlInline(raw) | NodeValue::Raw(raw) => {
                self.warn_html(span, raw);
                Vec::new()
            }
            NodeValue::Math(m) => vec![Inline::text(m.literal.clone())],
            NodeValue::EscapedTag(t) => vec![Inline::text(t.to_string())],
            NodeValue::Escaped
            | NodeValue::WikiLink(_)
            | NodeValue::SpoileredText
            | NodeValue::CommentInline(_) => children(self),
            // Block kinds never appear inside inline content; keep any text they hold.
            NodeValue::Document
            | NodeValue::FrontMatter(_)
            | NodeValue::BlockQuote
            | NodeValue::List(_)
            | NodeValue::Item(_)
            | NodeValue::DescriptionList
            | NodeValue::DescriptionItem(_)
            | NodeValue::DescriptionTerm
            | NodeValue::DescriptionDetails
            | NodeValue::CodeBlock(_)
            | NodeValue::HtmlBlock(_)
            | NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::ThematicBreak
            | NodeValue::FootnoteDefinition(_)
            | NodeValue::Table(_)
            | NodeValue::TableRow(_)
            | NodeValue::TableCell
            | NodeValue::TaskItem(_)
            | NodeValue::MultilineBlockQuote(_)
            | NodeValue::Alert(_)
            | NodeValue::Callout(_)
            | NodeValue::CalloutTitle
            | NodeValue::Subtext
            | NodeValue::BlockDirective(_)
            | NodeValue::MultilineComment(_) => children(self),
        }
    }

    fn warn_html(&mut self, span: Span, raw: &str) {
        if !self.html_warned {
            self.html_warned = true;
            let shown: String = raw.trim().chars().take(40).collect();
            self.diags.warn(
                span,
                format!("raw HTML `{shown}` is not passed through (its text is kept); further raw HTML is treated the same way"),
            );
        }
    }
}

/// A link; one whose target extraction lost (`[text](#)`), or one past the depth cap, is
/// plain text.
fn link_inline(
    url: &str,
    title: &str,
    content: Vec<Inline>,
    deep: bool,
    span: Span,
) -> Vec<Inline> {
    let url = url.trim().to_string();
    if url.is_empty() || url == "#" || deep {
        content
    } else {
        let title = Some(title.trim().to_string()).filter(|t| !t.is_empty());
        vec![Inline::Link {
            url,
            title,
            content,
            span,
        }]
    }
}

/// An autolinked address that ran on into a note reference (`https://x.org/a[^3]`, when the
/// note is defined by a line comrak does not read as a definition): the address as it ends
/// before the reference, its text, and what follows it, from which the reference is read.
/// `[` and `^` are not allowed in a URL's path, so `[^` cannot belong to the address.
fn autolink_before_note<'a>(node: &'a AstNode<'a>, url: &str) -> Option<(String, String, String)> {
    let child = node.first_child()?;
    if child.next_sibling().is_some() {
        return None;
    }
    let NodeValue::Text(text) = &child.data.borrow().value else {
        return None;
    };
    // An autolink's text is its address less any scheme comrak added (`www.` → `http://`).
    let scheme = url.strip_suffix(text.as_ref())?;
    let keep = autolink_end(&text[..text.find("[^")?]);
    Some((
        format!("{scheme}{}", &text[..keep]),
        text[..keep].to_string(),
        text[keep..].to_string(),
    ))
}

/// Where an autolinked address ends, by GFM's rules: trailing punctuation and closing
/// parentheses without an opening one are not part of it.
fn autolink_end(text: &str) -> usize {
    let mut end = text.len();
    loop {
        let s = &text[..end];
        let Some(last) = s.chars().next_back() else {
            return end;
        };
        let unbalanced = || s.matches(')').count() > s.matches('(').count();
        if "?!.,:*_~'\"".contains(last) || (last == ')' && unbalanced()) {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// Drops the size pandoc writes after a figure (`![c](c.png){width="6in"}`) from the text that
/// follows it; a paragraph left empty is removed by the caller.
fn drop_figure_sizes(blocks: &mut [Block]) {
    for k in 1..blocks.len() {
        if matches!(blocks[k - 1], Block::Image { .. })
            && let Block::Paragraph { content, .. } = &mut blocks[k]
        {
            attributes::strip_leading(content);
        }
    }
}

/// Joins the blocks a blank line cut one HTML table into (CommonMark ends an HTML block at a
/// blank line, and reads what follows, if indented, as code), so the table is read whole.
fn join_cut_html_tables<'a>(root: &'a AstNode<'a>) {
    let literal = |n: &'a AstNode<'a>| match &n.data.borrow().value {
        NodeValue::HtmlBlock(h) => Some(h.literal.clone()),
        NodeValue::CodeBlock(c) if !c.fenced && c.literal.trim_start().starts_with('<') => {
            Some(c.literal.clone())
        }
        _ => None,
    };
    let is_html = |n: &'a AstNode<'a>| matches!(n.data.borrow().value, NodeValue::HtmlBlock(_));
    let open: Vec<_> = root
        .descendants()
        .filter(|n| is_html(n) && literal(n).is_some_and(|l| html::has_open_table(&l)))
        .collect();
    for node in open {
        while let Some(joined) = literal(node).filter(|l| html::has_open_table(l))
            && let Some(next) = node.next_sibling()
            && let Some(more) = literal(next)
        {
            if let NodeValue::HtmlBlock(h) = &mut node.data.borrow_mut().value {
                h.literal = format!("{joined}\n{more}");
            }
            next.detach();
        }
    }
}

/// A fenced or indented code block: the info string's first word is its language.
fn code_block(code: &NodeCodeBlock) -> Block {
    let lang = code
        .info
        .split_whitespace()
        .next()
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    let text = code
        .literal
        .strip_suffix('\n')
        .unwrap_or(&code.literal)
        .to_string();
    Block::Code { lang, text }
}

/// `text` with every `[^label]` turned into a note reference (resolved later), located by
/// `at` from the reference's column in `text` (0-based, in characters).
fn split_note_refs(text: &str, at: impl Fn(u32) -> Span) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("[^") {
        let after = &rest[start + 2..];
        let Some(n) = after
            .find(']')
            .filter(|&n| n > 0 && !after[..n].contains(|c: char| c.is_whitespace() || c == '['))
        else {
            out.push(Inline::text(&rest[..start + 2]));
            rest = after;
            continue;
        };
        out.push(Inline::text(&rest[..start]));
        let col = text[..text.len() - rest.len() + start].chars().count() as u32;
        out.push(Inline::FootnoteRef {
            number: 0,
            label: after[..n].to_string(),
            repeat: false,
            span: at(col),
        });
        rest = &after[n + 1..];
    }
    out.push(Inline::text(rest));
    merge_text(out)
}

/// Every run of white space as one space (HTML's rendering of text), ends kept.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The text of an inline subtree, gathered without recursion.
fn flatten_text<'a>(node: &'a AstNode<'a>) -> Vec<Inline> {
    let mut text = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.data.borrow().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
        stack.extend(n.reverse_children());
    }
    vec![Inline::text(text)]
}

/// `4. ` or `4) ` opening a line of text: the number of a list item (2 or more: `1.` can
/// start a list in CommonMark by itself).
fn item_number(node: &AstNode<'_>) -> Option<u64> {
    let value = node.data.borrow();
    let NodeValue::Text(t) = &value.value else {
        return None;
    };
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &t[digits..];
    let n: u64 = t[..digits].parse().ok()?;
    (digits <= 3 && n >= 2 && (after.starts_with(". ") || after.starts_with(") "))).then_some(n)
}

/// Does `node` start a note definition: a `<sup>N</sup>` marker, or a marker written as
/// text (`¹ Source`, `[1] Source`, `^1^ Source`)?
fn starts_note_marker(node: &AstNode<'_>) -> bool {
    starts_sup_marker(node) || {
        // comrak may split text at brackets: read the text run up to the line's end.
        let mut line = String::new();
        let mut n = Some(node);
        while let Some(x) = n {
            match &x.data.borrow().value {
                NodeValue::Text(t) => line.push_str(t),
                _ => break,
            }
            n = x.next_sibling();
        }
        super::extracted::markers::leading(&line).is_some()
    }
}

fn starts_sup_marker(node: &AstNode<'_>) -> bool {
    let is_tag = |n: Option<&AstNode<'_>>, open: bool| {
        n.is_some_and(|n| match &n.data.borrow().value {
            NodeValue::HtmlInline(raw) => match parse_tag(raw) {
                Some(Tag::Open(name)) => open && name == "sup",
                Some(Tag::Close(name)) => !open && name == "sup",
                None => false,
            },
            _ => false,
        })
    };
    let Some(text) = node.next_sibling() else {
        return false;
    };
    let numbers = match &text.data.borrow().value {
        NodeValue::Text(t) => note_numbers(t).is_some(),
        _ => false,
    };
    is_tag(Some(node), true) && numbers && is_tag(text.next_sibling(), false)
}

enum Tag {
    Open(String),
    Close(String),
}

fn parse_tag(raw: &str) -> Option<Tag> {
    let raw = raw.trim();
    let inner = raw.strip_prefix('<')?.strip_suffix('>')?;
    let (close, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() {
        return None;
    }
    Some(if close {
        Tag::Close(name)
    } else {
        Tag::Open(name)
    })
}

fn is_known_inline_tag(name: &str) -> bool {
    matches!(
        name,
        "sup"
            | "sub"
            | "em"
            | "i"
            | "strong"
            | "b"
            | "s"
            | "del"
            | "strike"
            | "code"
            | "kbd"
            | "samp"
            | "cite"
            | "dfn"
            | "var"
            | "span"
            | "small"
            | "u"
            | "mark"
            | "abbr"
    )
}

/// Elements whose content must never become text.
fn is_dropped_tag(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "iframe" | "object" | "svg" | "math"
    )
}

/// `1`, `1,2`, `3–5` → the note labels they name; `None` if not only note numbers.
pub fn note_numbers(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    if text.is_empty() || text.len() > 40 {
        return None;
    }
    let mut labels = Vec::new();
    for part in text.split([',', ';']) {
        let part = part.trim();
        if let Some((a, b)) = part.split_once(['-', '–']) {
            let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            if a == 0 || b < a || b - a > 20 {
                return None;
            }
            labels.extend((a..=b).map(|n| n.to_string()));
        } else {
            let n: u32 = part.parse().ok()?;
            if n == 0 {
                return None;
            }
            labels.push(n.to_string());
        }
    }
    Some(labels)
}

/// Text of an HTML fragment without its tags (and without script/style content).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            out.push_str(&rest[..lt]);
        }
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            if skip_until.is_none() {
                out.push_str(after);
            }
            rest = "";
            break;
        };
        let tag = &after[..=gt];
        match parse_tag(tag) {
            Some(Tag::Open(name)) if is_dropped_tag(&name) && skip_until.is_none() => {
                skip_until = Some(name)
            }
            Some(Tag::Close(name)) if skip_until.as_deref() == Some(&name) => skip_until = None,
            _ => {}
        }
        rest = &after[gt + 1..];
    }
    if skip_until.is_none() {
        out.push_str(rest);
    }
    decode_entities(&out)
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_number_lists() {
        assert_eq!(note_numbers("3"), Some(vec!["3".into()]));
        assert_eq!(note_numbers("1,2"), Some(vec!["1".into(), "2".into()]));
        assert_eq!(note_numbers("4–6").map(|v| v.len()), Some(3));
        assert_eq!(note_numbers("th"), None);
        assert_eq!(note_numbers("2nd"), None);
    }

    #[test]
    fn literal_note_references_become_references_at_their_column() {
        let mut d = Diagnostics::new();
        let items =
            Converter::new(Style::Authored, &mut d, 32).convert("Text.[^gone] More [^x y].\n");
        let Some(Item::Block(Block::Paragraph { content, .. })) = items.first() else {
            panic!("{items:?}")
        };
        // The numbering pass reports and drops `gone`; `[^x y]` is no label and stays text.
        assert_eq!(crate::model::plain_text(content), "Text. More [^x y].");
        let spans: Vec<Span> = content
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef { label, span, .. } if label == "gone" => Some(*span),
                _ => None,
            })
            .collect();
        assert_eq!(spans, [Span::new(1, 6)]);
        assert!(d.is_empty());
    }

    #[test]
    fn autolinked_addresses_end_as_gfm_ends_them() {
        assert_eq!(autolink_end("https://x.org/a"), 15);
        assert_eq!(autolink_end("https://x.org/a."), 15);
        assert_eq!(autolink_end("https://x.org/a?b=1)"), 19);
        assert_eq!(autolink_end("https://x.org/(a)"), 17);
        assert_eq!(autolink_end("www.x.org/é,\""), 12);
        assert_eq!(autolink_end(""), 0);
    }

    #[test]
    fn an_autolink_stops_before_a_note_reference_it_ran_into() {
        let mut d = Diagnostics::new();
        let items = Converter::new(Style::Authored, &mut d, 32)
            .convert("Data: https://x.org/a?b=1).[^7] and www.y.org[^8], done.\n");
        let Some(Item::Block(Block::Paragraph { content, .. })) = items.first() else {
            panic!("{items:?}")
        };
        let links: Vec<(&str, String)> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Link { url, content, .. } => {
                    Some((url.as_str(), crate::model::plain_text(content)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            links,
            [
                ("https://x.org/a?b=1", "https://x.org/a?b=1".to_string()),
                ("http://www.y.org", "www.y.org".to_string())
            ]
        );
        let notes: Vec<(&str, Span)> = content
            .iter()
            .filter_map(|i| match i {
                Inline::FootnoteRef { label, span, .. } => Some((label.as_str(), *span)),
                _ => None,
            })
            .collect();
        assert_eq!(notes, [("7", Span::new(1, 28)), ("8", Span::new(1, 46))]);
        assert_eq!(
            crate::model::plain_text(content),
            "Data: https://x.org/a?b=1). and www.y.org, done."
        );
    }

    #[test]
    fn an_html_table_cut_by_blank_lines_is_read_whole_with_its_cells_markup() {
        let mut d = Diagnostics::new();
        let items = Converter::new(Style::Extracted, &mut d, 32).convert(
            "<html><body><table>\n<tr><th>Port</th><th>Cost</th></tr>\n\n    <tr><td><b>Haldby</b><br>north</td><td>3.1<sup>2</sup></td></tr>\n\n<tr><td><a href=\"https://example.org/n\">Norvik</a></td><td>1.4</td></tr>\n</table></body></html>\n\nAfter.\n",
        );
        let Some(Item::Block(Block::Table { header, rows, .. })) = items.first() else {
            panic!("{items:?}")
        };
        assert_eq!(
            header,
            &vec![vec![Inline::text("Port")], vec![Inline::text("Cost")]]
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[0][0],
            vec![
                Inline::Strong {
                    content: vec![Inline::text("Haldby")]
                },
                Inline::LineBreak,
                Inline::text("north")
            ]
        );
        assert!(
            matches!(&rows[0][1][..], [Inline::Text { text }, Inline::FootnoteRef { label, .. }] if text == "3.1" && label == "2"),
            "{:?}",
            rows[0][1]
        );
        assert!(
            matches!(&rows[1][0][..], [Inline::Link { url, .. }] if url == "https://example.org/n")
        );
        assert!(matches!(
            items.get(1),
            Some(Item::Block(Block::Paragraph { .. }))
        ));
        assert!(d.is_empty(), "a table read is no raw HTML left out");
    }

    #[test]
    fn a_figures_pandoc_size_is_dropped_with_the_paragraph_it_leaves() {
        let mut d = Diagnostics::new();
        let items = Converter::new(Style::Authored, &mut d, 32).convert(
            "![Chart](c.png){width=\"6.5in\" height=\"3in\"}\n\n![Map](m.png){width=\"4in\"} Source: survey.\n",
        );
        let kinds: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Block(Block::Image { url, .. }) => url.clone(),
                Item::Block(Block::Paragraph { content, .. }) => crate::model::plain_text(content),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["c.png", "m.png", "Source: survey."]);
    }

    #[test]
    fn sup_is_a_note_only_in_extracted_text() {
        let mut d = Diagnostics::new();
        let conv = |style, d: &mut Diagnostics| {
            Converter::new(style, d, 32).convert("x<sup>2</sup> y<sup>th</sup>\n")
        };
        let refs = |items: Vec<Item>| match items.into_iter().next() {
            Some(Item::Block(Block::Paragraph { content, .. })) => content
                .iter()
                .filter(|i| matches!(i, Inline::FootnoteRef { .. }))
                .count(),
            other => panic!("{other:?}"),
        };
        assert_eq!(refs(conv(Style::Extracted, &mut d)), 1);
        assert_eq!(refs(conv(Style::Authored, &mut d)), 0);
    }

    #[test]
    fn notes_on_consecutive_lines_are_split() {
        let mut d = Diagnostics::new();
        let items = Converter::new(Style::Extracted, &mut d, 32)
            .convert("<sup>1</sup> First.\n<sup>2</sup> Second,\nwrapped.\n\nA body line\n<sup>3</sup> stays.\n");
        let lines: Vec<(String, u32)> = items
            .iter()
            .map(|i| match i {
                Item::Block(Block::Paragraph { content, span }) => (
                    crate::model::plain_text(content)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                    span.line,
                ),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            lines,
            [
                ("First.".to_string(), 1),
                ("Second, wrapped.".to_string(), 2),
                ("A body line stays.".to_string(), 5)
            ]
        );
    }

    #[test]
    fn strip_tags_drops_scripts() {
        assert_eq!(
            strip_tags("<p>a <b>b</b><script>x()</script> c</p>"),
            "a b c"
        );
    }
}
