//! Resolving a Graph request against the schema: the path segment by segment from the entity
//! container (entity sets, singletons, keys, navigation and structural properties, casts to
//! derived types, bound actions and functions, `$ref`, `$count`), then its query options
//! (`$select`, `$expand` with nested options, `$filter`, `$orderby`) on the type reached.

use super::csdl::{Member, Operation, Schema, TypeRef};
use super::filter;

/// What a path addresses.
#[derive(Debug, Clone)]
pub enum Reached {
    /// A collection of entities (an entity set or a collection-valued navigation).
    Entities(TypeRef),
    /// One entity (a keyed item, a singleton, a single-valued navigation).
    Entity(TypeRef),
    /// A structural property's value (complex, primitive, enum; single or collection).
    Value(TypeRef),
    /// A bound action or function.
    Operation(Operation),
    /// `$ref` of a navigation: one reference or a collection of them.
    Ref { collection: bool },
    /// `$count` or `$value`.
    Raw,
}

impl Reached {
    /// The type whose properties the query options and the answer's objects use.
    pub fn ty(&self) -> Option<TypeRef> {
        match self {
            Reached::Entities(t) => Some(TypeRef {
                name: t.name.clone(),
                collection: true,
            }),
            Reached::Entity(t) | Reached::Value(t) => Some(t.clone()),
            Reached::Operation(op) => op.returns.clone(),
            Reached::Ref { .. } | Reached::Raw => None,
        }
    }
}

/// Percent-decoding of a path segment or query component (`+` is a space in a query, as
/// Graph's front end reads it).
pub fn decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 3;
                    continue;
                }
                Err(_) => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A request target (`/v1.0/users?$select=id`) split into its path under `/v1.0` and its
/// decoded query options; `Err` for any other API version.
pub fn split_target(target: &str) -> Result<(String, Vec<(String, String)>), String> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let Some(rest) = path.strip_prefix("/v1.0") else {
        return Err(format!(
            "`{path}` is not under /v1.0: only the v1.0 schema is a contract (beta changes without notice)"
        ));
    };
    let options = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k, true), decode(v, true))
        })
        .collect();
    Ok((rest.to_string(), options))
}

/// A segment naming a type (`microsoft.graph.group`) that `from` may be cast to.
fn cast(schema: &Schema, from: &str, seg: &str) -> Option<Result<String, String>> {
    if !seg.starts_with("microsoft.graph.") || schema.structured(seg).is_none() {
        return None;
    }
    Some(if schema.derives(seg, from) {
        Ok(seg.to_string())
    } else {
        Err(format!(
            "`{seg}` does not derive from `{from}`: no such cast"
        ))
    })
}

/// `name(args)` → (`name`, the argument names given).
fn call(seg: &str) -> (&str, Vec<String>) {
    match seg.split_once('(') {
        Some((name, rest)) => {
            let args = rest.trim_end_matches(')');
            let names = args
                .split(',')
                .filter_map(|a| a.split_once('=').map(|(n, _)| n.trim().to_string()))
                .collect();
            (name, names)
        }
        None => (seg, Vec::new()),
    }
}

fn operation(schema: &Schema, ty: &TypeRef, seg: &str) -> Option<Result<Reached, String>> {
    let (name, args) = call(seg);
    let op = schema.operation(ty, name)?;
    for a in &args {
        if !op.params.contains_key(a) {
            return Some(Err(format!(
                "`{a}` is not a parameter of `{}` (bound to `{}`)",
                op.name, op.binding
            )));
        }
    }
    Some(Ok(Reached::Operation(op.clone())))
}

/// The value a member leads to.
fn member_target(schema: &Schema, member: Member<'_>) -> Reached {
    let t = member.ty();
    match member {
        Member::Navigation(_) if t.collection => Reached::Entities(t.single()),
        Member::Navigation(_) => Reached::Entity(t.clone()),
        Member::Property(_) if schema.is_entity(&t.name) && t.collection => {
            Reached::Entities(t.single())
        }
        Member::Property(_) => Reached::Value(t.clone()),
    }
}

/// Resolves `path` (under `/v1.0`) segment by segment.
pub fn resolve(schema: &Schema, path: &str) -> Result<Reached, String> {
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| decode(s, false))
        .collect();
    let Some((first, rest)) = segs.split_first() else {
        return Err("an empty path".into());
    };
    // `users('id')` keys the set in the same segment.
    let (head, keyed) = match first.split_once('(') {
        Some((h, _)) => (h, true),
        None => (first.as_str(), false),
    };
    let mut at = if let Some(t) = schema.sets.get(head) {
        let t = TypeRef {
            name: t.clone(),
            collection: false,
        };
        if keyed {
            Reached::Entity(t)
        } else {
            Reached::Entities(t)
        }
    } else if let Some(t) = schema.singletons.get(head) {
        Reached::Entity(TypeRef {
            name: t.clone(),
            collection: false,
        })
    } else {
        return Err(format!(
            "`{head}` is neither an entity set nor a singleton of the entity container"
        ));
    };
    // Whether the current value came through a navigation property (`$ref` needs one).
    let mut via_nav = false;
    for seg in rest {
        let seg = seg.as_str();
        at = match (&at, seg) {
            (Reached::Entities(_) | Reached::Entity(_), "$ref") if via_nav => Reached::Ref {
                collection: matches!(at, Reached::Entities(_)),
            },
            (Reached::Entities(_), "$count") => Reached::Raw,
            (Reached::Value(t), "$count") if t.collection => Reached::Raw,
            (Reached::Entity(_) | Reached::Value(_), "$value") => Reached::Raw,
            (_, s) if s.starts_with('$') => {
                return Err(format!("`{seg}` cannot follow {}", describe(&at)))
            }
            (Reached::Entities(t), _) => {
                let coll = TypeRef {
                    name: t.name.clone(),
                    collection: true,
                };
                if let Some(c) = cast(schema, &t.name, seg) {
                    Reached::Entities(TypeRef {
                        name: c?,
                        collection: false,
                    })
                } else if let Some(op) = operation(schema, &coll, seg) {
                    op?
                } else {
                    // Anything else is a key.
                    Reached::Entity(t.clone())
                }
            }
            (Reached::Entity(t), _) | (Reached::Value(t), _) if !t.collection => {
                if let Some(c) = cast(schema, &t.name, seg) {
                    let t = TypeRef {
                        name: c?,
                        collection: false,
                    };
                    if matches!(at, Reached::Entity(_)) {
                        Reached::Entity(t)
                    } else {
                        Reached::Value(t)
                    }
                } else if let Some(m) = schema.member(&t.name, seg) {
                    via_nav = matches!(m, Member::Navigation(_));
                    member_target(schema, m)
                } else if let Some(op) = operation(schema, t, seg) {
                    op?
                } else {
                    return Err(format!("`{seg}` is not a property, navigation property, derived type or bound operation of `{}`", t.name));
                }
            }
            (Reached::Operation(op), _) if !op.action => {
                // A composable function's result, addressed further.
                match &op.returns {
                    Some(r) if schema.is_entity(&r.name) && r.collection => {
                        let t = r.single();
                        if let Some(c) = cast(schema, &t.name, seg) {
                            Reached::Entities(TypeRef {
                                name: c?,
                                collection: false,
                            })
                        } else {
                            Reached::Entity(t)
                        }
                    }
                    _ => return Err(format!("nothing follows function `{}`", op.name)),
                }
            }
            _ => return Err(format!("`{seg}` cannot follow {}", describe(&at))),
        };
    }
    Ok(at)
}

pub fn describe(at: &Reached) -> String {
    match at {
        Reached::Entities(t) => format!("a collection of `{}`", t.name),
        Reached::Entity(t) => format!("an entity `{}`", t.name),
        Reached::Value(t) => format!("a value of `{t}`"),
        Reached::Operation(op) => format!(
            "{} `{}`",
            if op.action { "action" } else { "function" },
            op.name
        ),
        Reached::Ref { .. } => "`$ref`".into(),
        Reached::Raw => "`$count`/`$value`".into(),
    }
}

/// A property path (`status/errorCode`, `scope/microsoft.graph.accessReviewQueryScope/query`,
/// `principal/microsoft.graph.user/displayName`) on `ty`: the type it ends on.
pub fn member_path(schema: &Schema, ty: &str, path: &str) -> Result<(TypeRef, bool), String> {
    let mut cur = TypeRef {
        name: ty.to_string(),
        collection: false,
    };
    let mut nav = false;
    for seg in path.split('/') {
        if let Some(c) = cast(schema, &cur.name, seg) {
            cur.name = c?;
            continue;
        }
        if cur.collection {
            return Err(format!(
                "`{seg}` follows `{cur}`, a collection (only a lambda can look inside it)"
            ));
        }
        match schema.member(&cur.name, seg) {
            Some(m) => {
                nav = matches!(m, Member::Navigation(_));
                cur = m.ty().clone();
            }
            None => {
                return Err(format!(
                    "`{seg}` is not a property of `{}`{}",
                    cur.name,
                    if path.contains('/') {
                        format!(" (in `{path}`)")
                    } else {
                        String::new()
                    }
                ))
            }
        }
    }
    Ok((cur, nav))
}

/// Splits `s` on `sep` outside parentheses and quotes.
pub fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == sep && depth == 0 && !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Checks query options on `ty` (the element type of what the path reached); each problem
/// names the option and what it looked up on which type.
pub fn check_query(
    schema: &Schema,
    ty: Option<&TypeRef>,
    options: &[(String, String)],
    errs: &mut Vec<String>,
) {
    for (k, v) in options {
        match k.as_str() {
            "$top" | "$skip" | "$skiptoken" | "$count" | "$search" | "$format" | "$deltatoken" => {}
            "$select" | "$expand" | "$filter" | "$orderby" => {
                let Some(ty) = ty else {
                    errs.push(format!("`{k}` on a path that reaches no structured type"));
                    continue;
                };
                check_option(schema, &ty.name, k, v, errs);
            }
            other => errs.push(format!("unknown query option `{other}`")),
        }
    }
}

fn check_option(schema: &Schema, ty: &str, k: &str, v: &str, errs: &mut Vec<String>) {
    match k {
        "$select" => {
            for p in split_top(v, ',') {
                if p == "*" {
                    continue;
                }
                if let Err(e) = member_path(schema, ty, p) {
                    if !directory_select(schema, ty, p) {
                        errs.push(format!("$select: {e}"));
                    }
                }
            }
        }
        "$expand" => {
            for item in split_top(v, ',') {
                check_expand(schema, ty, item, errs);
            }
        }
        "$filter" => {
            for e in filter::check(schema, ty, v) {
                errs.push(format!("$filter `{v}`: {e}"));
            }
        }
        "$orderby" => {
            for item in split_top(v, ',') {
                let p = item
                    .strip_suffix(" desc")
                    .or_else(|| item.strip_suffix(" asc"))
                    .unwrap_or(item)
                    .trim();
                if let Err(e) = member_path(schema, ty, p) {
                    errs.push(format!("$orderby: {e}"));
                }
            }
        }
        "$top" | "$skip" | "$count" | "$search" | "$levels" => {}
        other => errs.push(format!("unknown query option `{other}` inside $expand")),
    }
}

/// ALLOWED, though the CSDL lacks it: a `$select` on a collection of `directoryObject`
/// (`members`, `owners`, `sponsors`) may name a property of a type deriving from it, and the
/// directory answers each object with the selected properties its own type has. Graph's docs
/// do it themselves (`$expand=sponsors($select=id,displayName)` on user, list group members
/// with `$select=displayName`); strict OData would need `microsoft.graph.user/displayName`.
/// The property must still exist on some directory object type.
fn directory_select(schema: &Schema, ty: &str, p: &str) -> bool {
    ty == "microsoft.graph.directoryObject"
        && !p.contains('/')
        && schema
            .with_derived(ty)
            .iter()
            .any(|t| schema.member(t, p).is_some())
}

/// One `$expand` item: `nav`, `nav/$ref`, `nav/microsoft.graph.user`, `nav($select=…;$expand=…)`.
fn check_expand(schema: &Schema, ty: &str, item: &str, errs: &mut Vec<String>) {
    if item == "*" {
        return;
    }
    let (path, nested) = match item.split_once('(') {
        Some((p, rest)) => (p.trim(), rest.strip_suffix(')').unwrap_or(rest)),
        None => (item, ""),
    };
    let path = path.strip_suffix("/$ref").unwrap_or(path);
    match member_path(schema, ty, path) {
        Ok((_, false)) => errs.push(format!(
            "$expand: `{path}` on `{ty}` is a structural property, not a navigation property"
        )),
        Ok((target, true)) => {
            for o in split_top(nested, ';') {
                let (k, v) = o.split_once('=').unwrap_or((o, ""));
                check_option(schema, &target.name, k.trim(), v, errs);
            }
        }
        Err(e) => errs.push(format!("$expand: {e}")),
    }
}
