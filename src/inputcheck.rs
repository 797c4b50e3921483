//! Custom rules that read an `input.` path the rule input does not have (`input.indexes`,
//! `input.collections.userz`): such a read is always undefined, so the rule silently never
//! fires. `lint` warns, with the file, line and column; it does not fail, since a path
//! deeper inside a Graph object is not judged (Graph returns more than the schema lists).
//!
//! The paths come from the parsed policy (regoast::input_refs) and are resolved against the
//! input schema (schemas/input.schema.json): a key is unknown where the schema closes an
//! object (`additionalProperties: false`): the envelope, `collections` and `index`.

use serde_json::Value;

use crate::policy::PolicyFile;
use crate::regoast::{self, Step};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "warning: {}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// The reads of `input` in `files` (Rego, test files skipped) that the rule input does not
/// have. A file that does not parse is skipped: loading it reports that error.
pub fn check(files: &[PolicyFile]) -> Vec<Warning> {
    let Some(schema) = crate::schemas::generate("input") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in files.iter().filter(|f| f.is_rego() && !f.is_test()) {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        engine.set_policy_length_config(crate::engine::limits::policy_length());
        if engine.add_policy(f.path.clone(), f.text.clone()).is_err() {
            continue;
        }
        for module in engine.get_modules().iter() {
            for r in regoast::input_refs(module) {
                if let Some(why) = unknown(&schema, &r.path) {
                    out.push(Warning {
                        file: r.file.clone(),
                        line: r.line,
                        col: r.col,
                        message: format!("`{}` is not in the rule input: {why}", r.text),
                    });
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Why `path` (below `input`) cannot exist in a document valid against `schema`, or `None`
/// when it can or the schema leaves it open.
pub fn unknown(schema: &Value, path: &[Step]) -> Option<String> {
    let mut node = schema;
    let mut at = String::from("input");
    for step in path {
        node = deref(schema, node);
        let props = node.get("properties").and_then(Value::as_object);
        let additional = node.get("additionalProperties");
        match step {
            Step::Key(k) => {
                if let Some(p) = props.and_then(|p| p.get(k)) {
                    node = p;
                    at.push('.');
                    at.push_str(k);
                    continue;
                }
                match additional {
                    Some(Value::Bool(false)) => {
                        let keys: Vec<String> = props
                            .map(|p| p.keys().cloned().collect())
                            .unwrap_or_default();
                        let mut msg = format!("`{at}` has no `{k}`");
                        if let Some(best) = closest(k, &keys) {
                            msg.push_str(&format!(" (did you mean `{at}.{best}`?)"));
                        }
                        return Some(msg);
                    }
                    Some(a @ Value::Object(_)) => {
                        node = a;
                        at.push('.');
                        at.push_str(k);
                    }
                    _ => return None,
                }
            }
            Step::Dynamic => match (additional, node.get("items")) {
                (Some(a @ Value::Object(_)), _) => {
                    node = a;
                    at.push_str("[_]");
                }
                (_, Some(items)) => {
                    node = items;
                    at.push_str("[_]");
                }
                _ => return None,
            },
        }
    }
    None
}

/// Follows a local `$ref` (`#/definitions/Name`).
fn deref<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    // Bounded: definitions never refer to themselves only.
    for _ in 0..8 {
        let Some(r) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(name) = r.strip_prefix("#/definitions/") else {
            break;
        };
        match root.get("definitions").and_then(|d| d.get(name)) {
            Some(d) => node = d,
            None => break,
        }
    }
    node
}

/// The name in `names` closest to `want`, when close enough to be a misspelling (edit
/// distance at most a third of the name, and at least 2); ties go to the first in order.
pub fn closest<'a>(want: &str, names: &'a [String]) -> Option<&'a str> {
    let want_l = want.to_ascii_lowercase();
    let limit = (want.chars().count() / 3).max(2);
    names
        .iter()
        .map(|n| {
            (
                strsim::damerau_levenshtein(&want_l, &n.to_ascii_lowercase()),
                n,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, n)| n.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> PolicyFile {
        PolicyFile {
            path: "custom/acme.rego".into(),
            text: text.into(),
        }
    }

    #[test]
    fn the_builtin_policies_read_only_paths_the_input_has() {
        let warnings = check(&crate::policy::builtin_rego());
        assert!(warnings.is_empty(), "{warnings:#?}");
    }

    #[test]
    fn misspelt_envelope_collection_and_index_paths_are_reported_where_they_are() {
        let w = check(&[file(
            "package govlint.rules.acme\n\nimport rego.v1\n\n\
             a contains x if {\n\tsome x in input.indexes.roleHolders\n}\n\n\
             b contains u.id if {\n\tsome u in input.collections.userz\n\tu.accountEnabled\n}\n\n\
             c := input.index[\"roleHoldrs\"]\n\n\
             ok contains u.whatever.deep if {\n\tsome u in input.collections.users\n\tinput.index.users[u.id].id\n\tinput.index.roleHolders[_][_].active[_].via[_].groupId\n}\n\n\
             test_write if {\n\tc with input as {}\n}\n",
        )]);
        let got: Vec<(u32, u32, &str)> = w
            .iter()
            .map(|w| (w.line, w.col, w.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (6, 12, "`input.indexes.roleHolders` is not in the rule input: `input` has no `indexes` (did you mean `input.index`?)"),
                (10, 12, "`input.collections.userz` is not in the rule input: `input.collections` has no `userz` (did you mean `input.collections.users`?)"),
                (14, 6, "`input.index[\"roleHoldrs\"]` is not in the rule input: `input.index` has no `roleHoldrs` (did you mean `input.index.roleHolders`?)"),
            ]
        );
        assert_eq!(
            w[0].to_string(),
            "warning: custom/acme.rego:6:12: `input.indexes.roleHolders` is not in the rule input: `input` has no `indexes` (did you mean `input.index`?)"
        );
    }
}
