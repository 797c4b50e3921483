//! JSON Schemas (draft-07, which OPA, Regal and editors read) of what govlint reads and writes:
//! the snapshot, the rule input, the findings JSON and `govlint.toml`. Generated from the Rust
//! types with schemars; the input's collections and indexes come from the fetcher's and the
//! engine's own lists, so a new collection or index shows up in the schema by itself.
//! `govlint schema NAME` prints one; schemas/ holds them, and a test fails when one is stale.

pub mod cli;
pub mod graph;
pub mod input;

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

use crate::engine::input::{DERIVED, LOGS};
use crate::engine::prefilter;

/// The schemas, by the name `govlint schema` takes.
pub const NAMES: [&str; 4] = ["input", "snapshot", "findings", "config"];

/// The file a schema is published as under schemas/.
pub fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}

/// The schema `name`, or `None` for an unknown name.
pub fn generate(name: &str) -> Option<Value> {
    let mut v = match name {
        "input" => input_schema(),
        "snapshot" => snapshot_schema(),
        "findings" => root::<crate::finding::LintResult>(),
        "config" => config_schema(),
        _ => return None,
    };
    let description = match name {
        "input" => {
            "The `input` document a govlint rule receives (`govlint input SNAPSHOT` writes one)."
        }
        "snapshot" => "A govlint snapshot (`govlint.snapshot/v1`), written by `govlint fetch`.",
        "findings" => "The findings JSON of `govlint lint --format json` (docs/findings-json.md).",
        _ => "govlint.toml, the configuration file (as JSON: TOML tables are objects).",
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("description".into(), json!(description));
    }
    Some(v)
}

/// The schema as its file holds it: indented, one trailing newline.
pub fn text(name: &str) -> Option<String> {
    let mut s = serde_json::to_string_pretty(&generate(name)?).ok()?;
    s.push('\n');
    Some(s)
}

fn root<T: JsonSchema>() -> Value {
    SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

fn defs(v: &mut Value) -> &mut Map<String, Value> {
    let o = v.as_object_mut().expect("a schema is an object");
    o.entry("definitions")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("definitions is an object")
}

fn reference(def: &str) -> Value {
    json!({"$ref": format!("#/definitions/{def}")})
}

/// The definition name of a collection's Graph object.
fn object_def(collection: &str) -> String {
    format!("graph.{collection}")
}

/// A collection's Graph object: open (Graph returns more than any rule reads), with the
/// properties the built-in rules read.
fn graph_object(collection: &str) -> Value {
    let mut props = Map::new();
    if let Some((_, read)) = graph::READ.iter().find(|(c, _)| *c == collection) {
        for (p, ty) in read.iter() {
            props.insert(
                (*p).to_string(),
                if ty.is_empty() {
                    json!({})
                } else {
                    json!({"type": [ty, "null"]})
                },
            );
        }
    }
    props
        .entry("id")
        .or_insert_with(|| json!({"type": "string"}));
    // The version the fetch reads it from: beta where Graph has the data nowhere else.
    let version = crate::fetch::collections::SPECS
        .iter()
        .find(|s| s.name == collection)
        .map_or("v1.0", |s| s.version);
    json!({
        "type": "object",
        "description": format!("An item of `{collection}`: a Graph {version} object verbatim (Graph returns more than the properties listed, which are those govlint's built-in rules read)."),
        "properties": props,
        "additionalProperties": true,
    })
}

/// An open object for OPA's type checker. OPA types an object schema that lists
/// `properties` as having exactly those (it ignores `additionalProperties`), so a rule
/// reading any other Graph property would be a type error under `opa check --schema`. The
/// listed properties move into the description, where editors still show them; the snapshot
/// schema keeps them typed.
fn open_for_opa(mut def: Value) -> Value {
    let Some(o) = def.as_object_mut() else {
        return def;
    };
    let props = o.remove("properties");
    o.remove("required");
    o.insert("additionalProperties".into(), json!(true));
    if let Some(Value::Object(props)) = props {
        let listed: Vec<String> = props
            .iter()
            .map(|(k, v)| match type_name(v) {
                Some(t) => format!("`{k}` ({t})"),
                None => format!("`{k}`"),
            })
            .collect();
        let before = o
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let sep = if before.is_empty() { "" } else { " " };
        o.insert(
            "description".into(),
            json!(format!("{before}{sep}Properties: {}.", listed.join(", "))),
        );
    }
    def
}

/// `string`, `string or null`, or the referenced definition, for a description.
fn type_name(v: &Value) -> Option<String> {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return Some(r.trim_start_matches("#/definitions/").to_string());
    }
    match v.get("type")? {
        Value::String(t) => Some(t.clone()),
        Value::Array(ts) => Some(
            ts.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" or "),
        ),
        _ => None,
    }
}

/// Every snapshot collection name the fetcher writes.
fn collection_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = crate::fetch::collections::SPECS
        .iter()
        .map(|s| s.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

fn input_schema() -> Value {
    let mut v = root::<input::Input>();
    let names = collection_names();
    {
        let d = defs(&mut v);
        for c in &names {
            d.insert(object_def(c), open_for_opa(graph_object(c)));
        }
        for (name, schema) in [
            ("Holdings", root::<input::Holdings>()),
            ("RolePolicy", root::<input::RolePolicy>()),
        ] {
            let mut schema = schema;
            let inner = schema
                .as_object_mut()
                .and_then(|o| o.remove("definitions"))
                .unwrap_or_else(|| json!({}));
            if let Some(o) = schema.as_object_mut() {
                o.remove("$schema");
                o.remove("title");
            }
            d.insert(name.into(), schema);
            if let Value::Object(inner) = inner {
                d.extend(inner);
            }
        }
        // Holder entries are role instances verbatim (more fields than listed), and hops may
        // carry more than their three keys.
        for open in ["Holder", "Hop"] {
            if let Some(def) = d.remove(open) {
                d.insert(open.into(), open_for_opa(def));
            }
        }
    }
    let mut collections = Map::new();
    let mut index = Map::new();
    for c in &names {
        collections.insert(
            (*c).to_string(),
            json!({"type": "array", "items": reference(&object_def(c))}),
        );
        if !LOGS.contains(c) {
            index.insert(
                (*c).to_string(),
                json!({
                    "type": "object",
                    "description": format!("`{c}` by id"),
                    "additionalProperties": reference(&object_def(c)),
                }),
            );
        }
    }
    for d in DERIVED {
        let mut s = derived_shape(d.name);
        if let Some(o) = s.as_object_mut() {
            o.insert(
                "description".into(),
                json!(format!("{} (needs {})", d.doc, d.reads.join(", "))),
            );
        }
        index.insert(d.name.to_string(), s);
    }
    let props = v
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("Input has properties");
    for (key, map) in [("collections", collections), ("index", index)] {
        let slot = props.get_mut(key).and_then(Value::as_object_mut);
        if let Some(slot) = slot {
            slot.insert("type".into(), json!("object"));
            slot.insert("properties".into(), Value::Object(map));
            slot.insert("additionalProperties".into(), json!(false));
        }
    }
    v
}

/// The shape of a derived index, by its name (engine/input.rs, engine/prefilter.rs).
fn derived_shape(name: &str) -> Value {
    let by_id = |inner: Value| json!({"type": "object", "additionalProperties": inner});
    let list_of = |c: &str| json!({"type": "array", "items": reference(&object_def(c))});
    match name {
        "roleHolders" | "principalRoles" => by_id(by_id(reference("Holdings"))),
        "rolePolicies" => by_id(reference("RolePolicy")),
        prefilter::APPROVED_AGAINST_DENY
        | prefilter::SELF_REVIEWED
        | prefilter::DENIED_NOT_APPLIED
        | prefilter::NEVER_APPLIED => json!({
            "type": "array",
            "items": {"type": "array", "items": {"type": "array", "items": {"type": "object"}}},
        }),
        prefilter::GUESTS_WITHOUT_SPONSOR
        | prefilter::GUESTS_NOT_RECENTLY_ACTIVE
        | prefilter::EMERGENCY_ACCESS_BY_UPN => list_of("users"),
        prefilter::SIGN_INS_WITHOUT_CA => list_of("signIns"),
        // A new index gets its shape here; the schema test fails until it does.
        _ => json!({}),
    }
}

/// The snapshot; each collection the fetcher writes has its items described as in the input
/// (other names are allowed: a hand-made snapshot may carry more).
fn snapshot_schema() -> Value {
    let mut v = root::<crate::snapshot::Snapshot>();
    let names = collection_names();
    {
        let d = defs(&mut v);
        for c in &names {
            d.insert(object_def(c), graph_object(c));
        }
    }
    let known: Map<String, Value> = names
        .iter()
        .map(|c| {
            (
                (*c).to_string(),
                json!({"allOf": [
                    reference("Collection"),
                    {"properties": {"items": {"type": "array", "items": reference(&object_def(c))}}},
                ]}),
            )
        })
        .collect();
    if let Some(c) = v
        .get_mut("properties")
        .and_then(|p| p.get_mut("collections"))
        .and_then(Value::as_object_mut)
    {
        c.insert("properties".into(), Value::Object(known));
    }
    v
}

fn config_schema() -> Value {
    let mut v = root::<crate::config::RawConfig>();
    // The threshold names are the shipped file's keys: a misspelt one is an error in
    // govlint.toml, so the schema says so too.
    let shipped: Map<String, Value> = crate::policy::builtin_data("thresholds.json")
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default();
    let props: Map<String, Value> = shipped
        .iter()
        .map(|(k, d)| {
            (
                k.clone(),
                json!({"type": "integer", "minimum": 0, "default": d}),
            )
        })
        .collect();
    if let Some(t) = v
        .get_mut("properties")
        .and_then(|p| p.get_mut("thresholds"))
        .and_then(Value::as_object_mut)
    {
        t.insert("properties".into(), Value::Object(props));
        t.insert("additionalProperties".into(), json!(false));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_derived_index_has_a_shape_and_every_listed_collection_exists() {
        for d in DERIVED {
            assert_ne!(
                derived_shape(d.name),
                json!({}),
                "index {} has no shape",
                d.name
            );
        }
        let names = collection_names();
        for (c, _) in graph::READ {
            assert!(
                names.contains(c),
                "graph::READ lists unknown collection {c}"
            );
        }
    }

    #[test]
    fn a_collection_read_from_beta_says_so() {
        let v = generate("snapshot").expect("snapshot");
        let desc = |d: &str| {
            v["definitions"][d]["description"]
                .as_str()
                .unwrap_or("")
                .to_string()
        };
        assert!(desc("graph.servicePrincipalSignInActivities").contains("a Graph beta object"));
        assert!(desc("graph.servicePrincipals").contains("a Graph v1.0 object"));
    }

    #[test]
    fn input_graph_objects_and_holder_entries_stay_open_for_opa() {
        let v = generate("input").expect("input");
        let defs = v["definitions"].as_object().expect("definitions");
        let open: Vec<&String> = defs
            .keys()
            .filter(|k| k.starts_with("graph.") || *k == "Holder" || *k == "Hop")
            .collect();
        assert_eq!(open.len(), collection_names().len() + 2);
        for k in open {
            assert!(defs[k].get("properties").is_none(), "{k} lists properties");
            assert_eq!(defs[k]["additionalProperties"], json!(true), "{k}");
        }
        // The snapshot keeps them typed.
        let snap = generate("snapshot").expect("snapshot");
        assert_eq!(
            snap["definitions"]["graph.users"]["properties"]["accountEnabled"]["type"],
            json!(["boolean", "null"])
        );
    }

    #[test]
    fn every_name_generates_and_an_unknown_one_does_not() {
        for name in NAMES {
            let v = generate(name).expect("generates");
            assert_eq!(
                v["$schema"], "http://json-schema.org/draft-07/schema#",
                "{name}"
            );
        }
        assert!(generate("nope").is_none());
    }
}
