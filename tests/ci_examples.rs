//! The CI integrations shipped with govlint: `action.yml` (the GitHub Action), the example
//! workflow, the Azure DevOps pipeline and the README's example. Each file must parse as YAML,
//! every govlint flag its scripts pass must exist in that subcommand's `--help`, and the
//! action's lint and result steps are run here as GitHub would run them.
//!
//! YAML is parsed with regorus's loader (`yaml_serde`), already a dependency of govlint.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_text(text: &str, what: &str) -> Value {
    let v = regorus::Value::from_yaml_str(text).unwrap_or_else(|e| panic!("{what}: {e:#}"));
    serde_json::to_value(&v).expect("YAML value as JSON")
}

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(root().join(path)).expect(path);
    yaml_text(&text, path)
}

fn help(sub: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .args([sub, "--help"])
        .output()
        .expect("govlint runs");
    assert!(out.status.success(), "govlint {sub} --help failed");
    String::from_utf8(out.stdout).expect("utf-8 help")
}

/// `--flag` tokens of a script line or block.
fn flags(script: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"(?:^|[\s(\x22'])(--[a-z][a-z0-9-]*)").expect("static regex");
    re.captures_iter(script).map(|c| c[1].to_string()).collect()
}

/// Checks the flags of every govlint command line in `script` against that subcommand's help:
/// a line running `govlint SUB` (or building `args=(SUB ...)`), and the lines continuing it
/// (`--flag ...`, `args+=(...)`). Also checks every `--output FORMAT=` against the formats.
fn check_govlint_flags(script: &str, what: &str) -> usize {
    let sub_re =
        regex::Regex::new(r"govlint (lint|fetch|baseline|test|diff)\b|args=\((lint|fetch|diff) ")
            .expect("static regex");
    let out_re = regex::Regex::new(r"--output[ =]\x22?([a-z]+)=").expect("static regex");
    let mut helps = std::collections::BTreeMap::new();
    let mut current: Option<String> = None; // the command a `\\` continuation belongs to
    let mut args_sub: Option<String> = None; // the command an `args` array is built for
    let mut checked = 0;
    for line in script.lines() {
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with("echo") {
            continue;
        }
        let sub = if let Some(c) = sub_re.captures(t) {
            if let Some(m) = c.get(2) {
                args_sub = Some(m.as_str().to_string());
            }
            c.get(1).or(c.get(2)).map(|m| m.as_str().to_string())
        } else if t.contains("args+=") {
            args_sub.clone()
        } else if t.starts_with("--") {
            current.clone()
        } else {
            None
        };
        current = if t.ends_with('\\') { sub.clone() } else { None };
        let Some(sub) = sub else { continue };
        let text = helps
            .entry(sub.clone())
            .or_insert_with(|| help(&sub))
            .clone();
        let known = flags(&text);
        let from = t.find("govlint ").unwrap_or(0);
        for flag in flags(&t[from..]) {
            assert!(
                known.contains(&flag),
                "{what}: `govlint {sub}` has no {flag} (see `govlint {sub} --help`)"
            );
            checked += 1;
        }
        for c in out_re.captures_iter(t) {
            let format = &c[1];
            assert!(
                text.contains(&format!("- {format}:")),
                "{what}: --output {format}= is not a govlint format"
            );
            checked += 1;
        }
    }
    checked
}

fn steps(doc: &Value, pointer: &str) -> Vec<Value> {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no {pointer}"))
        .clone()
}

fn step_with_id<'a>(steps: &'a [Value], id: &str) -> &'a Value {
    steps
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

#[test]
fn action_yml_declares_its_inputs_and_installs_from_its_own_source() {
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("inputs");
    for name in [
        "snapshot",
        "tenant-id",
        "client-id",
        "policies",
        "config",
        "fail-on",
        "baseline",
        "sarif",
        "upload-sarif",
        "install",
    ] {
        let input = inputs
            .get(name)
            .unwrap_or_else(|| panic!("input {name} missing"));
        assert!(
            input["description"].is_string(),
            "input {name} undocumented"
        );
    }
    assert!(action["outputs"]["exit-code"].is_object());

    let steps = steps(&action, "/runs/steps");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.iter().any(|u| u.starts_with("actions/cache@")));
    assert!(uses
        .iter()
        .any(|u| u.starts_with("github/codeql-action/upload-sarif@")));
    let scripts: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // The release binary comes only through the verifying installer (tests/action_install.rs);
    // without a release, govlint is built from the action's own checkout.
    for call in ["plan", "install"] {
        assert!(
            scripts.contains(&format!(
                "bash \"$GITHUB_ACTION_PATH/scripts/action-install.sh\" {call}"
            )),
            "action.yml does not run the installer's {call}"
        );
    }
    assert!(
        scripts.contains("cargo install --locked --path \"$GITHUB_ACTION_PATH\""),
        "without a release govlint must be built from the action's own checkout"
    );
    for forbidden in ["curl ", "wget ", "releases/download"] {
        assert!(
            !scripts.contains(forbidden),
            "no download around the checksum check: {forbidden}"
        );
    }
    let download = step_with_id(&steps, "download");
    assert!(download["if"]
        .as_str()
        .is_some_and(|c| c.contains("steps.plan.outputs.method == 'release'")));
    assert!(download["env"]["GOVLINT_REPOSITORY"]
        .as_str()
        .is_some_and(|r| r.contains("github.action_repository")));
    // Every `run` step of a composite action needs a shell.
    for s in &steps {
        if s["run"].is_string() {
            assert_eq!(s["shell"], "bash", "step {:?} has no shell", s["name"]);
        }
    }
    // The documented exit codes are the CLI's.
    let text = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    for code in ["0 clean", "1 findings", "3 incomplete"] {
        assert!(
            text.contains(code),
            "action.yml does not document exit {code}"
        );
    }
    assert!(text.contains("id-token: write") && text.contains("security-events: write"));

    let fetch = step_with_id(&steps, "fetch");
    assert!(fetch["run"].as_str().unwrap().contains("--auth federated"));
    let checked: usize = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .map(|r| check_govlint_flags(r, "action.yml"))
        .sum();
    assert!(checked >= 8, "only {checked} govlint flags checked");
}

/// Runs one of the action's `run` steps the way a composite action does.
fn run_step(script: &str, dir: &Path, env: &[(&str, String)]) -> (i32, String) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_govlint"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let script_file = dir.join("step.sh");
    std::fs::write(&script_file, script).expect("write step");
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&script_file)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

#[test]
// The steps are bash; on a Windows runner the `bash` a test finds may be WSL's, not the Git
// Bash that `shell: bash` uses.
#[cfg_attr(windows, ignore = "runs the action's bash steps")]
fn action_lint_step_annotates_writes_sarif_and_summary_and_keeps_the_exit_code() {
    let action = yaml("action.yml");
    let steps = steps(&action, "/runs/steps");
    let lint = step_with_id(&steps, "lint")["run"]
        .as_str()
        .expect("lint script");
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dir.path().join("github_output");
    let summary = dir.path().join("summary.md");
    let demo = root().join("examples/demo-tenant.json");
    let policies = root().join("examples/policies");
    let (code, stdout) = run_step(
        lint,
        dir.path(),
        &[
            ("GITHUB_OUTPUT", output.display().to_string()),
            ("GITHUB_STEP_SUMMARY", summary.display().to_string()),
            ("GOVLINT_SNAPSHOT", demo.display().to_string()),
            ("GOVLINT_POLICIES", format!("{}\n", policies.display())),
            ("GOVLINT_CONFIG", String::new()),
            ("GOVLINT_FAIL_ON", "high".into()),
            ("GOVLINT_BASELINE", String::new()),
            ("GOVLINT_SARIF", "govlint.sarif".into()),
            ("GOVLINT_ARGS", "--no-config".into()),
        ],
    );
    assert_eq!(code, 0, "the lint step defers failing to the result step");
    let outputs = std::fs::read_to_string(&output).expect("outputs written");
    assert!(outputs.contains("exit-code=1"), "{outputs}");
    assert!(outputs.contains("sarif-written=true"), "{outputs}");
    assert!(stdout.contains("::error "), "annotations on stdout");
    assert!(stdout.contains("ACME001"), "custom policies were loaded");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("govlint.sarif")).expect("sarif"),
    )
    .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(&summary)
        .expect("job summary")
        .contains("govlint"));

    // The result step turns the recorded code into the step's (and so the job's) exit code.
    let result = step_with_id(&steps, "result")["run"]
        .as_str()
        .expect("result script");
    for (lint_code, want) in [("0", 0), ("1", 1), ("3", 3)] {
        let out = dir.path().join(format!("out{lint_code}"));
        let (code, _) = run_step(
            result,
            dir.path(),
            &[
                ("GITHUB_OUTPUT", out.display().to_string()),
                ("FETCH_CODE", String::new()),
                ("LINT_CODE", lint_code.into()),
            ],
        );
        assert_eq!(code, want);
        assert!(std::fs::read_to_string(&out)
            .unwrap()
            .contains(&format!("exit-code={want}")));
    }
    // A failed fetch wins: nothing was linted.
    let (code, _) = run_step(
        result,
        dir.path(),
        &[
            ("GITHUB_OUTPUT", dir.path().join("o4").display().to_string()),
            ("FETCH_CODE", "4".into()),
            ("LINT_CODE", String::new()),
        ],
    );
    assert_eq!(code, 4);
}

fn check_workflow(wf: &Value, what: &str) {
    let action = yaml("action.yml");
    let inputs = action["inputs"].as_object().expect("inputs");
    // `on` may come back as the key "on" (YAML 1.2) or `true` (YAML 1.1).
    let on = wf.get("on").or_else(|| wf.get("true")).expect("triggers");
    assert!(on["schedule"].is_array(), "{what}: scheduled");
    assert!(on.get("pull_request").is_some(), "{what}: on pull requests");
    let jobs = wf["jobs"].as_object().expect("jobs");
    let mut used = 0;
    for (name, job) in jobs {
        let perms = &job["permissions"];
        for step in job["steps"].as_array().expect("steps") {
            let Some(uses) = step["uses"].as_str() else {
                continue;
            };
            if uses != "./" && !uses.contains("/govlint@") {
                continue;
            }
            used += 1;
            assert_eq!(perms["id-token"], "write", "{what}: {name} needs id-token");
            assert_eq!(perms["security-events"], "write", "{what}: {name} SARIF");
            for key in step["with"].as_object().expect("with").keys() {
                assert!(
                    inputs.contains_key(key),
                    "{what}: action has no input {key}"
                );
            }
        }
        if used > 0 {
            let cond = job["if"].as_str().unwrap_or_default();
            assert!(
                cond.contains("vars.GOVLINT_TENANT_ID != ''"),
                "{what}: job {name} must not run unless configured"
            );
        }
    }
    assert!(used > 0, "{what}: no step uses the govlint action");
}

#[test]
fn example_workflow_is_guarded_and_uses_real_inputs() {
    check_workflow(
        &yaml(".github/workflows/govlint-example.yml"),
        "govlint-example.yml",
    );
}

#[test]
fn readme_ci_gate_example_parses_and_uses_real_inputs_and_flags() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let section = readme
        .split("\n## CI gate")
        .nth(1)
        .expect("README has a `## CI gate` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut blocks = section.split("```").skip(1).step_by(2);
    let workflow = blocks
        .clone()
        .find(|b| b.starts_with("yaml") && b.contains("jobs:"))
        .expect("a yaml workflow block");
    check_workflow(
        &yaml_text(workflow.trim_start_matches("yaml"), "README workflow"),
        "README",
    );
    // The govlint.toml example parses as TOML and every shell line's flags exist.
    let toml_block = blocks
        .find(|b| b.starts_with("toml"))
        .expect("a govlint.toml block");
    let config = govlint::config::Config::parse(
        "README govlint.toml",
        toml_block.trim_start_matches("toml"),
    )
    .unwrap_or_else(|e| panic!("the README's govlint.toml is not valid: {e:?}"));
    assert_eq!(config.waivers.len(), 1);
    let shell: String = section
        .split("```")
        .skip(1)
        .step_by(2)
        .filter(|b| b.starts_with("sh"))
        .collect();
    check_govlint_flags(&shell, "README CI gate");
}

#[test]
fn azure_pipeline_fetches_lints_and_publishes_junit_and_sarif() {
    let p = yaml("examples/azure-pipelines.yml");
    let steps = steps(&p, "/steps");
    let task = |name: &str| {
        steps
            .iter()
            .find(|s| s["task"].as_str().is_some_and(|t| t.starts_with(name)))
            .unwrap_or_else(|| panic!("no {name} task"))
            .clone()
    };
    let cli = task("AzureCLI@");
    let inline = cli["inputs"]["inlineScript"]
        .as_str()
        .expect("inline script");
    assert!(inline.contains("govlint fetch --auth federated"));
    // The job's OIDC token reaches the container.
    for var in [
        "SYSTEM_OIDCREQUESTURI",
        "SYSTEM_ACCESSTOKEN",
        "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
    ] {
        assert!(inline.contains(&format!("-e {var}")), "{var} not passed");
    }
    assert_eq!(cli["env"]["SYSTEM_ACCESSTOKEN"], "$(System.AccessToken)");
    assert_eq!(
        task("PublishTestResults@")["inputs"]["testResultsFormat"],
        "JUnit"
    );
    let artifact = task("PublishBuildArtifacts@");
    assert_eq!(artifact["inputs"]["ArtifactName"], "CodeAnalysisLogs");
    let scripts: Vec<String> = steps
        .iter()
        .filter_map(|s| s["bash"].as_str().map(str::to_string))
        .chain(std::iter::once(inline.to_string()))
        .collect();
    let all = scripts.join("\n");
    // govlint runs from the release image, pinned to a version.
    let image = p["variables"]["GOVLINT_IMAGE"]
        .as_str()
        .expect("GOVLINT_IMAGE");
    assert!(
        image.starts_with("ghcr.io/") && image.contains("/govlint:"),
        "{image}"
    );
    assert!(all.contains("docker run --rm") && all.contains("\"$(GOVLINT_IMAGE)\""));
    assert!(!all.contains("cargo install"));
    assert!(all.contains("junit=") && all.contains("sarif="));
    let checked: usize = scripts
        .iter()
        .map(|s| check_govlint_flags(s, "azure-pipelines.yml"))
        .sum();
    assert!(checked >= 5, "only {checked} flags checked");
}

#[test]
fn gitlab_pipeline_uses_the_shell_image_federated_fetch_and_junit() {
    let p = yaml("examples/gitlab-ci.yml");
    let job = &p["govlint"];
    let image = job["image"]["name"].as_str().expect("image name");
    // GitLab runs the script with a shell inside the image: the `-shell` variant has one.
    assert!(
        image.starts_with("ghcr.io/") && image.ends_with("-shell"),
        "{image}"
    );
    assert_eq!(job["image"]["entrypoint"], serde_json::json!([""]));
    assert_eq!(
        job["id_tokens"]["AZURE_ID_TOKEN"]["aud"],
        "api://AzureADTokenExchange"
    );
    assert_eq!(job["artifacts"]["reports"]["junit"], "govlint-junit.xml");
    let script: Vec<String> = job["script"]
        .as_array()
        .expect("script")
        .iter()
        .filter_map(|l| l.as_str().map(str::to_string))
        .collect();
    let all = script.join("\n");
    assert!(all.contains("AZURE_FEDERATED_TOKEN_FILE="));
    assert!(all.contains("govlint fetch --auth federated"));
    assert!(all.contains("--output junit=govlint-junit.xml"));
    // Folded (`>`) lines arrive joined; split them back into flag lines for the check.
    let checked = check_govlint_flags(&all, "gitlab-ci.yml");
    assert!(checked >= 5, "only {checked} flags checked");
    // The image tags the release workflow pushes include the `-shell` variant.
    let release =
        std::fs::read_to_string(root().join(".github/workflows/release.yml")).expect("release.yml");
    assert!(release.contains("suffix=\"-shell\""));
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).expect("Dockerfile");
    assert!(dockerfile.contains("AS shell") && dockerfile.contains("debug-nonroot"));
}

#[test]
#[should_panic(expected = "has no --no-such-flag")]
fn the_flag_check_catches_a_flag_govlint_does_not_have() {
    check_govlint_flags(
        "govlint lint snapshot.json \\\n  --no-such-flag x",
        "self-check",
    );
}

#[test]
fn worked_custom_policies_pass_their_tests_and_fire_on_the_demo_tenant() {
    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .args(["test", "examples/policies"])
        .current_dir(root())
        .output()
        .expect("govlint test runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let counts = stdout.lines().last().unwrap_or_default();
    assert!(
        counts.ends_with("0 failed, 0 skipped") && !counts.starts_with("0 passed"),
        "{stdout}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_govlint"))
        .args([
            "lint",
            "examples/demo-tenant.json",
            "--policies",
            "examples/policies",
            "--no-config",
            "--format",
            "json",
        ])
        .current_dir(root())
        .output()
        .expect("govlint lint runs");
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let findings = report["findings"].as_array().expect("findings");
    let objects = |code: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["rule"] == code)
            .map(|f| {
                f["object"]["displayName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    // The demo tenant's plants for the built-in rules give the custom ones something to find
    // (the generator may add more look-alikes; these must stay).
    let acme001 = objects("ACME001");
    for policy in [
        "Employees self-service",
        "Partners - any external (self-service)",
    ] {
        assert!(
            acme001.iter().any(|o| o == policy),
            "ACME001 misses {policy}: {acme001:?}"
        );
    }
    let acme002 = objects("ACME002");
    assert!(
        acme002.iter().any(|o| o == "Reports Reader role settings"),
        "ACME002 misses Reports Reader: {acme002:?}"
    );
}
