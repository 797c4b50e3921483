//! `govlint.toml`: rule selection, severities, thresholds and the role lists, layered over the
//! shipped defaults in `policies/data/`. Mistakes are diagnostics pointing into the file.
//!
//! ```toml
//! select = ["PIM", "AR001"]      # codes, code prefixes or names
//! ignore = ["EXT002"]
//! fail_on = "medium"
//! policies = ["./our-policies"]
//!
//! [severity]
//! PIM006 = "low"
//!
//! [thresholds]
//! privileged_inactive_days = 60
//!
//! [roles]
//! privileged_extra = ["<role definition id>"]
//! critical = ["62e90394-69f5-4237-9190-012177145e10"]
//!
//! [limits]
//! rule_timeout = "10s"           # per rule; an overrun is that rule's error (exit 3)
//! load_timeout = "60s"           # loading and compiling the policies; an overrun is exit 2
//! rule_memory = "2GiB"           # per rule; past it the rule stops with an error (exit 3)
//!
//! [fix]
//! max_removals = 5               # most removals one `fix --apply` run sends
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Map, Value};
use toml::Spanned;

use crate::diag;
use crate::finding::Severity;
use crate::policy;

pub const FILE_NAME: &str = "govlint.toml";

/// The configuration a lint runs with, after defaults and the file are merged and checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// `data.govlint.config` as the rules see it.
    pub data: Value,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub fail_on: Option<Severity>,
    pub policy_dirs: Vec<PathBuf>,
    pub path: Option<PathBuf>,
    pub waivers: Vec<Waiver>,
    /// Baseline file (relative to the config file's directory).
    pub baseline: Option<PathBuf>,
    /// How long one rule may evaluate before it is stopped and reported as an error.
    pub rule_timeout: std::time::Duration,
    /// How long loading and compiling the policies may take (`[limits] load_timeout`).
    pub load_timeout: std::time::Duration,
    /// How much memory one rule may hold before it is stopped and reported as an error.
    pub rule_memory: crate::engine::memory::Budget,
    /// `[fix] max_removals`: the most removals one `fix --apply` run may send.
    pub fix_max_removals: Option<usize>,
}

/// An accepted risk: findings of `rule` on objects matching `object` are waived until
/// `expires` (inclusive, UTC).
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: String,
    pub object: String,
    pub matcher: globset::GlobMatcher,
    pub reason: String,
    pub expires: jiff::civil::Date,
    /// `govlint.toml:12`, for reports.
    pub source: String,
    /// Where `rule` is written, to point at it if it names no rule.
    pub rule_span: (usize, usize),
}

/// `govlint.toml` as written (schemas/config.schema.json is generated from these types).
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "govlint.toml")]
pub(crate) struct RawConfig {
    /// Only these rules: codes, code prefixes or names.
    #[serde(default)]
    select: Vec<String>,
    /// Skip these rules: codes, code prefixes or names.
    #[serde(default)]
    ignore: Vec<String>,
    /// Lowest severity that fails the run (exit 1).
    #[serde(default)]
    #[schemars(with = "Option<Severity>")]
    fail_on: Option<Spanned<String>>,
    /// Directories of extra Rego policies, relative to this file.
    #[serde(default)]
    policies: Vec<String>,
    /// Severity overrides, by rule code or name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Severity>")]
    severity: BTreeMap<String, Spanned<String>>,
    /// Overrides of the shipped thresholds (policies/data/thresholds.json).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, u64>")]
    thresholds: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    roles: RawRoles,
    #[serde(default)]
    permissions: RawPermissions,
    /// Accepted risks: findings of `rule` on objects matching `object` are waived until `expires`.
    #[serde(default)]
    waiver: Vec<RawWaiver>,
    /// Baseline file (relative to this file): only findings not in it fail.
    #[serde(default)]
    baseline: Option<String>,
    #[serde(default)]
    emergency_access: RawEmergency,
    #[serde(default)]
    limits: RawLimits,
    /// `govlint fix --apply` guard rails.
    #[serde(default)]
    fix: RawFix,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawFix {
    /// Most removals one `govlint fix --apply` may send without `--allow-mass-change` (default 5).
    max_removals: Option<usize>,
}

/// Evaluation limits.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    /// How long one rule may evaluate, e.g. `10s`, `2m` (an overrun is that rule's error, exit 3).
    #[schemars(with = "Option<String>")]
    rule_timeout: Option<Spanned<String>>,
    /// How long loading and compiling the policies may take, e.g. `60s` (an overrun is exit 2).
    #[schemars(with = "Option<String>")]
    load_timeout: Option<Spanned<String>>,
    /// How much memory one rule may hold, e.g. `512MiB`, `2GiB` (past it the rule stops with an
    /// error, exit 3).
    #[schemars(with = "Option<String>")]
    rule_memory: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawWaiver {
    /// The rule's code or name.
    #[schemars(with = "String")]
    rule: Spanned<String>,
    /// The id of the object at fault (a glob: `54d1*`).
    #[schemars(with = "String")]
    object: Spanned<String>,
    /// Why the risk is accepted (not blank).
    #[schemars(with = "String")]
    reason: Spanned<String>,
    /// The last day the waiver holds, `YYYY-MM-DD` (UTC, inclusive).
    #[schemars(with = "String", extend("format" = "date"))]
    expires: Spanned<String>,
}

/// Break-glass accounts: rules whose docs say so skip them.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEmergency {
    /// Object ids or user principal names of the break-glass accounts.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    accounts: Vec<Spanned<String>>,
}

/// The application permissions the workload rules (WID003-WID005) count as high-privilege.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPermissions {
    /// Replaces the shipped list (policies/data/high_privilege_permissions.json): permission
    /// names as Graph spells them, e.g. `RoleManagement.ReadWrite.Directory`.
    #[schemars(with = "Option<Vec<String>>")]
    high_privilege: Option<Vec<Spanned<String>>>,
    /// Added to the high-privilege permissions.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    high_privilege_extra: Vec<Spanned<String>>,
}

/// The role lists (role definition ids) the rules judge by.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawRoles {
    /// Replaces the shipped privileged roles.
    #[schemars(with = "Option<Vec<String>>")]
    privileged: Option<Vec<Spanned<String>>>,
    /// Added to the privileged roles.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    privileged_extra: Vec<Spanned<String>>,
    /// Replaces the shipped critical roles.
    #[schemars(with = "Option<Vec<String>>")]
    critical: Option<Vec<Spanned<String>>>,
    /// Added to the critical roles.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    critical_extra: Vec<Spanned<String>>,
}

fn shipped(file: &str) -> Value {
    // The shipped files are checked by a unit test; an unparsable one is a build defect.
    policy::builtin_data(file)
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_else(|| json!({}))
}

/// The default per-rule limit. The built-in rules take under 0.01 s each on the 200k-user bench
/// tenant (benches/README.md), so 10 s is a thousand times that, room for a slow or loaded CI
/// runner and a much larger tenant, while a runaway rule still ends in seconds, not at the CI
/// job's timeout. `opa test` allows 5 s per test; a lint rule reads a whole tenant.
pub const DEFAULT_RULE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// The default limit on loading and compiling the policies. The built-in rules load in under
/// a second on a debug build, and loading grows linearly with the policies (engine patch 107:
/// 20,000 rules in about 2 s), so 60 s leaves a slow runner and a very large policy set room
/// while a policy that would compile for hours fails the job in a minute.
pub const DEFAULT_LOAD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

impl Config {
    /// The configuration a command runs with: none (`--no-config`), the file named by
    /// `--config`, or `govlint.toml` found upward from the working directory.
    pub fn resolve(explicit: Option<&Path>, none: bool) -> Result<Config, miette::Report> {
        if none {
            return Ok(Config::defaults());
        }
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            // Shown relative to the working directory: `govlint.toml:12` reads better in CI logs.
            None => std::env::current_dir().ok().and_then(|d| {
                Config::discover(&d).map(|p| p.strip_prefix(&d).map(Path::to_path_buf).unwrap_or(p))
            }),
        };
        match path {
            Some(p) => Config::load(&p).map_err(|e| miette::Report::new(diag::Error::from(e))),
            None => Ok(Config::defaults()),
        }
    }

    /// The shipped defaults, with no file.
    pub fn defaults() -> Config {
        Config {
            data: json!({
                "privileged_roles": shipped("privileged_roles.json"),
                "critical_roles": shipped("critical_roles.json"),
                "high_privilege_permissions": shipped("high_privilege_permissions.json"),
                "thresholds": shipped("thresholds.json"),
                "emergency_access": [],
            }),
            select: Vec::new(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
            fail_on: None,
            policy_dirs: Vec::new(),
            path: None,
            waivers: Vec::new(),
            baseline: None,
            rule_timeout: DEFAULT_RULE_TIMEOUT,
            load_timeout: DEFAULT_LOAD_TIMEOUT,
            rule_memory: crate::engine::memory::Budget::default(),
            fix_max_removals: None,
        }
    }

    /// `govlint.toml` in `start` or the nearest parent that has one.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    pub fn load(path: &Path) -> Result<Config, Box<diag::Located>> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| {
            diag::located(
                &name,
                "",
                1,
                1,
                format!("cannot read config: {e}"),
                "",
                None,
            )
        })?;
        let mut cfg = Config::parse(&name, &text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        cfg.policy_dirs = cfg.policy_dirs.iter().map(|p| base.join(p)).collect();
        cfg.baseline = cfg.baseline.map(|b| base.join(b));
        cfg.path = Some(path.to_path_buf());
        Ok(cfg)
    }

    pub fn parse(name: &str, text: &str) -> Result<Config, Box<diag::Located>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let (line, col) = line_col(text, at);
            diag::located(name, text, line, col, e.message().to_string(), "here", None)
        })?;
        let err = |span: std::ops::Range<usize>, msg: String, help: Option<String>| {
            let (line, col) = line_col(text, span.start);
            diag::located(name, text, line, col, msg, "here", help)
        };
        let mut cfg = Config::defaults();
        cfg.select = raw.select;
        cfg.ignore = raw.ignore;
        cfg.policy_dirs = raw
            .policies
            .iter()
            .map(|p| portable_path(p))
            .collect::<Vec<_>>();
        if let Some(f) = raw.fail_on {
            cfg.fail_on = Some(Severity::parse(f.get_ref()).ok_or_else(|| {
                err(
                    f.span(),
                    format!("unknown severity `{}`", f.get_ref()),
                    Some(SEVERITIES.into()),
                )
            })?);
        }
        for (rule, sev) in raw.severity {
            let s = Severity::parse(sev.get_ref()).ok_or_else(|| {
                err(
                    sev.span(),
                    format!("unknown severity `{}`", sev.get_ref()),
                    Some(SEVERITIES.into()),
                )
            })?;
            cfg.severity.insert(rule, s);
        }
        let thresholds = cfg.data["thresholds"]
            .as_object_mut()
            .expect("shipped thresholds");
        for (key, value) in raw.thresholds {
            if !thresholds.contains_key(key.get_ref()) {
                let known = thresholds.keys().cloned().collect::<Vec<_>>().join(", ");
                return Err(err(
                    key.span(),
                    format!("unknown threshold `{}`", key.get_ref()),
                    Some(format!("known thresholds: {known}")),
                ));
            }
            let n = match value.get_ref() {
                toml::Value::Integer(n) if *n >= 0 => *n,
                _ => {
                    return Err(err(
                        value.span(),
                        format!(
                            "threshold `{}` must be a non-negative integer",
                            key.get_ref()
                        ),
                        None,
                    ))
                }
            };
            thresholds.insert(key.into_inner(), json!(n));
        }
        cfg.baseline = raw.baseline.as_deref().map(portable_path);
        cfg.fix_max_removals = raw.fix.max_removals;
        if let Some(t) = raw.limits.rule_timeout {
            cfg.rule_timeout = crate::time::parse_duration(t.get_ref())
                .map_err(|e| err(t.span(), format!("limits.rule_timeout: {e}"), None))?;
        }
        if let Some(t) = raw.limits.load_timeout {
            cfg.load_timeout = crate::time::parse_duration(t.get_ref())
                .map_err(|e| err(t.span(), format!("limits.load_timeout: {e}"), None))?;
        }
        if let Some(m) = raw.limits.rule_memory {
            cfg.rule_memory = crate::engine::memory::parse_size(m.get_ref())
                .map_err(|e| err(m.span(), format!("limits.rule_memory: {e}"), None))?;
        }
        for w in raw.waiver {
            cfg.waivers.push(waiver(name, text, w, &err)?);
        }
        let mut accounts = Vec::new();
        for a in raw.emergency_access.accounts {
            let v = a.get_ref().trim().to_ascii_lowercase();
            if v.is_empty() {
                return Err(err(
                    a.span(),
                    "an emergency-access account must be an object id or a user principal name"
                        .into(),
                    None,
                ));
            }
            accounts.push(json!(v));
        }
        cfg.data["emergency_access"] = Value::Array(accounts);
        apply_roles(
            &mut cfg.data,
            "privileged_roles",
            raw.roles.privileged,
            raw.roles.privileged_extra,
            &err,
        )?;
        apply_roles(
            &mut cfg.data,
            "critical_roles",
            raw.roles.critical,
            raw.roles.critical_extra,
            &err,
        )?;
        apply_permissions(
            &mut cfg.data,
            raw.permissions.high_privilege,
            raw.permissions.high_privilege_extra,
            &err,
        )?;
        Ok(cfg)
    }
}

fn waiver(
    name: &str,
    text: &str,
    w: RawWaiver,
    err: &dyn Fn(std::ops::Range<usize>, String, Option<String>) -> Box<diag::Located>,
) -> Result<Waiver, Box<diag::Located>> {
    let reason = w.reason.get_ref().trim().to_string();
    if reason.is_empty() {
        return Err(err(
            w.reason.span(),
            "a waiver needs a reason".into(),
            Some("say why the risk is accepted and who accepted it".into()),
        ));
    }
    let exp = w.expires.get_ref();
    let expires = exp.parse::<jiff::civil::Date>().map_err(|_| {
        err(
            w.expires.span(),
            format!("`{exp}` is not a date"),
            Some("write expires = \"YYYY-MM-DD\"".into()),
        )
    })?;
    let matcher = globset::GlobBuilder::new(w.object.get_ref())
        .case_insensitive(true)
        .literal_separator(false)
        .build()
        .map_err(|e| err(w.object.span(), format!("bad object glob: {e}"), None))?
        .compile_matcher();
    let (line, _) = line_col(text, w.rule.span().start);
    Ok(Waiver {
        rule: w.rule.get_ref().clone(),
        object: w.object.get_ref().clone(),
        matcher,
        reason,
        expires,
        source: format!("{name}:{line}"),
        rule_span: (w.rule.span().start, w.rule.span().end),
    })
}

const SEVERITIES: &str = "one of: info, low, medium, high, critical";

fn apply_roles(
    data: &mut Value,
    key: &str,
    replace: Option<Vec<Spanned<String>>>,
    extra: Vec<Spanned<String>>,
    err: &dyn Fn(std::ops::Range<usize>, String, Option<String>) -> Box<diag::Located>,
) -> Result<(), Box<diag::Located>> {
    let shipped = data[key].as_object().cloned().unwrap_or_default();
    // Names of roles moved between lists come from the shipped privileged list.
    let known = data["privileged_roles"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let mut roles = if replace.is_some() {
        Map::new()
    } else {
        shipped.clone()
    };
    for id in replace.unwrap_or_default().into_iter().chain(extra) {
        if !is_guid(id.get_ref()) {
            return Err(err(
                id.span(),
                format!("`{}` is not a role definition id", id.get_ref()),
                Some(
                    "roles are named by id (a GUID); `govlint rule PIM001` lists the shipped ones"
                        .into(),
                ),
            ));
        }
        let entry = shipped
            .get(id.get_ref())
            .or_else(|| known.get(id.get_ref()))
            .cloned()
            .unwrap_or_else(|| json!({"displayName": "", "source": "govlint.toml"}));
        roles.insert(id.get_ref().to_ascii_lowercase(), entry);
    }
    data[key] = Value::Object(roles);
    Ok(())
}

/// `[permissions]`: the high-privilege application permissions, replaced or extended. A name
/// not on the shipped list keeps govlint.toml as its source, so a finding says where it came
/// from.
fn apply_permissions(
    data: &mut Value,
    replace: Option<Vec<Spanned<String>>>,
    extra: Vec<Spanned<String>>,
    err: &dyn Fn(std::ops::Range<usize>, String, Option<String>) -> Box<diag::Located>,
) -> Result<(), Box<diag::Located>> {
    const KEY: &str = "high_privilege_permissions";
    if replace.is_none() && extra.is_empty() {
        return Ok(());
    }
    let shipped = data[KEY].as_object().cloned().unwrap_or_default();
    let mut out = if replace.is_some() {
        Map::new()
    } else {
        shipped.clone()
    };
    for p in replace.unwrap_or_default().into_iter().chain(extra) {
        let name = p.get_ref().trim();
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if !valid {
            return Err(err(
                p.span(),
                format!("`{}` is not an application permission name", p.get_ref()),
                Some(
                    "write the permission as Graph names it, e.g. \"Directory.ReadWrite.All\""
                        .into(),
                ),
            ));
        }
        let entry = shipped.get(name).cloned().unwrap_or_else(
            || json!({"why": "declared high-privilege in govlint.toml", "source": "govlint.toml"}),
        );
        out.insert(name.to_string(), entry);
    }
    data[KEY] = Value::Object(out);
    Ok(())
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let line = text[..at].bytes().filter(|b| *b == b'\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// A path written in govlint.toml. One file serves Windows desktops and Linux CI alike, so
/// `\` separates as `/` does on every platform (Windows takes both; a `\` inside a Unix file
/// name is not worth a gate that works on one side only). Relative paths are resolved
/// against the file's directory by [`Config::load`]; a drive-letter path stays absolute on
/// Windows (`Path::join` keeps it) and, elsewhere, is reported missing by name.
fn portable_path(p: &str) -> PathBuf {
    if cfg!(windows) {
        PathBuf::from(p)
    } else {
        PathBuf::from(p.replace('\\', "/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_data_parses() {
        let d = Config::defaults().data;
        assert!(d["privileged_roles"]
            .as_object()
            .is_some_and(|m| m.len() > 20));
        assert_eq!(d["thresholds"]["max_activation_hours"], json!(8));
        assert!(d["critical_roles"]["62e90394-69f5-4237-9190-012177145e10"].is_object());
    }

    #[test]
    fn thresholds_and_roles_override() {
        let c = Config::parse(
            "g.toml",
            "[thresholds]\nprivileged_inactive_days = 30\n[roles]\ncritical = [\"29232cdf-9323-42fd-ade2-1d097af3e4de\"]\n",
        )
        .expect("valid");
        assert_eq!(c.data["thresholds"]["privileged_inactive_days"], json!(30));
        let crit = c.data["critical_roles"].as_object().expect("object");
        assert_eq!(crit.len(), 1);
        assert_eq!(
            crit["29232cdf-9323-42fd-ade2-1d097af3e4de"]["displayName"],
            json!("Exchange Administrator")
        );
    }

    #[test]
    fn waivers_and_emergency_access_parse() {
        let c = Config::parse(
            "g.toml",
            "baseline = \"b.json\"\n[emergency_access]\naccounts = [\"BreakGlass1@contoso.com\"]\n\n[[waiver]]\nrule = \"PIM001\"\nobject = \"54d1*\"\nreason = \"break-glass\"\nexpires = \"2027-03-31\"\n",
        )
        .expect("valid");
        assert_eq!(c.baseline, Some(PathBuf::from("b.json")));
        assert_eq!(
            c.data["emergency_access"],
            json!(["breakglass1@contoso.com"])
        );
        let w = &c.waivers[0];
        assert_eq!(w.source, "g.toml:6");
        assert!(w.matcher.is_match("54d14d5e-5a96"));
        assert!(!w.matcher.is_match("x54d1"));
        assert_eq!(w.expires.to_string(), "2027-03-31");
    }

    #[test]
    fn bad_waivers_are_located() {
        let base = "[[waiver]]\nrule = \"PIM001\"\nobject = \"x\"\n";
        let e = Config::parse(
            "g.toml",
            &format!("{base}reason = \"r\"\nexpires = \"next year\"\n"),
        )
        .expect_err("bad date");
        assert!(
            e.message
                .starts_with("g.toml:5:11: `next year` is not a date"),
            "{}",
            e.message
        );
        let e = Config::parse(
            "g.toml",
            &format!("{base}reason = \" \"\nexpires = \"2027-01-01\"\n"),
        )
        .expect_err("no reason");
        assert!(e.message.contains("needs a reason"), "{}", e.message);
        let e = Config::parse("g.toml", &format!("{base}expires = \"2027-01-01\"\n"))
            .expect_err("missing reason");
        assert!(e.message.contains("reason"), "{}", e.message);
    }

    #[test]
    fn load_timeout_parses_and_bad_ones_are_located() {
        assert_eq!(Config::defaults().load_timeout, DEFAULT_LOAD_TIMEOUT);
        let c = Config::parse("g.toml", "[limits]\nload_timeout = \"2m\"\n").expect("valid");
        assert_eq!(c.load_timeout, std::time::Duration::from_secs(120));
        let e = Config::parse("g.toml", "[limits]\nload_timeout = \"soon\"\n")
            .expect_err("not a duration");
        assert!(
            e.to_string()
                .starts_with("g.toml:2:16: limits.load_timeout: `soon` is not a duration"),
            "{e}"
        );
    }

    #[test]
    fn rule_timeout_parses_and_bad_ones_are_located() {
        assert_eq!(Config::defaults().rule_timeout, DEFAULT_RULE_TIMEOUT);
        let c = Config::parse("g.toml", "[limits]\nrule_timeout = \"1m30s\"\n").expect("valid");
        assert_eq!(c.rule_timeout, std::time::Duration::from_secs(90));
        let e = Config::parse("g.toml", "[limits]\nrule_timeout = \"forever\"\n")
            .expect_err("bad duration");
        assert!(
            e.message
                .starts_with("g.toml:2:16: limits.rule_timeout: `forever` is not a duration"),
            "{}",
            e.message
        );
        let e = Config::parse("g.toml", "[limits]\nrule_timeout = \"0s\"\n").expect_err("zero");
        assert!(e.message.contains("above zero"), "{}", e.message);
        let e = Config::parse("g.toml", "[limits]\nmemory = 3\n").expect_err("unknown");
        assert!(e.message.starts_with("g.toml:2:1:"), "{}", e.message);
    }

    #[test]
    fn rule_memory_parses_and_bad_ones_are_located() {
        use crate::engine::memory::{Budget, DEFAULT_RULE_MEMORY};
        assert_eq!(Config::defaults().rule_memory, Budget(DEFAULT_RULE_MEMORY));
        let c = Config::parse("g.toml", "[limits]\nrule_memory = \"512MiB\"\n").expect("valid");
        assert_eq!(c.rule_memory, Budget(512 << 20));
        let e = Config::parse("g.toml", "[limits]\nrule_memory = \"lots\"\n").expect_err("bad");
        assert!(
            e.message
                .starts_with("g.toml:2:15: limits.rule_memory: `lots` is not a size"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_keys_are_located() {
        let e =
            Config::parse("g.toml", "select = []\n[thresholds]\nnope = 3\n").expect_err("unknown");
        assert!(
            e.message
                .starts_with("g.toml:3:1: unknown threshold `nope`"),
            "{}",
            e.message
        );
        let e = Config::parse("g.toml", "\nbogus = 1\n").expect_err("unknown");
        assert!(e.message.starts_with("g.toml:2:1:"), "{}", e.message);
        let e = Config::parse("g.toml", "[severity]\nPIM001 = \"loud\"\n").expect_err("bad sev");
        assert!(
            e.message.contains("unknown severity `loud`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn toml_paths_with_backslashes_resolve_against_the_config_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sub = dir.path().join("gate");
        std::fs::create_dir_all(sub.join("rules").join("custom")).expect("mkdir");
        let file = sub.join(FILE_NAME);
        std::fs::write(
            &file,
            "policies = [\"rules\\\\custom\", \"shared/more\"]\nbaseline = \"base\\\\line.json\"\n",
        )
        .expect("write");
        let c = Config::load(&file).expect("loads");
        // Component-wise equality: `rules\custom` is two components on every platform.
        assert_eq!(c.policy_dirs[0], sub.join("rules").join("custom"));
        assert!(c.policy_dirs[0].is_dir());
        assert_eq!(c.policy_dirs[1], sub.join("shared").join("more"));
        assert_eq!(c.baseline, Some(sub.join("base").join("line.json")));
    }

    #[test]
    fn drive_letter_paths_stay_absolute_on_windows_only() {
        let c = Config::parse("t", "policies = ['C:\\gov\\rules']\n").expect("parses");
        let base = Path::new("repo");
        let joined = base.join(&c.policy_dirs[0]);
        if cfg!(windows) {
            assert_eq!(joined, Path::new(r"C:\gov\rules"));
        } else {
            // Not a path on this system: kept whole (so the error names it), never split
            // into a drive and a root.
            assert_eq!(joined, Path::new("repo/C:/gov/rules"));
        }
    }

    #[test]
    fn high_privilege_permissions_are_replaced_or_extended() {
        let base = Config::parse("t.toml", "").expect("defaults");
        let shipped = base.data["high_privilege_permissions"]
            .as_object()
            .expect("shipped")
            .len();
        assert!(shipped > 0);
        let c = Config::parse(
            "t.toml",
            "[permissions]\nhigh_privilege_extra = [\"Calendars.Read\"]\n",
        )
        .expect("extra");
        let hp = c.data["high_privilege_permissions"]
            .as_object()
            .expect("map");
        assert_eq!(hp.len(), shipped + 1);
        assert_eq!(hp["Calendars.Read"]["source"], "govlint.toml");
        let c = Config::parse(
            "t.toml",
            "[permissions]\nhigh_privilege = [\"RoleManagement.ReadWrite.Directory\"]\n",
        )
        .expect("replace");
        let hp = c.data["high_privilege_permissions"]
            .as_object()
            .expect("map");
        assert_eq!(hp.len(), 1);
        assert_ne!(
            hp["RoleManagement.ReadWrite.Directory"]["source"],
            "govlint.toml"
        );
        let e = Config::parse(
            "t.toml",
            "[permissions]\nhigh_privilege_extra = [\"Calendars Read\"]\n",
        )
        .expect_err("bad name");
        assert!(
            format!("{e:?}").contains("not an application permission name"),
            "{e:?}"
        );
    }
}
