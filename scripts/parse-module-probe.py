#!/usr/bin/env python3
"""Differential probe of `rego.parse_module` (engine patches 87 and 92): each module of a
corpus parsed by real OPA (the library scripts/opa-oracle.sh downloads) and by `govlint eval`,
their JSON compared byte for byte after sorting object keys (numbers keep their digits: OPA
writes `1.0` as `1.0`). A module the engine refuses by name ("... is not supported") is
counted apart: a refusal is allowed, a differing answer is not.

  scripts/opa-oracle.sh --only builtins         # once, to download OPA into target/ci-tools/
  python3 scripts/parse-module-probe.py         # the corpus below and this repository's .rego
  python3 scripts/parse-module-probe.py --show  # every module, with both answers

Exit status: 0 when every module is equal or refused by name, 1 otherwise.
"""

import argparse
import ctypes
import fcntl
import importlib.util
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "target/ci-tools/opa-oracle/opa_bindings/libopabridge.so"
CORPUS = ROOT / "tests/engine_patches/parse_module_corpus.txt"

_spec = importlib.util.spec_from_file_location("opa_oracle", ROOT / "scripts" / "opa-oracle.py")
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

REFUSED = "not supported"
GENERATED = 300


class Raw(str):
    """A JSON number kept as its text."""


def loads(text):
    return json.loads(text, parse_float=Raw, parse_int=Raw)


def dumps(v):
    """JSON with sorted keys and numbers as written."""
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{dumps(v[k])}" for k in sorted(v)) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def opa_answer(bridge, text):
    """OPA's JSON of the module, or ("error", message)."""
    lib = bridge.lib
    h = lib.OpaNew()
    try:
        q = f'x := rego.parse_module("x.rego", {json.dumps(text)})'
        raw = lib.OpaEvalQuery(h, q.encode(), b"", 0, 0)
        try:
            env = loads(ctypes.string_at(raw).decode())
        finally:
            lib.OpaFreeString(raw)
    finally:
        lib.OpaDestroy(h)
    if env.get("error"):
        return ("error", env["error"].get("message", ""))
    res = env.get("result") or []
    return dumps(res[0]["bindings"]["x"]) if res else ("error", "undefined")


def govlint_answer(govlint, text, tmp):
    path = Path(tmp) / "probe.rego"
    # The engine reads lines of at most 1024 columns: the text is joined from short pieces.
    pieces = ",\n  ".join(json.dumps(text[i : i + 100]) for i in range(0, len(text), 100))
    path.write_text(
        f'package probe\n\nx := rego.parse_module("x.rego", concat("", [\n  {pieces}\n]))\n',
        encoding="utf-8",
    )
    rc, out, err = run_wide(
        [govlint, "eval", "--no-config", "--compact", "--policies", str(path), "data.probe.x"]
    )
    if rc == 0 and out.strip():
        return dumps(loads(out))
    # miette frames the message with `│`; its lines are kept whole (see run_wide).
    lines = [
        ln[4:] if ln.startswith("  │ ") else ln[3:] if ln.startswith("  │") else ln
        for ln in err.split("\n")
    ]
    return ("error", "\n".join(lines))


def rstrip_lines(text):
    return "\n".join(ln.rstrip() for ln in text.split("\n"))


def run_wide(cmd):
    """Run `cmd` with its stdout a terminal 60 000 columns wide: miette sizes its report to
    the terminal and would otherwise wrap long lines (at 80 columns) inside the message,
    so that OPA's text could not be compared byte for byte."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 60000, 0, 0))
    p = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.PIPE)
    os.close(slave)
    err = []
    t = threading.Thread(target=lambda: err.append(p.stderr.read()))
    t.start()
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    t.join()
    p.wait()
    os.close(master)
    return p.returncode, out.decode("utf-8", "replace"), err[0].decode("utf-8", "replace")


# --- generated modules: sets and objects whose elements and keys are of every kind ---------

SCALARS = ["null", "true", "false", "0", "1", "1.0", "-1", "-1.0", "- 2.50", "1e3", "1E3",
           "0.5", "12345678901234567890123", "-340282366920938463463374607431768211457",
           '"a"', '"b"', '""', "`a`", '"é"', '"Z"']  # fmt: skip
NAMES = ["x", "y", "_", "input.a", "input.a[0]", "data.b.c", "x[y]"]
BODIES = ["x := 1", "x := 2", "not x", "some x", "some x in y", "some k, x in y", "x = y",
          "x == 1; y > 2", "count(y) > 0", "f(x)", "x with input as 1", "x with input as 2",
          "not f(x) with data.a as 1", "x := [1, 2]", "x := {1}"]  # fmt: skip


def gen_term(rng, depth):
    r = rng.random()
    if depth <= 0 or r < 0.35:
        return rng.choice(SCALARS)
    if r < 0.45:
        return rng.choice(NAMES)
    k = rng.randrange(8)
    n = rng.randrange(0, 3)
    sub = [gen_term(rng, depth - 1) for _ in range(n)]
    if k == 0:
        return "[" + ", ".join(sub) + "]"
    if k == 1:
        return "{" + ", ".join(sub) + "}" if sub else "set()"
    if k == 2:
        return "{" + ", ".join(f"{gen_term(rng, depth - 1)}: {x}" for x in sub) + "}"
    if k == 3:
        return f"[{rng.choice(['x', 'y', '1'])} | {rng.choice(BODIES)}]"
    if k == 4:
        return f"{{{rng.choice(['x', 'y', '1'])} | {rng.choice(BODIES)}}}"
    if k == 5:
        return f"{{{rng.choice(['x', '1'])}: {rng.choice(['y', '2'])} | {rng.choice(BODIES)}}}"
    if k == 6:
        return f"{rng.choice(['f', 'g', 'f.x', 'count'])}({', '.join(sub)})"
    return rng.choice(NAMES)


def generated(count, seed=87):
    import random

    rng = random.Random(seed)
    mods = []
    for i in range(count):
        n = rng.randrange(2, 6)
        elems = [gen_term(rng, 2) for _ in range(n)]
        # Repeat one element now and then: OPA keeps the first of a set's equal elements.
        if rng.random() < 0.3:
            elems.append(rng.choice(elems))
        if i % 2:
            text = "{" + ", ".join(elems) + "}"
        else:
            text = "{" + ", ".join(f"{e}: {gen_term(rng, 1)}" for e in elems) + "}"
        mods.append((f"generated {i}", f"package a\n\np := {text}\n"))
    return mods


def diff(a, b):
    """The first place two JSON texts part, with some context."""
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return [
        f"opa:     …{a[max(0, i - 300) : i + 200]}",
        f"govlint: …{b[max(0, i - 300) : i + 200]}",
    ]


def broken(mods, count, seed=92):
    """Modules made invalid the ways authors break them: cut short, a bracket dropped, a
    stray closing bracket, a quote dropped. OPA's parse error is the answer to match."""
    import random

    rng = random.Random(seed)
    small = [(n, t) for n, t in mods if len(t) < 4000 and not n.startswith("generated")]
    out = []
    while len(out) < count and small:
        name, text = rng.choice(small)
        how = rng.randrange(4)
        if how == 0:
            cut = rng.randrange(1, len(text))
            new, what = text[:cut] + ("\n" if rng.random() < 0.5 else ""), "cut short"
        else:
            marks = {1: "[{(", 2: None, 3: '"'}[how]
            if how == 2:
                at = rng.randrange(len(text))
                new, what = text[:at] + rng.choice("]})") + text[at:], "a stray closer"
            else:
                spots = [i for i, c in enumerate(text) if c in marks]
                if not spots:
                    continue
                at = rng.choice(spots)
                new, what = text[:at] + text[at + 1 :], f"dropped {text[at]!r}"
        out.append((f"{name} ({what})", new))
    return out


def corpus(extra_repo):
    """The modules of the corpus file (separated by lines `----`), then the repository's."""
    mods = []
    for chunk in CORPUS.read_text(encoding="utf-8").split("\n----\n"):
        chunk = chunk.strip("\n")
        if chunk and not chunk.startswith("#!"):
            # `\r` in the corpus stands for a carriage return (CRLF modules).
            mods.append((chunk.split("\n")[0], chunk.replace("\\r", "\r") + "\n"))
    mods += generated(GENERATED)
    if extra_repo:
        for f in sorted(ROOT.glob("**/*.rego")):
            rel = f.relative_to(ROOT).as_posix()
            if rel.startswith(("target/", "vendor/")):
                continue
            mods.append((rel, f.read_text(encoding="utf-8")))
    return mods


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--opa-lib", default=str(LIB))
    ap.add_argument("--govlint", default=str(ROOT / "target/debug/govlint"))
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--no-repo", action="store_true", help="the corpus file only")
    ap.add_argument("--grep")
    ap.add_argument("--broken", type=int, metavar="N", help="N modules broken from the corpus")
    ap.add_argument("--diff", action="store_true", help="only where the two answers differ")
    args = ap.parse_args()
    bridge = oracle.Bridge(args.opa_lib)
    mods = corpus(not args.no_repo)
    if args.broken:
        mods = broken(mods, args.broken)
    if args.grep:
        mods = [m for m in mods if args.grep in m[1]]
    equal = refused = errors_equal = differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in mods:
            o = opa_answer(bridge, text)
            g = govlint_answer(args.govlint, text, tmp)
            if isinstance(g, tuple) and REFUSED in g[1] and not isinstance(o, tuple):
                refused += 1
                verdict = "refused"
            elif isinstance(o, tuple) and isinstance(g, tuple):
                # Both fail: equal when the engine's message carries OPA's, byte for byte
                # (its rows, words, detail lines and carets) but for spaces at the ends of
                # lines, which govlint's report of an error drops (the builtin's own value
                # keeps them: tests/engine_patches.rs compares it in full).
                om = rstrip_lines(o[1].split("rego.parse_module: ", 1)[-1])
                if om in rstrip_lines(g[1]):
                    errors_equal += 1
                    verdict = "error ="
                else:
                    differ += 1
                    verdict = "error ≠"
            elif o == g:
                equal += 1
                verdict = "equal"
            else:
                differ += 1
                verdict = "DIFFER"
            if args.show or verdict in ("DIFFER", "error ≠", "refused"):
                if args.diff and isinstance(o, str) and isinstance(g, str):
                    print(f"[{verdict}] {name}")
                    for line in diff(o, g):
                        print("    " + line)
                    continue
                print(f"[{verdict}] {name}")
                if verdict != "equal":
                    print(f"    opa:     {o if isinstance(o, str) else o[1]}"[:3000])
                    print(f"    govlint: {g if isinstance(g, str) else g[1]}"[:3000])
    total = len(mods)
    print(
        f"{total} modules: {equal} equal, {errors_equal} errors equal, {refused} refused by "
        f"name, {differ} differ"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
