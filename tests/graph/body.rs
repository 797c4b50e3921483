//! JSON objects (answers, request bodies, snapshot items) checked against the schema: every
//! property must exist on the object's type, recursively through complex values and expanded
//! navigations, `@odata.type` choosing a derived type and `prop@odata.bind` naming a
//! navigation property; an enum's value must be one of its members, and a value must be of
//! its property's JSON kind (a boolean for `Edm.Boolean`, an array for a collection).

use std::collections::BTreeSet;

use serde_json::Value;

use super::csdl::{Member, Schema, TypeRef};

/// What a walk found: problems, and the types it walked through (which the Rego check uses as
/// "reachable from this collection").
#[derive(Default)]
pub struct Walk {
    pub errs: Vec<String>,
    pub seen: BTreeSet<String>,
}

/// `@odata.type` of an object (`#microsoft.graph.user`), qualified.
pub fn odata_type(v: &Value) -> Option<String> {
    let t = v.get("@odata.type")?.as_str()?.trim_start_matches('#');
    Some(match t.strip_prefix("graph.") {
        Some(local) => format!("microsoft.graph.{local}"),
        None => t.to_string(),
    })
}

impl Walk {
    /// Walks `v` as a value of `ty`; `at` locates it for messages (`value[3].status`).
    pub fn value(&mut self, schema: &Schema, v: &Value, ty: &TypeRef, at: &str) {
        match v {
            Value::Null => {}
            Value::Array(items) if ty.collection => {
                let one = ty.single();
                for (i, item) in items.iter().enumerate() {
                    self.value(schema, item, &one, &format!("{at}[{i}]"));
                }
            }
            other if ty.collection => self.errs.push(format!(
                "`{at}` is {} where `{ty}` was expected",
                kind_of(other)
            )),
            Value::Object(_) if schema.structured(&ty.name).is_some() => {
                self.object(schema, v, &ty.name, at)
            }
            Value::String(s) if schema.enums.contains_key(&ty.name) => {
                let (flags, members) = &schema.enums[&ty.name];
                let values: Vec<&str> = if *flags {
                    s.split(',').map(str::trim).collect()
                } else {
                    vec![s.as_str()]
                };
                for v in values {
                    if !members.contains(v) {
                        self.errs.push(format!(
                            "`{at}`: `{v}` is not a member of enum `{}`",
                            ty.name
                        ));
                    }
                }
            }
            _ if !primitive_fits(&ty.name, v) => self.errs.push(format!(
                "`{at}` is {} where `{ty}` was expected",
                kind_of(v)
            )),
            // Other primitives and untyped values: nothing to look up.
            _ if schema.structured(&ty.name).is_none() => {}
            other => self.errs.push(format!(
                "`{at}` is {} where `{ty}` was expected",
                kind_of(other)
            )),
        }
    }

    pub fn object(&mut self, schema: &Schema, v: &Value, declared: &str, at: &str) {
        let Some(obj) = v.as_object() else {
            return;
        };
        let ty = match odata_type(v) {
            Some(t) if schema.structured(&t).is_none() => {
                self.errs.push(format!(
                    "`{at}`: @odata.type `{t}` is not a type in the schema"
                ));
                return;
            }
            Some(t) if !schema.derives(&t, declared) => {
                self.errs.push(format!(
                    "`{at}`: @odata.type `{t}` does not derive from `{declared}`"
                ));
                return;
            }
            Some(t) => t,
            None => declared.to_string(),
        };
        self.seen.insert(ty.clone());
        for (k, val) in obj {
            if k.starts_with('@') {
                continue;
            }
            // `members@odata.bind`, `value@odata.nextLink`…: an annotation of a property.
            if let Some((prop, annotation)) = k.split_once('@') {
                match schema.member(&ty, prop) {
                    Some(Member::Navigation(_)) => {}
                    Some(Member::Property(_)) if annotation != "odata.bind" => {}
                    Some(Member::Property(_)) => self.errs.push(format!(
                        "`{at}.{k}`: `{prop}` is a structural property of `{ty}`, not a navigation property to bind"
                    )),
                    None => self.errs.push(format!(
                        "`{at}.{k}`: `{prop}` is not a navigation property of `{ty}`"
                    )),
                }
                continue;
            }
            match schema.member(&ty, k) {
                Some(m) => self.value(schema, val, m.ty(), &format!("{at}.{k}")),
                None => self
                    .errs
                    .push(format!("`{at}.{k}`: `{k}` is not a property of `{ty}`")),
            }
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Whether a JSON value can be a (single) value of the Edm primitive `ty`; any other type
/// (structured, enum, `Edm.Untyped`) is judged elsewhere or not at all.
fn primitive_fits(ty: &str, v: &Value) -> bool {
    match ty {
        "Edm.Boolean" => v.is_boolean(),
        "Edm.Byte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64" | "Edm.Decimal" => v.is_number(),
        // IEEE special values are strings in OData JSON.
        "Edm.Double" | "Edm.Single" => {
            v.is_number() || matches!(v.as_str(), Some("NaN" | "INF" | "-INF"))
        }
        "Edm.String" | "Edm.DateTimeOffset" | "Edm.Duration" | "Edm.Guid" | "Edm.Date"
        | "Edm.TimeOfDay" | "Edm.Binary" => v.is_string(),
        _ => true,
    }
}
