// Copyright (c) Microsoft Corporation.
// Licensed under the MIT License.

// govlint patch 60: a query checked against a schema as gqlparser's validator.Validate does:
// one walk of the document in gqlparser's order (operations, then fragments; a fragment's
// selections walked again at each operation's first spread of it), each node's checks run
// after its children, in the order of gqlparser's rule files, every error kept in order.
// Not ported: OverlappingFieldsCanBeMerged and MaxIntrospectionDepth (see PATCHES.md).

use super::ast::*;
use super::schema::{compatible, named, Schema};
use super::GqlError;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

fn lexical_distance(a: &str, b: &str) -> usize {
    if a == b {
        return 0;
    }
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a == b {
        return 1;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = alloc::vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn suggestion_list(input: &str, options: &[String]) -> Vec<String> {
    let threshold = (input.len() * 2 / 5 + 1).max(1);
    let mut found: Vec<(usize, &String)> = options
        .iter()
        .map(|o| (lexical_distance(input, o), o))
        .filter(|(d, _)| *d <= threshold)
        .collect();
    found.sort_by_key(|(d, _)| *d);
    found.into_iter().map(|(_, o)| o.clone()).collect()
}

fn or_list(items: &[String]) -> String {
    let items = &items[..items.len().min(5)];
    if items.len() == 2 {
        return format!("{} or {}", items[0], items[1]);
    }
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i != 0 {
            out.push_str(if i == items.len() - 1 { ", or " } else { ", " });
        }
        out.push_str(item);
    }
    out
}

fn quoted_or_list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("\"{i}\"")).collect();
    or_list(&q)
}

fn suggest(msg: String, prefix: &str, typed: &str, options: &[String], quoted: bool) -> String {
    let found = suggestion_list(typed, options);
    if found.is_empty() {
        return msg;
    }
    let list = if quoted {
        quoted_or_list(&found)
    } else {
        or_list(&found)
    };
    format!("{msg} {prefix} {list}?")
}

// gqlparser's Value.String().
fn value_string(v: &GValue) -> String {
    match v.kind {
        ValueKind::Variable => format!("${}", v.raw),
        ValueKind::String | ValueKind::Block => crate::builtins::strings::strconv_quote(&v.raw),
        ValueKind::List => {
            let items: Vec<String> = v.children.iter().map(|c| value_string(&c.value)).collect();
            format!("[{}]", items.join(","))
        }
        ValueKind::Object => {
            let items: Vec<String> = v
                .children
                .iter()
                .map(|c| format!("{}:{}", c.name, value_string(&c.value)))
                .collect();
            format!("{{{}}}", items.join(","))
        }
        _ => v.raw.clone(),
    }
}

fn is_leaf(d: &Definition) -> bool {
    d.kind == "SCALAR" || d.kind == "ENUM"
}

fn is_composite(d: &Definition) -> bool {
    matches!(d.kind.as_str(), "OBJECT" | "INTERFACE" | "UNION")
}

struct Expect<'s> {
    ty: &'s Type,
    def: Option<&'s Definition>,
    has_default: bool,
}

struct Walker<'a> {
    schema: &'a Schema,
    doc: &'a QueryDocument,
    errors: Vec<GqlError>,
    op: Option<&'a OperationDefinition>,
    used_vars: BTreeSet<String>,
    validated_spreads: BTreeSet<String>,
    // NoUnusedFragments
    in_fragment_definition: bool,
    fragment_used: BTreeSet<String>,
    // NoFragmentCycles
    visited_frags: BTreeSet<String>,
    // UniqueFragmentNames / UniqueOperationNames
    seen_fragments: BTreeSet<String>,
    seen_operations: BTreeSet<String>,
    // KnownDirectives reports a misplaced directive once per place.
    misplaced: BTreeSet<(String, usize, i64)>,
    typename: &'a FieldDefinition,
    // gqlparser's Fragments.ForName: the first fragment of each name, found without a scan.
    frags: BTreeMap<&'a str, &'a FragmentDefinition>,
    // Selection sets entered, fragments' included: bounded so that a chain of fragments
    // spreading one another cannot exhaust the stack.
    depth: usize,
    too_deep: bool,
    // What the walk resolved for each field (by address), as gqlparser stores it on the node:
    // the type it was asked of and its definition there. The last walk of a field wins.
    field_info: BTreeMap<usize, (Option<&'a Definition>, Option<&'a FieldDefinition>)>,
    // OverlappingFieldsCanBeMerged's state, and a bound on its work: the rule compares
    // same-named fields pairwise, so a hostile document could make it quadratic or worse.
    compared_fragments: BTreeSet<String>,
    compared_pairs: BTreeMap<(usize, usize), bool>,
    overlap_budget: usize,
    // Each type's fields by name (the first of a name, as gqlparser's ForName), built when
    // first asked, so wide types and wide queries stay linear.
    fields_of: BTreeMap<&'a str, BTreeMap<&'a str, &'a FieldDefinition>>,
}

fn addr<T>(x: &T) -> usize {
    core::ptr::from_ref(x).addr()
}

// One conflict of OverlappingFieldsCanBeMerged: gqlparser's ConflictMessage.
struct Conflict {
    response_name: String,
    message: String,
    sub: Vec<Conflict>,
    pos: Pos,
}

impl Conflict {
    fn reason(&self, out: &mut String) {
        if self.sub.is_empty() {
            out.push_str(&self.message);
            return;
        }
        for (i, c) in self.sub.iter().enumerate() {
            out.push_str("subfields \"");
            out.push_str(&c.response_name);
            out.push_str("\" conflict because ");
            c.reason(out);
            if i != self.sub.len() - 1 {
                out.push_str(" and ");
            }
        }
    }
}

// Fields by response name in first-seen order, and the fragment spreads, of a selection set
// (inline fragments flattened): gqlparser's getFieldsAndFragmentNames.
type FieldsMap<'a> = Vec<(&'a str, Vec<&'a Field>)>;

fn fields_and_spreads<'a>(set: &'a [Selection]) -> (FieldsMap<'a>, Vec<&'a FragmentSpread>) {
    fn walk<'a>(
        set: &'a [Selection],
        map: &mut FieldsMap<'a>,
        index: &mut BTreeMap<&'a str, usize>,
        spreads: &mut Vec<&'a FragmentSpread>,
        depth: usize,
    ) {
        if depth > super::MAX_DEPTH {
            return;
        }
        for s in set {
            match s {
                Selection::Field(f) => {
                    let name = if f.alias.is_empty() {
                        f.name.as_str()
                    } else {
                        f.alias.as_str()
                    };
                    match index.get(name) {
                        Some(&i) => map[i].1.push(f),
                        None => {
                            index.insert(name, map.len());
                            map.push((name, alloc::vec![f]));
                        }
                    }
                }
                Selection::Inline(i) => walk(&i.selection_set, map, index, spreads, depth + 1),
                Selection::Spread(sp) => spreads.push(sp),
            }
        }
    }
    let (mut map, mut index, mut spreads) = (Vec::new(), BTreeMap::new(), Vec::new());
    walk(set, &mut map, &mut index, &mut spreads, 0);
    (map, spreads)
}

fn same_fields(a: &FieldsMap<'_>, b: &FieldsMap<'_>) -> bool {
    a.len() == b.len()
        && a.iter().zip(b.iter()).all(|((na, fa), (nb, fb))| {
            na == nb
                && fa.len() == fb.len()
                && fa.iter().zip(fb.iter()).all(|(x, y)| addr(*x) == addr(*y))
        })
}

fn same_arguments(a: &[Argument], b: &[Argument]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| {
            b.iter().any(|y| {
                x.name == y.name && x.value.kind == y.value.kind && x.value.raw == y.value.raw
            })
        })
}

impl<'a> Walker<'a> {
    fn add(&mut self, pos: &Pos, message: String) {
        self.errors.push(GqlError::at(pos, message));
    }

    fn ty(&self, name: &str) -> Option<&'a Definition> {
        self.schema.types.get(name)
    }

    fn possible(&self, d: &'a Definition) -> Vec<&'a str> {
        if d.kind == "OBJECT" {
            return alloc::vec![d.name.as_str()];
        }
        self.schema
            .possible_types
            .get(&d.name)
            .map(|v| v.iter().map(|s| s.as_str()).collect())
            .unwrap_or_default()
    }

    fn walk(&mut self) {
        let doc = self.doc;
        for op in &doc.operations {
            self.validated_spreads.clear();
            self.operation(op);
        }
        for frag in &doc.fragments {
            self.validated_spreads.clear();
            self.fragment(frag);
        }
    }

    fn root(&self, op: &str) -> Option<&'a Definition> {
        let name = match op {
            "query" | "" => self.schema.query.as_ref(),
            "mutation" => self.schema.mutation.as_ref(),
            "subscription" => self.schema.subscription.as_ref(),
            _ => None,
        }?;
        self.ty(name)
    }

    fn operation(&mut self, op: &'a OperationDefinition) {
        self.op = Some(op);
        self.used_vars.clear();
        for v in &op.variable_definitions {
            // KnownTypeNames
            if self.ty(v.ty.name()).is_none() {
                self.add(&v.pos, format!("Unknown type \"{}\".", v.ty.name()));
            }
        }
        let (def, loc) = match op.operation.as_str() {
            "mutation" => (self.root("mutation"), "MUTATION"),
            "subscription" => (self.root("subscription"), "SUBSCRIPTION"),
            _ => (self.root("query"), "QUERY"),
        };
        for v in &op.variable_definitions {
            if let Some(dv) = &v.default_value {
                let e = Expect {
                    ty: &v.ty,
                    def: self.ty(v.ty.name()),
                    has_default: false,
                };
                self.value(dv, Some(&e));
            }
            let vdef = self.ty(v.ty.name());
            self.directives(vdef, &v.directives, "VARIABLE_DEFINITION");
        }
        self.directives(def, &op.directives, loc);
        self.selection_set(def, &op.selection_set);
        self.on_operation(op);
        self.op = None;
    }

    fn on_operation(&mut self, op: &'a OperationDefinition) {
        // KnownRootType
        if self.root(&op.operation).is_none() {
            self.add(
                &op.pos,
                format!(
                    "Schema does not support operation type \"{}\"",
                    op.operation
                ),
            );
        }
        // LoneAnonymousOperation
        if op.name.is_empty() && self.doc.operations.len() > 1 {
            self.add(
                &op.pos,
                "This anonymous operation must be the only defined operation.".into(),
            );
        }
        // NoUnusedVariables
        for v in &op.variable_definitions {
            if self.used_vars.contains(&v.variable) {
                continue;
            }
            let msg = if op.name.is_empty() {
                format!("Variable \"${}\" is never used.", v.variable)
            } else {
                format!(
                    "Variable \"${}\" is never used in operation \"{}\".",
                    v.variable, op.name
                )
            };
            self.add(&v.pos, msg);
        }
        // OverlappingFieldsCanBeMerged
        self.overlaps(&op.selection_set);
        // SingleFieldSubscriptions
        if self.schema.subscription.is_some() && op.operation == "subscription" {
            let mut fields: Vec<(&str, Pos)> = Vec::new();
            let mut seen = BTreeSet::new();
            self.top_fields(&op.selection_set, &mut fields, &mut seen, 0);
            let name = if op.name.is_empty() {
                "Anonymous Subscription".to_string()
            } else {
                format!(
                    "Subscription {}",
                    crate::builtins::strings::strconv_quote(&op.name)
                )
            };
            if fields.len() > 1 {
                self.add(
                    &fields[1].1.clone(),
                    format!("{name} must select only one top level field."),
                );
            }
            for (n, p) in fields {
                if n.starts_with("__") {
                    self.add(
                        &p,
                        format!("{name} must not select an introspection top level field."),
                    );
                }
            }
        }
        // UniqueOperationNames
        if !self.seen_operations.insert(op.name.clone()) {
            self.add(
                &op.pos,
                format!("There can be only one operation named \"{}\".", op.name),
            );
        }
        // UniqueVariableNames
        let mut seen = BTreeSet::new();
        for v in &op.variable_definitions {
            if !seen.insert(v.variable.as_str()) {
                self.add(
                    &v.pos,
                    format!("There can be only one variable named \"${}\".", v.variable),
                );
            }
        }
        // VariablesAreInputTypes
        for v in &op.variable_definitions {
            if let Some(d) = self.ty(v.ty.name()) {
                if !super::schema::is_input_kind(&d.kind) {
                    self.add(
                        &v.pos,
                        format!(
                            "Variable \"${}\" cannot be non-input type \"{}\".",
                            v.variable,
                            v.ty.render()
                        ),
                    );
                }
            }
        }
    }

    fn top_fields(
        &self,
        set: &'a [Selection],
        out: &mut Vec<(&'a str, Pos)>,
        seen_frags: &mut BTreeSet<&'a str>,
        depth: usize,
    ) {
        if depth > super::MAX_DEPTH {
            return;
        }
        for s in set {
            match s {
                Selection::Field(f) => {
                    if !out.iter().any(|(n, _)| *n == f.name) {
                        out.push((&f.name, f.pos.clone()));
                    }
                }
                Selection::Inline(i) => {
                    self.top_fields(&i.selection_set, out, seen_frags, depth + 1)
                }
                Selection::Spread(sp) => {
                    if seen_frags.insert(&sp.name) {
                        if let Some(fd) = self.fragment_named(&sp.name) {
                            self.top_fields(&fd.selection_set, out, seen_frags, depth + 1);
                        }
                    }
                }
            }
        }
    }

    fn fragment(&mut self, frag: &'a FragmentDefinition) {
        let def = self.ty(&frag.type_condition);
        self.directives(def, &frag.directives, "FRAGMENT_DEFINITION");
        self.selection_set(def, &frag.selection_set);
        // FragmentsOnCompositeTypes
        if let Some(d) = def {
            if !frag.type_condition.is_empty() && !is_composite(d) {
                self.add(
                    &frag.pos,
                    format!(
                        "Fragment \"{}\" cannot condition on non composite type \"{}\".",
                        frag.name, frag.type_condition
                    ),
                );
            }
        }
        // KnownTypeNames
        if def.is_none() {
            let names: Vec<String> = self.schema.types.keys().cloned().collect();
            let msg = suggest(
                format!("Unknown type \"{}\".", frag.type_condition),
                "Did you mean",
                &frag.type_condition,
                &names,
                true,
            );
            self.add(&frag.pos, msg);
        }
        // NoFragmentCycles
        let mut path: Vec<&'a FragmentSpread> = Vec::new();
        let mut index: BTreeMap<&'a str, usize> = BTreeMap::new();
        self.cycles(frag, &mut path, &mut index, 0);
        // NoUnusedFragments
        self.in_fragment_definition = true;
        if !self.fragment_used.contains(&frag.name) {
            self.add(
                &frag.pos,
                format!("Fragment \"{}\" is never used.", frag.name),
            );
        }
        // UniqueFragmentNames
        if !self.seen_fragments.insert(frag.name.clone()) {
            self.add(
                &frag.pos,
                format!("There can be only one fragment named \"{}\".", frag.name),
            );
        }
    }

    fn spreads_of(set: &'a [Selection], out: &mut Vec<&'a FragmentSpread>, depth: usize) {
        if depth > super::MAX_DEPTH {
            return;
        }
        for s in set {
            match s {
                Selection::Field(f) => Self::spreads_of(&f.selection_set, out, depth + 1),
                Selection::Inline(i) => Self::spreads_of(&i.selection_set, out, depth + 1),
                Selection::Spread(sp) => out.push(sp),
            }
        }
    }

    fn cycles(
        &mut self,
        frag: &'a FragmentDefinition,
        path: &mut Vec<&'a FragmentSpread>,
        index: &mut BTreeMap<&'a str, usize>,
        depth: usize,
    ) {
        if depth > super::MAX_DEPTH || !self.visited_frags.insert(frag.name.clone()) {
            return;
        }
        let mut spreads = Vec::new();
        Self::spreads_of(&frag.selection_set, &mut spreads, 0);
        if spreads.is_empty() {
            return;
        }
        index.insert(&frag.name, path.len());
        for sp in spreads {
            let cycle = index.get(sp.name.as_str()).copied();
            path.push(sp);
            match cycle {
                None => {
                    if let Some(f) = self.fragment_named(&sp.name) {
                        self.cycles(f, path, index, depth + 1);
                    }
                }
                Some(i) => {
                    let names: Vec<String> = path[i..path.len() - 1]
                        .iter()
                        .map(|s| format!("\"{}\"", s.name))
                        .collect();
                    let via = if names.is_empty() {
                        String::new()
                    } else {
                        format!(" via {}", names.join(", "))
                    };
                    self.add(
                        &sp.pos,
                        format!("Cannot spread fragment \"{}\" within itself{via}.", sp.name),
                    );
                }
            }
            path.pop();
        }
        index.remove(frag.name.as_str());
    }

    fn directives(&mut self, parent: Option<&'a Definition>, dirs: &'a [Directive], loc: &str) {
        let _ = parent;
        for dir in dirs {
            let def = self.schema.directives.get(&dir.name);
            self.arguments(def.map(|d| d.arguments.as_slice()), &dir.arguments);
            // KnownArgumentNames
            if let Some(d) = def {
                let on = format!("directive \"@{}\"", dir.name);
                self.unknown_arguments(&d.arguments, &dir.arguments, &on, &dir.pos);
            }
            // KnownDirectives
            match def {
                None => self.add(&dir.pos, format!("Unknown directive \"@{}\".", dir.name)),
                Some(d) => {
                    if !d.locations.iter().any(|l| l == loc)
                        && self
                            .misplaced
                            .insert((dir.name.clone(), dir.pos.line, dir.pos.col))
                    {
                        self.add(
                            &dir.pos,
                            format!("Directive \"@{}\" may not be used on {}.", dir.name, loc),
                        );
                    }
                }
            }
            // ProvidedRequiredArguments
            if let Some(d) = def {
                let of = format!("Directive \"@{}\"", d.name);
                self.required_arguments(&d.arguments, &dir.arguments, &of, &dir.pos);
            }
            // UniqueArgumentNames
            self.unique_args(&dir.arguments);
        }
        // UniqueDirectivesPerLocation
        let mut seen = BTreeSet::new();
        for dir in dirs {
            let repeatable = self
                .schema
                .directives
                .get(&dir.name)
                .is_some_and(|d| d.is_repeatable);
            if !seen.insert(dir.name.as_str()) && !repeatable {
                self.add(
                    &dir.pos,
                    format!(
                        "The directive \"@{}\" can only be used once at this location.",
                        dir.name
                    ),
                );
            }
        }
    }

    // Each argument's value, checked against its definition where there is one.
    fn arguments(&mut self, defs: Option<&'a [ArgumentDefinition]>, args: &'a [Argument]) {
        for arg in args {
            let adef = defs.and_then(|d| d.iter().find(|a| a.name == arg.name));
            self.argument(adef, arg);
        }
    }

    // KnownArgumentNames: each argument `on` a directive or field that has no such argument.
    fn unknown_arguments(
        &mut self,
        defs: &[ArgumentDefinition],
        args: &[Argument],
        on: &str,
        pos: &Pos,
    ) {
        for arg in args {
            if !defs.iter().any(|a| a.name == arg.name) {
                let names: Vec<String> = defs.iter().map(|a| a.name.clone()).collect();
                let msg = suggest(
                    format!("Unknown argument \"{}\" on {on}.", arg.name),
                    "Did you mean",
                    &arg.name,
                    &names,
                    true,
                );
                self.add(pos, msg);
            }
        }
    }

    // ProvidedRequiredArguments: each non-null argument without a default `of` a directive or
    // field that the call leaves out.
    fn required_arguments(
        &mut self,
        defs: &[ArgumentDefinition],
        args: &[Argument],
        of: &str,
        pos: &Pos,
    ) {
        for a in defs {
            if a.ty.non_null
                && a.default_value.is_none()
                && !args.iter().any(|x| x.name == a.name)
            {
                self.add(
                    pos,
                    format!(
                        "{of} argument \"{}\" of type \"{}\" is required, but it was not provided.",
                        a.name,
                        a.ty.render()
                    ),
                );
            }
        }
    }

    // What a value of type `ty` (with or without a default) is checked against.
    fn expect(&self, ty: &'a Type, default_value: &Option<GValue>) -> Expect<'a> {
        Expect {
            ty,
            def: self.ty(ty.name()),
            has_default: default_value
                .as_ref()
                .is_some_and(|d| d.kind != ValueKind::Null),
        }
    }

    fn unique_args(&mut self, args: &[Argument]) {
        let mut seen = BTreeMap::new();
        for arg in args {
            let n = seen.entry(arg.name.as_str()).or_insert(0usize);
            if *n == 1 {
                self.add(
                    &arg.pos,
                    format!("There can be only one argument named \"{}\".", arg.name),
                );
            }
            *n += 1;
        }
    }

    fn argument(&mut self, adef: Option<&'a ArgumentDefinition>, arg: &'a Argument) {
        match adef {
            Some(a) => {
                let e = self.expect(&a.ty, &a.default_value);
                self.value(&arg.value, Some(&e));
            }
            None => self.value(&arg.value, None),
        }
    }

    fn value(&mut self, v: &'a GValue, expect: Option<&Expect<'a>>) {
        let mut var_def: Option<&'a VariableDefinition> = None;
        if v.kind == ValueKind::Variable {
            if let Some(op) = self.op {
                var_def = op.variable_definitions.iter().find(|d| d.variable == v.raw);
                if var_def.is_some() {
                    self.used_vars.insert(v.raw.clone());
                }
            }
        }
        if v.kind == ValueKind::Object {
            for c in &v.children {
                let fdef = expect
                    .and_then(|e| e.def)
                    .and_then(|d| d.fields.iter().find(|f| f.name == c.name));
                match fdef {
                    Some(f) => {
                        let e = self.expect(&f.ty, &f.default_value);
                        self.value(&c.value, Some(&e));
                    }
                    None => self.value(&c.value, None),
                }
            }
        }
        if v.kind == ValueKind::List {
            for c in &v.children {
                match expect.and_then(|e| e.ty.elem.as_deref().map(|el| (el, e.def))) {
                    Some((el, def)) => {
                        let e = Expect {
                            ty: el,
                            def,
                            has_default: false,
                        };
                        self.value(&c.value, Some(&e));
                    }
                    None => self.value(&c.value, None),
                }
            }
        }
        // NoUndefinedVariables
        if let Some(op) = self.op {
            if v.kind == ValueKind::Variable && var_def.is_none() {
                let msg = if op.name.is_empty() {
                    format!("Variable \"{}\" is not defined.", value_string(v))
                } else {
                    format!(
                        "Variable \"{}\" is not defined by operation \"{}\".",
                        value_string(v),
                        op.name
                    )
                };
                self.add(&v.pos, msg);
            }
        }
        // UniqueInputFieldNames
        if v.kind == ValueKind::Object {
            let mut seen = BTreeSet::new();
            for c in &v.children {
                if !seen.insert(c.name.as_str()) {
                    self.add(
                        &c.pos,
                        format!("There can be only one input field named \"{}\".", c.name),
                    );
                }
            }
        }
        if let Some(e) = expect {
            self.values_of_correct_type(v, e);
            // VariablesInAllowedPosition
            if let (ValueKind::Variable, Some(vd), Some(_)) = (v.kind, var_def, self.op) {
                let mut want = e.ty.clone();
                let has_default = vd
                    .default_value
                    .as_ref()
                    .is_some_and(|d| d.kind != ValueKind::Null);
                if (has_default && want.non_null) || e.has_default {
                    want.non_null = false;
                }
                if !compatible(&vd.ty, &want) {
                    self.add(
                        &v.pos,
                        format!(
                            "Variable \"{}\" of type \"{}\" used in position expecting type \"{}\".",
                            value_string(v),
                            vd.ty.render(),
                            e.ty.render()
                        ),
                    );
                }
            }
        }
    }

    fn unexpected_type(&self, v: &GValue, e: &Expect<'a>) -> String {
        let vs = value_string(v);
        match e.ty.render().as_str() {
            "Int" | "Int!" => {
                if v.kind == ValueKind::Int && v.raw.parse::<i32>().is_err() {
                    format!("Int cannot represent non 32-bit signed integer value: {vs}")
                } else {
                    format!("Int cannot represent non-integer value: {vs}")
                }
            }
            "String" | "String!" | "[String]" => {
                format!("String cannot represent a non string value: {vs}")
            }
            "Boolean" | "Boolean!" => format!("Boolean cannot represent a non boolean value: {vs}"),
            "Float" | "Float!" => format!("Float cannot represent non numeric value: {vs}"),
            "ID" | "ID!" => format!("ID cannot represent a non-string and non-integer value: {vs}"),
            t => {
                if e.def.is_some_and(|d| d.kind == "ENUM") {
                    format!("Enum \"{t}\" cannot represent non-enum value: {vs}.")
                } else {
                    format!("Expected value of type \"{t}\", found {vs}.")
                }
            }
        }
    }

    fn values_of_correct_type(&mut self, v: &'a GValue, e: &Expect<'a>) {
        let Some(def) = e.def else { return };
        if v.kind == ValueKind::Null && e.ty.non_null {
            self.add(
                &v.pos,
                format!(
                    "Expected value of type \"{}\", found {}.",
                    e.ty.render(),
                    value_string(v)
                ),
            );
        }
        let builtin_scalar = matches!(
            def.name.as_str(),
            "Int" | "Float" | "String" | "Boolean" | "ID"
        );
        if def.kind == "SCALAR" && !builtin_scalar {
            return;
        }
        let enums: Vec<String> = def.enum_values.iter().map(|x| x.name.clone()).collect();
        let one_of = |names: &[&str]| names.contains(&def.name.as_str());
        match v.kind {
            ValueKind::Null | ValueKind::Variable => {}
            ValueKind::List => {
                if e.ty.elem.is_none() {
                    let m = self.unexpected_type(v, e);
                    self.add(&v.pos, m);
                }
            }
            ValueKind::Int => {
                if !one_of(&["Int", "Float", "ID"]) {
                    let m = self.unexpected_type(v, e);
                    self.add(&v.pos, m);
                }
            }
            ValueKind::Float => {
                if !one_of(&["Float"]) {
                    let m = self.unexpected_type(v, e);
                    self.add(&v.pos, m);
                }
            }
            ValueKind::String | ValueKind::Block => {
                if def.kind == "ENUM" {
                    let m = suggest(
                        format!(
                            "Enum \"{}\" cannot represent non-enum value: {}.",
                            e.ty.render(),
                            value_string(v)
                        ),
                        "Did you mean the enum value",
                        &v.raw,
                        &enums,
                        true,
                    );
                    self.add(&v.pos, m);
                } else if !one_of(&["String", "ID"]) {
                    let m = self.unexpected_type(v, e);
                    self.add(&v.pos, m);
                }
            }
            ValueKind::Enum => {
                if def.kind != "ENUM" {
                    let m = suggest(
                        self.unexpected_type(v, e),
                        "Did you mean the enum value",
                        &v.raw,
                        &enums,
                        false,
                    );
                    self.add(&v.pos, m);
                } else if !enums.contains(&v.raw) {
                    let m = suggest(
                        format!(
                            "Value \"{}\" does not exist in \"{}\" enum.",
                            v.raw,
                            e.ty.render()
                        ),
                        "Did you mean the enum value",
                        &v.raw,
                        &enums,
                        true,
                    );
                    self.add(&v.pos, m);
                }
            }
            ValueKind::Boolean => {
                if !one_of(&["Boolean"]) {
                    let m = self.unexpected_type(v, e);
                    self.add(&v.pos, m);
                }
            }
            ValueKind::Object => {
                for f in &def.fields {
                    if f.ty.non_null
                        && f.default_value.is_none()
                        && !v.children.iter().any(|c| c.name == f.name)
                    {
                        self.add(
                            &v.pos,
                            format!(
                                "Field \"{}.{}\" of required type \"{}\" was not provided.",
                                def.name,
                                f.name,
                                f.ty.render()
                            ),
                        );
                    }
                }
                for c in &v.children {
                    if !def.fields.iter().any(|f| f.name == c.name) {
                        let names: Vec<String> =
                            def.fields.iter().map(|f| f.name.clone()).collect();
                        let m = suggest(
                            format!(
                                "Field \"{}\" is not defined by type \"{}\".",
                                c.name, def.name
                            ),
                            "Did you mean",
                            &c.name,
                            &names,
                            true,
                        );
                        self.add(&c.pos, m);
                    }
                }
            }
        }
    }

    fn selection_set(&mut self, parent: Option<&'a Definition>, set: &'a [Selection]) {
        if self.depth >= super::MAX_DEPTH * 4 {
            if !self.too_deep {
                self.too_deep = true;
                self.errors.push(GqlError {
                    message: format!(
                        "selections nested deeper than {} levels (fragments included)",
                        super::MAX_DEPTH * 4
                    ),
                    pos: None,
                });
            }
            return;
        }
        self.depth += 1;
        for s in set {
            self.selection(parent, s);
        }
        self.depth -= 1;
    }

    fn field_named(&mut self, parent: &'a Definition, name: &str) -> Option<&'a FieldDefinition> {
        let index = self.fields_of.entry(&parent.name).or_insert_with(|| {
            let mut m = BTreeMap::new();
            for f in &parent.fields {
                m.entry(f.name.as_str()).or_insert(f);
            }
            m
        });
        index.get(name).copied()
    }

    fn fragment_named(&self, name: &str) -> Option<&'a FragmentDefinition> {
        self.frags.get(name).copied()
    }

    fn selection(&mut self, parent: Option<&'a Definition>, s: &'a Selection) {
        match s {
            Selection::Field(f) => self.field(parent, f),
            Selection::Inline(i) => {
                let next = if i.type_condition.is_empty() {
                    parent
                } else {
                    self.ty(&i.type_condition)
                };
                self.directives(next, &i.directives, "INLINE_FRAGMENT");
                self.selection_set(next, &i.selection_set);
                // FragmentsOnCompositeTypes
                if let Some(t) = self.ty(&i.type_condition) {
                    if !is_composite(t) {
                        self.add(
                            &i.pos,
                            format!(
                                "Fragment cannot condition on non composite type \"{}\".",
                                i.type_condition
                            ),
                        );
                    }
                }
                // KnownTypeNames
                if !i.type_condition.is_empty() && self.ty(&i.type_condition).is_none() {
                    self.add(&i.pos, format!("Unknown type \"{}\".", i.type_condition));
                }
                // OverlappingFieldsCanBeMerged
                self.overlaps(&i.selection_set);
                // PossibleFragmentSpreads
                if let Some(p) = parent {
                    if self.never_possible(p, &i.type_condition) {
                        self.add(
                            &i.pos,
                            format!(
                                "Fragment cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                                p.name, i.type_condition
                            ),
                        );
                    }
                }
            }
            Selection::Spread(sp) => {
                let def = self.fragment_named(&sp.name);
                let next = def.and_then(|d| self.ty(&d.type_condition));
                self.directives(next, &sp.directives, "FRAGMENT_SPREAD");
                if let Some(d) = def {
                    if self.validated_spreads.insert(d.name.clone()) {
                        self.selection_set(next, &d.selection_set);
                    }
                }
                // KnownFragmentNames
                if def.is_none() {
                    self.add(&sp.pos, format!("Unknown fragment \"{}\".", sp.name));
                }
                // NoUnusedFragments
                if !self.in_fragment_definition {
                    self.fragment_used.insert(sp.name.clone());
                }
                // PossibleFragmentSpreads
                if let (Some(p), Some(d)) = (parent, def) {
                    if self.never_possible(p, &d.type_condition) {
                        self.add(
                            &sp.pos,
                            format!(
                                "Fragment \"{}\" cannot be spread here as objects of type \"{}\" can never be of type \"{}\".",
                                sp.name, p.name, d.type_condition
                            ),
                        );
                    }
                }
            }
        }
    }

    fn never_possible(&self, parent: &'a Definition, cond: &str) -> bool {
        if !matches!(parent.kind.as_str(), "OBJECT" | "INTERFACE" | "UNION") {
            return false;
        }
        let Some(frag) = self.ty(cond) else {
            return false;
        };
        if !is_composite(frag) {
            return false;
        }
        let parents = self.possible(parent);
        !self.possible(frag).iter().any(|f| parents.contains(f))
    }

    fn field(&mut self, parent: Option<&'a Definition>, f: &'a Field) {
        let def: Option<&'a FieldDefinition> = if f.name == "__typename" {
            Some(self.typename)
        } else {
            parent.and_then(|p| self.field_named(p, &f.name))
        };
        self.field_info.insert(addr(f), (parent, def));
        let next = def.and_then(|d| self.ty(d.ty.name()));
        self.arguments(def.map(|d| d.arguments.as_slice()), &f.arguments);
        self.directives(next, &f.directives, "FIELD");
        self.selection_set(next, &f.selection_set);
        // FieldsOnCorrectType
        if let (Some(p), None) = (parent, def) {
            let mut msg = format!("Cannot query field \"{}\" on type \"{}\".", f.name, p.name);
            let abstract_types = self.suggested_types(p, &f.name);
            if !abstract_types.is_empty() {
                msg = format!(
                    "{msg} Did you mean to use an inline fragment on {}?",
                    quoted_or_list(&abstract_types)
                );
            } else if matches!(p.kind.as_str(), "OBJECT" | "INTERFACE") {
                let names: Vec<String> = p.fields.iter().map(|x| x.name.clone()).collect();
                msg = suggest(msg, "Did you mean", &f.name, &names, true);
            }
            self.add(&f.pos, msg);
        }
        // KnownArgumentNames
        if let (Some(d), Some(p)) = (def, parent) {
            let on = format!("field \"{}.{}\"", p.name, f.name);
            self.unknown_arguments(&d.arguments, &f.arguments, &on, &f.pos);
        }
        // MaxIntrospectionDepth
        if f.name == "__schema" || f.name == "__type" {
            let mut visited = BTreeSet::new();
            if self.introspection_too_deep(&f.selection_set, &mut visited, 0, 0) {
                self.add(&f.pos, "Maximum introspection depth exceeded".into());
            }
        }
        // OverlappingFieldsCanBeMerged (only inside an operation: a fragment's own walk
        // would repeat what its spreads found)
        if self.op.is_some() {
            self.overlaps(&f.selection_set);
        }
        if let Some(d) = def {
            // ProvidedRequiredArguments
            let of = format!("Field \"{}\"", f.name);
            self.required_arguments(&d.arguments, &f.arguments, &of, &f.pos);
            // ScalarLeafs
            if let Some(t) = self.ty(d.ty.name()) {
                if is_leaf(t) && !f.selection_set.is_empty() {
                    self.add(
                        &f.pos,
                        format!(
                            "Field \"{}\" must not have a selection since type \"{}\" has no subfields.",
                            f.name, t.name
                        ),
                    );
                }
                if !is_leaf(t) && f.selection_set.is_empty() {
                    self.add(
                        &f.pos,
                        format!(
                            "Field \"{}\" of type \"{}\" must have a selection of subfields. Did you mean \"{} {{ ... }}\"?",
                            f.name,
                            d.ty.render(),
                            f.name
                        ),
                    );
                }
            }
        }
        // UniqueArgumentNames
        self.unique_args(&f.arguments);
    }

    // For a field asked of an interface or union: the types that have it, to suggest an inline
    // fragment on (interfaces first, then objects, each group by name).
    fn suggested_types(&self, parent: &'a Definition, field: &str) -> Vec<String> {
        if !matches!(parent.kind.as_str(), "INTERFACE" | "UNION") {
            return Vec::new();
        }
        let mut interfaces = BTreeSet::new();
        let mut objects = BTreeSet::new();
        for name in self.possible(parent) {
            let Some(t) = self.ty(name) else { continue };
            if !t.fields.iter().any(|x| x.name == field) {
                continue;
            }
            objects.insert(t.name.clone());
            for i in &t.interfaces {
                if self
                    .ty(i)
                    .is_some_and(|d| d.fields.iter().any(|x| x.name == field))
                {
                    interfaces.insert(i.clone());
                }
            }
        }
        interfaces.into_iter().chain(objects).collect()
    }
}

// Field comparisons OverlappingFieldsCanBeMerged may make in one document before giving up.
const OVERLAP_BUDGET: usize = 1_000_000;

impl<'a> Walker<'a> {
    // One unit of the rule's work; false (and, once, an error: an unchecked document is not a
    // valid one) when the budget is spent.
    fn overlap_work(&mut self) -> bool {
        if self.overlap_budget == 0 {
            return false;
        }
        self.overlap_budget -= 1;
        if self.overlap_budget == 0 {
            self.errors.push(GqlError {
                message: format!("document too complex to validate (over {OVERLAP_BUDGET} steps)"),
                pos: None,
            });
            return false;
        }
        true
    }

    // Three nested introspection lists (`fields`, `interfaces`, `possibleTypes`,
    // `inputFields`) below `__schema` or `__type`, fragments followed.
    fn introspection_too_deep(
        &mut self,
        set: &'a [Selection],
        visited: &mut BTreeSet<&'a str>,
        lists: usize,
        depth: usize,
    ) -> bool {
        if depth > super::MAX_DEPTH * 4 {
            return false;
        }
        for s in set {
            if !self.overlap_work() {
                return false;
            }
            let deep = match s {
                Selection::Field(f) => {
                    let lists = lists
                        + usize::from(matches!(
                            f.name.as_str(),
                            "fields" | "interfaces" | "possibleTypes" | "inputFields"
                        ));
                    lists >= 3
                        || self.introspection_too_deep(&f.selection_set, visited, lists, depth + 1)
                }
                Selection::Inline(i) => {
                    self.introspection_too_deep(&i.selection_set, visited, lists, depth + 1)
                }
                Selection::Spread(sp) => match self.fragment_named(&sp.name) {
                    Some(fd) if visited.insert(&sp.name) => {
                        let deep = self.introspection_too_deep(
                            &fd.selection_set,
                            visited,
                            lists,
                            depth + 1,
                        );
                        visited.remove(sp.name.as_str());
                        deep
                    }
                    _ => false,
                },
            };
            if deep {
                return true;
            }
        }
        false
    }

    fn overlaps(&mut self, set: &'a [Selection]) {
        for c in self.conflicts_within(set) {
            let mut reason = String::new();
            c.reason(&mut reason);
            self.add(
                &c.pos,
                format!(
                    "Fields \"{}\" conflict because {}. Use different aliases on the fields to fetch both if this was intentional.",
                    c.response_name, reason
                ),
            );
        }
    }

    fn conflicts_within(&mut self, set: &'a [Selection]) -> Vec<Conflict> {
        let mut out = Vec::new();
        if set.is_empty() {
            return out;
        }
        let (fields, spreads) = fields_and_spreads(set);
        for (_, fs) in &fields {
            for (i, a) in fs.iter().enumerate() {
                for b in &fs[i + 1..] {
                    if let Some(c) = self.conflict(false, a, b, 0) {
                        out.push(c);
                    }
                }
            }
        }
        self.compared_fragments.clear();
        for (i, sa) in spreads.iter().enumerate() {
            self.between_fields_and_fragment(&mut out, false, &fields, sa, 0);
            for sb in &spreads[i + 1..] {
                self.between_fragments(&mut out, false, sa, sb, 0);
            }
        }
        out
    }

    fn between_fields_and_fragment(
        &mut self,
        out: &mut Vec<Conflict>,
        exclusive: bool,
        fields: &FieldsMap<'a>,
        spread: &'a FragmentSpread,
        depth: usize,
    ) {
        if depth > super::MAX_DEPTH
            || !self.compared_fragments.insert(spread.name.clone())
            || !self.overlap_work()
        {
            return;
        }
        let Some(def) = self.fragment_named(&spread.name) else {
            return;
        };
        let (fields_b, spreads_b) = fields_and_spreads(&def.selection_set);
        if same_fields(fields, &fields_b) {
            return;
        }
        self.between(out, exclusive, fields, &fields_b, depth);
        for sp in spreads_b {
            if sp.name != spread.name {
                self.between_fields_and_fragment(out, exclusive, fields, sp, depth + 1);
            }
        }
    }

    fn between_fragments(
        &mut self,
        out: &mut Vec<Conflict>,
        exclusive: bool,
        a: &'a FragmentSpread,
        b: &'a FragmentSpread,
        depth: usize,
    ) {
        if depth > super::MAX_DEPTH || a.name == b.name || !self.overlap_work() {
            return;
        }
        let key = (addr(a), addr(b));
        if let Some(&was) = self.compared_pairs.get(&key) {
            // Compared without exclusivity covers the exclusive comparison too.
            if exclusive || !was {
                return;
            }
        }
        self.compared_pairs.insert(key, exclusive);
        self.compared_pairs.insert((key.1, key.0), exclusive);
        let (Some(da), Some(db)) = (self.fragment_named(&a.name), self.fragment_named(&b.name))
        else {
            return;
        };
        let (fa, sa) = fields_and_spreads(&da.selection_set);
        let (fb, sb) = fields_and_spreads(&db.selection_set);
        self.between(out, exclusive, &fa, &fb, depth);
        for s in sb {
            self.between_fragments(out, exclusive, a, s, depth + 1);
        }
        for s in sa {
            self.between_fragments(out, exclusive, s, b, depth + 1);
        }
    }

    fn between(
        &mut self,
        out: &mut Vec<Conflict>,
        exclusive: bool,
        a: &FieldsMap<'a>,
        b: &FieldsMap<'a>,
        depth: usize,
    ) {
        for (name, fa) in a {
            let Some((_, fb)) = b.iter().find(|(n, _)| n == name) else {
                continue;
            };
            for x in fa {
                for y in fb {
                    if let Some(c) = self.conflict(exclusive, x, y, depth) {
                        out.push(c);
                    }
                }
            }
        }
    }

    fn sub_conflicts(
        &mut self,
        exclusive: bool,
        a: &'a [Selection],
        b: &'a [Selection],
        depth: usize,
    ) -> Vec<Conflict> {
        let mut out = Vec::new();
        let (fa, sa) = fields_and_spreads(a);
        let (fb, sb) = fields_and_spreads(b);
        self.between(&mut out, exclusive, &fa, &fb, depth + 1);
        for s in &sb {
            self.compared_fragments.clear();
            self.between_fields_and_fragment(&mut out, exclusive, &fa, s, depth + 1);
        }
        for s in &sa {
            self.compared_fragments.clear();
            self.between_fields_and_fragment(&mut out, exclusive, &fb, s, depth + 1);
        }
        for x in &sa {
            for y in &sb {
                self.between_fragments(&mut out, exclusive, x, y, depth + 1);
            }
        }
        out
    }

    fn types_conflict(&self, a: &Type, b: &Type, depth: usize) -> bool {
        if depth > super::MAX_DEPTH {
            return false;
        }
        match (&a.elem, &b.elem) {
            (Some(x), Some(y)) => return self.types_conflict(x, y, depth + 1),
            (Some(_), None) | (None, Some(_)) => return true,
            _ => {}
        }
        if a.non_null != b.non_null {
            return true;
        }
        match (self.ty(&a.named), self.ty(&b.named)) {
            (Some(x), Some(y)) if is_leaf(x) && is_leaf(y) => x.name != y.name,
            _ => false,
        }
    }

    fn conflict(
        &mut self,
        exclusive: bool,
        a: &'a Field,
        b: &'a Field,
        depth: usize,
    ) -> Option<Conflict> {
        if depth > super::MAX_DEPTH || !self.overlap_work() {
            return None;
        }
        let (Some(&(Some(pa), da)), Some(&(Some(pb), db))) =
            (self.field_info.get(&addr(a)), self.field_info.get(&addr(b)))
        else {
            return None;
        };
        let exclusive = exclusive
            || (pa.name != pb.name
                && pa.kind == "OBJECT"
                && pb.kind == "OBJECT"
                && da.is_some()
                && db.is_some());
        let response_name = if a.alias.is_empty() {
            a.name.clone()
        } else {
            a.alias.clone()
        };
        let found = |message: String| Conflict {
            response_name: response_name.clone(),
            message,
            sub: Vec::new(),
            pos: b.pos.clone(),
        };
        if !exclusive {
            if a.name != b.name {
                return Some(found(format!(
                    "\"{}\" and \"{}\" are different fields",
                    a.name, b.name
                )));
            }
            if !same_arguments(&a.arguments, &b.arguments) {
                return Some(found("they have differing arguments".into()));
            }
        }
        if let (Some(x), Some(y)) = (da, db) {
            if self.types_conflict(&x.ty, &y.ty, 0) {
                return Some(found(format!(
                    "they return conflicting types \"{}\" and \"{}\"",
                    x.ty.render(),
                    y.ty.render()
                )));
            }
        }
        if !a.selection_set.is_empty() && !b.selection_set.is_empty() {
            let sub = self.sub_conflicts(exclusive, &a.selection_set, &b.selection_set, depth);
            if !sub.is_empty() {
                return Some(Conflict {
                    sub,
                    ..found(String::new())
                });
            }
        }
        None
    }
}

pub fn validate(schema: &Schema, doc: &QueryDocument) -> Vec<GqlError> {
    let typename = FieldDefinition {
        name: "__typename".into(),
        ty: named("String", false),
        ..Default::default()
    };
    let mut w = Walker {
        schema,
        doc,
        errors: Vec::new(),
        op: None,
        used_vars: BTreeSet::new(),
        validated_spreads: BTreeSet::new(),
        in_fragment_definition: false,
        fragment_used: BTreeSet::new(),
        visited_frags: BTreeSet::new(),
        seen_fragments: BTreeSet::new(),
        seen_operations: BTreeSet::new(),
        misplaced: BTreeSet::new(),
        typename: &typename,
        frags: BTreeMap::new(),
        depth: 0,
        too_deep: false,
        field_info: BTreeMap::new(),
        compared_fragments: BTreeSet::new(),
        compared_pairs: BTreeMap::new(),
        overlap_budget: OVERLAP_BUDGET,
        fields_of: BTreeMap::new(),
    };
    for f in &doc.fragments {
        w.frags.entry(f.name.as_str()).or_insert(f);
    }
    w.walk();
    w.errors
}
