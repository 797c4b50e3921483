// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: a schema document becomes a schema the way gqlparser's
// validator.ValidateSchemaDocument does it (OPA merges gqlparser's prelude in first): types by
// name, extensions folded into their type (or creating it), possible types, root operation
// types, then each type and directive checked in name order, the first problem reported with
// gqlparser's message.

use super::ast::*;
use super::GqlError;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub const PRELUDE: &str = r#"
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @oneOf on INPUT_OBJECT
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields(includeDeprecated: Boolean = false): [__InputValue!]
  ofType: __Type
  specifiedByURL: String
  isOneOf: Boolean
}
type __Field {
  name: String!
  description: String
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
  isDeprecated: Boolean!
  deprecationReason: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive {
  name: String!
  description: String
  locations: [__DirectiveLocation!]!
  args(includeDeprecated: Boolean = false): [__InputValue!]!
  isRepeatable: Boolean!
}
enum __DirectiveLocation { QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION }
"#;

#[derive(Default)]
pub struct Schema {
    pub types: BTreeMap<String, Definition>,
    pub directives: BTreeMap<String, DirectiveDefinition>,
    pub possible_types: BTreeMap<String, Vec<String>>,
    pub query: Option<String>,
    pub mutation: Option<String>,
    pub subscription: Option<String>,
}

impl Schema {
    pub fn is_possible(&self, abstract_name: &str, concrete: &str) -> bool {
        self.possible_types
            .get(abstract_name)
            .is_some_and(|v| v.iter().any(|n| n == concrete))
    }
}

fn err(pos: &Pos, message: String) -> GqlError {
    GqlError::at(pos, message)
}

fn add_possible(s: &mut Schema, name: &str, def: &str) {
    s.possible_types
        .entry(name.into())
        .or_default()
        .push(def.into());
}

pub fn build(prelude: SchemaDocument, user: SchemaDocument) -> Result<Schema, GqlError> {
    let mut s = Schema::default();
    let mut definitions: Vec<Definition> = prelude
        .definitions
        .into_iter()
        .map(|mut d| {
            d.built_in = true;
            d
        })
        .collect();
    definitions.extend(user.definitions);
    let mut order: Vec<String> = Vec::new();
    for def in definitions {
        if s.types.contains_key(&def.name) {
            return Err(err(
                &def.pos,
                format!("Cannot redeclare type {}.", def.name),
            ));
        }
        order.push(def.name.clone());
        s.types.insert(def.name.clone(), def);
    }
    for ext in user.extensions {
        let def = match s.types.get_mut(&ext.name) {
            Some(d) => d,
            None => {
                order.push(ext.name.clone());
                s.types.entry(ext.name.clone()).or_insert(Definition {
                    kind: ext.kind.clone(),
                    name: ext.name.clone(),
                    pos: ext.pos.clone(),
                    ..Default::default()
                })
            }
        };
        if def.kind != ext.kind {
            return Err(err(
                &ext.pos,
                format!(
                    "Cannot extend type {} because the base type is a {}, not {}.",
                    ext.name, def.kind, ext.kind
                ),
            ));
        }
        def.directives.extend(ext.directives);
        def.interfaces.extend(ext.interfaces);
        def.fields.extend(ext.fields);
        def.types.extend(ext.types);
        def.enum_values.extend(ext.enum_values);
    }
    for name in &order {
        let Some(def) = s.types.get(name) else {
            continue;
        };
        let (kind, types, interfaces) =
            (def.kind.clone(), def.types.clone(), def.interfaces.clone());
        match kind.as_str() {
            "UNION" => {
                for t in &types {
                    if s.types.contains_key(t) {
                        add_possible(&mut s, name, t);
                    }
                }
            }
            "INPUT_OBJECT" | "OBJECT" => {
                for i in &interfaces {
                    add_possible(&mut s, i, name);
                }
                add_possible(&mut s, name, name);
            }
            "INTERFACE" => {
                for i in &interfaces {
                    add_possible(&mut s, i, name);
                }
            }
            _ => {}
        }
    }
    for dir in prelude.directives.into_iter().chain(user.directives) {
        if s.directives.contains_key(&dir.name) {
            match dir.name.as_str() {
                "include" | "skip" | "deprecated" | "specifiedBy" | "defer" | "oneOf" => continue,
                _ => {
                    return Err(err(
                        &dir.pos,
                        format!("Cannot redeclare directive {}.", dir.name),
                    ))
                }
            }
        }
        s.directives.insert(dir.name.clone(), dir);
    }
    if user.schema.len() > 1 {
        return Err(err(
            &user.schema[1].pos,
            "Cannot have multiple schema entry points, consider schema extensions instead.".into(),
        ));
    }
    for sd in user.schema.iter().chain(user.schema_extension.iter()) {
        for op in &sd.operation_types {
            if !s.types.contains_key(&op.ty) {
                return Err(err(
                    &op.pos,
                    format!(
                        "Schema root {} refers to a type {} that does not exist.",
                        op.operation, op.ty
                    ),
                ));
            }
            let slot = match op.operation.as_str() {
                "query" => &mut s.query,
                "mutation" => &mut s.mutation,
                _ => &mut s.subscription,
            };
            *slot = Some(op.ty.clone());
        }
        directives_ok(&s, &sd.directives, "SCHEMA", None)?;
    }
    for def in s.types.values() {
        definition_ok(&s, def)?;
    }
    for dir in s.directives.values() {
        name_ok(&dir.pos, &dir.name)?;
        args_ok(&s, &dir.arguments, Some(&dir.name))?;
    }
    if user.schema.is_empty() {
        for (slot, name) in [
            (&mut s.query, "Query"),
            (&mut s.mutation, "Mutation"),
            (&mut s.subscription, "Subscription"),
        ] {
            if slot.is_none() && s.types.contains_key(name) {
                *slot = Some(name.into());
            }
        }
    }
    if let Some(q) = s.query.clone() {
        if let Some(def) = s.types.get_mut(&q) {
            def.fields.push(FieldDefinition {
                name: "__schema".into(),
                ty: named("__Schema", true),
                ..Default::default()
            });
            def.fields.push(FieldDefinition {
                name: "__type".into(),
                ty: named("__Type", false),
                arguments: alloc::vec![ArgumentDefinition {
                    name: "name".into(),
                    ty: named("String", true),
                    ..Default::default()
                }],
                ..Default::default()
            });
        }
    }
    Ok(s)
}

pub fn named(name: &str, non_null: bool) -> Type {
    Type {
        named: name.into(),
        non_null,
        ..Default::default()
    }
}

fn name_ok(pos: &Pos, name: &str) -> Result<(), GqlError> {
    if name.starts_with("__") {
        return Err(err(
            pos,
            format!(
                "Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection."
            ),
        ));
    }
    Ok(())
}

fn type_ref_ok(s: &Schema, t: &Type) -> Result<(), GqlError> {
    if !s.types.contains_key(t.name()) {
        return Err(err(&t.pos, format!("Undefined type {}.", t.name())));
    }
    Ok(())
}

pub fn is_input_kind(kind: &str) -> bool {
    matches!(kind, "SCALAR" | "ENUM" | "INPUT_OBJECT")
}

fn args_ok(s: &Schema, args: &[ArgumentDefinition], current: Option<&str>) -> Result<(), GqlError> {
    for arg in args {
        name_ok(&arg.pos, &arg.name)?;
        type_ref_ok(s, &arg.ty)?;
        let kind = s
            .types
            .get(arg.ty.name())
            .map(|d| d.kind.as_str())
            .unwrap_or("");
        if !is_input_kind(kind) {
            return Err(err(
                &arg.pos,
                format!(
                    "cannot use {} as argument {} because {} is not a valid input type",
                    arg.ty.render(),
                    arg.name,
                    kind
                ),
            ));
        }
        directives_ok(s, &arg.directives, "ARGUMENT_DEFINITION", current)?;
    }
    Ok(())
}

fn directives_ok(
    s: &Schema,
    dirs: &[Directive],
    location: &str,
    current: Option<&str>,
) -> Result<(), GqlError> {
    for dir in dirs {
        name_ok(&dir.pos, &dir.name)?;
        if current == Some(dir.name.as_str()) {
            return Err(err(
                &dir.pos,
                format!("Directive {} cannot refer to itself.", dir.name),
            ));
        }
        let Some(def) = s.directives.get(&dir.name) else {
            return Err(err(&dir.pos, format!("Undefined directive {}.", dir.name)));
        };
        if !def.locations.iter().any(|l| l == location) {
            return Err(err(
                &dir.pos,
                format!("Directive {} is not applicable on {}.", dir.name, location),
            ));
        }
        for arg in &dir.arguments {
            if !def.arguments.iter().any(|a| a.name == arg.name) {
                return Err(err(
                    &arg.pos,
                    format!(
                        "Undefined argument {} for directive {}.",
                        arg.name, dir.name
                    ),
                ));
            }
        }
        for sarg in &def.arguments {
            if sarg.ty.non_null && sarg.default_value.is_none() {
                let given = dir.arguments.iter().find(|a| a.name == sarg.name);
                if given.is_none_or(|a| a.value.kind == ValueKind::Null) {
                    return Err(err(
                        &dir.pos,
                        format!(
                            "Argument {} for directive {} cannot be null.",
                            sarg.name, dir.name
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn quote(s: &str) -> String {
    crate::builtins::strings::strconv_quote(s)
}

fn definition_ok(s: &Schema, def: &Definition) -> Result<(), GqlError> {
    for f in &def.fields {
        name_ok(&f.pos, &f.name)?;
        type_ref_ok(s, &f.ty)?;
        args_ok(s, &f.arguments, None)?;
        let loc = if def.kind == "INPUT_OBJECT" {
            "INPUT_FIELD_DEFINITION"
        } else {
            "FIELD_DEFINITION"
        };
        directives_ok(s, &f.directives, loc, None)?;
    }
    for t in &def.types {
        match s.types.get(t) {
            None => return Err(err(&def.pos, format!("Undefined type {}.", quote(t)))),
            Some(td) if td.kind != "OBJECT" => {
                return Err(err(
                    &def.pos,
                    format!("{} type {} must be OBJECT.", def.kind, quote(t)),
                ))
            }
            _ => {}
        }
    }
    for i in &def.interfaces {
        implements_ok(s, def, i)?;
    }
    match def.kind.as_str() {
        "OBJECT" | "INTERFACE" => {
            if def.fields.is_empty() {
                return Err(err(
                    &def.pos,
                    format!("{} {}: must define one or more fields.", def.kind, def.name),
                ));
            }
            for f in &def.fields {
                if let Some(t) = s.types.get(f.ty.name()) {
                    if t.kind == "INPUT_OBJECT" {
                        return Err(err(
                            &f.pos,
                            format!(
                                "{} {}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.",
                                def.kind, def.name
                            ),
                        ));
                    }
                }
            }
        }
        "ENUM" => {
            if def.enum_values.is_empty() {
                return Err(err(
                    &def.pos,
                    format!(
                        "{} {}: must define one or more unique enum values.",
                        def.kind, def.name
                    ),
                ));
            }
            for v in &def.enum_values {
                if matches!(v.name.as_str(), "true" | "false" | "null") {
                    return Err(err(
                        &def.pos,
                        format!("{} {}: non-enum value {}.", def.kind, def.name, v.name),
                    ));
                }
                directives_ok(s, &v.directives, "ENUM_VALUE", None)?;
            }
        }
        "INPUT_OBJECT" => {
            if def.fields.is_empty() {
                return Err(err(
                    &def.pos,
                    format!(
                        "{} {}: must define one or more input fields.",
                        def.kind, def.name
                    ),
                ));
            }
            for f in &def.fields {
                if let Some(t) = s.types.get(f.ty.name()) {
                    if !is_input_kind(&t.kind) {
                        return Err(err(
                            &f.pos,
                            format!(
                                "{} {}: field must be one of SCALAR, ENUM, INPUT_OBJECT.",
                                t.kind, f.name
                            ),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    // Duplicate field names; a set keeps this linear on large types.
    let mut seen = alloc::collections::BTreeSet::new();
    for f in &def.fields {
        if !seen.insert(f.name.as_str()) {
            return Err(err(
                &f.pos,
                format!("Field {}.{} can only be defined once.", def.name, f.name),
            ));
        }
    }
    if !def.built_in {
        name_ok(&def.pos, &def.name)?;
    }
    directives_ok(s, &def.directives, &def.kind, None)
}

fn implements_ok(s: &Schema, def: &Definition, intf_name: &str) -> Result<(), GqlError> {
    let Some(intf) = s.types.get(intf_name) else {
        return Err(err(
            &def.pos,
            format!("Undefined type {}.", quote(intf_name)),
        ));
    };
    if intf.kind != "INTERFACE" {
        return Err(err(
            &def.pos,
            format!(
                "{} is a non interface type {}.",
                quote(intf_name),
                intf.kind
            ),
        ));
    }
    for req in &intf.fields {
        let Some(found) = def.fields.iter().find(|f| f.name == req.name) else {
            return Err(err(
                &def.pos,
                format!(
                    "For {} to implement {} it must have a field called {}.",
                    def.name, intf.name, req.name
                ),
            ));
        };
        if !covariant(s, &req.ty, &found.ty, 0) {
            return Err(err(
                &found.pos,
                format!(
                    "For {} to implement {} the field {} must have type {}.",
                    def.name,
                    intf.name,
                    req.name,
                    req.ty.render()
                ),
            ));
        }
        for rarg in &req.arguments {
            let Some(farg) = found.arguments.iter().find(|a| a.name == rarg.name) else {
                return Err(err(
                    &found.pos,
                    format!(
                        "For {} to implement {} the field {} must have the same arguments but it is missing {}.",
                        def.name, intf.name, req.name, rarg.name
                    ),
                ));
            };
            if !compatible(&rarg.ty, &farg.ty) {
                return Err(err(
                    &farg.pos,
                    format!(
                        "For {} to implement {} the field {} must have the same arguments but {} has the wrong type.",
                        def.name, intf.name, req.name, rarg.name
                    ),
                ));
            }
        }
        for farg in &found.arguments {
            if !req.arguments.iter().any(|a| a.name == farg.name)
                && farg.ty.non_null
                && farg.default_value.is_none()
            {
                return Err(err(
                    &farg.pos,
                    format!(
                        "For {} to implement {} any additional arguments on {} must be optional or have a default value but {} is required.",
                        def.name, intf.name, found.name, farg.name
                    ),
                ));
            }
        }
    }
    for transitive in &intf.interfaces {
        if !def.interfaces.contains(transitive) {
            if *transitive == def.name {
                return Err(err(
                    &def.pos,
                    format!(
                        "Type {} cannot implement {} because it would create a circular reference.",
                        def.name, intf_name
                    ),
                ));
            }
            return Err(err(
                &def.pos,
                format!(
                    "Type {} must implement {} because it is implemented by {}.",
                    def.name, transitive, intf_name
                ),
            ));
        }
    }
    Ok(())
}

// gqlparser's Type.IsCompatible (argument types of an implementation, variable positions).
pub fn compatible(t: &Type, other: &Type) -> bool {
    if t.named != other.named {
        return false;
    }
    match (&t.elem, &other.elem) {
        (Some(_), None) => return false,
        (Some(a), Some(b)) if !compatible(a, b) => return false,
        _ => {}
    }
    !other.non_null || t.non_null
}

fn covariant(s: &Schema, req: &Type, actual: &Type, depth: usize) -> bool {
    if depth > super::MAX_DEPTH || (req.non_null && !actual.non_null) {
        return false;
    }
    if !req.named.is_empty() {
        return req.named == actual.named || s.is_possible(&req.named, &actual.named);
    }
    match (&req.elem, &actual.elem) {
        (Some(r), Some(a)) => covariant(s, r, a, depth + 1),
        _ => false,
    }
}
