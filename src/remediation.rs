//! Turning what a rule says about a fix into a concrete remediation: absolute Graph request
//! URLs for the tenant's cloud, and a unified before/after diff of the object at fault.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use similar::TextDiff;

use crate::finding::{Remediation, Request};

/// A remediation as a rule writes it (the policy contract in `policies/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRemediation {
    pub summary: String,
    #[serde(default)]
    pub requests: Vec<RawRequest>,
    /// The object before the fix; defaults to the object at fault as the snapshot holds it.
    /// `null` means the fix creates an object that did not exist.
    #[serde(default, deserialize_with = "present")]
    pub before: Option<Value>,
    /// The object after the fix; `null` means the fix deletes it.
    #[serde(default, deserialize_with = "present")]
    pub after: Option<Value>,
    /// A JSON merge patch (RFC 7386) applied to `before`, instead of a whole `after`.
    #[serde(default)]
    pub patch: Option<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequest {
    pub method: String,
    /// A Graph path (`/roleManagement/...`); `/v1.0` is implied unless `/beta` is given.
    pub path: String,
    #[serde(default)]
    pub body: Option<Value>,
}

/// Keeps an explicit `null` as `Some(Null)`, so "deleted" differs from "not given".
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

pub fn build(
    raw: RawRemediation,
    found: Option<Value>,
    graph_root: &str,
) -> Result<Remediation, String> {
    let mut requests = Vec::with_capacity(raw.requests.len());
    for r in raw.requests {
        let method = r.method.to_ascii_uppercase();
        if !METHODS.contains(&method.as_str()) {
            return Err(format!(
                "remediation request method `{}` is not one of {}",
                r.method,
                METHODS.join(", ")
            ));
        }
        if !r.path.starts_with('/') {
            return Err(format!(
                "remediation request path `{}` must start with `/`",
                r.path
            ));
        }
        let versioned = r.path.starts_with("/v1.0/") || r.path.starts_with("/beta/");
        let url = if versioned {
            format!("{graph_root}{}", r.path)
        } else {
            format!("{graph_root}/v1.0{}", r.path)
        };
        requests.push(Request {
            method,
            url,
            body: r.body.map(redact),
        });
    }
    let before = raw
        .before
        .or(found)
        .ok_or("remediation has no `before` and the object at fault is not in its collection")?;
    let after = match (raw.after, raw.patch) {
        (Some(a), None) => a,
        (None, Some(p)) => merge_patch(before.clone(), p),
        (Some(_), Some(_)) => {
            return Err("remediation gives both `after` and `patch`; give one".into())
        }
        (None, None) => return Err("remediation needs `after` (null to delete) or `patch`".into()),
    };
    Ok(Remediation {
        summary: raw.summary,
        requests,
        diff: diff(&redact(before), &redact(after)),
    })
}

/// Unified diff of two JSON values, pretty-printed; `null` stands for "no object".
pub fn diff(before: &Value, after: &Value) -> String {
    let text = |v: &Value| match v {
        Value::Null => String::new(),
        v => serde_json::to_string_pretty(v).unwrap_or_default() + "\n",
    };
    let (a, b) = (text(before), text(after));
    TextDiff::from_lines(&a, &b)
        .unified_diff()
        .context_radius(3)
        .header("before", "after")
        .to_string()
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: Value, patch: Value) -> Value {
    match patch {
        Value::Object(p) => {
            let mut t = match target {
                Value::Object(t) => t,
                _ => serde_json::Map::new(),
            };
            // Keep the object's key order, so the diff shows only what changed.
            for (k, v) in p {
                if v.is_null() {
                    t.shift_remove(&k);
                } else if let Some(cur) = t.get_mut(&k) {
                    *cur = merge_patch(std::mem::take(cur), v);
                } else {
                    t.insert(k, merge_patch(Value::Null, v));
                }
            }
            Value::Object(t)
        }
        other => other,
    }
}

/// Blanks the query of URLs that carry credentials (Logic App trigger URLs hold a SAS `sig`),
/// so no report ever prints a secret that sat in the snapshot.
pub fn redact(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(redact_str(s)),
        Value::Array(a) => Value::Array(a.into_iter().map(redact).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, redact(v))).collect()),
        other => other,
    }
}

fn redact_str(s: String) -> String {
    let lower = s.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return s;
    }
    let Some(q) = s.find('?') else { return s };
    let secret = ["sig=", "code=", "token=", "key=", "secret=", "password="]
        .iter()
        .any(|k| lower[q..].contains(k));
    if secret {
        format!("{}?<redacted>", &s[..q])
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_merges_and_deletes() {
        let out = merge_patch(
            json!({"a": 1, "b": {"c": 2, "d": 3}}),
            json!({"b": {"c": null, "e": 4}, "f": 5}),
        );
        assert_eq!(out, json!({"a": 1, "b": {"d": 3, "e": 4}, "f": 5}));
    }

    #[test]
    fn patch_keeps_key_order() {
        let out = merge_patch(json!({"a": 1, "b": 2, "c": 3}), json!({"a": 9, "b": null}));
        assert_eq!(
            serde_json::to_string(&out).expect("json"),
            r#"{"a":9,"c":3}"#
        );
    }

    #[test]
    fn diff_shows_changed_lines_only_in_context() {
        let d = diff(&json!({"a": 1, "b": true}), &json!({"a": 1, "b": false}));
        assert!(d.starts_with("--- before\n+++ after\n"), "{d}");
        assert!(d.contains("-  \"b\": true\n+  \"b\": false\n"), "{d}");
    }

    #[test]
    fn deletion_diff_removes_everything() {
        let d = diff(&json!({"id": "x"}), &Value::Null);
        assert!(d.contains("-  \"id\": \"x\""), "{d}");
        assert!(!d.contains("\n+  "), "{d}");
    }

    #[test]
    fn null_before_shows_a_creation() {
        let raw: RawRemediation =
            serde_json::from_value(json!({"summary": "s", "before": null, "after": {"id": "new"}}))
                .expect("valid");
        let r = build(
            raw,
            Some(json!({"id": "looked-up"})),
            "https://graph.microsoft.com",
        )
        .expect("builds");
        assert!(r.diff.contains("+  \"id\": \"new\""), "{}", r.diff);
        assert!(!r.diff.contains("looked-up"), "{}", r.diff);
    }

    #[test]
    fn secret_urls_are_redacted() {
        let v = redact(
            json!({"url": "https://prod.logic.azure.com/workflows/x/invoke?api-version=1&sig=abc", "plain": "https://x/?a=1"}),
        );
        assert_eq!(
            v["url"],
            json!("https://prod.logic.azure.com/workflows/x/invoke?<redacted>")
        );
        assert_eq!(v["plain"], json!("https://x/?a=1"));
    }

    #[test]
    fn requests_get_absolute_versioned_urls() {
        let raw: RawRemediation = serde_json::from_value(json!({
            "summary": "s", "after": null,
            "requests": [{"method": "delete", "path": "/users/1"}, {"method": "GET", "path": "/beta/x"}]
        })).expect("valid");
        let r =
            build(raw, Some(json!({"id": "1"})), "https://graph.microsoft.com").expect("builds");
        assert_eq!(
            r.requests[0].url,
            "https://graph.microsoft.com/v1.0/users/1"
        );
        assert_eq!(r.requests[0].method, "DELETE");
        assert_eq!(r.requests[1].url, "https://graph.microsoft.com/beta/x");
    }
}
