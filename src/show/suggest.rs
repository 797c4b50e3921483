//! The closest names to one the snapshot does not hold, so a typo or a half-remembered name
//! gets an answer of candidates rather than a bare "not found".
//!
//! One pass over the candidates keeping the best few: a part of a name (or of a UPN or mail)
//! ranks first, then Jaro-Winkler similarity, which favours a shared beginning the way people
//! misremember names. Anything below [`FLOOR`] is not worth showing.

use regorus::Value;

use super::fields::{contains_ci, s};
use super::view::Ref;

/// How many suggestions an error lists.
pub const MAX: usize = 5;
/// The least similarity worth suggesting (Jaro-Winkler, 0..1).
const FLOOR: f64 = 0.8;

/// How close `value` is to `lower_query` (already lower-case), 0..1.
fn score(value: &str, lower_query: &str) -> f64 {
    let v = value.to_lowercase();
    if lower_query.chars().count() >= 3 && (v.contains(lower_query) || lower_query.contains(&v)) {
        return 1.0;
    }
    let whole = strsim::jaro_winkler(&v, lower_query);
    // `alex` against `alex.wilber@contoso.com`: the part before the domain says more.
    let local = v
        .split_once('@')
        .map_or(0.0, |(l, _)| strsim::jaro_winkler(l, lower_query));
    whole.max(local)
}

/// The few items of `items` whose `displayName` or one of `keys` is closest to `query`, best
/// first (ties by name then id, so the answer is deterministic).
pub fn closest<'v, I>(items: I, query: &str, keys: &[&str]) -> Vec<Ref>
where
    I: IntoIterator<Item = &'v Value>,
{
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut best: Vec<(f64, Ref)> = Vec::with_capacity(MAX + 1);
    for v in items {
        let Some(id) = s(v, "id") else { continue };
        let mut top = if contains_ci(id, &q) { 1.0 } else { 0.0 };
        for k in std::iter::once(&"displayName").chain(keys) {
            if let Some(name) = s(v, k) {
                top = f64::max(top, score(name, &q));
            }
        }
        if top < FLOOR {
            continue;
        }
        let r = Ref::new(id, s(v, "displayName").map(str::to_string))
            .upn(s(v, "userPrincipalName").map(str::to_string));
        if best.len() == MAX && best.last().is_some_and(|(b, _)| *b >= top) {
            continue;
        }
        best.push((top, r));
        best.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        best.dedup_by(|a, b| a.1 == b.1);
        best.truncate(MAX);
    }
    best.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str, upn: &str) -> Value {
        Value::from(serde_json::json!({"id": id, "displayName": name, "userPrincipalName": upn}))
    }

    #[test]
    fn a_typo_and_a_part_of_a_upn_find_the_person() {
        let items = [
            user("u1", "Alex Wilber", "alex.wilber@contoso.com"),
            user("u2", "Adele Vance", "adelev@contoso.com"),
            user("u3", "Megan Bowen", "meganb@contoso.com"),
        ];
        let names = |q: &str| -> Vec<String> {
            closest(items.iter(), q, &["userPrincipalName"])
                .into_iter()
                .map(|r| r.id)
                .collect()
        };
        assert_eq!(names("Alex Wilbur"), ["u1"]);
        assert_eq!(names("adelev"), ["u2"]);
        assert_eq!(names("meganb@contoso"), ["u3"]);
        // Nothing alike: no suggestions rather than noise.
        assert!(names("zzzz-payroll").is_empty());
    }

    #[test]
    fn at_most_max_best_first() {
        let items: Vec<Value> = (0..9)
            .map(|i| user(&format!("id{i}"), &format!("Finance {i}"), ""))
            .chain([user("x", "Finanse", "")])
            .collect();
        let got = closest(items.iter(), "Finance", &[]);
        assert_eq!(got.len(), MAX);
        assert_eq!(got[0].name.as_deref(), Some("Finance 0"));
        assert!(got.iter().all(|r| r.id != "x"));
    }
}
