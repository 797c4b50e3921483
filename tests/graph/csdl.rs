//! Microsoft Graph's published v1.0 schema (CSDL, `tests/graph/cleanMetadata.xml.gz`), read
//! into what the contract test asks of it: structured types with their base types,
//! properties and navigation properties, enum types, the entity container's entity sets and
//! singletons, and the actions and functions bound to each type.
//!
//! Open types (`OpenType="true"`, a third of Graph's complex types, `identity` among them)
//! are read as closed: Graph may add properties to them, but what we send or serve beyond the
//! declared ones is exactly the invention this test exists to catch, so each such property
//! must be allow-listed by name with a reason.
//!
//! Type names are kept fully qualified (`microsoft.graph.user`): the document refers to types
//! through schema aliases (`graph.user`, `self.alert`), which are resolved here once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

/// A type as a property, parameter or return type names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    /// Fully qualified (`microsoft.graph.user`, `Edm.String`).
    pub name: String,
    pub collection: bool,
}

impl TypeRef {
    pub fn single(&self) -> TypeRef {
        TypeRef {
            name: self.name.clone(),
            collection: false,
        }
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.collection {
            write!(f, "Collection({})", self.name)
        } else {
            f.write_str(&self.name)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Entity,
    Complex,
}

#[derive(Debug)]
pub struct Structured {
    pub kind: Kind,
    pub base: Option<String>,
    pub props: BTreeMap<String, TypeRef>,
    pub navs: BTreeMap<String, TypeRef>,
}

/// A bound action or function.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Qualified (`microsoft.graph.filterByCurrentUser`).
    pub name: String,
    pub action: bool,
    pub binding: TypeRef,
    /// The parameters after the binding parameter.
    pub params: BTreeMap<String, TypeRef>,
    pub returns: Option<TypeRef>,
}

/// What a structured type's member is.
#[derive(Debug, Clone, Copy)]
pub enum Member<'a> {
    Property(&'a TypeRef),
    Navigation(&'a TypeRef),
}

impl<'a> Member<'a> {
    pub fn ty(self) -> &'a TypeRef {
        match self {
            Member::Property(t) | Member::Navigation(t) => t,
        }
    }
}

#[derive(Debug, Default)]
pub struct Schema {
    pub types: HashMap<String, Structured>,
    /// Enum type → whether it is a flags enum (values joined by commas), and its members.
    pub enums: HashMap<String, (bool, HashSet<String>)>,
    /// Entity set name → entity type.
    pub sets: BTreeMap<String, String>,
    /// Singleton name → entity type.
    pub singletons: BTreeMap<String, String>,
    /// Base type → its direct derived types.
    derived: HashMap<String, Vec<String>>,
    /// Binding type name → operations bound to it (single or collection binding).
    ops: HashMap<String, Vec<Operation>>,
}

const GZ: &[u8] = include_bytes!("cleanMetadata.xml.gz");

/// Properties Graph v1.0 has that its published CSDL lacks: (type, property, Edm type, why
/// and the documentation that shows it). Every check reads the schema with these added; an
/// entry the schema has gained fails, so the list never outlives the gap. None so far: all
/// govlint sends and reads is in the CSDL (the `$select` leniency of directory objects is
/// behaviour, not a property: see `path::directory_select`).
const SCHEMA_GAPS: &[(&str, &str, &str, &str)] = &[];

/// The schema, read once per test binary.
pub fn graph() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut xml = String::new();
        flate2::read::GzDecoder::new(GZ)
            .read_to_string(&mut xml)
            .expect("tests/graph/cleanMetadata.xml.gz decompresses to UTF-8");
        let mut schema = Schema::parse(&xml);
        for (ty, prop, edm, why) in SCHEMA_GAPS {
            assert!(
                schema.member(ty, prop).is_none(),
                "SCHEMA_GAPS: the CSDL now has `{prop}` on `{ty}`; remove the entry ({why})"
            );
            let t = schema
                .types
                .get_mut(*ty)
                .unwrap_or_else(|| panic!("SCHEMA_GAPS: no type `{ty}` in the CSDL"));
            t.props.insert(
                prop.to_string(),
                TypeRef {
                    name: edm.to_string(),
                    collection: false,
                },
            );
        }
        schema
    })
}

impl Schema {
    pub fn parse(xml: &str) -> Schema {
        let doc = roxmltree::Document::parse(xml.trim_start_matches('\u{feff}'))
            .expect("the CSDL is well-formed XML");
        let schemas: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("Schema"))
            .collect();
        // Aliases are document-wide in CSDL: any schema may name another's types by alias.
        let mut alias = HashMap::new();
        for s in &schemas {
            let ns = s.attribute("Namespace").expect("a schema has a namespace");
            if let Some(a) = s.attribute("Alias") {
                alias.insert(a.to_string(), ns.to_string());
            }
        }
        let qualify = |raw: &str| -> TypeRef {
            let (inner, collection) = match raw
                .strip_prefix("Collection(")
                .and_then(|r| r.strip_suffix(')'))
            {
                Some(i) => (i, true),
                None => (raw, false),
            };
            let name = match inner.rsplit_once('.') {
                Some((ns, local)) => match alias.get(ns) {
                    Some(full) => format!("{full}.{local}"),
                    None => inner.to_string(),
                },
                None => inner.to_string(),
            };
            TypeRef { name, collection }
        };
        let mut schema = Schema::default();
        for s in &schemas {
            let ns = s.attribute("Namespace").unwrap_or_default();
            for el in s.children().filter(|n| n.is_element()) {
                let name = el.attribute("Name").unwrap_or_default();
                let full = format!("{ns}.{name}");
                match el.tag_name().name() {
                    tag @ ("EntityType" | "ComplexType") => {
                        let mut t = Structured {
                            kind: if tag == "EntityType" {
                                Kind::Entity
                            } else {
                                Kind::Complex
                            },
                            base: el.attribute("BaseType").map(|b| qualify(b).name),
                            props: BTreeMap::new(),
                            navs: BTreeMap::new(),
                        };
                        for m in el.children().filter(|n| n.is_element()) {
                            let (Some(n), Some(ty)) = (m.attribute("Name"), m.attribute("Type"))
                            else {
                                continue;
                            };
                            match m.tag_name().name() {
                                "Property" => {
                                    t.props.insert(n.to_string(), qualify(ty));
                                }
                                "NavigationProperty" => {
                                    t.navs.insert(n.to_string(), qualify(ty));
                                }
                                _ => {}
                            }
                        }
                        if let Some(b) = &t.base {
                            schema
                                .derived
                                .entry(b.clone())
                                .or_default()
                                .push(full.clone());
                        }
                        schema.types.insert(full, t);
                    }
                    "EnumType" => {
                        let members = el
                            .children()
                            .filter(|n| n.has_tag_name("Member"))
                            .filter_map(|m| m.attribute("Name").map(str::to_string))
                            .collect();
                        let flags = el.attribute("IsFlags") == Some("true");
                        schema.enums.insert(full, (flags, members));
                    }
                    tag @ ("Action" | "Function") if el.attribute("IsBound") == Some("true") => {
                        let mut params = el
                            .children()
                            .filter(|n| n.has_tag_name("Parameter"))
                            .filter_map(|p| Some((p.attribute("Name")?, p.attribute("Type")?)));
                        let Some((_, binding)) = params.next() else {
                            continue;
                        };
                        let op = Operation {
                            name: full,
                            action: tag == "Action",
                            binding: qualify(binding),
                            params: params.map(|(n, t)| (n.to_string(), qualify(t))).collect(),
                            returns: el
                                .children()
                                .find(|n| n.has_tag_name("ReturnType"))
                                .and_then(|r| r.attribute("Type"))
                                .map(qualify),
                        };
                        schema
                            .ops
                            .entry(op.binding.name.clone())
                            .or_default()
                            .push(op);
                    }
                    "EntityContainer" => {
                        for c in el.children().filter(|n| n.is_element()) {
                            let n = c.attribute("Name").unwrap_or_default().to_string();
                            match c.tag_name().name() {
                                "EntitySet" => {
                                    let t = qualify(c.attribute("EntityType").unwrap_or_default());
                                    schema.sets.insert(n, t.name);
                                }
                                "Singleton" => {
                                    let t = qualify(c.attribute("Type").unwrap_or_default());
                                    schema.singletons.insert(n, t.name);
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        schema
    }

    pub fn structured(&self, name: &str) -> Option<&Structured> {
        self.types.get(name)
    }

    pub fn is_entity(&self, name: &str) -> bool {
        matches!(self.types.get(name), Some(t) if t.kind == Kind::Entity)
    }

    /// `name` and its base types, nearest first.
    pub fn lineage<'a>(&'a self, name: &str) -> impl Iterator<Item = (&'a str, &'a Structured)> {
        let mut next = self.types.get_key_value(name).map(|(k, _)| k.as_str());
        std::iter::from_fn(move || {
            let n = next?;
            let t = self.types.get(n)?;
            next = t.base.as_deref();
            Some((n, t))
        })
    }

    /// A property or navigation property of `ty`, declared on it or inherited.
    pub fn member(&self, ty: &str, name: &str) -> Option<Member<'_>> {
        self.lineage(ty).find_map(|(_, t)| {
            t.props
                .get(name)
                .map(Member::Property)
                .or_else(|| t.navs.get(name).map(Member::Navigation))
        })
    }

    /// Whether `sub` is `base` or derives from it.
    pub fn derives(&self, sub: &str, base: &str) -> bool {
        self.lineage(sub).any(|(n, _)| n == base)
    }

    /// `name` and every type deriving from it, transitively.
    pub fn with_derived(&self, name: &str) -> Vec<String> {
        let mut out = vec![name.to_string()];
        let mut i = 0;
        while i < out.len() {
            if let Some(d) = self.derived.get(&out[i]) {
                out.extend(d.iter().cloned());
            }
            i += 1;
        }
        out
    }

    /// The operation `name` (qualified or not) bound to `ty` or one of its bases, with the
    /// same collection-ness.
    pub fn operation(&self, ty: &TypeRef, name: &str) -> Option<&Operation> {
        self.lineage(&ty.name).find_map(|(n, _)| {
            self.ops.get(n)?.iter().find(|op| {
                op.binding.collection == ty.collection
                    && (op.name == name || op.name.rsplit_once('.').map(|(_, l)| l) == Some(name))
            })
        })
    }
}
