#!/usr/bin/env python3
"""Differential probe of single Rego expressions: each evaluated by real OPA (the library
scripts/opa-oracle.sh downloads) and by `govlint eval`, differences reported.

Where the oracle (scripts/opa-oracle.py) checks what is written down (cases, suites, rules),
this probe explores: it generates many small expressions around one builtin (`sprintf`
formats against values of every type, time/number/JSON/YAML edge inputs) so a difference an
author could hit is found before it is written into a suite. Each expression is a rule
`cN := EXPR`; a result is its value, or "error" when evaluation fails (both sides evaluate
with strict builtin errors, so an error is compared as an error, its text not at all).

  scripts/opa-oracle.sh --only builtins     # once, to download OPA into target/ci-tools/
  python3 scripts/opa-probe.py sprintf      # or: builtins, yaml, schema, numbers, templates;
                                            # --show-agree

Exit status: 0 when OPA and govlint agree on every expression, 1 otherwise.
"""

import argparse
import importlib.util
import itertools
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIB = ROOT / "target/ci-tools/opa-oracle/opa_bindings/libopabridge.so"

_spec = importlib.util.spec_from_file_location("opa_oracle", ROOT / "scripts" / "opa-oracle.py")
oracle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(oracle)

ERROR = "<error>"


def rego_str(s):
    # A JSON string literal is a Rego string literal.
    return json.dumps(s, ensure_ascii=False)


# --- the expressions -----------------------------------------------------------------------

SPRINTF_VALUES = [
    "0", "3", "-3", "255", "65", "9007199254740993", "-9223372036854775808",
    "9223372036854775807", "9223372036854775808", "123456789012345678901234567890",
    "1.5", "-1.5", "0.000001", "0.0001234", "123456789.123", "100000000.5", "2.5", "0.125",
    "1.0e-7", "3.14159265358979",
    '"abc"', '""', '"héllo"', '"a\\"b\\n"', '"日本"', '"\\u0001<>&"',
    "true", "false", "null",
    "[3]", "[]", '[1, "a", true, null, 1.5]', '{"b": [1, {2}], "a": null}', "{}",
    "set()", '{1, "a", [2], null}', '{"k": set()}', '[{"x": "y\\tz"}]',
]  # fmt: skip

SPRINTF_FORMATS = [
    "%v", "%s", "%d", "%f", "%F", "%e", "%E", "%g", "%G", "%x", "%X", "%o", "%O", "%b",
    "%c", "%q", "%t", "%T", "%U", "%z", "%#v", "%+v",
    "%5s", "%-5s|", "%05d", "%-05d|", "%+d", "% d", "%+.2f", "%.2f", "%08.3f", "%-8.2f|",
    "%#x", "%#X", "%# x", "% x", "%#o", "%#b", "%.3e", "%10.4g", "%.3g", "%#g", "%.0f",
    "%.1s", "%5.1s", "%+q", "%#q", "%#U", "%8.3d", "%.0d", "%x%%", "%6.2v", "%-6v|",
    "%010.3f", "%+10.3e", "%.10g", "%3c", "%-4q|", "%.2x", "%08s",
]  # fmt: skip

SPRINTF_EXTRA = [
    'sprintf("%s", [])', 'sprintf("%d %s", [1])', 'sprintf("%s", [1, "a"])',
    'sprintf("x", [1, "a", 1.5, [1], true])', 'sprintf("%d", [1, 2.5, "s", null])',
    'sprintf("%[2]s %[1]s", ["a", "b"])', 'sprintf("%[3]s", ["a"])', 'sprintf("%*d", [5, 3])',
    'sprintf("%-*d|", [5, 3])', 'sprintf("%.*f", [2, 3.14159])', 'sprintf("%*d", ["a", 3])',
    'sprintf("%", [1])', 'sprintf("abc%", [])', 'sprintf("%-", [1])', 'sprintf("%5", [1])',
    'sprintf("%%", [])', 'sprintf("%5%", [])', 'sprintf("%%%d%%", [7])', 'sprintf("", [])',
    'sprintf("%[1]d %d", [1, 2])', 'sprintf("%[0]d", [1])', 'sprintf("%[x]d", [1])',
    'sprintf("%.d", [0])', 'sprintf("%.s", ["ab"])', 'sprintf("%v", [{"a": {"b": set()}}])',
    'sprintf("%s", "notarray")', 'sprintf(1, [])', 'sprintf("%v", [{[1]: 2}])',
    'sprintf("%s and %s", ["x", ["y", {"z"}]])', 'sprintf("%d", [0.1 + 0.2])',
    'sprintf("%v", [1 / 3])', 'sprintf("%v", [10 / 4])', 'sprintf("%d", [6 / 3])',
    'sprintf("%v", [2 * 1.5])', 'sprintf("%v", [1e6])', 'sprintf("%v", [1e21])',
    'sprintf("%v", [100000000000000000000])', 'sprintf("%v", [1.0])', 'sprintf("%d", [1.0])',
    'sprintf("%v", [-0.0])', 'sprintf("%s", [{"b": 1, "a": 2, "c": {"e": 1, "d": 2}}])',
    'sprintf("%v", [{"a", "B", "b", 1, true, null, [1], {"k": 1}, {2}}])',
    'sprintf("%v", [[{"a": 1}, {"a"}, set(), [], ""]])', 'sprintf("%v", [{"\\u00e9": "\\u2028"}])',
    'sprintf("%q", ["\\u00e9\\u200b\\ud7ff"])', 'sprintf("%+q", ["\\u00e9x"])',
    'sprintf("%c", [1114112])', 'sprintf("%c", [-1])', 'sprintf("%c", [55296])',
    'sprintf("%q", [1114112])', 'sprintf("%U", [-1])', 'sprintf("%.6U", [65])',
    'sprintf("%x", [-255])', 'sprintf("%#o", [0])', 'sprintf("%08.3d", [-5])',
    'sprintf("%-+8d|", [5])', 'sprintf("%0-8d|", [5])', 'sprintf("%+ d", [5])',
    'sprintf("%#.3x", ["abc"])', 'sprintf("% #x", ["abc"])', 'sprintf("%-10x|", ["ab"])',
    'sprintf("%10x|", [""])', 'sprintf("%.2q", ["héllo"])', 'sprintf("%010s", ["ab"])',
    'sprintf("%#v %+v", ["a", 1])', 'sprintf("%x", [1.5])', 'sprintf("%#x", [1.5])',
    'sprintf("%b", [1.5])', 'sprintf("%.3x", [1.5])', 'sprintf("%e", [0])', 'sprintf("%g", [0])',
    'sprintf("%5.2f%%", [99.555])', 'sprintf("%.1f", [0.25])', 'sprintf("%.1f", [0.35])',
    'sprintf("%.0f", [0.5])', 'sprintf("%.0f", [1.5])', 'sprintf("%.0f", [2.5])',
    'sprintf("%.2e", [1.125])', 'sprintf("%g", [1e-5])', 'sprintf("%g", [0.0001])',
    'sprintf("%g", [123456.0])', 'sprintf("%g", [1234567.0])', 'sprintf("%v", [1234567.5])',
    'sprintf("%.3g", [1234567.0])', 'sprintf("%#.3g", [1.0])', 'sprintf("%#g", [1e-7])',
    'sprintf("%#.0f", [3.0])', 'sprintf("%#.0e", [3.5])', 'sprintf("%G", [1e-10])',
    'sprintf("%d", [123456789012345678901234567890])',
    'sprintf("%x", [123456789012345678901234567890])',
    'sprintf("%f", [123456789012345678901234567890])',
    'sprintf("%+040.3d|", [123456789012345678901234567890])',
    'sprintf("%#X", [-123456789012345678901234567890])',
    'sprintf("%s", [123456789012345678901234567890, 1, 2])',
    'sprintf("x", [123456789012345678901234567890])',
    'sprintf("%v", [[123456789012345678901234567890, 0.5]])',
    'sprintf("%v", [9223372036854775807 + 1])', 'sprintf("%d", [-9223372036854775808 - 1])',
    'sprintf("%v", [{"a": 1.5e300}])', 'sprintf("%v", [1.5e300])', 'sprintf("%v", [2e-300])',
    'sprintf("%v", [[1e6, 1.5e6, 0.000001]])', 'sprintf("%s", [[1, 2.0, 3.25]])',
    'sprintf("%v", [{1.5: "x"}])', 'sprintf("%v", ["%d"])', 'sprintf("%d%s", [1, "%d"])',
    'sprintf("%10000000d", [1])', 'sprintf("%.10000000d", [1])', 'sprintf("%[1000000000]d", [1])',
    'sprintf("%[2]*[1]d|", [12, 5])', 'sprintf("%[1]*d", [3, 4])', 'sprintf("%3[1]d", [3])',
    'sprintf("%.[2]d", [3, 4])', 'sprintf("%[1]", [3])', 'sprintf("%[1]d%[1]d", [3])',
    'sprintf("%*d", [-5, 3])', 'sprintf("%.*d", [-5, 3])', 'sprintf("%*d", [1.5, 3])',
    'sprintf("%*d", [10000001, 3])', 'sprintf("%ü", [1])', 'sprintf("€%s€", ["ü"])',
    'sprintf("%5s|", ["日本"])', 'sprintf("%.1s|", ["日本"])', 'sprintf("%x", ["日"])',
    'sprintf("%p", [1])', 'sprintf("%p", ["a"])', 'sprintf("%w", [1])', 'sprintf("%T", [[1]])',
    'sprintf("%T", [1.5])', 'sprintf("%5T|", [1])', 'sprintf("%d", [input.missing])',
]  # fmt: skip


def sprintf_exprs():
    combos = itertools.product(SPRINTF_FORMATS, SPRINTF_VALUES)
    out = [f"sprintf({rego_str(f)}, [{v}])" for f, v in combos]
    return out + SPRINTF_EXTRA


BUILTIN_EXPRS = [
    # time.parse_*: separators, fractions, zones, out-of-range fields
    'time.parse_rfc3339_ns("2024-01-01 00:00:00Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00Z")',
    'time.parse_rfc3339_ns("2024-01-01t00:00:00z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00.123456789Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00.1234567891Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+01:00")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+0100")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00")',
    'time.parse_rfc3339_ns("2024-01-01")', 'time.parse_rfc3339_ns("2024-02-30T00:00:00Z")',
    'time.parse_rfc3339_ns("2024-01-01T24:00:00Z")',
    'time.parse_rfc3339_ns("2024-01-01T23:59:60Z")',
    'time.parse_rfc3339_ns("0000-01-01T00:00:00Z")',
    'time.parse_rfc3339_ns("1677-09-21T00:12:43.145224191Z")',
    'time.parse_rfc3339_ns("2262-04-11T23:47:16.854775808Z")',
    'time.parse_rfc3339_ns("2024-1-01T00:00:00Z")',
    'time.parse_rfc3339_ns(" 2024-01-01T00:00:00Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00.Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00,5Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+24:00")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00-00:00")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+01:60")',
    'time.parse_rfc3339_ns(1)',
    'time.parse_ns("2006-01-02", "2024-03-04")',
    'time.parse_ns("2006-01-02T15:04:05Z07:00", "2024-03-04T05:06:07+02:00")',
    'time.parse_ns("2006-01-02 15:04:05", "2024-03-04 05:06:07")',
    'time.parse_ns("Jan 2, 2006", "Mar 4, 2024")',
    'time.parse_ns("RFC3339", "2024-03-04T05:06:07Z")', 'time.parse_ns("2006-01-02", "2024-3-4")',
    'time.parse_ns("02/01/2006", "04/03/2024")',
    'time.parse_ns("2006-01-02 MST", "2024-03-04 UTC")',
    'time.parse_ns("Mon Jan _2 15:04:05 2006", "Mon Mar  4 05:06:07 2024")',
    'time.parse_ns("2006-01-02", "2024-02-30")',
    'time.parse_ns("15:04", "05:06")',
    'time.parse_ns("2006-01-02T15:04:05.000Z", "2024-03-04T05:06:07.123Z")',
    'time.parse_ns("", "")', 'time.parse_ns("2006", "2024")',
    'time.parse_duration_ns("1d")', 'time.parse_duration_ns("1h")',
    'time.parse_duration_ns("1.5h")',
    'time.parse_duration_ns("1h30m")', 'time.parse_duration_ns("-1h")',
    'time.parse_duration_ns("+5s")',
    'time.parse_duration_ns("0")', 'time.parse_duration_ns("")', 'time.parse_duration_ns("1")',
    'time.parse_duration_ns("300ms")', 'time.parse_duration_ns("2us")',
    'time.parse_duration_ns("2µs")',
    'time.parse_duration_ns("2μs")', 'time.parse_duration_ns("5ns")',
    'time.parse_duration_ns(".5s")',
    'time.parse_duration_ns("1.s")', 'time.parse_duration_ns("1w")',
    'time.parse_duration_ns("1 h")',
    'time.parse_duration_ns("3000000h")', 'time.parse_duration_ns("1H")',
    'time.parse_duration_ns("1h 30m")',
    'time.parse_duration_ns("1y")', 'time.parse_duration_ns("1mo")',
    'time.parse_duration_ns("1.5d")',
    'time.parse_duration_ns("1d12h")', 'time.parse_duration_ns("1D")',
    'time.parse_duration_ns("2.5w")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00.5+05:30")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00-24:00")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+25:00")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00+01:61")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00,Z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00z")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:00Z ")',
    'time.parse_rfc3339_ns("2024-01-01T00:00:60+01:00")',
    'time.parse_duration_ns("0.000000001s")', 'time.parse_duration_ns("1.0000000001s")',
    'time.date(time.parse_rfc3339_ns("2024-01-01T00:00:00+05:00"))', 'time.clock(1)',
    'time.weekday(0)',
    'time.format(0)', 'time.format([0, "UTC", "2006-01-02"])',
    'time.format([0, "Europe/Paris", "RFC1123"])',
    'time.date([0, "America/New_York"])', 'time.diff(0, 86400000000000)',
    # time.parse_ns layouts missing fields (Go defaults them), fixed-width fields, zone names
    'time.parse_ns("2006-01", "2024-03")', 'time.parse_ns("01/2006", "3/2024")',
    'time.parse_ns("2006-1-2", "2024-3-4")',
    'time.parse_ns("2006-01-02", "2024-03-4")', 'time.parse_ns("2006-01-02", "24-03-04")',
    'time.parse_ns("2006-01-02", "20245-03-04")',
    'time.parse_ns("2006 002", "2024 064")', 'time.parse_ns("2006 002", "2024 64")',
    'time.parse_ns("15:04:05", "5:06:07")',
    'time.parse_ns("03:04 PM", "5:06 PM")', 'time.parse_ns("06-01-02", "24-03-04")',
    'time.parse_ns("2006-01-02 15", "2024-03-04 05")',
    'time.parse_ns("Jan 2006", "Mar 2024")', 'time.parse_ns("2006 15:04", "2024 05:06")',
    'time.parse_ns("2006-01-02 15:04:05", "2024-03-04 05:06:7")',
    'time.parse_ns("2006-01-02 _2", "2024-03-04  4")', 'time.parse_ns("2006-01-02", "2024-03-04x")',
    'time.format([0, "Europe/Paris", "MST"])',
    'time.format([1720000000000000000, "Europe/Paris", "15:04 MST"])',
    'time.format([0, "UTC", "MST"])', 'time.format([0, "America/Sao_Paulo", "MST"])',
    'time.format([0, "Asia/Kolkata", "RFC1123"])',
    'time.format([0, "America/New_York", "UnixDate"])', 'time.format([0, "", "MST"])',
    'time.format([0, "Asia/Kathmandu", "MST"])', 'time.parse_ns("2006-01-02Jx", "2024-03-04Jx")',
    'time.parse_ns("2006é01", "2024é03")',
    # urlquery: Go's QueryEscape/QueryUnescape/ParseQuery
    'urlquery.encode("~")', 'urlquery.encode("*")', 'urlquery.encode("a b+c")',
    'urlquery.encode("!\'()*-._~")', 'urlquery.encode("")',
    'urlquery.encode("é/?#[]@$&,;=:")', 'urlquery.decode("%2")', 'urlquery.decode("%zz")',
    'urlquery.decode("a%2Fb+c")',
    'urlquery.decode("a#b")', 'urlquery.decode("a=&b=1")', 'urlquery.decode("%7e~")',
    'urlquery.decode("%C3%A9")', 'urlquery.decode("")',
    'urlquery.decode("a;b")', 'urlquery.decode("%")', 'urlquery.encode_object({"a": "~*"})',
    'urlquery.encode_object({"b": ["x y", "~"], "a": {"z", "y"}})',
    'urlquery.encode_object({"a": []})', 'urlquery.encode_object({})',
    'urlquery.encode_object({"a": [1]})', 'urlquery.encode_object({"é&": "="})',
    'urlquery.decode_object("a=%2")', 'urlquery.decode_object("a=1;b=2")',
    'urlquery.decode_object("a#b=1")', 'urlquery.decode_object("=1&&b=")',
    'urlquery.decode_object("a=1=2&%7e=~+")', 'urlquery.decode_object("")',
    'urlquery.decode_object("a&a=1")',
    # to_number
    'to_number(" 1 ")', 'to_number("1 ")', 'to_number(" 1")', 'to_number("1")', 'to_number("1.5")',
    'to_number("1e3")', 'to_number("0x10")', 'to_number("1_000")', 'to_number("+1")',
    'to_number("-1")',
    'to_number(".5")', 'to_number("5.")', 'to_number("inf")', 'to_number("NaN")',
    'to_number("Infinity")',
    'to_number("")', 'to_number(true)', 'to_number(null)', 'to_number("00012")',
    'to_number("1e400")',
    'to_number("-0")', 'to_number("\\t1")', 'to_number("1E3")', 'to_number("0b1")',
    'to_number("1,5")',
    'to_number("12345678901234567890")',
    # semver
    'semver.is_valid("v1.0.0")', 'semver.is_valid("1.0.0")', 'semver.is_valid("1.0")',
    'semver.is_valid("01.0.0")',
    'semver.is_valid("1.0.0-alpha")', 'semver.is_valid("1.0.0-01")',
    'semver.is_valid("1.0.0+build.1")',
    'semver.is_valid("1.0.0-alpha..1")', 'semver.is_valid(" 1.0.0")', 'semver.is_valid(1)',
    'semver.is_valid("V1.0.0")', 'semver.is_valid("1.0.0-")', 'semver.compare("v1.0.0", "1.0.0")',
    'semver.compare("1.0.0", "1.0.1")', 'semver.compare("1.0.0-alpha", "1.0.0")',
    'semver.compare("1.0.0+b", "1.0.0")',
    'semver.compare("1.0.0-alpha.10", "1.0.0-alpha.9")', 'semver.is_valid("+1.0.0")',
    'semver.is_valid("1.0.0+")',
    'semver.compare("1.0.0-a.b", "1.0.0-a")', 'semver.compare("1.0.0-a", "1.0.0-B")',
    'semver.compare("1.0.0-1", "1.0.0-a")', 'semver.compare("01.2.3", "1.2.3")',
    'semver.is_valid("1.0.0.0")', 'semver.is_valid("1.0.x")',
    'semver.is_valid("1.0.0-a_b")', 'semver.is_valid("vv1.0.0")',
    'semver.is_valid("1.0.0-a-b+c-d")', 'semver.compare("1.0.0", "2")',
    'semver.compare("1.0", "1.0.0")',
    # json
    'json.marshal(1.0)', 'json.marshal(1)', 'json.marshal(1.5)', 'json.marshal("<>&")',
    'json.marshal(["<a>", {"&": 1}])',
    'json.marshal(1e21)', 'json.marshal(1e20)', 'json.marshal(0.000001)', 'json.marshal(0.0000001)',
    'json.marshal(123456789012345678901234567890)', 'json.marshal("\\u2028\\u2029")',
    'json.marshal("\\u0001\\u007f")',
    'json.marshal({"b": 1, "a": [set(), {1}]})', 'json.marshal("é")', 'json.marshal(1 / 3)',
    'json.marshal(0.1 + 0.2)',
    'json.marshal_with_options({"a": "<"}, {"pretty": true})',
    'json.marshal_with_options({"a": [1, 2]}, {"indent": "  ", "prefix": "-"})',
    'json.marshal_with_options({"a": "<"}, {})',
    'json.marshal_with_options(1, {"pretty": false, "indent": "x"})',
    'json.unmarshal("1.0")', 'json.unmarshal("1e400")',
    'json.unmarshal("{\\"a\\": 1, \\"a\\": 2}")', 'json.unmarshal(" 1 ")',
    'json.unmarshal("[1,]")', 'json.unmarshal("\\"\\\\ud800\\"")', 'json.unmarshal("NaN")',
    'json.unmarshal("")',
    'json.unmarshal("1 2")', 'json.unmarshal("{\\"a\\":1}x")',
    'json.is_valid("{\\"a\\": 1, \\"a\\": 2}")', 'json.is_valid("[1,]")',
    'json.is_valid(" 1 ")', 'json.is_valid("")', 'json.is_valid("01")', 'json.unmarshal("01")',
    'json.unmarshal("-0")',
    'base64.decode("YQ")', 'base64.decode("YQ==")', 'base64.decode("Y Q==")',
    'base64url.decode("YQ")', 'base64url.decode("-_8=")',
    'base64.is_valid("YQ")', 'base64.encode("é")', 'hex.decode("0g")', 'hex.decode("a")',
    'urlquery.encode("a b&c=d/é~")',
    'urlquery.decode("a+b%2")', 'urlquery.encode_object({"a": ["1", "2"], "b": "x y"})',
    'urlquery.decode_object("a=1&a=2&b")',
    # yaml
    'yaml.unmarshal("y")', 'yaml.unmarshal("yes")', 'yaml.unmarshal("on")', 'yaml.unmarshal("No")',
    'yaml.unmarshal("OFF")',
    'yaml.unmarshal("n")', 'yaml.unmarshal("Y")', 'yaml.unmarshal("True")',
    'yaml.unmarshal("TRUE")', 'yaml.unmarshal("tRue")',
    'yaml.unmarshal("a: y")', 'yaml.unmarshal("[y, n, yes, no, on, off]")',
    'yaml.unmarshal("{y: 1}")', 'yaml.unmarshal("y: 1")',
    'yaml.unmarshal("on: 1")', 'yaml.unmarshal("0x10")', 'yaml.unmarshal("0o10")',
    'yaml.unmarshal("010")', 'yaml.unmarshal("0b101")',
    'yaml.unmarshal("1_000")', 'yaml.unmarshal("1:30")', 'yaml.unmarshal(".inf")',
    'yaml.unmarshal(".nan")', 'yaml.unmarshal("~")',
    'yaml.unmarshal("null")', 'yaml.unmarshal("Null")', 'yaml.unmarshal("NULL")',
    'yaml.unmarshal("")', 'yaml.unmarshal("1.0")',
    'yaml.unmarshal("1e3")', 'yaml.unmarshal("1.5e3")', 'yaml.unmarshal("+1")',
    'yaml.unmarshal("2024-01-01")',
    'yaml.unmarshal("2024-01-01T00:00:00Z")', 'yaml.unmarshal("a: &x 1\\nb: *x")',
    'yaml.unmarshal("a: 1\\na: 2")',
    'yaml.unmarshal("- 1\\n- 2")', 'yaml.unmarshal("!!str 1")', 'yaml.unmarshal("? [1]\\n: 2")',
    'yaml.unmarshal("1: a")',
    'yaml.unmarshal("a: [1, {b: c}]")', 'yaml.unmarshal("---\\na: 1\\n---\\nb: 2")',
    'yaml.unmarshal("<<: {a: 1}\\nb: 2")',
    'yaml.unmarshal("a: |\\n  x\\n  y\\n")', 'yaml.unmarshal("a: \\"\\\\u00e9\\"")',
    'yaml.unmarshal("12345678901234567890")',
    'yaml.unmarshal("0.1")', 'yaml.unmarshal("-.5")', 'yaml.unmarshal("1e400")',
    'yaml.is_valid("a: [")', 'yaml.is_valid("a: 1\\na: 2")',
    'yaml.unmarshal("a: \\"y\\"")', 'yaml.unmarshal("a: \'on\'")',
    'yaml.unmarshal("[\\"no\\", off]")', 'yaml.unmarshal("-010")',
    'yaml.unmarshal("0_10")', 'yaml.unmarshal("1_0.5")', 'yaml.unmarshal("09")',
    'yaml.unmarshal("true: 1")', 'yaml.unmarshal("1.5: a")',
    'yaml.unmarshal("~: a")', 'yaml.unmarshal("x: &a {p: 1, q: 2}\\ny:\\n  <<: *a\\n  q: 3")',
    'yaml.unmarshal("<<: [{a: 1}, {a: 2, b: 3}]\\nc: 4")',
    'yaml.unmarshal("\\"<<\\": {a: 1}")', 'yaml.unmarshal("{a: 1}: 2")',
    'yaml.unmarshal("---\\n- 1\\n---\\nb: 2")', 'yaml.unmarshal("? y\\n: 1")',
    'yaml.unmarshal("a: yes please")', 'yaml.unmarshal("a: 0x_1F")', 'yaml.unmarshal("a: +010")',
    'yaml.unmarshal("a: 1__0")',
    'yaml.marshal({"a": "y"})', 'yaml.marshal({"b": [1, "x"], "a": true})', 'yaml.marshal("yes")',
    'yaml.marshal(1.5)',
    'yaml.marshal({"a": null, "e": "", "k": "1"})', 'yaml.marshal([])',
    'yaml.marshal({"a": "x\\ny"})',
]  # fmt: skip


# yaml.marshal: strings YAML 1.1 reads as other types, indicators, spacing, breaks, unicode,
# long lines (go-yaml wraps at 80 columns), key order and nesting (sigs.k8s.io/yaml, go-yaml v2)
YAML_STRINGS = [
    "", " ", "a", "y", "Y", "yes", "Yes", "YES", "yEs", "n", "N", "no", "on", "On", "off",
    "OFF", "true", "True", "TRUE", "tRue", "false", "null", "Null", "NULL", "nUll", "~",
    "1", "-1", "+1", "0", "00", "010", "08", "09", "0x1F", "0X1f", "0o17", "0b101", "-0b101",
    "0B11", "1_000", "_1", "1_", "1.5", "1.", ".5", "._5", ".5e3", "1e3", "1E3", "1e+3",
    "1.5e-3", "e3", ".inf", "-.inf", "+.INF", ".nan", ".NaN", "inf", "nan", "Infinity",
    "12345678901234567890", "123456789012345678901", "9223372036854775808",
    "-9223372036854775809", "1" * 400, "1:30", "1:30:45", "-1:30", "1:60", "190:20:30.15",
    "1:3a", "2024-01-01", "2024-1-1", "2024-13-01", "2024-02-30", "2024-02-29",
    "2023-02-29", "2024-01-01T10:00:00Z", "2024-01-01t10:00:00z", "2024-01-01t10:00:00Z",
    "2024-01-01 10:00:00", "2024-01-01  10:00:00", "2024-01-01 10:00:00Z",
    "2024-01-01T10:00:00.123+02:00", "2024-01-01T10:00:00,5Z", "2024-01-01T24:00:00Z",
    "2024-01-01T10:00:60Z", "2024-01-01T10:00:00+25:00", "2024-01-01T1:2:3Z", "20240101",
    "99-01-01", "2024-01-01x", "2024-01", "<<", "=", "-", "--", "---", "----", "...", "- a",
    "-a", "a-", "?", "? a", "?a", ":", ": a", ":a", "a:", "a: b", "a:b", "a :b", "#", "# a",
    "a #b", "a#b", "a# b", ",", "a,b", "[", "]", "{", "}", "a[b]", "a{b}", "*", "*a", "&a",
    "a&", "!", "!a", "!!str", "|", "|a", ">", ">a", "'", "a'b", "'a'", '"', 'a"b', '"a"',
    "%", "%a", "@", "@a", "`", "`a", "\\", "a\\b", "a b", " a", "a ", "a  b", "\t", "a\tb",
    "\ta", "a\t", "\n", "a\n", "a\nb", "a\nb\n", "a\n\n", "\na", " a\nb", "a \nb", "a\n b",
    "a\r\nb", "\r", "a\rb", "a\u0085b", "a\u2028b", "a\u2029", "é", "日本", "ü: x",
    "\u00a0", "a\u00a0b", "\u200b", "😀", "a😀b", "\u0001",
    "\u007f", "\u0080", "\u009f", "\ud7ff", "\ue000", "\ufffd", "\ufffe", "\x1b", "\x00",
    "a" * 79, "a" * 81, " ".join(["word"] * 30), " ".join(["wörd"] * 30),
    "x" * 90 + " tail", " ".join(["w"] * 60) + "  double", "a b" * 40 + "\nsecond line",
    "'" + "q " * 50 + "'", "\t" + " ".join(["t"] * 50), '"' + " ".join(["d"] * 50) + '"',
    ("a " * 45) + "\u0001", "- " + "x " * 50, "k" * 129, "k" * 128,
]  # fmt: skip

YAML_VALUES = [
    "null", "true", "false", "0", "1", "-1", "1.5", "-0.5", "0.1", "1e6", "1000000",
    "1234567.5", "123456789.5", "0.0001", "0.00001", "1e21", "1e20", "1e300", "2 * 3",
    "1.5 * 2", "7 / 2", "0.1 + 0.2", "9223372036854775807", "9223372036854775808",
    "18446744073709551615", "18446744073709551616", "123456789012345678901234567890",
    "-9223372036854775808", "-9223372036854775809", "[]", "{}", "set()", "[[]]", "[{}]",
    '{"a": []}', '{"a": {}}', "[1, [2, [3]], {\"a\": [4]}]", '[[1, 2], [3]]', '[{"a": 1, "b": 2}]',
    '{"a": [{"b": [1]}]}', '{"a": {"b": {"c": 1}}}', '{"b": 1, "a": 2, "B": 3, "_": 4, "1": 5}',
    '{"a10": 1, "a2": 2, "a1": 3, "a02": 4, "a002": 5, "b": 6, "a": 7, "10": 8, "9": 9}',
    '{"x2": 2, "x1": 4, "x10": 5, "x0": 6, "x00": 7, "x": 8}',
    '{"é": 1, "e": 2, "z": 3, "É": 4, "日": 5, "-": 6, "~": 7, "ab": 8, "a b": 9}',
    '{1: "a", 2.5: "b", true: "c", null: "d", [1]: "e"}', '{"a": set(), "b": {1, 2}}',
    '{"k": "multi\\nline", "l": ["x\\ny"]}', '["a\\nb", "c"]', '[["a\\nb"]]',
    '{"a\\nb": 1}', '{"": 1}', '{" ": 1}', '{"y": "n"}', '{"- a": "? b"}',
    '{"' + "k" * 130 + '": 1}', '{"a": "' + " ".join(["w"] * 50) + '"}',
    '[{"' + "k" * 130 + '": [1]}]', '{"a": [[1, 2], {"b": [3]}]}',
    # go-yaml reads OPA's JSON text back: a raw U+0085 (NEL) is a line break it folds
    '"\\ufeffa"', '"a\\ufeff"', '{"\\ufeff": 1}', '"a \\u0085 b"', '"a\\u0085\\u0085b"',
    '"\\u0085a"', '"a\\u0085"', '"a\\u0085--- b"', '"a\\u0085---"', '"a\\u0085 ... b"',
    '{"k": "a\\u0085b"}', '{"a\\u0085b": 1}', '["a\\u0085\\u0085\\u0085b"]', '"\\u0085"',
    '"a\\u0085\\u0085"', '"a \\u0085\\u0085 b"', '"a\\u0085 \\u0085b"', '"\\u0085\\u0085"',
    '{"' + " ".join(["k"] * 50) + '": 1}', '{"a: b": {"c #d": ["- e"]}}', '[[[], {}], [[1]]]',
    '{"a": [{"b": {"c": [[1, {"d": "x\\ny"}]]}}]}', '{"日本" : {"ü": ["é"]}}',
    '{"' + "é" * 70 + '": 1}', '[{"a": []}, {"b": {}}]', '{"a": "' + "x" * 100 + '"}',
    '["' + " ".join(["w"] * 45) + '"]', '{"k": {"l": "' + " ".join(["w"] * 45) + '"}}',
    '"\\u0080"', '"\\u007f"', '{"k": ["\\u009f"]}',
]  # fmt: skip


def yaml_exprs():
    return (
        [f"yaml.marshal({rego_str(s)})" for s in YAML_STRINGS]
        + [f"yaml.marshal({v})" for v in YAML_VALUES]
        + [f"yaml.marshal({{{rego_str(s)}: {rego_str(s)}}})" for s in YAML_STRINGS]
        + [f"yaml.marshal([{rego_str(s)}])" for s in YAML_STRINGS]
    )


# json.match_schema / json.verify_schema: gojsonschema's errors for each keyword
SCHEMA_CASES = [
    ('{"id": "foo"}', '{"properties": {"id": {"type": "integer"}}, "required": ["id"]}'),
    ('{}', '{"required": ["a", "b"]}'), ('5', '{"type": "string"}'), ('5.5', '{"type": "integer"}'),
    ('null', '{"type": ["string", "integer"]}'), ('true', '{"type": "object"}'),
    ('[1]', '{"type": "object"}'), ('{"a": 1}', '{"type": "array"}'), ('"x"', '{"type": "number"}'),
    ('"c"', '{"enum": ["a", "b"]}'), ('3', '{"enum": [1, "2", null, {"a": 1}]}'),
    ('"b"', '{"const": "a"}'), ('{"a": 2}', '{"const": {"a": 1}}'), ('1', '{"minimum": 2}'),
    ('3', '{"maximum": 2}'), ('2', '{"exclusiveMinimum": 2}'), ('2', '{"exclusiveMaximum": 2}'),
    ('1.5', '{"minimum": 2.5}'), ('7', '{"multipleOf": 3}'), ('0.3', '{"multipleOf": 0.2}'),
    ('"ab"', '{"minLength": 3}'), ('"abcd"', '{"maxLength": 3}'), ('"abc"', '{"pattern": "^z"}'),
    ('"x"', '{"format": "email"}'),
    ('"x"', '{"format": "date-time"}'),
    ('"x"', '{"format": "ipv4"}'),
    ('"x"', '{"format": "uri"}'),
    ('"2024-13-01"', '{"format": "date"}'),
    ('"x"', '{"format": "uuid"}'),
    ('{"a": 1, "b": 2}', '{"properties": {"a": {}}, "additionalProperties": false}'),
    ('{"a": 1}', '{"additionalProperties": {"type": "string"}}'),
    ('{"x1": "a"}', '{"patternProperties": {"^x": {"type": "integer"}}}'),
    ('{"ab": 1}', '{"propertyNames": {"maxLength": 1}}'), ('{"a": 1}', '{"minProperties": 2}'),
    ('{"a": 1, "b": 2}', '{"maxProperties": 1}'), ('[1]', '{"minItems": 2}'),
    ('[1, 2]', '{"maxItems": 1}'), ('[1, 1]', '{"uniqueItems": true}'),
    ('[1, "a"]', '{"items": {"type": "integer"}}'),
    ('[1, "a", 3]', '{"items": [{}, {"type": "integer"}]}'),
    ('[1, 2]', '{"items": [{}], "additionalItems": false}'),
    ('[1]', '{"contains": {"type": "string"}}'),
    ('5', '{"anyOf": [{"type": "string"}, {"minimum": 6}]}'),
    ('5', '{"oneOf": [{"type": "integer"}, {"minimum": 1}]}'),
    ('5', '{"oneOf": [{"type": "string"}, {"maximum": 1}]}'),
    ('5', '{"allOf": [{"type": "integer"}, {"minimum": 6}, {"maximum": 1}]}'),
    ('5', '{"not": {"type": "integer"}}'), ('{"a": 1}', '{"dependencies": {"a": ["b", "c"]}}'),
    ('{"a": 1}', '{"dependencies": {"a": {"required": ["b"]}}}'),
    ('5', '{"if": {"minimum": 1}, "then": {"maximum": 2}}'),
    ('0', '{"if": {"minimum": 1}, "then": {"maximum": 2}, "else": {"type": "string"}}'),
    ('1', 'false'), ('{"a": {"b": [1, {"c": "x"}]}}',
    '{"properties": {"a": {"properties": {"b": {"items": '
    '{"properties": {"c": {"type": "integer"}}}}}}}}'),
    # one failing property: gojsonschema walks properties in Go's random map order
    ('{"b": "x", "a": 1}',
     '{"properties": {"b": {"type": "integer"}, "a": {"type": "integer"}}, "required": ["c"]}'),
    ('{"a": "x"}', '{"properties": {"a": {"type": "integer", "minimum": 1}}, "minProperties": 2}'),
    ('"ab"', '{"minLength": 3, "pattern": "^z", "enum": ["q"], "format": "email"}'),
    ('[1, 1]', '{"minItems": 3, "uniqueItems": true, "items": {"type": "string"}}'),
    ('5', '{"$ref": "#/definitions/s", "definitions": {"s": {"type": "string"}}}'),
    ('{"a b": {"c.d": 1}}', '{"properties": {"a b": {"properties": {"c.d": {"type": "string"}}}}}'),
    ('[[1]]', '{"items": {"items": {"type": "string"}}}'), ('1e3', '{"maximum": 10}'),
    ('12345678901234567890', '{"maximum": 10}'), ('2', '{"minimum": 2.5, "maximum": 1e2}'),
    ('{"id": 5}', '{"type": "unknown"}'), ('1', '{"minimum": "a"}'), ('1', '{"type": 5}'),
    ('1', '{"required": "a"}'), ('1', '{"pattern": "("}'), ('1', '{"$ref": "#/nope"}'),
    ('1', '{"enum": []}'), ('1', '{"minLength": -1}'),
]  # fmt: skip

SCHEMA_MORE = [
    ('{"a": {"b": 1}}',
     '{"properties": {"a": {"required": ["c"], "properties": {"b": {"enum": [2]}}}}}'),
    ('{"a": 5}', '{"properties": {"a": {"anyOf": [{"type": "string"}, {"maximum": 1}]}}}'),
    ('5', '{"oneOf": [{"type": "integer"}, {"type": "number"}]}'), ('5.0', '{"type": "integer"}'),
    ('"日本"', '{"minLength": 3}'), ('"日本語"', '{"maxLength": 2}'),
    ('"é"', '{"pattern": "^\\\\w$"}'),
    ('3', '{"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 3, '
     '"exclusiveMaximum": true}'),
    ('"a b"', '{"format": "hostname"}'), ('"::1"', '{"format": "ipv6"}'),
    ('"2024-01-01T00:00:00Z"', '{"format": "date-time"}'), ('"x@y.z"', '{"format": "email"}'),
    ('[1, "a"]', '{"contains": {"enum": ["b"]}}'),
    ('{"a": [2, 2]}', '{"properties": {"a": {"uniqueItems": true}}}'),
    ('[{"k": 1}, {"k": "x"}]',
     '{"items": {"properties": {"k": {"type": "string"}}, "required": ["z"]}}'),
    ('0.1', '{"multipleOf": 0.01}'),
    ('1e40', '{"maximum": 1e39}'),
    ('123456789012', '{"maximum": 12345678901}'),
    ('{"a": 1}', '{"properties": {"a": false}}'), ('{"a": 1}', '{"not": {"required": ["a"]}}'),
    ('{"x": 1}', '{"additionalProperties": false, "patternProperties": {"^y": {}}}'),
    ('{"a": {"b": 1}}',
     '{"properties": {"a": {"allOf": [{"properties": {"b": {"type": "string"}}}]}}}'),
]  # fmt: skip


def schema_exprs():
    out = []
    for doc, schema in SCHEMA_CASES:
        out.append(f"json.match_schema({doc}, {schema})")
        out.append(f"json.match_schema({rego_str(doc)}, {rego_str(schema)})")
    out += [f"json.verify_schema({schema})" for _, schema in SCHEMA_CASES[-9:]]
    out += [f"json.match_schema({rego_str(d)}, {rego_str(sc)})" for d, sc in SCHEMA_MORE]
    return out


# Non-integer arithmetic: OPA computes with math/big.Float (a 64-bit mantissa) and prints that
# value, so each expression is wrapped where its digits are printed (json.marshal, sprintf) or
# compared; a bare value would be read back as a double and hide the difference.
NUMBER_OPERANDS = [
    "0.1", "0.2", "0.3", "1.1", "2.5", "-0.7", "1e-7", "3", "7", "10", "1e20", "123456789.123",
]  # fmt: skip
NUMBER_OPS = ["+", "-", "*", "/", "%"]
NUMBER_MORE = [
    "1 / 3", "2 / 3", "10 / 3", "-1 / 3", "1 / 7", "22 / 7", "1 / 3 * 3", "2 / 3 * 3",
    "0.1 * 3", "0.3 - 0.1", "0.1 + 0.2", "1 - 0.9", "100 * 1.1", "4.35 * 100", "0.07 * 100",
    "sum([0.1, 0.2, 0.3])", "sum([1 / 3, 1 / 3, 1 / 3])", "product([2 / 3, 3])",
    "product([0.1, 0.1])", "product([1.1, 1.1, 1.1])", "round(2.5)", "round(-2.5)",
    "round(1 / 3 * 100) / 100", "ceil(1 / 3)", "floor(-1 / 3)", "abs(-1 / 3)",
    "abs(0.1 - 0.3)", "max([1 / 3, 0.3333333333333333])", "min([2 / 3, 0.6666666666666666])",
    "sort([1 / 3, 0.3333333333333333, 0.33333333333333333334])",
    "numbers.range_step(0, 1, 1)", "units.parse(\"1.5Ki\")", "units.parse_bytes(\"1.1KB\")",
    "units.parse(\"0.3m\")", "to_number(\"0.1\") + to_number(\"0.2\")",
    "to_number(\"0.33333333333333333334\")", "time.parse_duration_ns(\"1.5h\") / 3",
    "time.parse_duration_ns(\"1.1s\") / 1000000000", "1e400 / 1e399", "2.0 * 0.5",
    "1.0000000000000000001", "0.1 + 0.2 - 0.3", "(1 / 3) + (2 / 3)", "1 / 3 - 1 / 3",
    "3 * (1 / 3)", "9007199254740993 / 1", "9007199254740993 * 1.0", "0.5 * 9007199254740993",
]  # fmt: skip
NUMBER_TESTS = [
    "1 / 3 == 0.3333333333333333", "1 / 3 == 0.33333333333333333334", "0.3 - 0.1 == 0.2",
    "0.1 + 0.2 == 0.3", "product([2 / 3, 3]) == 2", "2 / 3 * 3 == 2", "1 / 3 * 3 == 1",
    "1 / 3 < 0.3333333333333333", "1 / 3 > 0.3333333333333333", "0.1 * 3 == 0.3",
    "1 - 0.9 == 0.1", "sum([0.1, 0.2]) == 0.3", "count({1 / 3, 0.3333333333333333})",
    "{1 / 3: \"a\"}[0.3333333333333333]", "object.get({1 / 3: \"a\"}, 1 / 3, \"none\")",
    "1 / 3 in {0.3333333333333333}", "round(0.5) == 1", "4.35 * 100 == 435",
    "to_number(\"0.3\") - 0.1 == 0.2", "1e20 + 1 == 1e20", "0.1 * 0.1 == 0.01",
]  # fmt: skip
NUMBER_FORMATS = ["%v", "%d", "%f", "%.2f", "%.20f", "%e", "%g", "%s"]


def number_exprs():
    vals = [
        f"{a} {op} {b}" for a in NUMBER_OPERANDS for op in NUMBER_OPS for b in NUMBER_OPERANDS[:6]
    ]
    vals += NUMBER_MORE
    out = [f"json.marshal({v})" for v in vals]
    out += [f"sprintf({rego_str(f)}, [{v}])" for v in NUMBER_MORE[:24] for f in NUMBER_FORMATS]
    out += [f"format_int({v}, 10)" for v in NUMBER_MORE[:12]]
    out += [f"json.marshal({{{v}: 1}})" for v in NUMBER_MORE[:12]]
    out += NUMBER_TESTS
    out += UNITS_EXPRS
    return out


# Patch 121: units.parse of amounts and units of every shape, as a value, as JSON text and
# compared (OPA's product is an exact rational, `m` the double nearest 0.001, a non-integer
# written with ten decimals).
UNITS_AMOUNTS = [
    "0.3", "1.5", "1", "1000", "-0.5", ".5", "-.25", "0.00000000001", "-1e-11", "1e-3", "2.5e3",
    "12345.678901234", "0.00000000005", "0.000000000049", "7", "333.3333333333333", "1e2",
]  # fmt: skip
UNITS_SUFFIXES = ["", "m", "k", "K", "M", "Ki", "KI", "mi", "Mi", "G", "Ei", "h", "da", "Zi"]
UNITS_EXPRS = [
    f"[units.parse({rego_str(a + u)}), json.marshal(units.parse({rego_str(a + u)}))]"
    for a in UNITS_AMOUNTS
    for u in UNITS_SUFFIXES
] + [
    'units.parse("0.00000000001") == 0', 'units.parse("0.3m") == 0.0003',
    'units.parse("1000m") == 1', 'units.parse("1m") * 1000', 'units.parse("0.3m") < 0.0003',
    '{units.parse("1.5"): 1}', 'sprintf("%v", [units.parse("0.3m")])',
    'units.parse("1.5") + 1', 'units.parse("1m") == units.parse("0.001")',
]  # fmt: skip


# --- evaluation ----------------------------------------------------------------------------


def policy(exprs, indices):
    rules = "".join(f"c{i} := {exprs[i]}\n" for i in indices)
    return f"package probe\n\n{rules}"


def opa_results(bridge, exprs):
    """One OPA instance per expression: a policy that does not compile (OPA's type checker
    rejects `count(1)`) would otherwise stay loaded and fail every later query."""
    out = {}
    for i, e in enumerate(exprs):
        with oracle.Opa(bridge) as opa:
            try:
                opa.add_policy("probe.rego", f"package probe\n\nv := {e}\n")
                rows = opa.query("x = data.probe.v")
                out[i] = rows[0]["x"] if rows else None
            except oracle.OpaError as err:
                out[i] = f"{ERROR} {oracle.first_line(err.message)}"
    return out


def govlint_results(govlint, exprs, indices, tmp):
    """One `govlint eval` of a policy holding every rule; when it fails (an error in one
    rule fails the query), halves until each error is pinned to its expression."""
    path = Path(tmp) / "probe.rego"
    path.write_text(policy(exprs, indices), encoding="utf-8")
    p = subprocess.run(
        [govlint, "eval", "--no-config", "--compact", "--policies", str(path), "data.probe"],
        capture_output=True,
        text=True,
        check=False,
    )
    if p.returncode == 0:
        value = json.loads(p.stdout) if p.stdout.strip() else {}
        return {i: value.get(f"c{i}") for i in indices}
    if len(indices) == 1:
        msg = " ".join(p.stderr.split())[-160:]
        return {indices[0]: f"{ERROR} {msg}"}
    half = len(indices) // 2
    out = govlint_results(govlint, exprs, indices[:half], tmp)
    out.update(govlint_results(govlint, exprs, indices[half:], tmp))
    return out


def same(a, b):
    if isinstance(a, str) and isinstance(b, str) and a.startswith(ERROR) and b.startswith(ERROR):
        return True
    return oracle.canonical(a) == oracle.canonical(b)


def template_exprs():
    """Template strings (OPA v1.12, patch 118): each value of the sprintf set written alone, in
    an array and beside text; undefined and erroring expressions; escapes, raw strings,
    nesting, and the statements OPA allows inside `{}`."""
    out = []
    for v in SPRINTF_VALUES:
        out += [f'$"<{{{v}}}>"', f'$"{{[{v}]}}"', f"$`{{{v}}}|`"]
    return out + TEMPLATE_EXTRA


TEMPLATE_EXTRA = [
    '$""', '$``', '$"plain"', '$"{1}{2}"', '$"a } b"', '$"\\{ not an expression }"',
    '$`raw \\{ brace`', '$`back\\slash \\n`', '$"tab\\t nl\\n q\\" u\\u00e9 \\ud83d\\ude00"',
    '$"{input.missing}"', '$"[{input.missing.deeper}]"', '$"{[1, 2][5]}"', '$"{{"a": 1}.b}"',
    '$"{1 / 0}"', '$"{to_number("x")}"', '$"{1 / 3} {0.1 + 0.2} {1e3} {1.0} {2e308 * 0}"',
    '$"{count([1, 2])} {sum([1.5, 2])} {upper("é")}"', '$"{1 == 1} {1 < 0} {1 in [1]}"',
    '$"{[x | some x in [1, 2]]} {{x | some x in [2, 1]}} {{k: 1 | some k in ["b", "a"]}}"',
    '$"{$"in {$"deep {1}"}"}"', '$"{`raw`} {"q\\"uote"}"', '$"{"}"}"', '$"{ {"a": {1}} }"',
    '$"{"\\u0000"}|{["\\u0001", "\\u007f", "\\u00e9"]}"', '$"{12345678901234567890123 * 10}"',
    '$"{-1} {-0.5} {1e-7} {123456789.123}"', '$"{null} {true} {set()} {[]} {{}}"',
    '[$"{x}" | some x in ["a", 1, [2]]]', '{$"{k}={v}" | some k, v in {"b": 2, "a": 1}}',
    '$"{1} {\n2}"', '$`multi\nline {1}`', '$"{json.marshal({"a": [1, 2.5]})}"',
    '$"{sprintf("%v", [1 / 3])}"', '$"{[1 / 3]}"', '$"{{1 / 3}}"', '$"{{"k": 1 / 3}}"',
]  # fmt: skip


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "sets",
        nargs="+",
        choices=["sprintf", "builtins", "yaml", "schema", "numbers", "templates"],
    )
    ap.add_argument("--opa-lib", default=str(LIB))
    ap.add_argument("--govlint", default=str(ROOT / "target/debug/govlint"))
    ap.add_argument("--show-agree", action="store_true", help="print every expression")
    ap.add_argument("--grep", help="only expressions containing this text")
    args = ap.parse_args()
    exprs = []
    if "sprintf" in args.sets:
        exprs += sprintf_exprs()
    if "builtins" in args.sets:
        exprs += BUILTIN_EXPRS
    if "yaml" in args.sets:
        exprs += yaml_exprs()
    if "schema" in args.sets:
        exprs += schema_exprs()
    if "numbers" in args.sets:
        exprs += number_exprs()
    if "templates" in args.sets:
        exprs += template_exprs()
    if args.grep:
        exprs = [e for e in exprs if args.grep in e]
    opa = opa_results(oracle.Bridge(args.opa_lib), exprs)
    with tempfile.TemporaryDirectory() as tmp:
        ours = govlint_results(args.govlint, exprs, list(range(len(exprs))), tmp)
    differ = 0
    for i, e in enumerate(exprs):
        ok = same(opa[i], ours[i])
        differ += not ok
        if not ok or args.show_agree:
            mark = "  " if ok else "≠ "
            print(f"{mark}{e}\n     opa:     {json.dumps(opa[i], ensure_ascii=False)}")
            if not ok:
                print(f"     govlint: {json.dumps(ours[i], ensure_ascii=False)}")
    print(f"{len(exprs) - differ}/{len(exprs)} expressions agree")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
