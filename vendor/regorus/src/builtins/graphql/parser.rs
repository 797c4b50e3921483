// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: a recursive-descent GraphQL parser that follows gqlparser v2's grammar
// decisions, error texts and positions (the first error wins), and its attachment of comments:
// a node takes the comment lines directly before its first token. Nesting is bounded
// (MAX_DEPTH) so a hostile document cannot exhaust the stack.

use super::ast::*;
use super::lexer::{Kind, Lexer, Token};
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub col: i64,
}

type R<T> = Result<T, ParseError>;

pub struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    comment: Comments,
    prev: Option<Token>,
    depth: usize,
}

fn tok_string(t: &Token) -> String {
    if t.value.is_empty() {
        t.kind.as_str().into()
    } else {
        format!(
            "{} {}",
            t.kind.as_str(),
            crate::builtins::strings::strconv_quote(&t.value)
        )
    }
}

const LOCATIONS: &[&str] = &[
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
];

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Self {
        Parser {
            lexer: Lexer::new(text),
            peeked: None,
            comment: Vec::new(),
            prev: None,
            depth: 0,
        }
    }

    fn peek(&mut self) -> &Token {
        if self.peeked.is_none() {
            let mut t = self.lexer.next_token();
            if t.kind == Kind::Comment {
                let mut group = Vec::new();
                while t.kind == Kind::Comment {
                    group.push(core::mem::take(&mut t.value));
                    t = self.lexer.next_token();
                }
                self.comment = group;
            }
            self.peeked = Some(t);
        }
        // Just filled above.
        self.peeked.get_or_insert_with(|| Token {
            kind: Kind::Eof,
            value: String::new(),
            line: 0,
            col: 0,
        })
    }

    fn peek_kind(&mut self) -> Kind {
        self.peek().kind
    }

    fn peek_is_name(&mut self, v: &str) -> bool {
        let t = self.peek();
        t.kind == Kind::Name && t.value == v
    }

    fn pos(&mut self) -> Pos {
        let t = self.peek();
        Pos {
            line: t.line,
            col: t.col,
        }
    }

    fn next(&mut self) -> Token {
        self.peek();
        self.comment.clear();
        let t = self.peeked.take().unwrap_or_else(|| Token {
            kind: Kind::Eof,
            value: String::new(),
            line: 0,
            col: 0,
        });
        self.prev = Some(t.clone());
        t
    }

    fn take_comment(&mut self) -> Comments {
        self.peek();
        self.comment.clone()
    }

    fn error<T>(&self, t: &Token, message: String) -> R<T> {
        Err(ParseError {
            message,
            line: t.line,
            col: t.col,
        })
    }

    fn unexpected<T>(&mut self) -> R<T> {
        let t = self.peek().clone();
        self.unexpected_token(&t)
    }

    fn unexpected_token<T>(&self, t: &Token) -> R<T> {
        self.error(t, format!("Unexpected {}", tok_string(t)))
    }

    fn expect(&mut self, kind: Kind) -> R<Token> {
        let t = self.peek().clone();
        if t.kind == kind {
            return Ok(self.next());
        }
        self.error(
            &t,
            format!("Expected {}, found {}", kind.as_str(), t.kind.as_str()),
        )
    }

    fn expect_keyword(&mut self, v: &str) -> R<Comments> {
        let t = self.peek().clone();
        if t.kind == Kind::Name && t.value == v {
            let c = self.comment.clone();
            self.next();
            return Ok(c);
        }
        self.error(
            &t,
            format!(
                "Expected {}, found {}",
                crate::builtins::strings::strconv_quote(v),
                tok_string(&t)
            ),
        )
    }

    fn skip(&mut self, kind: Kind) -> bool {
        if self.peek_kind() == kind {
            self.next();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> R<String> {
        Ok(self.expect(Kind::Name)?.value)
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > super::MAX_DEPTH {
            let t = self.peek().clone();
            return self.error(
                &t,
                format!("document nested deeper than {} levels", super::MAX_DEPTH),
            );
        }
        Ok(())
    }

    // gqlparser's `many`: an optional, possibly empty, delimited list.
    fn many(&mut self, start: Kind, end: Kind, mut cb: impl FnMut(&mut Self) -> R<()>) -> R<()> {
        if !self.skip(start) {
            return Ok(());
        }
        while self.peek_kind() != end {
            cb(self)?;
        }
        self.next();
        Ok(())
    }

    // gqlparser's `some`: an optional list that, once opened, needs one item; returns the
    // comment before its closing token.
    fn some(
        &mut self,
        start: Kind,
        end: Kind,
        mut cb: impl FnMut(&mut Self) -> R<()>,
    ) -> R<Comments> {
        if !self.skip(start) {
            return Ok(Vec::new());
        }
        let mut called = false;
        while self.peek_kind() != end {
            called = true;
            cb(self)?;
        }
        if !called {
            let t = self.peek().clone();
            return self.error(
                &t,
                format!(
                    "expected at least one definition, found {}",
                    t.kind.as_str()
                ),
            );
        }
        let c = self.comment.clone();
        self.next();
        Ok(c)
    }

    // `some`, keeping what `item` parses: the items and the comment before the closing token.
    fn some_of<T>(
        &mut self,
        start: Kind,
        end: Kind,
        mut item: impl FnMut(&mut Self) -> R<T>,
    ) -> R<(Vec<T>, Comments)> {
        let mut out = Vec::new();
        let end_comment = self.some(start, end, |p| {
            out.push(item(p)?);
            Ok(())
        })?;
        Ok((out, end_comment))
    }

    // `many`, keeping what `item` parses.
    fn many_of<T>(
        &mut self,
        start: Kind,
        end: Kind,
        mut item: impl FnMut(&mut Self) -> R<T>,
    ) -> R<Vec<T>> {
        let mut out = Vec::new();
        self.many(start, end, |p| {
            out.push(item(p)?);
            Ok(())
        })?;
        Ok(out)
    }

    // `name: value`, an argument or an object's field, with its position and comment.
    fn named_value(&mut self, is_const: bool) -> R<NamedValue> {
        let pos = self.pos();
        let comment = self.take_comment();
        let name = self.name()?;
        self.expect(Kind::Colon)?;
        Ok(NamedValue {
            name,
            value: self.value(is_const)?,
            pos,
            comment,
        })
    }

    // An optional `= value` (a variable's or an input value's default).
    fn default_value(&mut self) -> R<Option<GValue>> {
        if self.skip(Kind::Equals) {
            Ok(Some(self.value(true)?))
        } else {
            Ok(None)
        }
    }

    // Names separated by `sep`, which may also lead: `= A | B` of a union, `implements & A & B`.
    fn names_separated_by(&mut self, sep: Kind) -> R<Vec<String>> {
        self.skip(sep);
        let mut out = alloc::vec![self.name()?];
        while self.skip(sep) {
            out.push(self.name()?);
        }
        Ok(out)
    }

    // --- query documents -------------------------------------------------------------------

    pub fn query_document(&mut self) -> R<QueryDocument> {
        let mut doc = QueryDocument::default();
        loop {
            let t = self.peek().clone();
            match t.kind {
                Kind::Eof => break,
                Kind::Name => match t.value.as_str() {
                    "query" | "mutation" | "subscription" => doc.operations.push(self.operation()?),
                    "fragment" => doc.fragments.push(self.fragment_definition()?),
                    _ => return self.unexpected(),
                },
                Kind::BraceL => doc.operations.push(self.operation()?),
                _ => return self.unexpected(),
            }
        }
        Ok(doc)
    }

    fn operation(&mut self) -> R<OperationDefinition> {
        let pos = self.pos();
        let comment = self.take_comment();
        if self.peek_kind() == Kind::BraceL {
            // gqlparser gives the `{ ... }` shorthand no comment.
            return Ok(OperationDefinition {
                operation: "query".into(),
                selection_set: self.required_selection_set()?,
                pos,
                ..Default::default()
            });
        }
        let operation = self.operation_type()?;
        let mut name = String::new();
        if self.peek_kind() == Kind::Name {
            name = self.next().value;
        }
        Ok(OperationDefinition {
            operation,
            name,
            variable_definitions: self.variable_definitions()?,
            directives: self.directives(false)?,
            selection_set: self.required_selection_set()?,
            pos,
            comment,
        })
    }

    fn operation_type(&mut self) -> R<String> {
        let t = self.next();
        match t.value.as_str() {
            "query" | "mutation" | "subscription" if t.kind == Kind::Name => Ok(t.value),
            _ => self.unexpected_token(&t),
        }
    }

    fn variable_definitions(&mut self) -> R<Vec<VariableDefinition>> {
        let (defs, _) = self.some_of(Kind::ParenL, Kind::ParenR, |p| {
            let pos = p.pos();
            let comment = p.take_comment();
            p.expect(Kind::Dollar)?;
            let variable = p.name()?;
            p.expect(Kind::Colon)?;
            Ok(VariableDefinition {
                variable,
                ty: p.type_ref()?,
                default_value: p.default_value()?,
                directives: p.directives(false)?,
                pos,
                comment,
            })
        })?;
        Ok(defs)
    }

    fn selection_set(&mut self) -> R<Vec<Selection>> {
        self.enter()?;
        let (out, _) = self.some_of(Kind::BraceL, Kind::BraceR, Self::selection)?;
        self.depth -= 1;
        Ok(out)
    }

    fn required_selection_set(&mut self) -> R<Vec<Selection>> {
        let t = self.peek().clone();
        if t.kind != Kind::BraceL {
            return self.error(&t, format!("Expected {{, found {}", t.kind.as_str()));
        }
        self.selection_set()
    }

    fn selection(&mut self) -> R<Selection> {
        if self.peek_kind() == Kind::Spread {
            let comment = self.take_comment();
            self.next();
            let pos = self.pos();
            let t = self.peek().clone();
            if t.kind == Kind::Name && t.value != "on" {
                return Ok(Selection::Spread(FragmentSpread {
                    name: self.fragment_name()?,
                    directives: self.directives(false)?,
                    pos,
                    comment,
                }));
            }
            let mut type_condition = String::new();
            if t.value == "on" {
                self.next();
                type_condition = self.name()?;
            }
            return Ok(Selection::Inline(InlineFragment {
                type_condition,
                directives: self.directives(false)?,
                selection_set: self.required_selection_set()?,
                pos,
                comment,
            }));
        }
        let pos = self.pos();
        let comment = self.take_comment();
        let alias = self.name()?;
        let name = if self.skip(Kind::Colon) {
            self.name()?
        } else {
            alias.clone()
        };
        let arguments = self.arguments(false)?;
        let directives = self.directives(false)?;
        let selection_set = if self.peek_kind() == Kind::BraceL {
            self.selection_set()?
        } else {
            Vec::new()
        };
        Ok(Selection::Field(Field {
            alias,
            name,
            arguments,
            directives,
            selection_set,
            pos,
            comment,
        }))
    }

    fn arguments(&mut self, is_const: bool) -> R<Vec<Argument>> {
        let (out, _) = self.some_of(Kind::ParenL, Kind::ParenR, |p| p.named_value(is_const))?;
        Ok(out)
    }

    fn fragment_name(&mut self) -> R<String> {
        if self.peek().value == "on" {
            return self.unexpected();
        }
        self.name()
    }

    fn fragment_definition(&mut self) -> R<FragmentDefinition> {
        let pos = self.pos();
        let comment = self.take_comment();
        self.expect_keyword("fragment")?;
        let name = self.fragment_name()?;
        let variable_definition = self.variable_definitions()?;
        self.expect_keyword("on")?;
        Ok(FragmentDefinition {
            name,
            variable_definition,
            type_condition: self.name()?,
            directives: self.directives(false)?,
            selection_set: self.required_selection_set()?,
            pos,
            comment,
        })
    }

    fn value(&mut self, is_const: bool) -> R<GValue> {
        self.enter()?;
        let t = self.peek().clone();
        let pos = Pos {
            line: t.line,
            col: t.col,
        };
        let kind = match t.kind {
            Kind::BracketL => {
                let children = self.many_of(Kind::BracketL, Kind::BracketR, |p| {
                    Ok(ChildValue {
                        value: p.value(is_const)?,
                        ..Default::default()
                    })
                })?;
                self.depth -= 1;
                return Ok(GValue {
                    children,
                    kind: ValueKind::List,
                    pos,
                    ..Default::default()
                });
            }
            Kind::BraceL => {
                let children =
                    self.many_of(Kind::BraceL, Kind::BraceR, |p| p.named_value(is_const))?;
                self.depth -= 1;
                return Ok(GValue {
                    children,
                    kind: ValueKind::Object,
                    pos,
                    ..Default::default()
                });
            }
            Kind::Dollar => {
                if is_const {
                    return self.unexpected();
                }
                self.next();
                let raw = self.name()?;
                self.depth -= 1;
                return Ok(GValue {
                    raw,
                    kind: ValueKind::Variable,
                    pos,
                    ..Default::default()
                });
            }
            Kind::Int => ValueKind::Int,
            Kind::Float => ValueKind::Float,
            Kind::String => ValueKind::String,
            Kind::BlockString => ValueKind::Block,
            Kind::Name => match t.value.as_str() {
                "true" | "false" => ValueKind::Boolean,
                "null" => ValueKind::Null,
                _ => ValueKind::Enum,
            },
            _ => return self.unexpected(),
        };
        self.next();
        self.depth -= 1;
        Ok(GValue {
            raw: t.value,
            kind,
            pos,
            ..Default::default()
        })
    }

    fn directives(&mut self, is_const: bool) -> R<Vec<Directive>> {
        let mut out = Vec::new();
        while self.peek_kind() == Kind::At {
            self.next();
            let pos = self.pos();
            out.push(Directive {
                name: self.name()?,
                arguments: self.arguments(is_const)?,
                pos,
            });
        }
        Ok(out)
    }

    fn type_ref(&mut self) -> R<Type> {
        self.enter()?;
        let mut ty = Type::default();
        if self.skip(Kind::BracketL) {
            ty.pos = self.pos();
            ty.elem = Some(Box::new(self.type_ref()?));
            self.expect(Kind::BracketR)?;
        } else {
            ty.pos = self.pos();
            ty.named = self.name()?;
        }
        if self.skip(Kind::Bang) {
            ty.non_null = true;
        }
        self.depth -= 1;
        Ok(ty)
    }

    // --- schema documents ------------------------------------------------------------------

    pub fn schema_document(&mut self) -> R<SchemaDocument> {
        let mut doc = SchemaDocument::default();
        while self.peek_kind() != Kind::Eof {
            let mut desc = Described::default();
            let mut has_desc = false;
            if matches!(self.peek_kind(), Kind::String | Kind::BlockString) {
                desc.before = self.take_comment();
                desc.description = self.next().value;
                has_desc = true;
            }
            let t = self.peek().clone();
            if t.kind != Kind::Name {
                return self.unexpected();
            }
            match t.value.as_str() {
                "scalar" | "type" | "interface" | "union" | "enum" | "input" => {
                    doc.definitions.push(self.type_definition(desc, false)?)
                }
                "schema" => {
                    desc.after = self.expect_keyword("schema")?;
                    doc.schema.push(self.schema_body(desc)?);
                }
                "directive" => doc.directives.push(self.directive_definition(desc)?),
                "extend" => {
                    if has_desc {
                        if let Some(prev) = self.prev.clone() {
                            return self.unexpected_token(&prev);
                        }
                    }
                    let comment = self.expect_keyword("extend")?;
                    let t = self.peek().clone();
                    let d = Described {
                        after: comment,
                        ..Default::default()
                    };
                    match t.value.as_str() {
                        "schema" if t.kind == Kind::Name => {
                            self.next();
                            let def = self.schema_body(d)?;
                            if def.directives.is_empty() && def.operation_types.is_empty() {
                                return self.unexpected();
                            }
                            doc.schema_extension.push(def);
                        }
                        "scalar" | "type" | "interface" | "union" | "enum" | "input"
                            if t.kind == Kind::Name =>
                        {
                            doc.extensions.push(self.type_definition(d, true)?)
                        }
                        _ => return self.unexpected(),
                    }
                }
                _ => return self.unexpected(),
            }
        }
        doc.comment = self.take_comment();
        Ok(doc)
    }

    fn schema_body(&mut self, d: Described) -> R<SchemaDefinition> {
        let pos = self.pos();
        let directives = self.directives(true)?;
        let (ops, end_comment) = self.some_of(Kind::BraceL, Kind::BraceR, |p| {
            let pos = p.pos();
            let comment = p.take_comment();
            let operation = p.operation_type()?;
            p.expect(Kind::Colon)?;
            Ok(OperationTypeDefinition {
                operation,
                ty: p.name()?,
                pos,
                comment,
            })
        })?;
        Ok(SchemaDefinition {
            d,
            directives,
            operation_types: ops,
            end_comment,
            pos,
        })
    }

    fn type_definition(&mut self, mut d: Described, extension: bool) -> R<Definition> {
        let keyword = self.peek().value.clone();
        let c = self.expect_keyword(&keyword)?;
        if !extension {
            d.after = c;
        }
        let mut def = Definition {
            pos: self.pos(),
            d,
            ..Default::default()
        };
        def.name = self.name()?;
        match keyword.as_str() {
            "scalar" => {
                def.kind = "SCALAR".into();
                def.directives = self.directives(true)?;
                if extension && def.directives.is_empty() {
                    return self.unexpected();
                }
            }
            "type" | "interface" => {
                def.kind = if keyword == "type" {
                    "OBJECT"
                } else {
                    "INTERFACE"
                }
                .into();
                if !(extension && keyword == "interface") {
                    def.interfaces = self.implements()?;
                }
                def.directives = self.directives(true)?;
                (def.fields, def.end_comment) =
                    self.some_of(Kind::BraceL, Kind::BraceR, Self::field_definition)?;
                if extension
                    && def.interfaces.is_empty()
                    && def.directives.is_empty()
                    && def.fields.is_empty()
                {
                    return self.unexpected();
                }
            }
            "union" => {
                def.kind = "UNION".into();
                def.directives = self.directives(true)?;
                if self.skip(Kind::Equals) {
                    def.types = self.names_separated_by(Kind::Pipe)?;
                }
                if extension && def.directives.is_empty() && def.types.is_empty() {
                    return self.unexpected();
                }
            }
            "enum" => {
                def.kind = "ENUM".into();
                def.directives = self.directives(true)?;
                (def.enum_values, def.end_comment) =
                    self.some_of(Kind::BraceL, Kind::BraceR, |p| {
                        Ok(EnumValueDefinition {
                            d: p.description()?,
                            name: p.name()?,
                            directives: p.directives(true)?,
                        })
                    })?;
                if extension && def.directives.is_empty() && def.enum_values.is_empty() {
                    return self.unexpected();
                }
            }
            _ => {
                def.kind = "INPUT_OBJECT".into();
                def.directives = self.directives(true)?;
                (def.fields, def.end_comment) =
                    self.some_of(Kind::BraceL, Kind::BraceR, Self::input_value_definition)?;
                if extension && def.directives.is_empty() && def.fields.is_empty() {
                    return self.unexpected();
                }
            }
        }
        Ok(def)
    }

    fn implements(&mut self) -> R<Vec<String>> {
        if self.peek().value != "implements" {
            return Ok(Vec::new());
        }
        self.next();
        self.names_separated_by(Kind::Amp)
    }

    // An optional description, with the comments before it and those after it (or, without a
    // description, before the node's name).
    fn description(&mut self) -> R<Described> {
        let mut d = Described::default();
        if matches!(self.peek_kind(), Kind::String | Kind::BlockString) {
            d.before = self.take_comment();
            d.description = self.next().value;
        }
        d.after = self.take_comment();
        Ok(d)
    }

    fn field_definition(&mut self) -> R<FieldDefinition> {
        let pos = self.pos();
        let d = self.description()?;
        let name = self.name()?;
        let arguments = self.argument_definitions()?;
        self.expect(Kind::Colon)?;
        Ok(FieldDefinition {
            d,
            name,
            arguments,
            default_value: None,
            ty: self.type_ref()?,
            directives: self.directives(true)?,
            pos,
        })
    }

    fn argument_definitions(&mut self) -> R<Vec<ArgumentDefinition>> {
        let (out, _) = self.some_of(Kind::ParenL, Kind::ParenR, Self::input_value_definition)?;
        Ok(out)
    }

    fn input_value_definition(&mut self) -> R<ArgumentDefinition> {
        let pos = self.pos();
        let d = self.description()?;
        let name = self.name()?;
        self.expect(Kind::Colon)?;
        let ty = self.type_ref()?;
        Ok(ArgumentDefinition {
            d,
            name,
            arguments: Vec::new(),
            default_value: self.default_value()?,
            ty,
            directives: self.directives(true)?,
            pos,
        })
    }

    fn directive_definition(&mut self, mut d: Described) -> R<DirectiveDefinition> {
        d.after = self.expect_keyword("directive")?;
        self.expect(Kind::At)?;
        let pos = self.pos();
        let name = self.name()?;
        let arguments = self.argument_definitions()?;
        let mut is_repeatable = false;
        if self.peek_is_name("repeatable") {
            is_repeatable = true;
            self.next();
        }
        self.expect_keyword("on")?;
        self.skip(Kind::Pipe);
        let mut locations = Vec::new();
        loop {
            let t = self.expect(Kind::Name)?;
            if !LOCATIONS.contains(&t.value.as_str()) {
                return self.unexpected_token(&t);
            }
            locations.push(t.value);
            if !self.skip(Kind::Pipe) {
                break;
            }
        }
        Ok(DirectiveDefinition {
            d,
            name,
            arguments,
            locations,
            is_repeatable,
            pos,
        })
    }
}
