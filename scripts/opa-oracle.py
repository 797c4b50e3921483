#!/usr/bin/env python3
"""Real OPA as the judge of govlint's Rego engine (regorus with the patches in vendor/regorus).

Run through scripts/opa-oracle.sh, which downloads OPA (a Go c-shared build of OPA inside a
PyPI wheel), verifies it and passes its path here. Six checks, each against OPA itself:

  conformance  every case of tests/opa_conformance/cases (written for govlint in OPA's test
               format) evaluated by OPA: a case whose recorded expectation OPA does not give
               is a disagreement, so the cases, and the engine patches they pin, are OPA's
               semantics and not our reading of them;
  tests        every `test_` rule of the built-in policies (policies/**) and the example
               custom rules (examples/policies) under OPA, with the data `govlint test` gives
               them (`data.govlint.config`), and of the engine patch suites
               (tests/engine_patches/*): each must be `true`;
  differential for every built-in and example rule, its `findings` and `skipped` on the
               demo tenant as `govlint eval --rule` computes them and as OPA computes them
               from the input `govlint input` writes: the two must be equal as sets;
  schema       the published input schema (schemas/input.schema.json) attached to a policy
               with a `# METADATA` `schemas:` annotation: a misspelt `input.` path must be a
               type error under OPA, a correct one not, and every built-in and example
               policy must type-check against it;
  builtins     every builtin function of OPA's is in govlint's engine, except those listed
               as missing (MISSING_BUILTINS, policies/README.md's known gaps).
  compile      the engine's compile-time checks (patches 50-52, 70-74): each snippet of
               tests/engine_patches/compile_probes.txt is accepted or refused by OPA as
               recorded there (tests/engine_patches.rs holds the engine to the same record),
               and the builtin argument and result types the type checker uses
               (vendor/regorus/src/builtin_types.rs) are OPA's declarations, kind for kind,
               element types of arguments (patch 89) and results (patch 110) included,
               and name every builtin OPA has (patch 70: any other name is undefined).

What the bridge cannot do is reported as "not judged", never as agreement: Rego v0 modules
(it has no `--v0-compatible`) and builtin errors under non-strict evaluation (it is strict).

Exit status: 0 when OPA agrees everywhere, 1 on any disagreement, 2 on a usage or setup error.
"""

import argparse
import ctypes
import json
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "opa_conformance" / "cases"
POLICIES = ROOT / "policies"
DEMO = ROOT / "examples" / "demo-tenant.json"
INPUT_SCHEMA = ROOT / "schemas" / "input.schema.json"
PATCH_SUITES = ROOT / "tests" / "engine_patches"
COMPILE_PROBES = PATCH_SUITES / "compile_probes.txt"
BUILTIN_TYPES = ROOT / "vendor" / "regorus" / "src" / "builtin_types.rs"
# The worked example of custom rules (loaded with `--policies`), judged with the built-in ones.
EXAMPLES = ROOT / "examples" / "policies"


class OpaError(Exception):
    """An error envelope from the bridge: its code ("parse_error", "prepare_error",
    "eval_error", ...) and OPA's message, which names the OPA error code inside."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class Bridge:
    """The C API of libopabridge.so. Every fallible call returns a malloc'd JSON envelope,
    `{"error": {"code", "message"}}` or the result, which the caller frees."""

    def __init__(self, path):
        lib = ctypes.CDLL(str(path))
        u64, cstr, ptr, c_int = ctypes.c_uint64, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int
        lib.OpaNew.restype, lib.OpaNew.argtypes = u64, []
        lib.OpaDestroy.restype, lib.OpaDestroy.argtypes = None, [u64]
        lib.OpaFreeString.restype, lib.OpaFreeString.argtypes = None, [ptr]
        lib.OpaAddPolicy.restype, lib.OpaAddPolicy.argtypes = ptr, [u64, cstr, cstr]
        lib.OpaAddData.restype, lib.OpaAddData.argtypes = ptr, [u64, cstr, cstr]
        lib.OpaEvalQuery.restype = ptr
        lib.OpaEvalQuery.argtypes = [u64, cstr, cstr, c_int, c_int]
        self.lib = lib

    def call(self, fn, *args):
        raw = fn(*args)
        if not raw:
            raise OpaError("internal", "the bridge returned NULL")
        try:
            envelope = json.loads(ctypes.string_at(raw))
        finally:
            self.lib.OpaFreeString(raw)
        err = envelope.get("error")
        if err:
            raise OpaError(err.get("code", "unknown"), err.get("message", ""))
        return envelope


class Opa:
    """One OPA instance: its policies and data accumulate until it is closed. The bridge
    evaluates with strict builtin errors (a builtin error fails the query, as
    `opa eval --strict-builtin-errors`), which the checks take into account."""

    def __init__(self, bridge):
        self.bridge = bridge
        self.handle = bridge.lib.OpaNew()

    def close(self):
        self.bridge.lib.OpaDestroy(self.handle)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()

    def add_policy(self, path, text):
        self.bridge.call(self.bridge.lib.OpaAddPolicy, self.handle, _c(path), _c(text))

    def add_data(self, value):
        self.bridge.call(self.bridge.lib.OpaAddData, self.handle, b"", _c(json.dumps(value)))

    def query(self, text, input_value=None):
        """The bindings of every result (a list of objects); [] when undefined."""
        encoded = b"" if input_value is None else _c(json.dumps(input_value))
        envelope = self.bridge.call(
            self.bridge.lib.OpaEvalQuery, self.handle, _c(text), encoded, 0, 0
        )
        return [r.get("bindings") or {} for r in envelope.get("result") or []]


def _c(text):
    return text.encode("utf-8")


def canonical(value):
    """A JSON text that is equal for equal values: object keys sorted, numbers compared as
    numbers (OPA and govlint may write 1 and 1.0 differently)."""

    def norm(v):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v

    return json.dumps(norm(value), sort_keys=True, separators=(",", ":"))


# The bridge evaluates with strict builtin errors and has no switch for it. Without them (the
# default of `opa eval` and `opa test`, and govlint's) a builtin error makes the builtin's
# expression undefined instead, which only a non-strict OPA could show: such a case or test
# is reported as not judged.
STRICT_ONLY = re.compile(r"eval_(builtin|type)_error")
STRICT_ONLY_WHY = "raises a builtin error, which the bridge cannot evaluate as non-strict OPA"
# OPA 1.x reads Rego v1 unless told otherwise (`--v0-compatible`); the bridge has no option.
V0_WHY = "Rego v0, which the bridge cannot load"


class Report:
    def __init__(self):
        self.disagreements = []
        self.not_judged = []

    def disagree(self, section, what):
        self.disagreements.append(f"{section}: {what}")
        print(f"  DISAGREE {what}")

    def unjudged(self, section, what):
        self.not_judged.append(f"{section}: {what}")
        print(f"  not judged: {what}")


# --- conformance -------------------------------------------------------------------------


def conformance(bridge, report):
    """Every govlint case in OPA's format, judged by OPA. Returns (agree, judged)."""
    agree = judged = 0
    for file in sorted(CASES.rglob("*.yaml")):
        category = file.relative_to(CASES).parent.as_posix()
        doc = yaml.safe_load(file.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not doc.get("cases"):
            report.disagree("conformance", f"{file.relative_to(ROOT)}: no `cases:` list")
            continue
        for case in doc["cases"]:
            note = case.get("note") or f"{category}/{file.name}"
            # OPA 1.x reads Rego v1 only unless told otherwise, and the bridge has no
            # option for it; our v0 cases (cases/v0/) need `opa eval --v0-compatible`.
            if "v0" in category.split("/"):
                report.unjudged("conformance", f"{note}: {V0_WHY}")
                continue
            verdict = judge_case(bridge, case)
            if verdict is None:
                judged += 1
                agree += 1
            elif verdict == STRICT_ONLY_WHY:
                report.unjudged("conformance", f"{note}: {verdict}")
            else:
                judged += 1
                report.disagree("conformance", f"{note}: {verdict}")
    return agree, judged


def judge_case(bridge, case):
    """None when OPA gives the case's recorded result, else what OPA gives instead."""
    wants_error = "want_error" in case or "want_error_code" in case
    strict = bool(case.get("strict_error"))
    with Opa(bridge) as opa:
        try:
            for i, module in enumerate(case.get("modules") or []):
                opa.add_policy(f"mod{i}.rego", module)
            if isinstance(case.get("data"), dict):
                opa.add_data(case["data"])
            input_value = case.get("input")
            if "input_term" in case:
                got = opa.query(f"__input__ = {case['input_term']}")
                input_value = got[0]["__input__"] if got else None
            got = opa.query(case.get("query", ""), input_value)
        except OpaError as e:
            if wants_error:
                code = case.get("want_error_code")
                if code and code not in e.message:
                    return f"OPA fails with another error than {code}: {first_line(e.message)}"
                return None
            if not strict and STRICT_ONLY.search(e.message):
                return STRICT_ONLY_WHY
            return f"OPA fails: {first_line(e.message)}"
    if wants_error:
        return f"wanted an error, OPA gives {json.dumps(got)}"
    want = case.get("want_result") or []
    if case.get("sort_bindings"):
        got = [sort_binding_arrays(b) for b in got]
        want = [sort_binding_arrays(b) for b in want]
    if sorted(map(canonical, got)) != sorted(map(canonical, want)):
        return f"want {json.dumps(want)}, OPA gives {json.dumps(got)}"
    return None


def sort_binding_arrays(binding):
    return {k: sorted(v, key=canonical) if isinstance(v, list) else v for k, v in binding.items()}


def first_line(message):
    return message.strip().splitlines()[0][:300] if message.strip() else message


# --- policy tests ------------------------------------------------------------------------


PACKAGE = re.compile(r"^package\s+([\w.]+)", re.M)
TEST_RULE = re.compile(r"^(test_\w*)\b", re.M)


def rego_files():
    return sorted(p for p in POLICIES.rglob("*.rego"))


def config_data(govlint):
    """`data.govlint.config` as `govlint test` and `lint` give it (the shipped defaults)."""
    out = run(
        [
            govlint,
            "eval",
            '{"govlint": {"config": data.govlint.config}}',
            "--no-config",
            "--compact",
        ]
    )
    return json.loads(out)


def find_tests(files):
    """(package, name) of every `test_` rule in `files`, in file order."""
    tests = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        package = PACKAGE.search(text)
        if package:
            # A test defined twice runs as one rule under this API; none of ours is.
            names = dict.fromkeys(TEST_RULE.findall(text))
            tests.extend((package.group(1), n) for n in names)
    return tests


def load(bridge, files, data):
    opa = Opa(bridge)
    for f in files:
        opa.add_policy(f.relative_to(ROOT).as_posix(), f.read_text(encoding="utf-8"))
    if data is not None:
        opa.add_data(data)
    return opa


def run_tests(bridge, label, files, data, report):
    """Every `test_` rule of `files` under OPA: each must be `true`. Returns (passed, judged).

    The bridge keeps a compiled copy of the policies for every distinct query it has seen
    (tens of MB each for the built-in set), so all tests go in one query, each as the set of
    its values (`[]` when undefined); only when that query fails (a test raising an error,
    builtin errors being strict here) does each test run alone, to name it."""
    tests = find_tests(files)
    if not tests:
        return 0, 0
    refs = [f"data.{pkg}.{name}" for pkg, name in tests]
    batch = ", ".join(f'"{r}": [v | v := {r}]' for r in refs)
    outcomes = {}
    with load(bridge, files, data) as opa:
        try:
            got = opa.query(f"__x__ = {{{batch}}}")
            outcomes = {r: v for r, v in got[0]["__x__"].items()} if got else {}
        except OpaError:
            pass
    passed = 0
    judged = len(refs)
    for r in refs:
        if r not in outcomes:
            with load(bridge, files, data) as opa:
                try:
                    got = opa.query(f"__x__ = {r}")
                    outcomes[r] = [b["__x__"] for b in got]
                except OpaError as e:
                    if STRICT_ONLY.search(e.message):
                        report.unjudged(label, f"{r}: {STRICT_ONLY_WHY}")
                        judged -= 1
                    else:
                        report.disagree(label, f"{r}: error {first_line(e.message)}")
                    continue
        if outcomes[r] == [True]:
            passed += 1
        else:
            report.disagree(label, f"{r}: fails under OPA (value {json.dumps(outcomes[r])[:200]})")
    return passed, judged


def policy_tests(bridge, govlint, report):
    """The built-in policies' tests, with the configuration `govlint test` gives them, then
    the example custom rules' with the built-in library they import (`govlint test DIR` adds
    it), each set as its own `govlint test` run."""
    config = config_data(govlint)
    passed, judged = run_tests(bridge, "policy tests", rego_files(), config, report)
    library = [f for f in sorted((POLICIES / "lib").glob("*.rego")) if not is_test(f)]
    examples = sorted(EXAMPLES.glob("*.rego")) + library
    p, j = run_tests(bridge, "example policy tests", examples, config, report)
    return passed + p, judged + j


def is_test(f):
    return f.name.endswith("_test.rego")


def patch_suites(bridge, report):
    """tests/engine_patches/*: each an `opa test` suite pinning a patch's OPA behaviour.
    The v0 ones (`--v0-compatible`) are left out: the bridge reads Rego v1 only."""
    passed = judged = 0
    for suite in sorted(PATCH_SUITES.iterdir()):
        files = sorted(suite.glob("*.rego"))
        if "_v0_" in suite.name:
            report.unjudged("engine patches", f"{suite.name}: {V0_WHY}")
            continue
        p, j = run_tests(bridge, f"engine patch {suite.name}", files, None, report)
        passed += p
        judged += j
    return passed, judged


# --- differential ------------------------------------------------------------------------


def rule_packages():
    """(package, code) of every built-in and example rule: its file's package under
    govlint.rules."""
    out = []
    for f in sorted(POLICIES.glob("*.rego")) + sorted(EXAMPLES.glob("*.rego")):
        if is_test(f):
            continue
        m = PACKAGE.search(f.read_text(encoding="utf-8"))
        if m and m.group(1).startswith("govlint.rules."):
            pkg = m.group(1)
            out.append((pkg, pkg.rsplit(".", 1)[1].upper()))
    return out


def rule_query(pkg):
    # `skipped` is optional: a rule without it has none.
    return f'{{"findings": data.{pkg}.findings, "skipped": [s | some s in data.{pkg}.skipped]}}'


def govlint_results(govlint, rules):
    """Each rule's findings and skipped as `govlint eval --rule` computes them (the rule's
    own input, as `lint` gives it), two processes at a time."""

    def one(rule):
        pkg, code = rule
        return json.loads(
            run(
                [
                    govlint,
                    "eval",
                    rule_query(pkg),
                    "--snapshot",
                    str(DEMO),
                    "--policies",
                    str(EXAMPLES),
                    "--rule",
                    code,
                    "--no-config",
                    "--compact",
                ]
            )
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip((code for _, code in rules), pool.map(one, rules), strict=True))


def opa_results(bridge, govlint, rules, report):
    """Each rule's findings and skipped under OPA, from the input `govlint input` writes (every
    collection and index: what `opa eval -i` gets). All rules go in one query (one compiled
    copy of the policies); when it fails, each rule alone, to name the failing one."""
    policies = [f for f in rego_files() + sorted(EXAMPLES.glob("*.rego")) if not is_test(f)]
    config = config_data(govlint)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.json"
        run([govlint, "input", str(DEMO), "--no-config", "-o", str(path)])
        input_value = json.loads(path.read_text(encoding="utf-8"))
    batch = ", ".join(f'"{code}": {rule_query(pkg)}' for pkg, code in rules)
    with load(bridge, policies, config) as opa:
        try:
            got = opa.query(f"__x__ = {{{batch}}}", input_value)
            if len(got) == 1:
                return got[0]["__x__"]
        except OpaError:
            pass
    out = {}
    for pkg, code in rules:
        with load(bridge, policies, config) as opa:
            try:
                got = opa.query(f"__x__ = {rule_query(pkg)}", input_value)
            except OpaError as e:
                report.disagree("differential", f"{code}: OPA fails: {first_line(e.message)}")
                continue
        if len(got) == 1:
            out[code] = got[0]["__x__"]
        else:
            report.disagree("differential", f"{code}: OPA gives {len(got)} results")
    return out


def differential(bridge, govlint, report):
    """Every rule's findings and skipped on the demo tenant, govlint against OPA: equal as
    sets. Returns (identical, total, findings compared)."""
    rules = rule_packages()
    theirs = opa_results(bridge, govlint, rules, report)
    ours = govlint_results(govlint, rules)
    identical = compared = 0
    for _, code in rules:
        if code not in theirs:
            continue
        compared += len(ours[code]["findings"])
        diffs = []
        for part in ("findings", "skipped"):
            a = {canonical(x) for x in ours[code][part]}
            b = {canonical(x) for x in theirs[code][part]}
            for only, side in ((a - b, "govlint only"), (b - a, "OPA only")):
                diffs.extend(f"{part} {side}: {x[:300]}" for x in sorted(only))
        if diffs:
            report.disagree("differential", f"{code}: " + "; ".join(diffs))
        else:
            identical += 1
    return identical, len(rules), compared


# --- schema ------------------------------------------------------------------------------


# (body, whether OPA's type checker must reject it under the input schema)
SCHEMA_PROBES = [
    ("input.indexes.roleHolders", True),
    ("input.collection.users", True),
    ("input.index.roleHoldrs", True),
    ("input.tenant.displayNam", True),
    ("input.index.roleHolders", False),
    ('input.collections.users[_].displayName == "x"', False),
    ("input.index.roleHolders[_][_].active[_].principalId", False),
    ("input.now_ns > 1", False),
]


def schema_annotation():
    """The `# METADATA` block attaching the published input schema to a package. The
    documented form names it (`input: schema.govlint.input`) and needs `opa check --schema
    DIR`; the bridge has no way to pass a schema set, so the same schema is inlined (OPA
    accepts a schema definition in place of the reference)."""
    inline = json.dumps(json.loads(INPUT_SCHEMA.read_text()), separators=(",", ":"))
    return f"# METADATA\n# scope: package\n# schemas:\n#   - input: {inline}\n"


# OPA's parser reads `# METADATA` blocks only when asked (`opa check --schema` does) or when
# the module calls rego.metadata; the bridge does not ask, so each probe calls it.
ANNOTATIONS_ON = "\n__schema_probe__ := rego.metadata.chain()\n"


def schema_check(bridge, report):
    """Returns (probes agreeing, probes, rules type-checking, rules)."""
    annotation = schema_annotation()
    agree = 0
    for body, must_fail in SCHEMA_PROBES:
        src = f"{annotation}package acme\n\np if {{\n\t{body}\n}}\n{ANNOTATIONS_ON}"
        with Opa(bridge) as opa:
            opa.add_policy("acme.rego", src)
            try:
                opa.query("__x__ = data.acme.p", {})
                failed, why = False, ""
            except OpaError as e:
                failed, why = "rego_type_error" in e.message, first_line(e.message)
        if failed == must_fail:
            agree += 1
        else:
            want = "a type error" if must_fail else "no type error"
            report.disagree("schema", f"`{body}`: want {want}, OPA gives {why or 'none'}")
    # Every built-in policy (rules and library) and example custom rule, annotated the same
    # way, must type-check: the schema must not reject a path the shipped rules read. As a
    # control, the same set with one rule's `input.index.` misspelt must not.
    policies = [f for f in rego_files() + sorted(EXAMPLES.glob("*.rego")) if not is_test(f)]
    texts = {
        f.relative_to(ROOT).as_posix(): annotate(f.read_text(encoding="utf-8"), annotation)
        for f in policies
    }
    errors = type_errors(bridge, texts)
    for e in errors:
        report.disagree("schema", f"a built-in policy does not type-check: {e}")
    victim = next(p for p, t in texts.items() if "input.index." in t)
    control = dict(texts)
    control[victim] = control[victim].replace("input.index.", "input.indexes.", 1)
    if not type_errors(bridge, control):
        report.disagree("schema", f"`input.indexes.` in {victim} type-checks: the check is void")
    return agree, len(SCHEMA_PROBES), len(policies) - len(errors), len(policies)


def annotate(text, annotation):
    """`text` with `annotation` above its package and rego.metadata called (see above)."""
    return PACKAGE.sub(lambda m: "\n" + annotation + m.group(0), text, count=1) + ANNOTATIONS_ON


def type_errors(bridge, texts):
    """OPA's type errors for a set of modules (path to text), one line each."""
    with Opa(bridge) as opa:
        for path, text in texts.items():
            opa.add_policy(path, text)
        try:
            opa.query("__x__ = 1", {})
        except OpaError as e:
            lines = [line.strip() for line in e.message.splitlines() if "rego_type_error" in line]
            return lines or [first_line(e.message)]
    return []


# --- builtins ----------------------------------------------------------------------------


# The builtins OPA 1.20.2 has and govlint's engine does not, each listed in policies/README.md
# (known gaps). A builtin missing that is not listed, or listed and now present, fails.
MISSING_BUILTINS = {
    "net.lookup_ip_addr",
}


def opa_builtins(bridge, lib_path):
    """The builtin functions OPA 1.20.2 knows. Their names come from the capabilities
    documents embedded in the library (every release's, so each is confirmed by compiling a
    call: an unknown name is "undefined function"); operators and internals are left out."""
    data = Path(lib_path).read_bytes()
    names = {m.decode() for m in re.findall(rb'"name":\s*"([a-z][a-z0-9_.]*)"', data)}
    out = []
    for name in sorted(names):
        if name.startswith("internal.") or name in OPERATORS or name in V0_ONLY:
            continue
        with Opa(bridge) as opa:
            try:
                opa.add_policy("probe.rego", f"package probe\n\np := {name}()\n")
                opa.query("__x__ = data.probe.p", {})
                out.append(name)
            except OpaError as e:
                if "undefined function" not in e.message and "rego_parse_error" not in e.message:
                    out.append(name)
    return out


# Deprecated before OPA 1.0: a v1 module calling one does not compile ("deprecated built-in
# function"); govlint has them for v0 modules only (patch 6), as OPA.
V0_ONLY = {
    "all", "any", "cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set",
    "cast_string", "net.cidr_overlap", "re_match", "set_diff",
}  # fmt: skip

OPERATORS = {
    "and", "or", "assign", "eq", "equal", "neq", "lt", "lte", "gt", "gte",
    "plus", "minus", "mul", "div", "rem",
}  # fmt: skip


def builtins_check(bridge, govlint, lib_path, report):
    """Every builtin of OPA's exists in govlint's engine, except those listed as missing.
    Returns (present, OPA's builtins). One `govlint test` run: a test per builtin calling
    it, whose error says "could not find function" when the engine lacks it."""
    names = opa_builtins(bridge, lib_path)
    decls = latest_capabilities(lib_path)

    def call(name):
        # As many arguments as OPA declares, each of unknown type (`input`), so the call
        # passes the engine's compile-time checks (patch 50) and reaches the lookup.
        n = len(decls.get(name, {}).get("args", []))
        return f"{name}({', '.join(f'input.a{i}' for i in range(n))})"

    with tempfile.TemporaryDirectory() as tmp:
        tests = "".join(f"\ntest_{i} if {call(name)}\n" for i, name in enumerate(names))
        (Path(tmp) / "probe_test.rego").write_text(f"package probe\n{tests}", encoding="utf-8")
        p = subprocess.run(
            [govlint, "test", tmp, "--format", "json"],
            capture_output=True,
            text=True,
            check=False,
        )
    try:
        results = {r["name"]: r for r in json.loads(p.stdout)}
    except ValueError as e:
        raise SetupError(f"govlint test on the builtin probes: {p.stderr.strip()[:500]}") from e
    missing = {
        name
        for i, name in enumerate(names)
        if "could not find function" in results.get(f"test_{i}", {}).get("error", "")
    }
    for name in sorted(missing - MISSING_BUILTINS):
        report.disagree("builtins", f"{name}: in OPA, not in govlint's engine (and not listed)")
    for name in sorted(MISSING_BUILTINS - missing):
        report.disagree("builtins", f"{name}: listed as missing, but the engine has it now")
    return len(names) - len(missing), len(names)


# --- compile-time checks -------------------------------------------------------------------


def compile_probes():
    """The corpus: (verdict, name, module text), verdict `accept` or an OPA error kind."""
    probes = []
    for line in COMPILE_PROBES.read_text(encoding="utf-8").splitlines():
        if line.startswith("### "):
            verdict, name = line[4:].split(" | ", 1)
            probes.append([verdict.removeprefix("refuse "), name, ""])
        elif probes:
            probes[-1][2] += line + "\n"
    return probes


def opa_verdict(bridge, text):
    """`accept`, or the kind of the first error OPA compiles the modules with."""
    with Opa(bridge) as opa:
        try:
            # `# file: NAME` starts another module (as tests/engine_patches.rs reads it).
            for name, module in zip(
                ["p.rego", *re.findall(r"^# file: (.+)$", text, re.M)],
                re.split(r"^# file: .+\n", text, flags=re.M),
                strict=True,
            ):
                opa.add_policy(name, module)
            opa.query("__x__ = 1", {})
        except OpaError as e:
            m = re.search(r"rego_\w+_error", e.message)
            return m.group(0) if m else first_line(e.message)
    return "accept"


def latest_capabilities(lib_path):
    """The newest capabilities document embedded in the library (the one with the most
    builtins: each release adds some): OPA's own declarations of its builtins' types."""
    data = Path(lib_path).read_bytes()
    decoder = json.JSONDecoder()
    best = None
    for m in re.finditer(rb'\{\s*"builtins"\s*:', data):
        try:
            window = data[m.start() : m.start() + 3_000_000].decode("utf-8", "replace")
            doc, _ = decoder.raw_decode(window)
        except ValueError:
            continue
        if isinstance(doc.get("builtins"), list) and (
            best is None or len(doc["builtins"]) >= len(best["builtins"])
        ):
            best = doc
    if best is None:
        raise SetupError("no capabilities document found in the OPA library")
    return {b["name"]: b.get("decl", {}) for b in best["builtins"]}


KIND_CONSTS = {
    "null": "NULL", "boolean": "BOOL", "number": "NUM", "string": "STR",
    "array": "ARR", "set": "SET", "object": "OBJ",
}  # fmt: skip


def decl_kinds(t):
    """The kinds of value an OPA type admits at the top level (`any` for all)."""
    if t.get("type") == "any":
        if not t.get("of"):
            return set(KIND_CONSTS.values())
        return set().union(*(decl_kinds(x) for x in t["of"]))
    return {KIND_CONSTS[t["type"]]}


def table_kinds(text):
    text = text.strip()
    return set(KIND_CONSTS.values()) if text == "ANY" else {k.strip() for k in text.split("|")}


def compile_check(bridge, lib_path, report):
    """Returns (probes OPA judges as recorded, probes, table rows agreeing, rows)."""
    probes = compile_probes()
    agree = 0
    for verdict, name, text in probes:
        got = opa_verdict(bridge, text)
        if got == verdict:
            agree += 1
        else:
            report.disagree("compile", f"{name}: recorded {verdict}, OPA says {got}")
    decls = latest_capabilities(lib_path)
    # One `("name", &[ARGS], RESULT),` row each, on one line or as rustfmt wraps it.
    rows = re.findall(
        r'\(\s*"([^"]+)",\s*&\[([^\]]*)\],\s*([A-Z |]+?),?\s*\)',
        BUILTIN_TYPES.read_text(encoding="utf-8"),
    )
    same = 0
    for name, args, result in rows:
        decl = decls.get(name)
        if decl is None or "args" not in decl and "result" not in decl:
            report.disagree("compile", f"builtin_types.rs: {name} is not one of OPA's builtins")
            continue
        want_args = [decl_kinds(a) for a in decl.get("args", [])]
        have_args = [table_kinds(a) for a in args.split(",")] if args.strip() else []
        if want_args != have_args or decl_kinds(decl["result"]) != table_kinds(result):
            report.disagree(
                "compile",
                f"builtin_types.rs: {name} is ({args}) -> {result}, OPA declares "
                f"{want_args} -> {sorted(decl_kinds(decl['result']))}",
            )
        else:
            same += 1
    # Patch 70: the table and UNTYPED_BUILTINS name every builtin OPA has, so a call to any
    # other name that no module defines is OPA's `undefined function`.
    untyped = re.search(
        r"UNTYPED_BUILTINS: &\[&str\] = &\[(.*?)\];",
        BUILTIN_TYPES.read_text(encoding="utf-8"),
        re.S,
    )
    named = {name for name, _, _ in rows} | set(
        re.findall(r'"([^"]+)"', untyped.group(1) if untyped else "")
    )
    for name in sorted(set(decls) - named):
        report.disagree("compile", f"builtin_types.rs: OPA's builtin {name} is not named")
    elem_check(decls, report)
    result_elem_check(decls, report)
    return agree, len(probes), same, len(rows)


ALL_KINDS = set(KIND_CONSTS.values())


def elem_kinds(t):
    """(array item, set element, object key, object value) kinds an argument's declaration
    admits, each to its top level (all kinds where it does not constrain them)."""
    out = [set(), set(), set(), set()]
    branches = t.get("of", []) if t.get("type") == "any" else [t]
    for b in branches:
        if b.get("type") == "array":
            out[0] |= decl_kinds(b["dynamic"]) if b.get("dynamic") else ALL_KINDS
        elif b.get("type") == "set":
            out[1] |= decl_kinds(b["of"]) if b.get("of") else ALL_KINDS
        elif b.get("type") == "object":
            d = b.get("dynamic")
            if not d:
                out[2] |= ALL_KINDS
                out[3] |= ALL_KINDS
                continue
            out[2] |= decl_kinds(d["key"]) | {"STR" for _ in b.get("static", [])}
            out[3] |= decl_kinds(d["value"]).union(
                *(decl_kinds(f["value"]) for f in b.get("static", []))
            )
    return [k or ALL_KINDS for k in out]


def elem_check(decls, report):
    """Patch 89: each row of ELEM_TYPES is OPA's declaration, and every argument OPA
    declares with a constrained element type (but `internal.print`, and `time.*`'s fixed
    arrays) has its row."""
    text = BUILTIN_TYPES.read_text(encoding="utf-8")
    table = text[text.index("pub const ELEM_TYPES") :]
    rows = re.findall(
        r'\(\s*"([^"]+)",\s*(\d+),\s*([A-Z |]+),\s*([A-Z |]+),\s*([A-Z |]+),\s*([A-Z |]+),',
        table,
    )
    have = {}
    for name, i, *kinds in rows:
        args = decls.get(name, {}).get("args", [])
        if int(i) >= len(args):
            report.disagree("compile", f"ELEM_TYPES: {name} has no argument {i}")
            continue
        have[(name, int(i))] = True
        want = elem_kinds(args[int(i)])
        if [table_kinds(k) for k in kinds] != want:
            report.disagree("compile", f"ELEM_TYPES: {name} argument {i} is {kinds}, OPA: {want}")
    for name, decl in decls.items():
        if name == "internal.print":
            continue
        for i, a in enumerate(decl.get("args", [])):
            if elem_kinds(a) != [ALL_KINDS] * 4 and (name, i) not in have:
                report.disagree("compile", f"ELEM_TYPES: OPA's {name} argument {i} is not listed")


def result_elem_check(decls, report):
    """Patch 110: each row of RESULT_ELEMS is OPA's declaration of the builtin's result, and
    every builtin whose declared result constrains its elements has its row."""
    text = BUILTIN_TYPES.read_text(encoding="utf-8")
    table = text[text.index("pub const RESULT_ELEMS") :]
    rows = re.findall(
        r'\(\s*"([^"]+)",\s*([A-Z |]+),\s*([A-Z |]+),\s*([A-Z |]+),\s*([A-Z |]+),?\s*\)',
        table,
    )
    have = set()
    for name, *kinds in rows:
        have.add(name)
        result = decls.get(name, {}).get("result")
        if result is None:
            report.disagree("compile", f"RESULT_ELEMS: {name} has no declared result")
            continue
        want = elem_kinds(result)
        if [table_kinds(k) for k in kinds] != want:
            report.disagree("compile", f"RESULT_ELEMS: {name} is {kinds}, OPA: {want}")
    for name, decl in decls.items():
        result = decl.get("result")
        if result and elem_kinds(result) != [ALL_KINDS] * 4 and name not in have:
            report.disagree("compile", f"RESULT_ELEMS: OPA's {name} result is not listed")


# --- main --------------------------------------------------------------------------------


class SetupError(Exception):
    """govlint or the OPA library could not be run: nothing was judged."""


def run(argv):
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if p.returncode != 0:
        what = " ".join(argv[:3])
        raise SetupError(f"{what}... exited {p.returncode}: {p.stderr.strip()[:500]}")
    return p.stdout


def checks(args):
    only = set(
        args.only or ["conformance", "tests", "differential", "schema", "builtins", "compile"]
    )
    bridge = Bridge(args.opa_lib)
    report = Report()
    figures = []
    if "conformance" in only:
        print("== conformance cases (tests/opa_conformance/cases) under OPA")
        agree, judged = conformance(bridge, report)
        figures.append(f"conformance: OPA agrees with {agree}/{judged} cases")
    if "tests" in only:
        print("== built-in and example policy tests under OPA")
        passed, total = policy_tests(bridge, args.govlint, report)
        figures.append(f"policy tests: {passed}/{total} pass under OPA")
        print("== engine patch suites (tests/engine_patches) under OPA")
        passed, judged = patch_suites(bridge, report)
        figures.append(f"engine patch suites: {passed}/{judged} tests pass under OPA")
    if "differential" in only:
        print("== demo tenant: govlint eval against OPA, rule by rule")
        same, total, findings = differential(bridge, args.govlint, report)
        figures.append(f"differential: {same}/{total} rules identical ({findings} findings)")
    if "schema" in only:
        print("== input schema in a # METADATA schemas: annotation, under OPA's type checker")
        agree, probes, ok, rules = schema_check(bridge, report)
        figures.append(
            f"schema: {agree}/{probes} probes as expected, {ok}/{rules} built-in and example "
            "policies type-check against it"
        )
    if "builtins" in only:
        print("== OPA's builtin functions in govlint's engine")
        present, total = builtins_check(bridge, args.govlint, args.opa_lib, report)
        figures.append(
            f"builtins: {present}/{total} of OPA's in the engine "
            f"({len(MISSING_BUILTINS)} missing, listed in policies/README.md)"
        )
    if "compile" in only:
        print("== compile-time checks: the probe corpus and the builtin types, against OPA")
        agree, probes, same, rows = compile_check(bridge, args.opa_lib, report)
        figures.append(
            f"compile: OPA judges {agree}/{probes} probes as recorded; "
            f"{same}/{rows} builtin type rows are OPA's declarations"
        )
    print("\n".join(figures))
    if report.not_judged:
        print(f"{len(report.not_judged)} not judged (the bridge's limits, not disagreements):")
        print("\n".join(f"  {n}" for n in report.not_judged))
    if report.disagreements:
        print(f"{len(report.disagreements)} disagreement(s) with OPA:")
        print("\n".join(f"  {d}" for d in report.disagreements))
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opa-lib", required=True, help="libopabridge.so (OPA as a C library)")
    ap.add_argument("--govlint", required=True, help="the govlint binary")
    ap.add_argument(
        "--only",
        choices=["conformance", "tests", "differential", "schema", "builtins", "compile"],
        action="append",
        help="run only these checks (repeatable)",
    )
    args = ap.parse_args()
    try:
        return checks(args)
    except (SetupError, OSError) as e:
        print(f"opa-oracle: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
