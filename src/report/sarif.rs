//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer), built with
//! the `serde-sarif` model.
//!
//! - One `reportingDescriptor` per rule of the run (evaluated or not), with the rule doc as
//!   `help` (text and Markdown), `helpUri` at the published doc, `security-severity` and tags.
//! - One result per finding. Graph objects live in no file, so the location GitHub requires is
//!   the snapshot file (its path as given on the command line, line 1); the object at fault is
//!   the result's `logicalLocations` entry and everything about it is in `properties`.
//! - `partialFingerprints` carries the finding's fingerprint as `govlint/v1` and also as
//!   `primaryLocationLineHash`: every result sits on line 1 of the same file, so the hash
//!   `upload-sarif` would compute from that line is the same for all of them and would merge
//!   distinct findings into one alert. (upload-sarif keeps a supplied value; it logs a warning
//!   when its own differs.)
//! - Waived findings are results with an `external` suppression (code scanning shows them as
//!   dismissed); baselined findings are results with `baselineState: unchanged` (still open,
//!   just not failing the gate), other findings `new` when a baseline is in use.
//! - Rules not evaluated and rule errors are `toolExecutionNotifications` (level error) and make
//!   `executionSuccessful` false; objects a rule skipped (emergency-access accounts) are
//!   `note` notifications there too; expired and stale waivers are
//!   `toolConfigurationNotifications`.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration,
    ReportingDescriptor, ReportingDescriptorReference, Result as SarifResult, ResultLevel, Run,
    Sarif, Suppression, Tool, ToolComponent,
};

use crate::finding::{Finding, LintResult, Severity, SuppressedBy, WaiverStatus};

use super::{markdown, rule_rows, Context, RuleRow};

/// The schema the output follows (the OASIS 2.1.0 errata 01 schema, vendored in tests/schemas).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/govlint/govlint";
/// The `partialFingerprints` key of govlint's own fingerprint.
pub const FINGERPRINT_KEY: &str = "govlint/v1";

/// Notification descriptors (`tool.driver.notifications`), referenced by index.
const NOTIFICATIONS: [(&str, &str, &str); 5] = [
    (
        "not-evaluated",
        "Rule not evaluated",
        "A rule did not run because a snapshot collection it reads is not complete.",
    ),
    (
        "rule-error",
        "Rule error",
        "A rule failed while evaluating.",
    ),
    (
        "waiver-expired",
        "Waiver expired",
        "A waiver is past its expiry date and waives nothing.",
    ),
    (
        "waiver-stale",
        "Waiver stale",
        "A live waiver matched no finding: the risk is gone or the waiver is mistyped.",
    ),
    (
        "object-skipped",
        "Object skipped",
        "A rule deliberately did not judge an object (e.g. a declared emergency-access account).",
    ),
];

/// SARIF level of a severity: critical/high → error, medium → warning, low/info → note.
pub fn level(s: Severity) -> ResultLevel {
    match s {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low | Severity::Info => ResultLevel::Note,
    }
}

fn level_str(s: Severity) -> &'static str {
    match level(s) {
        ResultLevel::Error => "error",
        ResultLevel::Warning => "warning",
        _ => "note",
    }
}

/// GitHub's `security-severity` score (critical ≥ 9.0, high 7.0–8.9, medium 4.0–6.9, low < 4).
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::Critical => Some("9.5"),
        Severity::High => Some("8.0"),
        Severity::Medium => Some("5.5"),
        Severity::Low => Some("3.0"),
        Severity::Info => None,
    }
}

pub fn render(r: &LintResult, ctx: &Context<'_>) -> String {
    let log = build(r, ctx);
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|e| {
        // Serialising plain data cannot fail; keep the output valid JSON regardless.
        json!({"error": e.to_string()}).to_string()
    });
    s.push('\n');
    s
}

/// The SARIF log as a typed value.
pub fn build(r: &LintResult, ctx: &Context<'_>) -> Sarif {
    let rows = rule_rows(r, ctx);
    let index: BTreeMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| (row.code.as_str(), i))
        .collect();
    let artifact = artifact_location(ctx.snapshot_path);

    let mut results: Vec<SarifResult> = Vec::new();
    let baseline_in_use = r.baseline.is_some();
    for f in &r.findings {
        let mut res = result(f, &index, &artifact);
        if baseline_in_use {
            res.baseline_state = Some(json!("new"));
        }
        results.push(res);
    }
    for s in &r.suppressed {
        let mut res = result(&s.finding, &index, &artifact);
        match s.by {
            SuppressedBy::Waiver => {
                res.suppressions = Some(vec![Suppression::builder()
                    .kind(json!("external"))
                    .status(json!("accepted"))
                    .justification(s.reason.clone())
                    .build()]);
            }
            SuppressedBy::Baseline => {
                res.baseline_state = Some(json!("unchanged"));
                if let Some(p) = res.properties.as_mut() {
                    p.additional_properties
                        .insert("baselined".into(), json!(s.reason));
                }
            }
        }
        results.push(res);
    }

    let mut execution = Vec::new();
    for n in &r.not_evaluated {
        execution.push(notification(
            "error",
            0,
            format!("{} {} was not evaluated: {}", n.rule, n.name, n.reason),
            rule_ref(&n.rule, &index),
            None,
        ));
    }
    for e in &r.errors {
        execution.push(notification(
            "error",
            1,
            format!("{} {} errored: {}", e.rule, e.name, e.error),
            rule_ref(&e.rule, &index),
            None,
        ));
    }
    for sk in &r.skipped {
        execution.push(notification(
            "note",
            4,
            format!(
                "{} {} skipped {} {}: {}",
                sk.rule,
                sk.name,
                sk.object.collection,
                sk.object.label(),
                sk.reason
            ),
            rule_ref(&sk.rule, &index),
            None,
        ));
    }
    let mut configuration = Vec::new();
    for w in &r.waivers {
        let (desc, what) = match w.status {
            WaiverStatus::Active => continue,
            WaiverStatus::Expired => (2, format!("expired on {}; it waives nothing", w.expires)),
            WaiverStatus::Stale => (3, "matches no finding".to_string()),
        };
        configuration.push(notification(
            "warning",
            desc,
            format!(
                "waiver for {} on {} ({}) {what}; reason: {}",
                w.rule, w.object, w.source, w.reason
            ),
            rule_ref(&w.rule, &index),
            source_location(&w.source),
        ));
    }

    let mut invocation = Invocation::builder()
        .execution_successful(r.not_evaluated.is_empty() && r.errors.is_empty())
        .build();
    if !execution.is_empty() {
        invocation.tool_execution_notifications = Some(execution);
    }
    if !configuration.is_empty() {
        invocation.tool_configuration_notifications = Some(configuration);
    }

    let driver = ToolComponent::builder()
        .name(r.tool.name.clone())
        .version(r.tool.version.clone())
        .semantic_version(r.tool.version.clone())
        .information_uri(INFORMATION_URI)
        .rules(rows.iter().map(descriptor).collect::<Vec<_>>())
        .notifications(
            NOTIFICATIONS
                .iter()
                .map(|(id, name, text)| {
                    ReportingDescriptor::builder()
                        .id(*id)
                        .name(*name)
                        .short_description(plain(text))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build();

    let mut run_props = BTreeMap::new();
    run_props.insert("tenantId".to_string(), json!(r.snapshot.tenant_id));
    if let Some(n) = &r.snapshot.tenant_name {
        run_props.insert("tenantName".to_string(), json!(n));
    }
    run_props.insert("fetchedAt".to_string(), json!(r.snapshot.fetched_at));
    run_props.insert("now".to_string(), json!(r.now));
    run_props.insert(
        "summary".to_string(),
        serde_json::to_value(&r.summary).unwrap_or(Value::Null),
    );
    if let Some(b) = &r.baseline {
        run_props.insert(
            "baseline".to_string(),
            serde_json::to_value(b).unwrap_or(Value::Null),
        );
    }

    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .properties(
            PropertyBag::builder()
                .additional_properties(run_props)
                .build(),
        )
        .build();

    Sarif::builder()
        .schema(SCHEMA_URI)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn plain(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn descriptor(row: &RuleRow) -> ReportingDescriptor {
    let (full, help) = match &row.doc {
        Some(doc) => {
            let what = section(doc.markdown, "## What it does")
                .or_else(|| lead(doc.markdown))
                .unwrap_or_else(|| row.title.clone());
            (
                MultiformatMessageString::builder()
                    .text(unwrap_lines(&strip_markdown(&what)))
                    .markdown(what)
                    .build(),
                MultiformatMessageString::builder()
                    .text(strip_markdown(doc.markdown))
                    .markdown(doc.markdown)
                    .build(),
            )
        }
        None => (plain(&row.title), plain(&row.title)),
    };
    let mut props = BTreeMap::new();
    if let Some(score) = security_severity(row.severity) {
        props.insert("security-severity".to_string(), json!(score));
    }
    props.insert("precision".to_string(), json!("very-high"));
    props.insert("severity".to_string(), json!(row.severity));
    props.insert("area".to_string(), json!(row.area));
    let mut d = ReportingDescriptor::builder()
        .id(row.code.clone())
        .name(row.name.clone())
        .short_description(plain(&row.title))
        .full_description(full)
        .help(help)
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_str(row.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec![
                    "security".to_string(),
                    "identity-governance".to_string(),
                    row.area.clone(),
                ])
                .additional_properties(props)
                .build(),
        )
        .build();
    d.help_uri = row.doc_url();
    d
}

fn result(f: &Finding, index: &BTreeMap<&str, usize>, artifact: &ArtifactLocation) -> SarifResult {
    let mut text = f.message.clone();
    text.push_str(&format!(
        "\nObject: {} {}",
        f.object.collection,
        f.object.label()
    ));
    for rel in &f.related {
        text.push_str(&format!("\nRelated: {} {}", rel.collection, rel.label()));
    }
    text.push_str(&format!("\nFix: {}", f.remediation.summary));

    let mut obj_props = BTreeMap::new();
    obj_props.insert("collection".to_string(), json!(f.object.collection));
    obj_props.insert("id".to_string(), json!(f.object.id));
    if let Some(n) = &f.object.display_name {
        obj_props.insert("displayName".to_string(), json!(n));
    }
    let logical = LogicalLocation::builder()
        .name(
            f.object
                .display_name
                .clone()
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| f.object.id.clone()),
        )
        .fully_qualified_name(format!("{}/{}", f.object.collection, f.object.id))
        .kind("resource")
        .properties(
            PropertyBag::builder()
                .additional_properties(obj_props)
                .build(),
        )
        .build();
    let location = Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(artifact.clone())
                .region(Region::builder().start_line(1).build())
                .build(),
        )
        .logical_locations(vec![logical])
        .build();

    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), f.fingerprint.clone());
    fingerprints.insert("primaryLocationLineHash".to_string(), f.fingerprint.clone());

    let mut props = BTreeMap::new();
    props.insert("severity".to_string(), json!(f.severity));
    props.insert("area".to_string(), json!(f.area));
    props.insert(
        "object".to_string(),
        serde_json::to_value(&f.object).unwrap_or(Value::Null),
    );
    props.insert(
        "related".to_string(),
        serde_json::to_value(&f.related).unwrap_or(Value::Null),
    );
    props.insert(
        "remediation".to_string(),
        serde_json::to_value(&f.remediation).unwrap_or(Value::Null),
    );

    let mut res = SarifResult::builder()
        .rule_id(f.rule.clone())
        .level(level(f.severity))
        .message(
            Message::builder()
                .text(text)
                .markdown(markdown::finding_body(f))
                .build(),
        )
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .properties(
            PropertyBag::builder()
                .tags(vec![f.area.clone()])
                .additional_properties(props)
                .build(),
        )
        .build();
    res.rule_index = index.get(f.rule.as_str()).map(|i| *i as i64);
    res
}

fn rule_ref(code: &str, index: &BTreeMap<&str, usize>) -> ReportingDescriptorReference {
    let mut r = ReportingDescriptorReference::builder().id(code).build();
    r.index = index.get(code).map(|i| *i as i64);
    r
}

fn notification(
    level: &str,
    descriptor: usize,
    text: String,
    rule: ReportingDescriptorReference,
    location: Option<Location>,
) -> Notification {
    let mut n = Notification::builder()
        .level(json!(level))
        .message(Message::builder().text(text).build())
        .descriptor(
            ReportingDescriptorReference::builder()
                .id(NOTIFICATIONS[descriptor].0)
                .index(descriptor as i64)
                .build(),
        )
        .associated_rule(rule)
        .build();
    n.locations = location.map(|l| vec![l]);
    n
}

/// `govlint.toml:12` → that file and line, for waiver notifications.
fn source_location(source: &str) -> Option<Location> {
    let (file, line) = source.rsplit_once(':')?;
    let line: i64 = line.parse().ok().filter(|l| *l >= 1)?;
    Some(
        Location::builder()
            .physical_location(
                PhysicalLocation::builder()
                    .artifact_location(artifact_location(file))
                    .region(Region::builder().start_line(line).build())
                    .build(),
            )
            .build(),
    )
}

/// The snapshot path as a URI reference: relative paths stay relative (to `%SRCROOT%`, the
/// checkout, as GitHub resolves them), absolute ones become `file://` URIs.
pub fn artifact_location(path: &str) -> ArtifactLocation {
    let p = path.replace('\\', "/");
    let is_windows_abs = p.len() >= 3 && p.as_bytes()[0].is_ascii_alphabetic() && &p[1..3] == ":/";
    if p.starts_with('/') || is_windows_abs {
        let abs = if is_windows_abs { format!("/{p}") } else { p };
        return ArtifactLocation::builder()
            .uri(format!("file://{}", encode(&abs)))
            .build();
    }
    let mut rel = p.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    ArtifactLocation::builder()
        .uri(encode(rel))
        .uri_base_id("%SRCROOT%")
        .build()
}

/// Percent-encodes everything but unreserved characters and `/` (and a drive letter's `:`).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (b == b':' && i == 2 && path.starts_with('/'));
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The body of a `## Heading` section, trimmed.
fn section(md: &str, heading: &str) -> Option<String> {
    let start = md.find(&format!("{heading}\n"))? + heading.len() + 1;
    let rest = &md[start..];
    let end = rest.find("\n## ").map(|i| i + 1).unwrap_or(rest.len());
    let body = rest[..end].trim();
    (!body.is_empty()).then(|| body.to_string())
}

/// The first plain paragraph after the title and the bold metadata lines.
fn lead(md: &str) -> Option<String> {
    md.split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#') && !p.starts_with("**"))
        .map(str::to_string)
}

/// Joins wrapped lines of prose into one line per paragraph.
fn unwrap_lines(s: &str) -> String {
    s.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Markdown → readable plain text: heading marks, emphasis, code marks and fences dropped.
fn strip_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    for line in md.lines() {
        let t = line.trim_start();
        if t.starts_with("```") {
            continue;
        }
        let line = if t.starts_with('#') {
            t.trim_start_matches('#').trim_start()
        } else {
            line
        };
        out.push_str(&line.replace("**", "").replace('`', ""));
        out.push('\n');
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RuleMeta;
    use crate::report::fixtures;

    fn sarif_value() -> Value {
        let metas = fixtures::rules();
        let refs: Vec<&RuleMeta> = metas.iter().collect();
        let ctx = Context {
            rules: &refs,
            snapshot_path: "./out dir/snap.json",
        };
        serde_json::from_str(&render(&fixtures::result(), &ctx)).expect("valid JSON")
    }

    #[test]
    fn levels_follow_severity() {
        assert_eq!(level_str(Severity::Critical), "error");
        assert_eq!(level_str(Severity::High), "error");
        assert_eq!(level_str(Severity::Medium), "warning");
        assert_eq!(level_str(Severity::Low), "note");
        assert_eq!(level_str(Severity::Info), "note");
    }

    #[test]
    fn results_carry_rule_index_fingerprint_and_location() {
        let v = sarif_value();
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let results = run["results"].as_array().expect("results");
        // 3 findings + 2 suppressed.
        assert_eq!(results.len(), 5);
        for res in results {
            let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[i]["id"], res["ruleId"]);
            let loc = &res["locations"][0];
            assert_eq!(
                loc["physicalLocation"]["artifactLocation"]["uri"],
                "out%20dir/snap.json"
            );
            assert_eq!(loc["physicalLocation"]["region"]["startLine"], 1);
            assert!(res["partialFingerprints"][FINGERPRINT_KEY]
                .as_str()
                .expect("fp")
                .starts_with("fp-"));
        }
        assert_eq!(
            results[0]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "users/u1"
        );
    }

    #[test]
    fn waived_is_suppressed_and_baselined_is_unchanged() {
        let v = sarif_value();
        let results = v["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results[3]["suppressions"][0]["kind"], "external");
        assert_eq!(
            results[3]["suppressions"][0]["justification"],
            "break-glass account, reviewed quarterly"
        );
        assert_eq!(results[4]["baselineState"], "unchanged");
        assert!(results[4].get("suppressions").is_none());
        assert_eq!(results[0]["baselineState"], "new");
    }

    #[test]
    fn incomplete_runs_are_notifications() {
        let v = sarif_value();
        let inv = &v["runs"][0]["invocations"][0];
        assert_eq!(inv["executionSuccessful"], false);
        let n = inv["toolExecutionNotifications"].as_array().expect("notes");
        assert_eq!(n.len(), 3);
        assert!(n[..2].iter().all(|n| n["level"] == "error"));
        assert_eq!(n[2]["level"], "note");
        assert_eq!(n[2]["descriptor"]["id"], "object-skipped");
        assert_eq!(n[0]["associatedRule"]["id"], "PRV004");
        let c = inv["toolConfigurationNotifications"]
            .as_array()
            .expect("waiver notes");
        assert_eq!(c.len(), 2);
        assert_eq!(
            c[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
            18
        );
    }

    #[test]
    fn artifact_uris() {
        let uri = |p: &str| artifact_location(p).uri.expect("uri");
        assert_eq!(uri("snap.json"), "snap.json");
        assert_eq!(uri("./a/b.json"), "a/b.json");
        assert_eq!(uri("a\\b c.json"), "a/b%20c.json");
        assert_eq!(uri("/tmp/x.json"), "file:///tmp/x.json");
        assert_eq!(uri("C:\\t\\x.json"), "file:///C:/t/x.json");
        assert!(artifact_location("/tmp/x").uri_base_id.is_none());
    }

    #[test]
    fn doc_sections_become_descriptions() {
        let md = "# X001 x\n\n**Severity:** high\n\nLead para.\n\n## What it does\n\nFlags\nthings.\n\n## Why is this bad\n\nBad.\n";
        assert_eq!(
            section(md, "## What it does").as_deref(),
            Some("Flags\nthings.")
        );
        assert_eq!(lead(md).as_deref(), Some("Lead para."));
        assert_eq!(unwrap_lines("Flags\nthings."), "Flags things.");
        assert!(!strip_markdown(md).contains('#'));
    }
}
