//! `--format github`: GitHub Actions workflow commands, one annotation per finding
//! (`::error` for critical/high, `::warning` for medium, `::notice` for low/info), `::error`
//! for every rule not evaluated or errored, `::warning` for expired and stale waivers, then
//! plain log lines for skipped objects (emergency-access accounts) and the summary. Waived and
//! baselined findings are not annotated.
//!
//! Data and property values are escaped per the workflow-command rules (`%`, `\r`, `\n`, and in
//! properties also `:` and `,`), so a message can never end the command early or start another.
//!
//! [`append_step_summary`] appends the Markdown report to `$GITHUB_STEP_SUMMARY`; the CLI calls
//! it once per run when a `github` output is requested.

use std::io::Write as _;
use std::path::Path;

use crate::finding::{LintResult, Severity, WaiverStatus};

use super::{summary_line, Context};

/// The workflow command of a severity.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

pub fn render(r: &LintResult, _ctx: &Context<'_>) -> String {
    let mut out = String::new();
    for f in &r.findings {
        let mut msg = format!("{} ({})", f.message, f.severity);
        msg.push_str(&format!(
            "\nobject: {} {}",
            f.object.collection,
            f.object.label()
        ));
        for rel in &f.related {
            msg.push_str(&format!("\nrelated: {} {}", rel.collection, rel.label()));
        }
        msg.push_str(&format!("\nfix: {}", f.remediation.summary));
        line(
            &mut out,
            command(f.severity),
            &format!("{} {}", f.rule, f.name),
            &msg,
        );
    }
    for n in &r.not_evaluated {
        line(
            &mut out,
            "error",
            &format!("{} {} not evaluated", n.rule, n.name),
            &format!(
                "{} was not evaluated (this is not a pass): {}",
                n.rule, n.reason
            ),
        );
    }
    for e in &r.errors {
        line(
            &mut out,
            "error",
            &format!("{} {} errored", e.rule, e.name),
            &format!("{} failed while evaluating: {}", e.rule, e.error),
        );
    }
    for w in &r.waivers {
        let what = match w.status {
            WaiverStatus::Active => continue,
            WaiverStatus::Expired => {
                format!("expired on {}; it waives nothing", w.expires)
            }
            WaiverStatus::Stale => "matches no finding".to_string(),
        };
        line(
            &mut out,
            "warning",
            &format!("govlint waiver {}", w.source),
            &format!(
                "waiver for {} on {} {what} (reason: {})",
                w.rule, w.object, w.reason
            ),
        );
    }
    for sk in &r.skipped {
        // Expected (declared in config): a log line, not an annotation.
        out.push_str(&escape_data(&format!(
            "govlint: {} {} skipped {} {}: {}",
            sk.rule,
            sk.name,
            sk.object.collection,
            sk.object.label(),
            sk.reason
        )));
        out.push('\n');
    }
    out.push_str(&escape_data(&format!("govlint: {}", summary_line(r))));
    out.push('\n');
    out
}

fn line(out: &mut String, cmd: &str, title: &str, message: &str) {
    out.push_str("::");
    out.push_str(cmd);
    out.push_str(" title=");
    out.push_str(&escape_property(title));
    out.push_str("::");
    out.push_str(&escape_data(message));
    out.push('\n');
}

/// Escapes a command's message (`::cmd::<data>`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`::cmd key=<value>::`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Appends `markdown` to the job summary file (`$GITHUB_STEP_SUMMARY`). Appending, not
/// replacing: other steps' summaries in the same file must survive.
pub fn append_step_summary(path: &Path, markdown: &str) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    let mut text = String::with_capacity(markdown.len() + 1);
    text.push_str(markdown);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    f.write_all(text.as_bytes())?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn text() -> String {
        fixtures::render_with(render)
    }

    #[test]
    fn one_line_per_finding_and_per_incomplete_rule() {
        let t = text();
        let cmds: Vec<&str> = t.lines().filter(|l| l.starts_with("::")).collect();
        // 3 findings, 1 not evaluated, 1 error, 2 waivers (expired, stale).
        assert_eq!(cmds.len(), 7, "{t}");
        assert!(cmds[0].starts_with("::error title=PIM001 standing-active-privileged-assignment::User u1 holds 100%25 of | <b>roles</b>,%0Asecond line: ok (high)%0Aobject: users User u1 (u1)"), "{}", cmds[0]);
        assert!(cmds[2].starts_with("::notice title=EXT001 guest-without-sponsor::"));
        assert!(cmds[3].starts_with("::error title=PRV004 privileged-risky-user not evaluated::"));
        assert!(cmds[4].starts_with("::error title=PRV005 privileged-inactive-account errored::"));
        assert!(cmds[5].starts_with("::warning title=govlint waiver govlint.toml%3A18::"));
        assert!(t.contains("\ngovlint: PIM001 standing-active-privileged-assignment skipped users Break Glass 2 (bg2): emergency-access account\n"));
        assert!(t
            .lines()
            .last()
            .expect("summary")
            .starts_with("govlint: 3 findings"));
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\nc:d,e"), "a%25b%0Ac%3Ad%2Ce");
    }

    #[test]
    fn step_summary_appends() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("summary.md");
        std::fs::write(&p, "earlier step\n").expect("seed");
        append_step_summary(&p, "## govlint").expect("append");
        assert_eq!(
            std::fs::read_to_string(&p).expect("read"),
            "earlier step\n## govlint\n"
        );
    }
}
