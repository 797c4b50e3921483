// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: gqlparser's AST as OPA returns it: the JSON of gqlparser's structs (Go field
// names), with `Position`, nulls and empty lists/objects pruned away. Values and definitions
// read back from a Rego object the way Go's encoding/json fills those structs (every
// selection becomes a Field, as Go cannot tell a Selection's concrete type).

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use serde_json::{Map, Value as J};

#[derive(Clone, Debug, Default)]
pub struct Pos {
    pub line: usize,
    pub col: i64,
}

impl Pos {
    pub fn known(&self) -> bool {
        self.line > 0
    }
}

pub type Comments = Vec<String>;

#[derive(Clone, Debug, Default)]
pub struct Type {
    pub named: String,
    pub elem: Option<Box<Type>>,
    pub non_null: bool,
    pub pos: Pos,
}

impl Type {
    pub fn name(&self) -> &str {
        match &self.elem {
            Some(e) => e.name(),
            None => &self.named,
        }
    }
    // gqlparser's Type.String(): `[Int!]!`.
    pub fn render(&self) -> String {
        let mut s = match &self.elem {
            Some(e) => alloc::format!("[{}]", e.render()),
            None => self.named.clone(),
        };
        if self.non_null {
            s.push('!');
        }
        s
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ValueKind {
    #[default]
    Variable = 0,
    Int = 1,
    Float = 2,
    String = 3,
    Block = 4,
    Boolean = 5,
    Null = 6,
    Enum = 7,
    List = 8,
    Object = 9,
}

#[derive(Clone, Debug, Default)]
pub struct GValue {
    pub raw: String,
    pub children: Vec<ChildValue>,
    pub kind: ValueKind,
    pub pos: Pos,
}

// gqlparser's ChildValue (an object's field, or a list's item with no name) and Argument: the
// same fields, so one struct.
#[derive(Clone, Debug, Default)]
pub struct NamedValue {
    pub name: String,
    pub value: GValue,
    pub pos: Pos,
    pub comment: Comments,
}

pub type ChildValue = NamedValue;
pub type Argument = NamedValue;

#[derive(Clone, Debug, Default)]
pub struct Directive {
    pub name: String,
    pub arguments: Vec<Argument>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub enum Selection {
    Field(Field),
    Spread(FragmentSpread),
    Inline(InlineFragment),
}

#[derive(Clone, Debug, Default)]
pub struct Field {
    pub alias: String,
    pub name: String,
    pub arguments: Vec<Argument>,
    pub directives: Vec<Directive>,
    pub selection_set: Vec<Selection>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct FragmentSpread {
    pub name: String,
    pub directives: Vec<Directive>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct InlineFragment {
    pub type_condition: String,
    pub directives: Vec<Directive>,
    pub selection_set: Vec<Selection>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct VariableDefinition {
    pub variable: String,
    pub ty: Type,
    pub default_value: Option<GValue>,
    pub directives: Vec<Directive>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct OperationDefinition {
    pub operation: String,
    pub name: String,
    pub variable_definitions: Vec<VariableDefinition>,
    pub directives: Vec<Directive>,
    pub selection_set: Vec<Selection>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct FragmentDefinition {
    pub name: String,
    pub variable_definition: Vec<VariableDefinition>,
    pub type_condition: String,
    pub directives: Vec<Directive>,
    pub selection_set: Vec<Selection>,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct QueryDocument {
    pub operations: Vec<OperationDefinition>,
    pub fragments: Vec<FragmentDefinition>,
}

#[derive(Clone, Debug, Default)]
pub struct Described {
    pub description: String,
    pub before: Comments,
    pub after: Comments,
}

// gqlparser's FieldDefinition (also an input object's field, which may have a default).
#[derive(Clone, Debug, Default)]
pub struct FieldDefinition {
    pub d: Described,
    pub name: String,
    pub arguments: Vec<ArgumentDefinition>,
    pub default_value: Option<GValue>,
    pub ty: Type,
    pub directives: Vec<Directive>,
    pub pos: Pos,
}

// gqlparser's ArgumentDefinition: a FieldDefinition's fields but `Arguments` (always empty
// here).
pub type ArgumentDefinition = FieldDefinition;

#[derive(Clone, Debug, Default)]
pub struct EnumValueDefinition {
    pub d: Described,
    pub name: String,
    pub directives: Vec<Directive>,
}

#[derive(Clone, Debug, Default)]
pub struct Definition {
    pub kind: String,
    pub d: Described,
    pub name: String,
    pub directives: Vec<Directive>,
    pub interfaces: Vec<String>,
    pub fields: Vec<FieldDefinition>,
    pub types: Vec<String>,
    pub enum_values: Vec<EnumValueDefinition>,
    pub end_comment: Comments,
    pub pos: Pos,
    pub built_in: bool,
}

#[derive(Clone, Debug, Default)]
pub struct OperationTypeDefinition {
    pub operation: String,
    pub ty: String,
    pub pos: Pos,
    pub comment: Comments,
}

#[derive(Clone, Debug, Default)]
pub struct SchemaDefinition {
    pub d: Described,
    pub directives: Vec<Directive>,
    pub operation_types: Vec<OperationTypeDefinition>,
    pub end_comment: Comments,
    pub pos: Pos,
}

#[derive(Clone, Debug, Default)]
pub struct DirectiveDefinition {
    pub d: Described,
    pub name: String,
    pub arguments: Vec<ArgumentDefinition>,
    pub locations: Vec<String>,
    pub is_repeatable: bool,
    pub pos: Pos,
}

#[derive(Clone, Debug, Default)]
pub struct SchemaDocument {
    pub schema: Vec<SchemaDefinition>,
    pub schema_extension: Vec<SchemaDefinition>,
    pub directives: Vec<DirectiveDefinition>,
    pub definitions: Vec<Definition>,
    pub extensions: Vec<Definition>,
    pub comment: Comments,
}

// --- to JSON (already pruned: what OPA's pruning would leave) ------------------------------

struct Obj(Map<String, J>);

impl Obj {
    fn new() -> Self {
        Obj(Map::new())
    }
    fn s(mut self, k: &str, v: &str) -> Self {
        self.0.insert(k.into(), J::String(v.into()));
        self
    }
    fn b(mut self, k: &str, v: bool) -> Self {
        self.0.insert(k.into(), J::Bool(v));
        self
    }
    fn arr(mut self, k: &str, v: Vec<J>) -> Self {
        let v: Vec<J> = v.into_iter().filter(|x| !is_empty(x)).collect();
        if !v.is_empty() {
            self.0.insert(k.into(), J::Array(v));
        }
        self
    }
    fn obj(mut self, k: &str, v: Option<J>) -> Self {
        if let Some(v) = v {
            if !is_empty(&v) {
                self.0.insert(k.into(), v);
            }
        }
        self
    }
    fn comments(self, k: &str, c: &Comments) -> Self {
        let list = c.iter().map(|v| Obj::new().s("Value", v).done()).collect();
        let group = Obj::new().arr("List", list).done();
        self.obj(k, Some(group))
    }
    fn described(self, d: &Described) -> Self {
        self.s("Description", &d.description)
            .comments("BeforeDescriptionComment", &d.before)
            .comments("AfterDescriptionComment", &d.after)
    }
    // The fields that end every node with a selection set (a field, an inline fragment, an
    // operation, a fragment), and the node's JSON.
    fn selection_node(self, dirs: &[Directive], set: &[Selection], comment: &Comments) -> J {
        self.arr("Directives", directives_json(dirs))
            .arr("SelectionSet", selections_json(set))
            .comments("Comment", comment)
            .done()
    }
    fn done(self) -> J {
        J::Object(self.0)
    }
}

fn is_empty(v: &J) -> bool {
    match v {
        J::Null => true,
        J::Array(a) => a.is_empty(),
        J::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn strings(v: &[String]) -> Vec<J> {
    v.iter().map(|s| J::String(s.clone())).collect()
}

pub fn type_json(t: &Type) -> J {
    Obj::new()
        .s("NamedType", &t.named)
        .obj("Elem", t.elem.as_ref().map(|e| type_json(e)))
        .b("NonNull", t.non_null)
        .done()
}

pub fn value_json(v: &GValue) -> J {
    let mut o = Obj::new()
        .s("Raw", &v.raw)
        .arr("Children", named_values_json(&v.children));
    o.0.insert("Kind".into(), J::from(v.kind as u8));
    o.b("ExpectedTypeHasDefault", false).done()
}

// A value's children, or a field's or directive's arguments.
fn named_values_json(a: &[NamedValue]) -> Vec<J> {
    a.iter()
        .map(|a| {
            Obj::new()
                .s("Name", &a.name)
                .obj("Value", Some(value_json(&a.value)))
                .comments("Comment", &a.comment)
                .done()
        })
        .collect()
}

fn directives_json(d: &[Directive]) -> Vec<J> {
    d.iter()
        .map(|d| {
            Obj::new()
                .s("Name", &d.name)
                .arr("Arguments", named_values_json(&d.arguments))
                .s("Location", "")
                .done()
        })
        .collect()
}

fn selections_json(s: &[Selection]) -> Vec<J> {
    s.iter()
        .map(|s| match s {
            Selection::Field(f) => Obj::new()
                .s("Alias", &f.alias)
                .s("Name", &f.name)
                .arr("Arguments", named_values_json(&f.arguments))
                .selection_node(&f.directives, &f.selection_set, &f.comment),
            Selection::Spread(f) => Obj::new()
                .s("Name", &f.name)
                .arr("Directives", directives_json(&f.directives))
                .comments("Comment", &f.comment)
                .done(),
            Selection::Inline(f) => Obj::new()
                .s("TypeCondition", &f.type_condition)
                .selection_node(&f.directives, &f.selection_set, &f.comment),
        })
        .collect()
}

fn vardefs_json(v: &[VariableDefinition]) -> Vec<J> {
    v.iter()
        .map(|v| {
            Obj::new()
                .s("Variable", &v.variable)
                .obj("Type", Some(type_json(&v.ty)))
                .obj("DefaultValue", v.default_value.as_ref().map(value_json))
                .arr("Directives", directives_json(&v.directives))
                .comments("Comment", &v.comment)
                .b("Used", false)
                .done()
        })
        .collect()
}

pub fn query_json(d: &QueryDocument) -> J {
    let ops = d
        .operations
        .iter()
        .map(|o| {
            Obj::new()
                .s("Operation", &o.operation)
                .s("Name", &o.name)
                .arr("VariableDefinitions", vardefs_json(&o.variable_definitions))
                .selection_node(&o.directives, &o.selection_set, &o.comment)
        })
        .collect();
    let frags = d
        .fragments
        .iter()
        .map(|f| {
            Obj::new()
                .s("Name", &f.name)
                .arr("VariableDefinition", vardefs_json(&f.variable_definition))
                .s("TypeCondition", &f.type_condition)
                .selection_node(&f.directives, &f.selection_set, &f.comment)
        })
        .collect();
    Obj::new()
        .arr("Operations", ops)
        .arr("Fragments", frags)
        .done()
}

// A FieldDefinition, or an ArgumentDefinition (whose empty `Arguments` is pruned).
fn field_def_json(f: &FieldDefinition) -> J {
    Obj::new()
        .described(&f.d)
        .s("Name", &f.name)
        .arr("Arguments", argdefs_json(&f.arguments))
        .obj("DefaultValue", f.default_value.as_ref().map(value_json))
        .obj("Type", Some(type_json(&f.ty)))
        .arr("Directives", directives_json(&f.directives))
        .done()
}

fn argdefs_json(a: &[FieldDefinition]) -> Vec<J> {
    a.iter().map(field_def_json).collect()
}

fn definition_json(d: &Definition) -> J {
    let enums = d
        .enum_values
        .iter()
        .map(|e| {
            Obj::new()
                .described(&e.d)
                .s("Name", &e.name)
                .arr("Directives", directives_json(&e.directives))
                .done()
        })
        .collect();
    Obj::new()
        .s("Kind", &d.kind)
        .described(&d.d)
        .s("Name", &d.name)
        .arr("Directives", directives_json(&d.directives))
        .arr("Interfaces", strings(&d.interfaces))
        .arr("Fields", argdefs_json(&d.fields))
        .arr("Types", strings(&d.types))
        .arr("EnumValues", enums)
        .b("BuiltIn", false)
        .comments("EndOfDefinitionComment", &d.end_comment)
        .done()
}

fn schema_def_json(s: &SchemaDefinition) -> J {
    let ops = s
        .operation_types
        .iter()
        .map(|o| {
            Obj::new()
                .s("Operation", &o.operation)
                .s("Type", &o.ty)
                .comments("Comment", &o.comment)
                .done()
        })
        .collect();
    Obj::new()
        .described(&s.d)
        .arr("Directives", directives_json(&s.directives))
        .arr("OperationTypes", ops)
        .comments("EndOfDefinitionComment", &s.end_comment)
        .done()
}

pub fn schema_json(d: &SchemaDocument) -> J {
    let dirs = d
        .directives
        .iter()
        .map(|x| {
            Obj::new()
                .described(&x.d)
                .s("Name", &x.name)
                .arr("Arguments", argdefs_json(&x.arguments))
                .arr("Locations", strings(&x.locations))
                .b("IsRepeatable", x.is_repeatable)
                .done()
        })
        .collect();
    Obj::new()
        .arr("Schema", d.schema.iter().map(schema_def_json).collect())
        .arr(
            "SchemaExtension",
            d.schema_extension.iter().map(schema_def_json).collect(),
        )
        .arr("Directives", dirs)
        .arr(
            "Definitions",
            d.definitions.iter().map(definition_json).collect(),
        )
        .arr(
            "Extensions",
            d.extensions.iter().map(definition_json).collect(),
        )
        .comments("Comment", &d.comment)
        .done()
}

// --- from JSON (Go's encoding/json into gqlparser's structs) -------------------------------

pub type DecodeResult<T> = Result<T, String>;

fn field<'a>(o: &'a Map<String, J>, k: &str) -> Option<&'a J> {
    o.get(k)
        .or_else(|| {
            o.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

// gqlparser decodes the structs that hold a selection set (operations, fragments, fields)
// itself, by exact key; encoding/json matches every other struct's keys case-insensitively.
fn exact_keys(o: &Map<String, J>, keys: &[&str]) -> Map<String, J> {
    o.iter()
        .filter(|(k, _)| keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

const OPERATION_KEYS: &[&str] = &[
    "Operation",
    "Name",
    "VariableDefinitions",
    "Directives",
    "SelectionSet",
];
const FRAGMENT_KEYS: &[&str] = &[
    "Name",
    "VariableDefinition",
    "TypeCondition",
    "Directives",
    "SelectionSet",
];
const FIELD_KEYS: &[&str] = &["Alias", "Name", "Arguments", "Directives", "SelectionSet"];

fn as_obj<'a>(v: &'a J, what: &str) -> DecodeResult<&'a Map<String, J>> {
    v.as_object().ok_or_else(|| {
        alloc::format!(
            "json: cannot unmarshal {} into Go value of type {what}",
            go_kind(v)
        )
    })
}

fn go_kind(v: &J) -> &'static str {
    match v {
        J::Null => "null",
        J::Bool(_) => "bool",
        J::Number(_) => "number",
        J::String(_) => "string",
        J::Array(_) => "array",
        J::Object(_) => "object",
    }
}

fn get_str(o: &Map<String, J>, k: &str, owner: &str) -> DecodeResult<String> {
    match field(o, k) {
        None => Ok(String::new()),
        Some(J::String(s)) => Ok(s.clone()),
        Some(v) => Err(alloc::format!(
            "json: cannot unmarshal {} into Go struct field {owner}.{k} of type string",
            go_kind(v)
        )),
    }
}

fn get_bool(o: &Map<String, J>, k: &str, owner: &str) -> DecodeResult<bool> {
    match field(o, k) {
        None => Ok(false),
        Some(J::Bool(b)) => Ok(*b),
        Some(v) => Err(alloc::format!(
            "json: cannot unmarshal {} into Go struct field {owner}.{k} of type bool",
            go_kind(v)
        )),
    }
}

fn get_list<'a>(o: &'a Map<String, J>, k: &str, owner: &str, ty: &str) -> DecodeResult<&'a [J]> {
    match field(o, k) {
        None => Ok(&[]),
        Some(J::Array(a)) => Ok(a),
        Some(v) => Err(alloc::format!(
            "json: cannot unmarshal {} into Go struct field {owner}.{k} of type {ty}",
            go_kind(v)
        )),
    }
}

// The objects of the list at `k` (Go's struct field `owner.k` of type `list_ty`), each
// decoded by `f` as an `elem` (gqlparser's type, named in the error if it is no object), the
// first error ending the decoding as Go's does.
fn decode_list<T>(
    o: &Map<String, J>,
    k: &str,
    owner: &str,
    list_ty: &str,
    elem: &str,
    mut f: impl FnMut(&Map<String, J>) -> DecodeResult<T>,
) -> DecodeResult<Vec<T>> {
    decode_each(o, k, owner, list_ty, |v| f(as_obj(v, elem)?))
}

// The same, for elements whose decoder takes the JSON as it is.
fn decode_each<T>(
    o: &Map<String, J>,
    k: &str,
    owner: &str,
    list_ty: &str,
    f: impl FnMut(&J) -> DecodeResult<T>,
) -> DecodeResult<Vec<T>> {
    get_list(o, k, owner, list_ty)?.iter().map(f).collect()
}

// The `Type` field of a definition (the zero Type when absent).
fn type_field(o: &Map<String, J>) -> DecodeResult<Type> {
    match field(o, "Type") {
        Some(t) => decode_type(t, 0),
        None => Ok(Type::default()),
    }
}

// The `DefaultValue` field of a definition.
fn default_value_field(o: &Map<String, J>) -> DecodeResult<Option<GValue>> {
    field(o, "DefaultValue")
        .map(|d| decode_value(d, 0))
        .transpose()
}

fn get_strings(o: &Map<String, J>, k: &str, owner: &str) -> DecodeResult<Vec<String>> {
    get_list(o, k, owner, "[]string")?
        .iter()
        .map(|v| match v {
            J::String(s) => Ok(s.clone()),
            J::Null => Ok(String::new()),
            v => Err(alloc::format!(
                "json: cannot unmarshal {} into Go struct field {owner}.{k} of type string",
                go_kind(v)
            )),
        })
        .collect()
}

fn decode_type(v: &J, depth: usize) -> DecodeResult<Type> {
    if depth > super::MAX_DEPTH {
        return Err("GraphQL AST is nested too deeply".into());
    }
    let o = as_obj(v, "ast.Type")?;
    Ok(Type {
        named: get_str(o, "NamedType", "Type")?,
        elem: match field(o, "Elem") {
            Some(e) => Some(Box::new(decode_type(e, depth + 1)?)),
            None => None,
        },
        non_null: get_bool(o, "NonNull", "Type")?,
        pos: Pos::default(),
    })
}

fn decode_value(v: &J, depth: usize) -> DecodeResult<GValue> {
    if depth > super::MAX_DEPTH {
        return Err("GraphQL AST is nested too deeply".into());
    }
    let o = as_obj(v, "ast.Value")?;
    let kind = match field(o, "Kind") {
        None => ValueKind::Variable,
        Some(J::Number(n)) => match n.as_u64() {
            Some(1) => ValueKind::Int,
            Some(2) => ValueKind::Float,
            Some(3) => ValueKind::String,
            Some(4) => ValueKind::Block,
            Some(5) => ValueKind::Boolean,
            Some(6) => ValueKind::Null,
            Some(7) => ValueKind::Enum,
            Some(8) => ValueKind::List,
            Some(9) => ValueKind::Object,
            _ => ValueKind::Variable,
        },
        Some(v) => {
            return Err(alloc::format!(
                "json: cannot unmarshal {} into Go struct field Value.Kind of type ast.ValueKind",
                go_kind(v)
            ))
        }
    };
    let children = decode_named_values(o, "Children", "Value", "ChildValue", depth)?;
    Ok(GValue {
        raw: get_str(o, "Raw", "Value")?,
        children,
        kind,
        pos: Pos::default(),
    })
}

// A value's `Children` (gqlparser's ChildValueList) or an `Arguments` list (ArgumentList).
fn decode_named_values(
    o: &Map<String, J>,
    k: &str,
    owner: &str,
    go_type: &str,
    depth: usize,
) -> DecodeResult<Vec<NamedValue>> {
    let list_ty = alloc::format!("ast.{go_type}List");
    let elem = alloc::format!("ast.{go_type}");
    decode_list(o, k, owner, &list_ty, &elem, |vo| {
        Ok(NamedValue {
            name: get_str(vo, "Name", go_type)?,
            value: match field(vo, "Value") {
                Some(v) => decode_value(v, depth + 1)?,
                None => GValue::default(),
            },
            ..Default::default()
        })
    })
}

fn decode_args(o: &Map<String, J>, owner: &str, depth: usize) -> DecodeResult<Vec<Argument>> {
    decode_named_values(o, "Arguments", owner, "Argument", depth)
}

fn decode_directives(
    o: &Map<String, J>,
    owner: &str,
    depth: usize,
) -> DecodeResult<Vec<Directive>> {
    let (list_ty, elem) = ("ast.DirectiveList", "ast.Directive");
    decode_list(o, "Directives", owner, list_ty, elem, |dobj| {
        Ok(Directive {
            name: get_str(dobj, "Name", "Directive")?,
            arguments: decode_args(dobj, "Directive", depth)?,
            pos: Pos::default(),
        })
    })
}

fn decode_selections(
    o: &Map<String, J>,
    owner: &str,
    depth: usize,
) -> DecodeResult<Vec<Selection>> {
    if depth > super::MAX_DEPTH {
        return Err("GraphQL AST is nested too deeply".into());
    }
    decode_each(o, "SelectionSet", owner, "ast.SelectionSet", |s| {
        decode_selection(s, depth)
    })
}

// gqlparser reads a selection as a Field; when that fails, as a FragmentSpread, then as an
// InlineFragment.
fn decode_selection(s: &J, depth: usize) -> DecodeResult<Selection> {
    let o = as_obj(s, "ast.Field")?;
    let fo = &exact_keys(o, FIELD_KEYS);
    let field = (|| -> DecodeResult<Selection> {
        Ok(Selection::Field(Field {
            alias: get_str(fo, "Alias", "Field")?,
            name: get_str(fo, "Name", "Field")?,
            arguments: decode_args(fo, "Field", depth)?,
            directives: decode_directives(fo, "Field", depth)?,
            selection_set: decode_selections(fo, "Field", depth + 1)?,
            ..Default::default()
        }))
    })();
    if field.is_ok() || depth > super::MAX_DEPTH {
        return field;
    }
    let so = &exact_keys(o, &["Name", "Directives"]);
    let spread = (|| -> DecodeResult<Selection> {
        Ok(Selection::Spread(FragmentSpread {
            name: get_str(so, "Name", "FragmentSpread")?,
            directives: decode_directives(so, "FragmentSpread", depth)?,
            ..Default::default()
        }))
    })();
    if spread.is_ok() {
        return spread;
    }
    let io = &exact_keys(o, &["TypeCondition", "Directives", "SelectionSet"]);
    Ok(Selection::Inline(InlineFragment {
        type_condition: get_str(io, "TypeCondition", "InlineFragment")?,
        directives: decode_directives(io, "InlineFragment", depth)?,
        selection_set: decode_selections(io, "InlineFragment", depth + 1)?,
        ..Default::default()
    }))
}

fn decode_vardefs(
    o: &Map<String, J>,
    k: &str,
    owner: &str,
) -> DecodeResult<Vec<VariableDefinition>> {
    let (list_ty, elem) = ("ast.VariableDefinitionList", "ast.VariableDefinition");
    decode_list(o, k, owner, list_ty, elem, |vo| {
        Ok(VariableDefinition {
            variable: get_str(vo, "Variable", "VariableDefinition")?,
            ty: type_field(vo)?,
            default_value: default_value_field(vo)?,
            directives: decode_directives(vo, "VariableDefinition", 0)?,
            ..Default::default()
        })
    })
}

pub fn decode_query(v: &J) -> DecodeResult<QueryDocument> {
    let o = as_obj(v, "ast.QueryDocument")?;
    let (list_ty, elem) = ("ast.OperationList", "ast.OperationDefinition");
    let operations = decode_list(o, "Operations", "QueryDocument", list_ty, elem, |op| {
        let oo = &exact_keys(op, OPERATION_KEYS);
        Ok(OperationDefinition {
            operation: get_str(oo, "Operation", "OperationDefinition")?,
            name: get_str(oo, "Name", "OperationDefinition")?,
            variable_definitions: decode_vardefs(oo, "VariableDefinitions", "OperationDefinition")?,
            directives: decode_directives(oo, "OperationDefinition", 0)?,
            selection_set: decode_selections(oo, "OperationDefinition", 0)?,
            ..Default::default()
        })
    })?;
    let (list_ty, elem) = ("ast.FragmentDefinitionList", "ast.FragmentDefinition");
    let fragments = decode_list(o, "Fragments", "QueryDocument", list_ty, elem, |f| {
        let fo = &exact_keys(f, FRAGMENT_KEYS);
        Ok(FragmentDefinition {
            name: get_str(fo, "Name", "FragmentDefinition")?,
            variable_definition: decode_vardefs(fo, "VariableDefinition", "FragmentDefinition")?,
            type_condition: get_str(fo, "TypeCondition", "FragmentDefinition")?,
            directives: decode_directives(fo, "FragmentDefinition", 0)?,
            selection_set: decode_selections(fo, "FragmentDefinition", 0)?,
            ..Default::default()
        })
    })?;
    Ok(QueryDocument {
        operations,
        fragments,
    })
}

fn decode_described(o: &Map<String, J>, owner: &str) -> DecodeResult<Described> {
    Ok(Described {
        description: get_str(o, "Description", owner)?,
        before: Vec::new(),
        after: Vec::new(),
    })
}

fn decode_argdefs(o: &Map<String, J>, owner: &str) -> DecodeResult<Vec<ArgumentDefinition>> {
    let (list_ty, elem) = ("ast.ArgumentDefinitionList", "ast.ArgumentDefinition");
    decode_list(o, "Arguments", owner, list_ty, elem, |ao| {
        Ok(ArgumentDefinition {
            d: decode_described(ao, "ArgumentDefinition")?,
            name: get_str(ao, "Name", "ArgumentDefinition")?,
            default_value: default_value_field(ao)?,
            ty: type_field(ao)?,
            directives: decode_directives(ao, "ArgumentDefinition", 0)?,
            ..Default::default()
        })
    })
}

fn decode_definition(v: &J) -> DecodeResult<Definition> {
    let o = as_obj(v, "ast.Definition")?;
    let (list_ty, elem) = ("ast.FieldList", "ast.FieldDefinition");
    let fields = decode_list(o, "Fields", "Definition", list_ty, elem, |fo| {
        Ok(FieldDefinition {
            d: decode_described(fo, "FieldDefinition")?,
            name: get_str(fo, "Name", "FieldDefinition")?,
            arguments: decode_argdefs(fo, "FieldDefinition")?,
            default_value: default_value_field(fo)?,
            ty: type_field(fo)?,
            directives: decode_directives(fo, "FieldDefinition", 0)?,
            pos: Pos::default(),
        })
    })?;
    let (list_ty, elem) = ("ast.EnumValueList", "ast.EnumValueDefinition");
    let enum_values = decode_list(o, "EnumValues", "Definition", list_ty, elem, |eo| {
        Ok(EnumValueDefinition {
            d: decode_described(eo, "EnumValueDefinition")?,
            name: get_str(eo, "Name", "EnumValueDefinition")?,
            directives: decode_directives(eo, "EnumValueDefinition", 0)?,
        })
    })?;
    Ok(Definition {
        kind: get_str(o, "Kind", "Definition")?,
        d: decode_described(o, "Definition")?,
        name: get_str(o, "Name", "Definition")?,
        directives: decode_directives(o, "Definition", 0)?,
        interfaces: get_strings(o, "Interfaces", "Definition")?,
        fields,
        types: get_strings(o, "Types", "Definition")?,
        enum_values,
        end_comment: Vec::new(),
        pos: Pos::default(),
        built_in: false,
    })
}

fn decode_schema_def(v: &J) -> DecodeResult<SchemaDefinition> {
    let o = as_obj(v, "ast.SchemaDefinition")?;
    let (list_ty, elem) = (
        "ast.OperationTypeDefinitionList",
        "ast.OperationTypeDefinition",
    );
    let ops = decode_list(o, "OperationTypes", "SchemaDefinition", list_ty, elem, |oo| {
        Ok(OperationTypeDefinition {
            operation: get_str(oo, "Operation", "OperationTypeDefinition")?,
            ty: get_str(oo, "Type", "OperationTypeDefinition")?,
            ..Default::default()
        })
    })?;
    Ok(SchemaDefinition {
        d: decode_described(o, "SchemaDefinition")?,
        directives: decode_directives(o, "SchemaDefinition", 0)?,
        operation_types: ops,
        end_comment: Vec::new(),
        pos: Pos::default(),
    })
}

pub fn decode_schema(v: &J) -> DecodeResult<SchemaDocument> {
    let o = as_obj(v, "ast.SchemaDocument")?;
    let owner = "SchemaDocument";
    let list_ty = "ast.SchemaDefinitionList";
    let schema = decode_each(o, "Schema", owner, list_ty, decode_schema_def)?;
    let schema_extension = decode_each(o, "SchemaExtension", owner, list_ty, decode_schema_def)?;
    let (list_ty, elem) = ("ast.DirectiveDefinitionList", "ast.DirectiveDefinition");
    let directives = decode_list(o, "Directives", owner, list_ty, elem, |dobj| {
        Ok(DirectiveDefinition {
            d: decode_described(dobj, "DirectiveDefinition")?,
            name: get_str(dobj, "Name", "DirectiveDefinition")?,
            arguments: decode_argdefs(dobj, "DirectiveDefinition")?,
            locations: get_strings(dobj, "Locations", "DirectiveDefinition")?,
            is_repeatable: get_bool(dobj, "IsRepeatable", "DirectiveDefinition")?,
            pos: Pos::default(),
        })
    })?;
    let list_ty = "ast.DefinitionList";
    let definitions = decode_each(o, "Definitions", owner, list_ty, decode_definition)?;
    let extensions = decode_each(o, "Extensions", owner, list_ty, decode_definition)?;
    Ok(SchemaDocument {
        schema,
        schema_extension,
        directives,
        definitions,
        extensions,
        comment: Vec::new(),
    })
}
