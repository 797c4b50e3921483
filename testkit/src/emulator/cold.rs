//! The tenant's big collections (users, groups with their members, access reviews with their
//! decisions…) held as each object's JSON text, split at the navigations the routes walk.
//!
//! As `serde_json` values a full-size tenant (220k users, a million review decisions) took
//! about eleven times its text: a map node and a `String` per key, per item. As text it
//! takes its size. An object is parsed only when a page or a look-up reaches it; its child
//! lists (an instance's decisions, a group's members) are kept apart as objects of their
//! own, so reading one page of decisions parses that page, not the definition holding a
//! million of them. A write turns the collection back into values first (`Store::values_mut`):
//! only tests write, on small tenants.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::routes::{Nav, ROUTES};

/// The collections held as text: the ones that grow with the tenant and that only tests write.
pub(crate) const COLD: &[&str] = &[
    "users",
    "groups",
    "accessReviewDefinitions",
    "userSignInActivity",
    "userRegistrationDetails",
];

pub(crate) fn is_cold(collection: &str) -> bool {
    COLD.contains(&collection)
}

/// The navigations of a collection's route: where its objects are split.
pub(crate) fn navs_of(collection: &str) -> &'static [Nav] {
    ROUTES
        .iter()
        .find(|r| r.collection == collection)
        .map_or(&[], |r| r.navs)
}

/// One object: its text without the navigations split off, its id, and those navigations.
#[derive(Clone)]
pub(crate) struct Node {
    text: Box<RawValue>,
    id: Option<Box<str>>,
    kids: Vec<(&'static str, Kids)>,
}

/// A navigation split off an object: a list of objects, or one object.
#[derive(Clone)]
pub(crate) enum Kids {
    Many(Vec<Node>),
    One(Box<Node>),
}

/// An object's members as their text, in order (so the text rebuilt without the
/// navigations keeps Graph's property order).
struct Entries<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Entries<'a>, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<Cow<'de, str>, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl Node {
    /// The object of `raw` (any JSON text), split at `navs` (and their children, below them).
    pub(crate) fn from_raw(raw: &RawValue, navs: &'static [Nav]) -> Node {
        let whole = || Node {
            text: raw.to_owned(),
            id: None,
            kids: Vec::new(),
        };
        let Ok(Entries(entries)) = serde_json::from_str::<Entries>(raw.get()) else {
            return whole();
        };
        let mut id = None;
        let mut kids = Vec::new();
        let mut rest = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            if k == "id" && id.is_none() {
                id = serde_json::from_str::<Cow<str>>(v.get())
                    .ok()
                    .map(|s| s.into());
            }
            let nav = navs.iter().find(|n| n.name == k);
            let split = nav.and_then(|nav| match v.get().as_bytes().first() {
                Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(v.get())
                    .ok()
                    .map(|xs| {
                        Kids::Many(
                            xs.into_iter()
                                .map(|x| Node::from_raw(x, nav.children))
                                .collect(),
                        )
                    }),
                Some(b'{') => Some(Kids::One(Box::new(Node::from_raw(v, nav.children)))),
                // A null navigation stays in the text, where a walk finds no list.
                _ => None,
            });
            match (nav, split) {
                (Some(nav), Some(split)) => kids.push((nav.name, split)),
                _ => rest.push((k, v)),
            }
        }
        if kids.is_empty() {
            return Node { id, ..whole() };
        }
        let mut text = String::from("{");
        for (i, (k, v)) in rest.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&Value::from(k.as_ref()).to_string());
            text.push(':');
            text.push_str(v.get());
        }
        text.push('}');
        match RawValue::from_string(text) {
            Ok(text) => Node { text, id, kids },
            Err(_) => whole(),
        }
    }

    /// The object of a value, split at `navs`.
    pub(crate) fn from_value(v: &Value, navs: &'static [Nav]) -> Node {
        match serde_json::value::to_raw_value(v) {
            Ok(raw) => Node::from_raw(&raw, navs),
            Err(_) => Node {
                text: RawValue::from_string("null".into()).unwrap_or_else(|_| unreachable!()),
                id: None,
                kids: Vec::new(),
            },
        }
    }

    pub(crate) fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The navigation `name` split off this object, if it was a list or an object.
    pub(crate) fn kid(&self, name: &str) -> Option<&Kids> {
        self.kids.iter().find(|(n, _)| *n == name).map(|(_, k)| k)
    }

    /// The object parsed, with the navigations `with` accepts put back (whole, with theirs).
    pub(crate) fn value(&self, with: &dyn Fn(&str) -> bool) -> Value {
        let mut v: Value = serde_json::from_str(self.text.get()).unwrap_or(Value::Null);
        if let Value::Object(o) = &mut v {
            for (name, kids) in &self.kids {
                if with(name) {
                    o.insert(name.to_string(), kids.value());
                }
            }
        }
        v
    }

    /// The whole object, as the tenant gave it (navigations last).
    pub(crate) fn full(&self) -> Value {
        self.value(&|_| true)
    }

    /// The object without its split navigations.
    #[cfg(test)]
    pub(crate) fn head(&self) -> Value {
        self.value(&|_| false)
    }
}

impl Kids {
    fn value(&self) -> Value {
        match self {
            Kids::Many(xs) => Value::Array(xs.iter().map(Node::full).collect()),
            Kids::One(x) => x.full(),
        }
    }
}

/// A collection's objects as values (a write turns a cold collection back into them).
pub(crate) fn thaw(nodes: &[Node]) -> Vec<Value> {
    nodes.iter().map(Node::full).collect()
}

/// `v`'s members other than the navigations, for comparing a split object with its value.
#[cfg(test)]
fn without(v: &Value, names: &[&str]) -> Value {
    let o: serde_json::Map<String, Value> = v
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !names.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_object_splits_at_its_navigations_and_comes_back_whole() {
        let def = json!({
            "id": "d1", "displayName": "Quarterly \"review\"",
            "instances": [{"id": "i1", "status": "InProgress",
                "decisions": [{"id": "k1", "decision": "Approve"}, {"id": "k2", "decision": "Deny"}],
                "stages": []}],
            "settings": {"instanceDurationInDays": 3}
        });
        let node = Node::from_value(&def, navs_of("accessReviewDefinitions"));
        assert_eq!(node.id(), Some("d1"));
        // The text holds no decisions: a page of them does not parse the definition.
        assert!(!node.text.get().contains("k1"));
        assert_eq!(node.head(), without(&def, &["instances"]));
        assert_eq!(node.full(), def);
        let Some(Kids::Many(instances)) = node.kid("instances") else {
            panic!("instances split off");
        };
        let Some(Kids::Many(decisions)) = instances[0].kid("decisions") else {
            panic!("decisions split off");
        };
        let ids: Vec<_> = decisions.iter().map(|d| d.id()).collect();
        assert_eq!(ids, [Some("k1"), Some("k2")]);
        assert_eq!(decisions[1].full(), json!({"id": "k2", "decision": "Deny"}));
    }

    #[test]
    fn a_null_navigation_stays_in_the_text_and_order_is_kept() {
        let user = json!({"id": "u1", "sponsors": null, "userType": "Guest", "mail": "a@b"});
        let node = Node::from_value(&user, navs_of("users"));
        assert!(node.kid("sponsors").is_none());
        assert_eq!(node.full().to_string(), user.to_string());
        let with = json!({"id": "u2", "sponsors": [{"id": "s"}], "mail": "c@d"});
        let node = Node::from_value(&with, navs_of("users"));
        assert_eq!(
            node.value(&|n| n == "sponsors"),
            json!({"id": "u2", "mail": "c@d", "sponsors": [{"id": "s"}]})
        );
        assert_eq!(node.head().to_string(), r#"{"id":"u2","mail":"c@d"}"#);
    }
}
