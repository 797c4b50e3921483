// govlint patch 79: `json.match_schema` and `json.verify_schema` report what OPA reports.
// OPA validates with gojsonschema (drafts 4, 6 and 7); the engine with the Rust jsonschema
// crate. The verdicts agree once the crate reads a schema without `$schema` as draft 7 (as
// gojsonschema does: array `items`, `additionalItems`, `dependencies`, formats asserted) and a
// string document is parsed as JSON; this module turns the crate's errors into gojsonschema's:
// its messages (`Invalid type. Expected: integer, given: string`, `a is required`), its error
// types, one error per unexpected property, the errors of the closest `anyOf`/`oneOf` branch
// after the combinator's own, an `allOf` error after its branches' errors, `condition_then`
// before a failing `then`, and its order (a location's own errors before its properties', a
// string's `enum` and `format` before its `minLength` and `pattern`, ...).

use crate::value::Value;
use crate::*;

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use jsonschema::error::{TypeKind, ValidationErrorKind as K};
use jsonschema::ValidationError;

/// One gojsonschema `ResultError`.
struct GoError {
    path: Vec<String>,
    kind: &'static str,
    desc: String,
    /// Where gojsonschema's walk meets it: compared element-wise, then by the crate's order.
    order: Vec<(u32, u32)>,
    /// The location of the first `allOf` on the error's schema path, which gojsonschema
    /// reports after the errors of its branches.
    all_of_at: Option<Vec<String>>,
}

/// Compiles `schema` as gojsonschema reads it: draft 7 unless it names its draft.
pub fn compile(schema: &serde_json::Value) -> core::result::Result<jsonschema::Validator, String> {
    // gojsonschema checks `uuid` whatever the draft.
    let mut options = jsonschema::options().with_format("uuid", is_uuid);
    if schema.get("$schema").is_none() {
        options = options.with_draft(jsonschema::Draft::Draft7);
    }
    options.build(schema).map_err(|e| schema_error(&e))
}

/// gojsonschema's words for the schema errors a policy author meets; the crate's otherwise.
fn schema_error(e: &ValidationError<'_>) -> String {
    let segments: Vec<String> = e.instance_path().iter().map(|s| s.to_string()).collect();
    let key = segments.last().map(String::as_str).unwrap_or_default();
    let value = e.instance();
    let number_key = matches!(
        key,
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf"
    );
    let count_key = matches!(
        key,
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties"
    );
    match (key, value.as_ref()) {
        ("type", serde_json::Value::String(t)) => format!(
            "has a primitive type that is NOT VALID -- given: /{t}/ Expected valid values \
             are:[array boolean integer number null object string]"
        ),
        ("type", _) => "Invalid type. Expected: type, given: string/Array Of Strings".into(),
        (_, v) if number_key && !v.is_number() => format!("{key} must be of a Number"),
        (_, v) if count_key && v.as_f64().is_some_and(|n| n < 0.0) => {
            format!("{key} must be greater than or equal to 0")
        }
        ("required", v) if !v.is_array() => "required must be of an array".into(),
        ("pattern", _) => "pattern must be a valid regex".into(),
        _ => match e.kind() {
            K::Referencing(_) => {
                let missing = schema_ref_tail(e);
                format!("Object has no key '{missing}'")
            }
            _ => e.to_string(),
        },
    }
}

fn schema_ref_tail(e: &ValidationError<'_>) -> String {
    // The crate says "Pointer '/nope' does not exist"; gojsonschema names the missing key.
    let msg = e.to_string();
    msg.split('\'')
        .nth(1)
        .and_then(|p| p.rsplit('/').next())
        .unwrap_or_default()
        .to_string()
}

/// The errors of `document` against `validator`, as OPA's `json.match_schema` lists them.
pub fn match_errors(
    validator: &jsonschema::Validator,
    schema: &serde_json::Value,
    document: &serde_json::Value,
) -> Vec<Value> {
    let mut out = Vec::new();
    for (seq, e) in validator.iter_errors(document).enumerate() {
        convert(&e, schema, seq as u32, &mut out);
    }
    add_all_of(&mut out);
    out.sort_by(|a, b| a.order.cmp(&b.order));
    out.into_iter().map(to_value).collect()
}

fn to_value(e: GoError) -> Value {
    let field = if e.path.is_empty() {
        "(Root)".to_string()
    } else {
        e.path.join(".")
    };
    let mut obj = BTreeMap::new();
    obj.insert(Value::from("error"), Value::from(format!("{field}: {}", e.desc)));
    obj.insert(Value::from("type"), Value::from(e.kind));
    obj.insert(Value::from("field"), Value::from(field));
    obj.insert(Value::from("desc"), Value::from(e.desc));
    Value::from(obj)
}

fn segments(loc: &jsonschema::paths::Location) -> Vec<String> {
    loc.iter().map(|s| s.to_string()).collect()
}

/// gojsonschema's place for an error: for each step of the schema path, the phase of the
/// keyword in its walk of one location (`type` alone; combinators; the type's own keywords;
/// `const`, `enum`, `format`; string keywords and then properties), and the index of the
/// property, item or branch.
/// Also returns, for each step, how many segments of the instance path lie before it.
fn order(
    schema: &serde_json::Value,
    schema_path: &[String],
    instance: &[String],
    seq: u32,
) -> (Vec<(u32, u32)>, Vec<usize>) {
    let mut out = Vec::new();
    let mut depth = Vec::new();
    let mut node = Some(schema);
    let mut inst = instance.iter();
    let mut i = 0;
    while i < schema_path.len() {
        depth.push(instance.len() - inst.len());
        let k = schema_path[i].as_str();
        let phase = match k {
            "type" => 0,
            "anyOf" => 10,
            "oneOf" => 11,
            "allOf" => 12,
            "not" => 13,
            "dependencies" | "dependentRequired" | "dependentSchemas" => 14,
            "if" | "then" | "else" => 15,
            "multipleOf" | "items" | "additionalItems" | "prefixItems" | "minProperties" => 20,
            "maximum" | "minItems" | "maxProperties" => 21,
            "exclusiveMaximum" | "maxItems" | "required" => 22,
            "minimum" | "uniqueItems" | "additionalProperties" | "patternProperties" => 23,
            "exclusiveMinimum" | "contains" | "propertyNames" => 24,
            "const" => 30,
            "enum" => 31,
            "format" => 32,
            "minLength" => 40,
            "maxLength" => 41,
            "pattern" => 42,
            "properties" => 45,
            _ => 50,
        };
        let child = node.and_then(|n| n.get(k));
        // Keywords whose next step names a property, an item or a branch.
        let (index, skip) = match k {
            "properties" => {
                let name = schema_path.get(i + 1).cloned().unwrap_or_default();
                inst.next();
                let pos = child
                    .and_then(|c| c.as_object())
                    .and_then(|m| m.keys().position(|key| *key == name))
                    .unwrap_or(0);
                node = child.and_then(|c| c.get(&name));
                (pos as u32, 2)
            }
            "patternProperties" | "dependencies" | "dependentSchemas" => {
                let name = schema_path.get(i + 1).cloned().unwrap_or_default();
                if k == "patternProperties" {
                    inst.next();
                }
                node = child.and_then(|c| c.get(&name));
                (0, 2)
            }
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => {
                let n: u32 = schema_path.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(0);
                node = child.and_then(|c| c.get(n as usize));
                if k == "prefixItems" {
                    inst.next();
                }
                (n, 2)
            }
            "items" if child.is_some_and(|c| c.is_array()) => {
                let n: u32 = schema_path.get(i + 1).and_then(|s| s.parse().ok()).unwrap_or(0);
                inst.next();
                node = child.and_then(|c| c.get(n as usize));
                (n, 2)
            }
            "items" | "additionalItems" | "additionalProperties" | "contains" => {
                let n = inst.next().and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
                node = child;
                (n, 1)
            }
            _ => {
                node = child;
                (0, 1)
            }
        };
        out.push((phase, index));
        i += skip;
    }
    out.push((99, seq));
    depth.push(instance.len() - inst.len());
    (out, depth)
}



fn go_number(v: &serde_json::Value) -> String {
    // gojsonschema prints a limit as a big.Float with %v: the shortest 'g' form.
    match v.as_f64() {
        Some(f) => super::strings::format_float(f, 'g', None),
        None => v.to_string(),
    }
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(n) => {
            if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                "integer"
            } else {
                "number"
            }
        }
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

fn field_of(path: &[String]) -> String {
    if path.is_empty() {
        "(Root)".into()
    } else {
        path.join(".")
    }
}

fn convert(e: &ValidationError<'_>, schema: &serde_json::Value, seq: u32, out: &mut Vec<GoError>) {
    let path = segments(e.instance_path());
    let spath = segments(e.schema_path());
    let (ord, depth) = order(schema, &spath, &path, seq);
    let all_of_at = ord
        .iter()
        .position(|(phase, _)| *phase == 12)
        .map(|at| path[..depth[at].min(path.len())].to_vec());
    let last = spath.last().map(String::as_str).unwrap_or_default();
    // A property dependency (`"dependencies": {"a": ["b"]}`) fails as a `required`; gojsonschema
    // reports it as the dependency (a schema dependency's `required` stays one).
    let in_dependencies = matches!(last, "dependencies" | "dependentRequired");
    let mut push = |kind: &'static str, desc: String| {
        out.push(GoError {
            path: path.clone(),
            kind,
            desc,
            order: ord.clone(),
            all_of_at: all_of_at.clone(),
        })
    };
    match e.kind() {
        K::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => {
                    // In the schema's order, as gojsonschema lists them.
                    let listed: Vec<String> = node_at(schema, &spath)
                        .and_then(|t| t.as_array())
                        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                        .unwrap_or_else(|| ts.iter().map(|t| t.to_string()).collect());
                    format!("[{}]", listed.join(","))
                }
            };
            push(
                "invalid_type",
                format!("Invalid type. Expected: {expected}, given: {}", json_type(e.instance())),
            );
        }
        K::Required { property } if in_dependencies => {
            let p = property.as_str().unwrap_or_default();
            push("missing_dependency", format!("Has a dependency on {p}"));
        }
        K::Required { property } => {
            let p = property.as_str().map_or_else(|| property.to_string(), String::from);
            push("required", format!("{p} is required"));
        }
        K::AdditionalProperties { unexpected } => {
            for p in unexpected {
                push("additional_property_not_allowed", format!("Additional property {p} is not allowed"));
            }
        }
        K::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(|v| v.to_string()).collect())
                .unwrap_or_default();
            push("enum", format!("{} must be one of the following: {}", field_of(&path), allowed.join(", ")));
        }
        K::Constant { expected_value } => {
            push("const", format!("{} does not match: {expected_value}", field_of(&path)));
        }
        K::Minimum { limit } => push("number_gte", format!("Must be greater than or equal to {}", go_number(limit))),
        K::Maximum { limit } => push("number_lte", format!("Must be less than or equal to {}", go_number(limit))),
        K::ExclusiveMinimum { limit } => push("number_gt", format!("Must be greater than {}", go_number(limit))),
        K::ExclusiveMaximum { limit } => push("number_lt", format!("Must be less than {}", go_number(limit))),
        K::MultipleOf { multiple_of } => push(
            "multiple_of",
            format!("Must be a multiple of {}", super::strings::format_float(*multiple_of, 'g', None)),
        ),
        K::MinLength { limit } => push("string_gte", format!("String length must be greater than or equal to {limit}")),
        K::MaxLength { limit } => push("string_lte", format!("String length must be less than or equal to {limit}")),
        K::Pattern { pattern } => push("pattern", format!("Does not match pattern '{pattern}'")),
        K::Format { format } => push("format", format!("Does not match format '{format}'")),
        K::MinItems { limit } => push("array_min_items", format!("Array must have at least {limit} items")),
        K::MaxItems { limit } => push("array_max_items", format!("Array must have at most {limit} items")),
        K::UniqueItems => {
            let (i, j) = first_duplicate(e.instance());
            push("unique", format!("array items[{i},{j}] must be unique"));
        }
        K::MinProperties { limit } => push("array_min_properties", format!("Must have at least {limit} properties")),
        K::MaxProperties { limit } => push("array_max_properties", format!("Must have at most {limit} properties")),
        K::AdditionalItems { .. } => push("array_no_additional_items", "No additional items allowed on array".into()),
        K::Contains => {
            push("contains", "At least one of the items must match".into());
            contains_best_item(e, schema, &spath, &path, &ord, out);
        }
        K::FalseSchema => push("false", "False always fails validation".into()),
        K::Not { .. } => push("number_not", "Must not validate the schema (not)".into()),
        K::OneOfMultipleValid { .. } => push("number_one_of", "Must validate one and only one schema (oneOf)".into()),
        K::AnyOf { context } | K::OneOfNotValid { context } => {
            let any = matches!(e.kind(), K::AnyOf { .. });
            if any {
                push("number_any_of", "Must validate at least one schema (anyOf)".into());
            } else {
                push("number_one_of", "Must validate one and only one schema (oneOf)".into());
            }
            // The closest branch, as gojsonschema scores them: a branch failing on the type
            // of the value itself stops early and scores lowest; then the fewest errors; the
            // first of equals.
            let rank = |b: &Vec<ValidationError<'static>>| {
                let type_fail = b
                    .iter()
                    .any(|x| matches!(x.kind(), K::Type { .. }) && segments(x.instance_path()) == path);
                (type_fail, b.len())
            };
            if let Some(best) = context.iter().filter(|b| !b.is_empty()).min_by_key(|b| rank(b)) {
                for (k, sub) in best.iter().enumerate() {
                    let before = out.len();
                    convert(sub, schema, k as u32, out);
                    for g in &mut out[before..] {
                        // Branch errors follow the combinator's own, in the branch's order.
                        let mut o = ord.clone();
                        o.push((100, 0));
                        o.extend(g.order.iter().copied());
                        g.order = o;
                    }
                }
            }
        }
        K::PropertyNames { error } => {
            let name = error.instance().as_str().map_or_else(|| error.instance().to_string(), String::from);
            push("invalid_property_name", format!("Property name of \"{name}\" does not match"));
            let before = out.len();
            convert(error, schema, seq, out);
            for g in &mut out[before..] {
                // The name's error is reported at the object.
                g.path = path.clone();
                let mut o = ord.clone();
                o.push((100, 0));
                g.order = o;
            }
        }
        _ => push(keyword_type(e.kind().keyword()), e.to_string()),
    }
    // A failing `then`/`else`: gojsonschema names the condition before the branch's errors.
    for (n, seg) in spath.iter().enumerate() {
        let (kind, desc) = match seg.as_str() {
            "then" => ("condition_then", "Must validate \"then\" as \"if\" was valid"),
            "else" => ("condition_else", "Must validate \"else\" as \"if\" was not valid"),
            _ => continue,
        };
        let (mut o, _) = order(schema, &spath[..n], &path, 0);
        o.pop();
        o.push((15, 0));
        if !out.iter().any(|g| g.kind == kind && g.order == o) {
            out.push(GoError {
                path: path.clone(),
                kind,
                desc: desc.into(),
                order: o,
                all_of_at: None,
            });
        }
        break;
    }
}

/// gojsonschema follows a failing `contains` with the errors of its closest item (scored as
/// the branches of `anyOf`). The `contains` schema is compiled on its own for that, so one
/// that refers elsewhere in the schema (`$ref`) is reported without them.
fn contains_best_item(
    e: &ValidationError<'_>,
    schema: &serde_json::Value,
    spath: &[String],
    path: &[String],
    ord: &[(u32, u32)],
    out: &mut Vec<GoError>,
) {
    let (Some(sub), Some(items)) = (node_at(schema, spath), e.instance().as_array()) else {
        return;
    };
    let Ok(validator) = compile(sub) else {
        return;
    };
    let mut best: Option<(usize, (bool, usize), Vec<ValidationError<'_>>)> = None;
    for (i, item) in items.iter().enumerate() {
        let errors: Vec<ValidationError<'_>> = validator.iter_errors(item).collect();
        let type_fail = errors
            .iter()
            .any(|x| matches!(x.kind(), K::Type { .. }) && x.instance_path().iter().next().is_none());
        let rank = (type_fail, errors.len());
        if best.as_ref().is_none_or(|(_, r, _)| rank < *r) {
            best = Some((i, rank, errors));
        }
    }
    let Some((index, _, errors)) = best else {
        return;
    };
    for (k, sub_error) in errors.iter().enumerate() {
        let before = out.len();
        convert(sub_error, sub, k as u32, out);
        for g in &mut out[before..] {
            let old = field_of(&g.path);
            let mut p = path.to_vec();
            p.push(index.to_string());
            if let Some(at) = g.all_of_at.take() {
                g.all_of_at = Some(p.iter().cloned().chain(at).collect());
            }
            p.extend(g.path.drain(..));
            g.path = p;
            if let Some(rest) = g.desc.strip_prefix(old.as_str()) {
                // `enum` and `const` name the field in their message.
                if matches!(g.kind, "enum" | "const") {
                    g.desc = format!("{}{rest}", field_of(&g.path));
                }
            }
            let mut o = ord.to_vec();
            o.push((100, 0));
            o.extend(g.order.iter().copied());
            g.order = o;
        }
    }
}

fn keyword_type(k: &str) -> &'static str {
    match k {
        "contentEncoding" => "contentEncoding",
        "contentMediaType" => "contentMediaType",
        _ => "internal",
    }
}

/// After the errors of a failing `allOf`'s branches, gojsonschema adds the `allOf`'s own.
fn add_all_of(out: &mut Vec<GoError>) {
    let mut seen: Vec<Vec<(u32, u32)>> = Vec::new();
    let mut extra = Vec::new();
    for g in out.iter() {
        if let Some(at) = g.order.iter().position(|(phase, _)| *phase == 12) {
            let mut o: Vec<(u32, u32)> = g.order[..at].to_vec();
            o.push((12, u32::MAX));
            if !seen.contains(&o) {
                seen.push(o.clone());
                extra.push(GoError {
                    path: g.all_of_at.clone().unwrap_or_else(|| g.path.clone()),
                    kind: "number_all_of",
                    desc: "Must validate all the schemas (allOf)".into(),
                    order: o,
                    all_of_at: None,
                });
            }
        }
    }
    out.extend(extra);
}

fn node_at<'a>(schema: &'a serde_json::Value, path: &[String]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(schema, |node, seg| match node {
        serde_json::Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => node.get(seg),
    })
}

/// gojsonschema's `(?i)^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$`.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn first_duplicate(v: &serde_json::Value) -> (usize, usize) {
    let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
    for j in 0..items.len() {
        for i in 0..j {
            if items[i] == items[j] {
                return (i, j);
            }
        }
    }
    (0, 0)
}
