#!/usr/bin/python3
"""Builds spec/assignment.json, the shared assignment test vectors.

Usage (from the repository root):  python3 spec/tools/generate.py > spec/assignment.json

Every expected value is computed here, independently of any SDK: this file has its own
MurmurHash3, targeting and assignment logic written from spec/README.md. Every string hashed
(hash/bucket cases and the layer/variant keys behind each assign case) is also hashed by the
reference C implementation (murmur3_ref.c, compiled on the fly) and the script aborts on any
disagreement. Standard library only.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BUCKETS = 10000
HASHED = set()  # every string whose hash fed an expected value, cross-checked against C


# ---------------------------------------------------------------- hashing
def murmur3_32(data: bytes, seed: int = 0) -> int:
    c1, c2, mask = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    h1 = seed
    nblocks = len(data) // 4
    for i in range(nblocks):
        k1 = int.from_bytes(data[4 * i:4 * i + 4], "little")
        k1 = (k1 * c1) & mask
        k1 = ((k1 << 15) | (k1 >> 17)) & mask
        k1 = (k1 * c2) & mask
        h1 ^= k1
        h1 = ((h1 << 13) | (h1 >> 19)) & mask
        h1 = (h1 * 5 + 0xE6546B64) & mask
    tail = data[4 * nblocks:]
    k1 = 0
    if len(tail) >= 3:
        k1 ^= tail[2] << 16
    if len(tail) >= 2:
        k1 ^= tail[1] << 8
    if len(tail) >= 1:
        k1 ^= tail[0]
        k1 = (k1 * c1) & mask
        k1 = ((k1 << 15) | (k1 >> 17)) & mask
        k1 = (k1 * c2) & mask
        h1 ^= k1
    h1 ^= len(data)
    h1 ^= h1 >> 16
    h1 = (h1 * 0x85EBCA6B) & mask
    h1 ^= h1 >> 13
    h1 = (h1 * 0xC2B2AE35) & mask
    h1 ^= h1 >> 16
    return h1


def h(s: str) -> int:
    HASHED.add(s)
    return murmur3_32(s.encode("utf-8"))


def bucket(s: str) -> int:
    return h(s) * BUCKETS // 2 ** 32


def cross_check_with_c():
    src = os.path.join(HERE, "murmur3_ref.c")
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "murmur3_ref")
        subprocess.run(["gcc", "-O2", "-std=c99", "-o", exe, src], check=True)
        strings = sorted(HASHED)
        stdin = "".join(s.encode("utf-8").hex() + "\n" for s in strings)
        out = subprocess.run([exe], input=stdin, capture_output=True, text=True, check=True).stdout.split()
    if len(out) != len(strings):
        sys.exit("C reference returned %d hashes for %d strings" % (len(out), len(strings)))
    for s, c_value in zip(strings, out):
        if int(c_value) != murmur3_32(s.encode("utf-8")):
            sys.exit("Python and C MurmurHash3 disagree on %r" % s)
    return len(strings)


# ---------------------------------------------------------------- unit ids
def unit_id_valid(u: str) -> bool:
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in u):
        return False  # Python str holds code points, so a surrogate here is an unpaired one
    return 1 <= len(u) <= 256


# ---------------------------------------------------------------- targeting
MISSING = object()


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def scalar_eq(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_num(a) and is_num(b):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return False


def utf16_key(s):
    return s.encode("utf-16-be")  # byte order of UTF-16BE == UTF-16 code unit order


def compare(a, b):
    """-1/0/1, or None when the types cannot be compared."""
    if is_num(a) and is_num(b):
        a, b = float(a), float(b)
    elif isinstance(a, str) and isinstance(b, str):
        a, b = utf16_key(a), utf16_key(b)
    else:
        return None
    return (a > b) - (a < b)


def parse_version(v):
    if not isinstance(v, str):
        return None
    if v[:1] in ("v", "V"):
        v = v[1:]
    for sep in ("-", "+"):
        v = v.split(sep, 1)[0]
    parts = v.split(".")
    if not all(p and all("0" <= c <= "9" for c in p) for p in parts):
        return None
    return [int(p) for p in parts]


def version_gte(a, b):
    n = max(len(a), len(b))
    a, b = a + [0] * (n - len(a)), b + [0] * (n - len(b))
    return a >= b


def condition(c, attrs):
    a = attrs.get(c["attribute"], MISSING)
    if a is None:
        a = MISSING
    op = c["op"]
    if a is MISSING:
        return op in ("neq", "nin") or (op == "exists" and c["value"] is False)
    if op == "eq":
        return scalar_eq(a, c["value"])
    if op == "neq":
        return not scalar_eq(a, c["value"])
    if op == "in":
        return any(scalar_eq(a, v) for v in c["values"])
    if op == "nin":
        return not any(scalar_eq(a, v) for v in c["values"])
    if op == "contains":
        if isinstance(a, list):
            return any(scalar_eq(x, c["value"]) for x in a)
        return isinstance(a, str) and isinstance(c["value"], str) and c["value"] in a
    if op in ("gt", "gte", "lt", "lte"):
        r = compare(a, c["value"])
        if r is None:
            return False
        return {"gt": r > 0, "gte": r >= 0, "lt": r < 0, "lte": r <= 0}[op]
    if op == "exists":
        return c["value"] is True
    if op == "semver_gte":
        va, vb = parse_version(a), parse_version(c["value"])
        return va is not None and version_gte(va, vb)
    raise ValueError(op)


def matches(t, attrs):
    if t is None or t == {}:
        return True
    if "all" in t:
        return all(matches(x, attrs) for x in t["all"])
    if "any" in t:
        return any(matches(x, attrs) for x in t["any"])
    if "not" in t:
        return not matches(t["not"], attrs)
    return condition(t, attrs)


# ---------------------------------------------------------------- assignment
def ranges_of(e):
    if "ranges" in e:
        return e["ranges"] or []
    width = math.floor(e["trafficPercent"] * 100 + 0.5)  # half-up, like Java/JS Math.round
    return [[0, width]] if width > 0 else []


def choose_variant(e, unit):
    v = bucket("variant:" + e["salt"] + ":" + unit)
    total = float(sum(x["weight"] for x in e["variants"]))
    cum = 0.0
    for x in e["variants"]:
        cum += x["weight"] / total * 10000
        if v < cum:
            return x["key"]
    return e["variants"][-1]["key"]


def result(e, variant, forced=False, rollout=False):
    return {"experiment": e["key"], "variant": variant, "forced": forced, "rollout": rollout}


def forced(config, moment, attrs):
    f = attrs.get("force")
    if not isinstance(f, str):
        return None
    for pair in f.split(","):
        pair = pair.strip(" ")
        if ":" not in pair:
            continue
        exp, var = pair.split(":", 1)
        for e in config["experiments"]:
            if (e["key"] == exp and e["moment"] == moment and e["status"] == "running"
                    and any(x["key"] == var for x in e["variants"])):
                return result(e, var, forced=True)
    return None


def assign(config, moment, unit, attrs):
    if not unit_id_valid(unit):
        return None
    f = forced(config, moment, attrs)
    if f:
        return f
    exps = [e for e in config["experiments"] if e["moment"] == moment]
    candidates = [e for e in exps if e["status"] == "running"] + \
                 [e for e in exps if e["status"] == "stopped" and e.get("rollout")]
    if not candidates:
        return None
    layer = bucket("layer:" + moment + ":" + unit)
    for e in candidates:
        if any(s <= layer < t for s, t in ranges_of(e)):
            if not matches(e.get("targeting"), attrs):
                return None
            if e["status"] == "stopped":
                return result(e, e["rollout"], rollout=True)
            return result(e, choose_variant(e, unit))
    return None


def layer_of(moment, unit):
    return bucket("layer:" + moment + ":" + unit)


def variant_bucket(salt, unit):
    return bucket("variant:" + salt + ":" + unit)


# ---------------------------------------------------------------- cases
CASES = []


def case(name, input_, expected):
    if any(c["name"] == name for c in CASES):
        sys.exit("duplicate case name: " + name)
    CASES.append({"name": name, "input": input_, "expected": expected})


def find_unit(pred, prefix="u-", limit=200000):
    """First id prefix+i satisfying pred: deterministic, so regenerating gives the same file."""
    for i in range(limit):
        u = prefix + str(i)
        if pred(u):
            return u
    sys.exit("no unit id found for a predicate")


HASH_STRINGS = [
    ("empty string", ""),
    ("one ASCII byte", "a"),
    ("two ASCII bytes", "ab"),
    ("three ASCII bytes", "abc"),
    ("four ASCII bytes (one block, no tail)", "abcd"),
    ("hello", "hello"),
    ("visitor id", "visitor-42"),
    ("uuid", "3f2b8c1e-9d4a-4e7b-a1c2-5f6e7d8c9b0a"),
    ("e acute (2-byte UTF-8)", "é"),
    ("u umlaut (2-byte UTF-8)", "ü"),
    ("accented word", "Müller-café"),
    ("decomposed e + combining acute", "e\u0301"),
    ("CJK (3-byte UTF-8)", "日本語"),
    ("CJK mixed with ASCII", "訪問者-7"),
    ("emoji (surrogate pair, 4-byte UTF-8)", "😀"),
    ("emoji with skin tone modifier", "👍🏽"),
    ("emoji ZWJ family", "👨‍👩‍👧"),
    ("256 ASCII characters", "x" * 256),
    ("256 emoji", "😀" * 256),
    ("layer key", "layer:fmot.landing-hero:visitor-42"),
    ("variant key", "variant:hero-salt:visitor-42"),
    ("NUL and control characters", "a\u0000b\tc\n"),
]


def hash_cases():
    for label, s in HASH_STRINGS:
        case("hash: " + label, {"op": "hash", "value": s}, h(s))
    for label, s in HASH_STRINGS:
        case("bucket: " + label, {"op": "bucket", "value": s}, bucket(s))


def unit_id_cases():
    for label, u in [
        ("empty is invalid", ""),
        ("one character", "a"),
        ("a space is one code point", " "),
        ("256 ASCII characters", "x" * 256),
        ("257 ASCII characters", "x" * 257),
        ("256 emoji (512 UTF-16 units) are valid", "😀" * 256),
        ("257 emoji", "😀" * 257),
        ("256 accented characters", "é" * 256),
        ("257 CJK characters", "語" * 257),
        ("decomposed accent counts two code points", "e\u0301"),
        ("unpaired high surrogate", "\ud800"),
        ("unpaired low surrogate inside", "a\udc00b"),
    ]:
        case("unitId: " + label, {"op": "unitId", "unitId": u}, unit_id_valid(u))


def cond(attribute, op, value):
    key = "values" if op in ("in", "nin") else "value"
    return {"attribute": attribute, "op": op, key: value}


def targeting_case(label, t, attrs):
    case("targeting: " + label, {"op": "targeting", "targeting": t, "attributes": attrs}, matches(t, attrs))


def targeting_cases():
    T = targeting_case
    T("null targeting matches everyone", None, {})
    T("empty object matches everyone", {}, {"device": "mobile"})
    T("eq string match", cond("device", "eq", "mobile"), {"device": "mobile"})
    T("eq string mismatch", cond("device", "eq", "mobile"), {"device": "desktop"})
    T("eq is case sensitive", cond("device", "eq", "mobile"), {"device": "Mobile"})
    T("eq number equals number of same value", cond("visits", "eq", 1), {"visits": 1.0})
    T("eq string does not equal number", cond("visits", "eq", 1), {"visits": "1"})
    T("eq boolean", cond("returning", "eq", True), {"returning": True})
    T("eq boolean mismatch", cond("returning", "eq", True), {"returning": False})
    T("eq true does not equal 1", cond("returning", "eq", True), {"returning": 1})
    T("eq array attribute equals no scalar", cond("tags", "eq", "a"), {"tags": ["a"]})
    T("eq unicode value", cond("country", "eq", "Ísland"), {"country": "Ísland"})
    T("neq different", cond("channel", "neq", "ad"), {"channel": "search"})
    T("neq equal", cond("channel", "neq", "ad"), {"channel": "ad"})
    T("neq array attribute", cond("tags", "neq", "a"), {"tags": ["a"]})
    T("in match", cond("intent", "in", ["know", "buy"]), {"intent": "buy"})
    T("in mismatch", cond("intent", "in", ["know", "buy"]), {"intent": "go"})
    T("in numbers", cond("visits", "in", [1, 2, 3]), {"visits": 2})
    T("in empty list", cond("intent", "in", []), {"intent": "go"})
    T("nin match", cond("intent", "nin", ["know", "buy"]), {"intent": "go"})
    T("nin mismatch", cond("intent", "nin", ["know", "buy"]), {"intent": "know"})
    T("nin empty list", cond("intent", "nin", []), {"intent": "go"})
    T("contains substring", cond("page", "contains", "pricing"), {"page": "/en/pricing?x=1"})
    T("contains substring absent", cond("page", "contains", "pricing"), {"page": "/en/about"})
    T("contains empty substring", cond("page", "contains", ""), {"page": "/"})
    T("contains array element", cond("segments", "contains", "vip"), {"segments": ["new", "vip"]})
    T("contains array without element", cond("segments", "contains", "vip"), {"segments": ["new"]})
    T("contains number in array", cond("cohorts", "contains", 7), {"cohorts": [3, 7.0]})
    T("contains on a number attribute", cond("visits", "contains", "1"), {"visits": 12})
    T("contains number in string", cond("page", "contains", 1), {"page": "/1"})
    T("gt numbers", cond("visits", "gt", 3), {"visits": 4})
    T("gt equal numbers", cond("visits", "gt", 3), {"visits": 3})
    T("gte equal numbers", cond("visits", "gte", 3), {"visits": 3})
    T("gte smaller", cond("visits", "gte", 3), {"visits": 2.5})
    T("lt numbers", cond("cart", "lt", 100), {"cart": 99.99})
    T("lt equal numbers", cond("cart", "lt", 100), {"cart": 100})
    T("lte equal numbers", cond("cart", "lte", 100), {"cart": 100})
    T("lte greater", cond("cart", "lte", 100), {"cart": 1e3})
    T("gt negative numbers", cond("delta", "gt", -2.5), {"delta": -2})
    T("gt strings lexicographic", cond("country", "gt", "DE"), {"country": "FR"})
    T("lt strings compare as strings not numbers", cond("code", "lt", "9"), {"code": "10"})
    T("lte strings equal", cond("country", "lte", "DE"), {"country": "DE"})
    T("gte strings prefix is smaller", cond("name", "gte", "abc"), {"name": "ab"})
    T("gt compares UTF-16 code units", cond("label", "gt", "😀"), {"label": "\uff21"})
    T("gt string attribute against number", cond("visits", "gt", 3), {"visits": "4"})
    T("lt number attribute against string", cond("country", "lt", "ZZ"), {"country": 5})
    T("gt boolean attribute", cond("returning", "gt", 0), {"returning": True})
    T("exists true present", cond("channel", "exists", True), {"channel": "ad"})
    T("exists false present", cond("channel", "exists", False), {"channel": "ad"})
    T("exists true present false boolean", cond("returning", "exists", True), {"returning": False})
    T("exists true null value", cond("channel", "exists", True), {"channel": None})
    T("exists false null value", cond("channel", "exists", False), {"channel": None})
    T("semver_gte double-digit minor", cond("appVersion", "semver_gte", "1.9.2"), {"appVersion": "1.10.0"})
    T("semver_gte lower", cond("appVersion", "semver_gte", "1.10.0"), {"appVersion": "1.9.2"})
    T("semver_gte equal", cond("appVersion", "semver_gte", "2.3.4"), {"appVersion": "2.3.4"})
    T("semver_gte leading v on attribute", cond("appVersion", "semver_gte", "1.99.99"), {"appVersion": "v2.0"})
    T("semver_gte leading v on value", cond("appVersion", "semver_gte", "v1.2.1"), {"appVersion": "1.2.0"})
    T("semver_gte missing component is zero", cond("appVersion", "semver_gte", "1.2.0"), {"appVersion": "1.2"})
    T("semver_gte prerelease ignored", cond("appVersion", "semver_gte", "1.2.0"), {"appVersion": "1.2.0-beta.1"})
    T("semver_gte prerelease ignored on value", cond("appVersion", "semver_gte", "1.3.0-rc.1"), {"appVersion": "1.2.9"})
    T("semver_gte build metadata ignored", cond("appVersion", "semver_gte", "1.2.1"), {"appVersion": "1.2.0+build.7"})
    T("semver_gte four components", cond("appVersion", "semver_gte", "2.0.0"), {"appVersion": "2.0.0.1"})
    T("semver_gte leading zeros", cond("appVersion", "semver_gte", "1.2"), {"appVersion": "1.02"})
    T("semver_gte not a version", cond("appVersion", "semver_gte", "1.0.0"), {"appVersion": "latest"})
    T("semver_gte empty component", cond("appVersion", "semver_gte", "1.0.0"), {"appVersion": "1..2"})
    T("semver_gte number attribute", cond("appVersion", "semver_gte", "1.0.0"), {"appVersion": 2})
    missing_values = {"eq": "x", "neq": "x", "in": ["x"], "nin": ["x"], "contains": "x", "gt": 1,
                      "gte": 1, "lt": 1, "lte": 1, "semver_gte": "1.0.0"}
    for op, value in missing_values.items():
        T("missing attribute with " + op, cond("plan", op, value), {"device": "mobile"})
    T("missing attribute with exists true", cond("plan", "exists", True), {})
    T("missing attribute with exists false", cond("plan", "exists", False), {})
    T("null attribute with neq", cond("plan", "neq", "x"), {"plan": None})
    T("null attribute with eq", cond("plan", "eq", "x"), {"plan": None})
    mobile, search = cond("device", "eq", "mobile"), cond("channel", "eq", "search")
    T("all empty is true", {"all": []}, {})
    T("any empty is false", {"any": []}, {})
    T("all both match", {"all": [mobile, search]}, {"device": "mobile", "channel": "search"})
    T("all one fails", {"all": [mobile, search]}, {"device": "mobile", "channel": "ad"})
    T("any one matches", {"any": [mobile, search]}, {"device": "desktop", "channel": "search"})
    T("any none match", {"any": [mobile, search]}, {"device": "desktop", "channel": "ad"})
    T("not inverts match", {"not": mobile}, {"device": "mobile"})
    T("not inverts mismatch", {"not": mobile}, {"device": "desktop"})
    T("not of missing attribute condition", {"not": mobile}, {})
    nested = {"all": [cond("intent", "in", ["do", "buy"]),
                      {"any": [mobile, cond("returning", "eq", True)]},
                      {"not": cond("country", "in", ["US", "CA"])}]}
    T("nested all/any/not match", nested, {"intent": "buy", "returning": True, "country": "FR"})
    T("nested all/any/not excluded country", nested, {"intent": "buy", "device": "mobile", "country": "US"})
    T("nested all/any/not no branch of any", nested, {"intent": "do", "device": "desktop", "country": "DE"})
    T("nested all/any/not missing country passes not", nested, {"intent": "do", "device": "mobile"})
    T("double negation", {"not": {"not": mobile}}, {"device": "mobile"})
    T("any inside not inside any", {"any": [{"not": {"any": [mobile, search]}}]}, {"device": "tablet"})


HERO = "fmot.landing-hero"
AD = "zmot.search-ad"
TWO = [{"key": "control", "weight": 50, "payload": {"layout": "classic"}},
       {"key": "bold", "weight": 50, "payload": {"layout": "bold", "headline": "Ship \"faster\" \u00e9\u2014\ud83d\ude80"}}]
THREE = [{"key": "a", "weight": 10, "payload": None},
         {"key": "b", "weight": 30, "payload": [1, 2.5e-3, True]},
         {"key": "c", "weight": 60, "payload": "plain string"}]
MOBILE = {"all": [cond("device", "in", ["mobile"])]}


def experiment(key, salt, ranges, variants=TWO, status="running", targeting=None, rollout=None,
               moment=HERO, traffic=None):
    e = {"key": key, "moment": moment, "salt": salt, "status": status,
         "trafficPercent": traffic if traffic is not None else sum(t - s for s, t in ranges) / 100,
         "ranges": ranges, "variants": variants, "targeting": targeting, "rollout": rollout}
    return e


def config(*experiments, version="v1"):
    return {"version": version,
            "moments": [{"key": HERO, "stage": "FMOT"}, {"key": AD, "stage": "ZMOT"}],
            "experiments": list(experiments),
            "generatedBy": {"tool": "spec/tools/generate.py", "note": "unknown fields are ignored"}}


def assign_case(label, cfg, unit, attrs=None, moment=HERO, expect=None):
    """expect: 'null', 'some', a variant key, or None (no check). The check proves the case
    exercises what its name says instead of trusting the unit ids picked."""
    attrs = attrs or {}
    got = assign(cfg, moment, unit, attrs)
    if expect == "null" and got is not None or expect == "some" and got is None \
            or expect not in (None, "null", "some") and (got is None or got["variant"] != expect):
        sys.exit("case %r: expected %s, computed %r" % (label, expect, got))
    case("assign: " + label, {"op": "assign", "config": cfg, "moment": moment, "unitId": unit,
                              "attributes": attrs}, got)


def L(unit, moment=HERO):
    return layer_of(moment, unit)


def in_ranges(unit, ranges, moment=HERO):
    return any(s <= L(unit, moment) < t for s, t in ranges)


def layer_cases():
    half = [[0, 5000]]
    cfg = config(experiment("hero", "hero-salt", half))
    assign_case("unit in the range", cfg, find_unit(lambda u: in_ranges(u, half)), expect="some")
    assign_case("unit out of the range", cfg, find_unit(lambda u: not in_ranges(u, half)), expect="null")
    split = [[0, 1000], [7000, 8000]]
    cfg = config(experiment("hero", "hero-salt", split))
    assign_case("unit in the first of two ranges", cfg,
                find_unit(lambda u: L(u) < 1000, "first-"), expect="some")
    assign_case("unit in the second of two ranges", cfg,
                find_unit(lambda u: 7000 <= L(u) < 8000, "second-"), expect="some")
    assign_case("unit between two ranges", cfg,
                find_unit(lambda u: 1000 <= L(u) < 7000, "between-"), expect="null")
    assign_case("unit above the last range", cfg,
                find_unit(lambda u: L(u) >= 8000, "above-"), expect="null")
    unit = "visitor-42"
    x = L(unit)
    assign_case("range start is inclusive", config(experiment("hero", "s", [[x, min(x + 1, 10000)]])),
                unit, expect="some")
    assign_case("range end is exclusive", config(experiment("hero", "s", [[max(x - 100, 0), x]])),
                unit, expect="null")
    tiny = [[0, 1]]
    assign_case("traffic 0.01 percent, unit in bucket 0", config(experiment("hero", "s", tiny)),
                find_unit(lambda u: L(u) == 0, "tiny-"), expect="some")
    assign_case("traffic 0.01 percent, unit in bucket 1", config(experiment("hero", "s", tiny)),
                find_unit(lambda u: L(u) == 1, "tiny-"), expect="null")
    for i in range(3):
        assign_case("traffic 50 percent, unit %d" % i, config(experiment("hero", "hero-salt", half)),
                    "visitor-%d" % i)
    full = config(experiment("hero", "hero-salt", [[0, 10000]]))
    for unit in ["visitor-1", "visitor-2", "visitor-3", "visiteur-é", "訪問者", "😀-user", "x" * 256]:
        assign_case("traffic 100 percent, unit " + (unit if len(unit) < 20 else "of 256 characters"),
                    full, unit, expect="some")
    no_ranges = experiment("hero", "hero-salt", [], traffic=30)
    del no_ranges["ranges"]
    cfg = config(no_ranges)
    assign_case("no ranges field: traffic 30 percent gives [0,3000), unit inside", cfg,
                find_unit(lambda u: L(u) < 3000, "derived-"), expect="some")
    assign_case("no ranges field: traffic 30 percent gives [0,3000), unit outside", cfg,
                find_unit(lambda u: L(u) >= 3000, "derived-"), expect="null")
    null_ranges = experiment("hero", "hero-salt", [], traffic=30)
    null_ranges["ranges"] = None
    assign_case("ranges null means no range, even with traffic", config(null_ranges), "visitor-1", expect="null")
    cfg = config(experiment("hero", "hero-salt", [[0, 10000]]))
    assign_case("moment without experiments", cfg, "visitor-1", moment=AD, expect="null")
    assign_case("unknown moment", cfg, "visitor-1", moment="smot.onboarding", expect="null")
    a, b = [[0, 2000], [6000, 7000]], [[2000, 4000]]
    cfg = config(experiment("hero-a", "salt-a", a), experiment("hero-b", "salt-b", b),
                 experiment("ad", "salt-ad", [[0, 10000]], moment=AD))
    assign_case("two experiments on a moment, unit in the first", cfg,
                find_unit(lambda u: in_ranges(u, a), "two-"), expect="some")
    assign_case("two experiments on a moment, unit in the second", cfg,
                find_unit(lambda u: in_ranges(u, b), "two-"), expect="some")
    assign_case("two experiments on a moment, unit in neither", cfg,
                find_unit(lambda u: L(u) >= 7000, "two-"), expect="null")
    assign_case("experiment of the other moment", cfg, "two-0", moment=AD, expect="some")


def variant_cases():
    full = [[0, 10000]]
    cfg = config(experiment("hero3", "three-salt", full, variants=THREE))
    for want, lo, hi in (("a", 0, 1000), ("b", 1000, 4000), ("c", 4000, 10000)):
        for n in range(2):
            unit = find_unit(lambda u: lo <= variant_bucket("three-salt", u) < hi, "v3-%s%d-" % (want, n))
            assign_case("10/30/60 weights pick %s (%d)" % (want, n), cfg, unit, expect=want)
    edges = config(experiment("hero", "edge-salt", full))
    assign_case("variant bucket 4999 is below the 50/50 boundary", edges,
                find_unit(lambda u: variant_bucket("edge-salt", u) == 4999, "edge-"), expect="control")
    assign_case("variant bucket 5000 is on the 50/50 boundary", edges,
                find_unit(lambda u: variant_bucket("edge-salt", u) == 5000, "edge-"), expect="bold")
    thirds = [{"key": "x", "weight": 1}, {"key": "y", "weight": 1}, {"key": "z", "weight": 1}]
    cfg = config(experiment("thirds", "thirds-salt", full, variants=thirds))
    for want, v in (("x", 3333), ("y", 3334), ("y", 6666), ("z", 6667), ("z", 9999)):
        assign_case("equal thirds, variant bucket %d" % v, cfg,
                    find_unit(lambda u: variant_bucket("thirds-salt", u) == v, "third-"), expect=want)
    zero = [{"key": "off", "weight": 0}, {"key": "on", "weight": 2.5}]
    cfg = config(experiment("zero", "zero-salt", full, variants=zero))
    assign_case("weight 0 variant is never chosen", cfg,
                find_unit(lambda u: variant_bucket("zero-salt", u) == 0, "zero-"), expect="on")
    fractional = [{"key": "p", "weight": 33.3}, {"key": "q", "weight": 33.3}, {"key": "r", "weight": 33.4}]
    cfg = config(experiment("frac", "frac-salt", full, variants=fractional))
    for i in range(4):
        assign_case("fractional weights, unit %d" % i, cfg, "frac-user-%d" % i)
    four = [{"key": k, "weight": w} for k, w in (("k1", 5), ("k2", 5), ("k3", 45), ("k4", 45))]
    cfg = config(experiment("four", "four-salt", full, variants=four))
    for i in range(4):
        assign_case("four variants 5/5/45/45, unit %d" % i, cfg, "four-user-%d" % i)
    cfg = config(experiment("hero", "salt-one", full), experiment("other", "salt-two", full, moment=AD))
    assign_case("same unit, salt one", cfg, "visitor-7")
    assign_case("same unit, salt two", cfg, "visitor-7", moment=AD)


def targeting_assign_cases():
    half = [[0, 5000]]
    cfg = config(experiment("hero", "hero-salt", half, targeting=MOBILE))
    inside = find_unit(lambda u: in_ranges(u, half), "t-")
    assign_case("targeting passes", cfg, inside, {"device": "mobile"}, expect="some")
    assign_case("targeting fails", cfg, inside, {"device": "desktop"}, expect="null")
    assign_case("targeting attribute missing", cfg, inside, {}, expect="null")
    assign_case("targeting passes but out of range", cfg,
                find_unit(lambda u: not in_ranges(u, half), "t-"), {"device": "mobile"}, expect="null")
    rich = {"all": [cond("intent", "in", ["do", "buy"]), cond("appVersion", "semver_gte", "2.1"),
                    {"not": cond("returning", "eq", True)}]}
    cfg = config(experiment("hero", "hero-salt", [[0, 10000]], targeting=rich))
    assign_case("nested targeting passes", cfg, "visitor-9",
                {"intent": "buy", "appVersion": "v2.10.1", "returning": False}, expect="some")
    assign_case("nested targeting fails on version", cfg, "visitor-9",
                {"intent": "buy", "appVersion": "2.0.9"}, expect="null")


def status_cases():
    full = [[0, 10000]]
    for status in ("paused", "draft"):
        assign_case(status + " assigns nobody", config(experiment("hero", "s", full, status=status)),
                    "visitor-1", expect="null")
    assign_case("draft without ranges assigns nobody",
                config(experiment("hero", "s", [], status="draft", traffic=50)), "visitor-1", expect="null")
    cfg = config(experiment("hero", "hero-salt", full, status="stopped", rollout="bold"))
    control_unit = find_unit(lambda u: variant_bucket("hero-salt", u) < 5000, "r-")
    assign_case("stopped with rollout sends a control unit to the rollout", cfg, control_unit, expect="bold")
    assign_case("stopped with rollout, another unit", cfg, "visitor-3", expect="bold")
    part = [[2000, 6000]]
    cfg = config(experiment("hero", "hero-salt", part, status="stopped", rollout="control", targeting=MOBILE))
    inside = find_unit(lambda u: in_ranges(u, part), "r-")
    assign_case("stopped with rollout and targeting passing", cfg, inside, {"device": "mobile"}, expect="control")
    assign_case("stopped with rollout and targeting failing", cfg, inside, {"device": "desktop"}, expect="null")
    assign_case("stopped with rollout, unit out of its range", cfg,
                find_unit(lambda u: not in_ranges(u, part), "r-"), {"device": "mobile"}, expect="null")
    assign_case("stopped without rollout assigns nobody",
                config(experiment("hero", "s", full, status="stopped")), "visitor-1", expect="null")
    old, new = [[0, 3000]], [[3000, 8000]]
    cfg = config(experiment("old", "old-salt", old, status="stopped", rollout="bold"),
                 experiment("new", "new-salt", new))
    assign_case("rollout beside a running experiment, unit in the rollout", cfg,
                find_unit(lambda u: in_ranges(u, old), "side-"), expect="bold")
    assign_case("rollout beside a running experiment, unit in the running one", cfg,
                find_unit(lambda u: in_ranges(u, new), "side-"), expect="some")


def force_cases():
    half = [[0, 5000]]
    a, b = [[0, 2000]], [[2000, 4000]]
    cfg = config(experiment("hero", "hero-salt", half, targeting=MOBILE),
                 experiment("hero-b", "b-salt", [[6000, 7000]], variants=THREE),
                 experiment("paused-one", "p-salt", [[8000, 9000]], status="paused"),
                 experiment("ad", "ad-salt", [[0, 10000]], moment=AD))
    outside = find_unit(lambda u: L(u) >= 9000, "f-")
    inside = find_unit(lambda u: in_ranges(u, half), "f-")
    natural = assign(cfg, HERO, inside, {"device": "mobile"})["variant"]
    other = "bold" if natural == "control" else "control"
    assign_case("force a variant", cfg, inside, {"device": "mobile", "force": "hero:" + other}, expect=other)
    assign_case("force ignores range", cfg, outside, {"device": "mobile", "force": "hero:bold"}, expect="bold")
    assign_case("force ignores targeting", cfg, outside, {"device": "desktop", "force": "hero:control"},
                expect="control")
    assign_case("force with unknown experiment falls back", cfg, inside,
                {"device": "mobile", "force": "nope:bold"}, expect=natural)
    assign_case("force with unknown variant falls back", cfg, inside,
                {"device": "mobile", "force": "hero:nope"}, expect=natural)
    assign_case("force with unknown experiment, unit out of range", cfg, outside,
                {"device": "mobile", "force": "nope:bold"}, expect="null")
    assign_case("force list, pair for this moment second", cfg, outside,
                {"force": "ad:bold,hero-b:c"}, expect="c")
    assign_case("force list, pair for the other moment", cfg, outside,
                {"force": "ad:bold,hero-b:c"}, moment=AD, expect="bold")
    assign_case("force list, first pair for the moment wins", cfg, outside,
                {"force": "hero-b:a,hero:bold"}, expect="a")
    assign_case("force list with spaces", cfg, outside, {"force": " nope:x , hero-b:b "}, expect="b")
    assign_case("force list, bad pair then good pair", cfg, outside,
                {"force": "hero:nope,garbage,hero-b:c"}, expect="c")
    assign_case("force a paused experiment is ignored", cfg, find_unit(lambda u: 8000 <= L(u) < 9000, "f-"),
                {"force": "paused-one:bold"}, expect="null")
    assign_case("force a number is ignored", cfg, outside, {"force": 7}, expect="null")
    assign_case("force without colon is ignored", cfg, outside, {"force": "hero"}, expect="null")
    stopped = config(experiment("hero", "hero-salt", half, status="stopped", rollout="bold"))
    assign_case("force a stopped experiment is ignored, rollout applies", stopped,
                inside, {"force": "hero:control"}, expect="bold")


def invalid_unit_cases():
    cfg = config(experiment("hero", "hero-salt", [[0, 10000]]))
    assign_case("empty unit id gets nothing", cfg, "", expect="null")
    assign_case("257 code points get nothing", cfg, "x" * 257, expect="null")
    assign_case("256 emoji are a valid unit id", cfg, "😀" * 256, expect="some")
    assign_case("forced but invalid unit id gets nothing", cfg, "", {"force": "hero:bold"}, expect="null")
    assign_case("unpaired surrogate gets nothing", cfg, "a\ud800", expect="null")


def main():
    hash_cases()
    unit_id_cases()
    targeting_cases()
    layer_cases()
    variant_cases()
    targeting_assign_cases()
    status_cases()
    force_cases()
    invalid_unit_cases()
    checked = cross_check_with_c()
    doc = {
        "description": (
            "Moments assignment test vectors (scheme: spec/README.md). Generated by "
            "spec/tools/generate.py with Python's standard library: hashes, buckets and expected "
            "assignments are computed by the generator's own MurmurHash3 and assignment logic, "
            "independently of any SDK, and every hashed string (%d of them) was cross-checked "
            "against the reference C MurmurHash3_x86_32 in spec/tools/murmur3_ref.c. "
            "Regenerate: python3 spec/tools/generate.py > spec/assignment.json" % checked),
        "cases": CASES,
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    # readable UTF-8, except unpaired surrogates (only inside strings), which UTF-8 cannot hold
    text = "".join("\\u%04x" % ord(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))


if __name__ == "__main__":
    main()
