//! A plan for review: text for a terminal, Markdown for a pull request.

use super::plan::{Expect, Plan};

fn expect(e: &Expect) -> String {
    match e {
        Expect::Fields { fields } => fields
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        Expect::Exists => "exists".into(),
        Expect::Absent => "does not exist".into(),
        Expect::Instances { ids } if ids.is_empty() => "no such assignment".into(),
        Expect::Instances { ids } => format!("assignment instances {}", ids.join(", ")),
        Expect::AnyInstance => "the assignment exists".into(),
    }
}

fn counts(plan: &Plan) -> (usize, usize) {
    let steps = plan.fixes.iter().map(|f| f.steps.len()).sum();
    let removals = plan
        .fixes
        .iter()
        .flat_map(|f| &f.steps)
        .filter(|s| s.removal)
        .count();
    (steps, removals)
}

pub fn text(plan: &Plan) -> String {
    let (steps, removals) = counts(plan);
    let mut out = format!(
        "govlint fix plan (version {}) for tenant {} · snapshot fetched {}\n{} fixes in {steps} steps ({removals} removals), {} findings to fix by hand\n",
        plan.version,
        plan.snapshot
            .tenant_name
            .as_deref()
            .unwrap_or(&plan.snapshot.tenant_id),
        plan.snapshot.fetched_at,
        plan.fixes.len(),
        plan.manual.len()
    );
    for f in &plan.fixes {
        out.push_str(&format!(
            "\n{} {} [{}] {}\n  {}\n",
            f.rule,
            f.fingerprint,
            f.severity,
            f.object.label(),
            f.summary
        ));
        for s in &f.steps {
            let path =
                super::plan::path_of(&s.request.url, &plan.graph_root).unwrap_or(&s.request.url);
            out.push_str(&format!(
                "  {} {} {path}{}\n",
                s.id.rsplit('/').next().unwrap_or(""),
                s.request.method,
                if s.removal { "  (removal)" } else { "" }
            ));
            if let Some(b) = &s.request.body {
                out.push_str(&format!("      body: {b}\n"));
            }
            out.push_str(&format!(
                "      checks GET {}: now {}; after {}\n",
                s.read,
                expect(&s.precondition),
                expect(&s.expected)
            ));
        }
        if !f.diff.is_empty() {
            for line in f.diff.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    if !plan.manual.is_empty() {
        out.push_str("\nTo fix by hand (not applied):\n");
        for m in &plan.manual {
            out.push_str(&format!(
                "  {} {} {}: {}\n    why: {}\n",
                m.rule,
                m.fingerprint,
                m.object.label(),
                m.summary,
                m.why
            ));
        }
    }
    out
}

pub fn markdown(plan: &Plan) -> String {
    let (steps, removals) = counts(plan);
    let mut out = format!(
        "## govlint fix plan\n\nTenant `{}` · snapshot fetched {} · plan version {}\n\n**{} fixes** in {steps} steps ({removals} removals) · **{} findings to fix by hand**\n\n",
        plan.snapshot.tenant_id,
        plan.snapshot.fetched_at,
        plan.version,
        plan.fixes.len(),
        plan.manual.len()
    );
    if !plan.fixes.is_empty() {
        out.push_str("| Rule | Severity | Object | Fix | Requests |\n|---|---|---|---|---|\n");
        for f in &plan.fixes {
            let reqs: Vec<String> = f
                .steps
                .iter()
                .map(|s| {
                    let p = super::plan::path_of(&s.request.url, &plan.graph_root)
                        .unwrap_or(&s.request.url);
                    format!("`{} {}`", s.request.method, crate::markup::markdown_line(p))
                })
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                f.rule,
                f.severity,
                crate::markup::markdown_line(&f.object.label()),
                crate::markup::markdown_line(&f.summary),
                reqs.join("<br>")
            ));
        }
        out.push_str("\n<details><summary>Steps, checks and diffs</summary>\n\n");
        for f in &plan.fixes {
            out.push_str(&format!(
                "### {} {}: {}\n\n",
                f.rule,
                f.fingerprint,
                crate::markup::markdown_line(&f.object.label())
            ));
            for s in &f.steps {
                out.push_str(&format!(
                    "- `{} {}`{}\n  - checks `GET {}`: now {}; after {}\n",
                    s.request.method,
                    super::plan::path_of(&s.request.url, &plan.graph_root)
                        .unwrap_or(&s.request.url),
                    if s.removal { " (removal)" } else { "" },
                    s.read,
                    crate::markup::markdown_line(&expect(&s.precondition)),
                    crate::markup::markdown_line(&expect(&s.expected))
                ));
                if let Some(b) = &s.request.body {
                    out.push_str(&format!(
                        "  - body: `{}`\n",
                        crate::markup::markdown_line(&b.to_string())
                    ));
                }
            }
            if !f.diff.is_empty() {
                out.push_str(&format!("\n```diff\n{}```\n\n", f.diff));
            }
        }
        out.push_str("</details>\n\n");
    }
    if !plan.manual.is_empty() {
        out.push_str("### To fix by hand\n\n| Rule | Object | Fix | Why not automatic |\n|---|---|---|---|\n");
        for m in &plan.manual {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                m.rule,
                crate::markup::markdown_line(&m.object.label()),
                crate::markup::markdown_line(&m.summary),
                crate::markup::markdown_line(&m.why)
            ));
        }
    }
    out
}
