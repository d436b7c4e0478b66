#!/usr/bin/python3
"""Builds spec/assignment/, the shared assignment test vectors, one file per topic.

Usage (from the repository root):
  python3 spec/tools/generate.py           # (re)writes spec/assignment/NN-*.json and index.json
  python3 spec/tools/generate.py --check   # exits 1 if the files on disk differ from what it writes

Every expected value is computed here, independently of any SDK: this file has its own
MurmurHash3, targeting and assignment logic written from spec/README.md. Every string hashed
(hash/bucket cases and the layer/variant keys behind each assign case) is also hashed by the
reference C implementation (murmur3_ref.c, compiled on the fly) and the script aborts on any
disagreement. Standard library only (and gcc for the C cross-check).
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


def result(e, variant, forced=False, rollout=False, ad=False):
    return {"experiment": e["key"], "variant": variant, "forced": forced, "rollout": rollout, "ad": ad}


def is_ad_experiment(e):
    return all(x.get("kind") == "ad" for x in e["variants"])


def named_pair(config, moment, value, eligible):
    """The first "exp:variant" pair of a comma-separated list that names an eligible running
    experiment of this moment and one of its variants (the rule of both force and ad)."""
    if not isinstance(value, str):
        return None
    for pair in value.split(","):
        pair = pair.strip(" ")
        if ":" not in pair:
            continue
        exp, var = pair.split(":", 1)
        for e in config["experiments"]:
            if (e["key"] == exp and e["moment"] == moment and e["status"] == "running" and eligible(e)
                    and any(x["key"] == var for x in e["variants"])):
                return e, var
    return None


def known_moments(config):
    """The config's moments, those of its experiments and those its holdouts name."""
    names = [m["key"] for m in config.get("moments") or []] + [e["moment"] for e in config["experiments"]]
    for ho in config.get("holdouts") or []:
        names += ho.get("moments") or []
    return set(names)


def holdouts_of(config, moment):
    """The holdouts covering a moment, in config order (moments absent or null: every known moment)."""
    if moment not in known_moments(config):
        return []
    return [ho for ho in config.get("holdouts") or [] if ho.get("moments") is None or moment in ho["moments"]]


def held(ho, unit):
    """In the holdout iff bucket("holdout:" + key + ":" + unit) < percent * 100, the threshold rounded
    half up like a derived range (0.07 % is 7 buckets, although 0.07 * 100 is 7.000000000000001)."""
    return bucket("holdout:" + ho["key"] + ":" + unit) < math.floor(ho["percent"] * 100 + 0.5)


def is_sticky(e):
    return e.get("sticky") is True


def decide(config, moment, unit, attrs, stored=None):
    """The core's decision for one moment with a sticky store's entries for the unit (stored:
    experiment key -> variant key): None or the result with "store" (write it to the store)."""
    stored = stored or {}
    if not unit_id_valid(unit):
        return None
    forced = named_pair(config, moment, attrs.get("force"), lambda e: True)
    if forced:
        return dict(result(*forced, forced=True), store=False)
    if any(held(ho, unit) for ho in holdouts_of(config, moment)):
        return None
    clicked = named_pair(config, moment, attrs.get("ad"), is_ad_experiment)
    if clicked:
        return dict(result(*clicked, ad=True), store=is_sticky(clicked[0]))
    exps = [e for e in config["experiments"] if e["moment"] == moment]
    for e in exps:
        v = stored.get(e["key"])
        if (e["status"] == "running" and is_sticky(e) and any(x["key"] == v for x in e["variants"])
                and matches(e.get("targeting"), attrs)):
            return dict(result(e, v), store=False)
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
                return dict(result(e, e["rollout"], rollout=True), store=False)
            return dict(result(e, choose_variant(e, unit)), store=is_sticky(e))
    return None


def assign(config, moment, unit, attrs):
    """The assign op's answer: the decision with an empty store, without the store flag."""
    d = decide(config, moment, unit, attrs)
    return d and {k: v for k, v in d.items() if k != "store"}


def holdout_exposures(config, moment, unit, attrs):
    """The holdout exposures a client logs when the unit reaches the moment: one per covering
    holdout, for members ("holdout") and everyone else ("exposed"); none for an invalid unit id or
    when a force decides the moment (a QA preview)."""
    d = decide(config, moment, unit, attrs)
    if not unit_id_valid(unit) or d is not None and d["forced"]:
        return []
    return [{"holdout": ho["key"], "variant": "holdout" if held(ho, unit) else "exposed"}
            for ho in holdouts_of(config, moment)]


def client_answer(config, moment, unit, attrs):
    """What a client's public assign answers, and the exposure it queues (spec/README.md,
    "The client API"): a rollout is not an experiment, and only a running experiment logs."""
    a = assign(config, moment, unit, attrs)
    if a is None:
        return {"experiment": None, "variant": None, "payload": {}, "inExperiment": False,
                "forced": False, "rollout": False, "ad": False, "exposure": None}
    e = next(x for x in config["experiments"] if x["key"] == a["experiment"])
    payload = next(x for x in e["variants"] if x["key"] == a["variant"]).get("payload")
    exposure = None if a["rollout"] else {
        "experiment": a["experiment"], "variant": a["variant"], "forced": a["forced"],
        "source": "ad" if a["ad"] else None}
    return {"experiment": a["experiment"], "variant": a["variant"],
            "payload": payload if payload is not None else {}, "inExperiment": not a["rollout"],
            "forced": a["forced"], "rollout": a["rollout"], "ad": a["ad"], "exposure": exposure}


def layer_of(moment, unit):
    return bucket("layer:" + moment + ":" + unit)


def variant_bucket(salt, unit):
    return bucket("variant:" + salt + ":" + unit)


# ---------------------------------------------------------------- case files
OUT = os.path.normpath(os.path.join(HERE, "..", "assignment"))
FILES = []


class CaseFile:
    """One topic: a numbered file with one shared state (an SDK config, for the ops that need one)
    and named tests. op says what every test runs; see spec/README.md for each op's fields."""

    def __init__(self, number, slug, op, description, state=None):
        self.name = "%02d-%s" % (number, slug)
        self.op, self.description, self.state, self.tests = op, description, state, []
        FILES.append(self)

    def test(self, name, **fields):
        if any(t["name"] == name for t in self.tests):
            sys.exit("%s: duplicate test name %r" % (self.name, name))
        self.tests.append({"name": name, **fields})

    def document(self):
        doc = {"name": self.name, "description": self.description, "op": self.op}
        if self.state is not None:
            doc["state"] = self.state
        doc["tests"] = self.tests
        return doc


def find_unit(pred, prefix="u-", limit=200000):
    """First id prefix+i satisfying pred: deterministic, so regenerating gives the same files."""
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

HASH = CaseFile(1, "hash", "hash", "MurmurHash3 x86 32-bit, seed 0, over the UTF-8 bytes of value, unsigned.")
BUCKET = CaseFile(2, "bucket", "bucket", "bucket(value) = floor(hash(value) * 10000 / 2^32).")
UNIT_IDS = CaseFile(3, "unit-ids", "unitId", "A unit id is valid iff it has 1 to 256 code points and no unpaired surrogate.")
TARGETING = CaseFile(4, "targeting", "targeting", "Targeting nodes and conditions against attributes (spec/README.md, Targeting).")


def hash_cases():
    for label, s in HASH_STRINGS:
        HASH.test(label, value=s, expected=h(s))
        BUCKET.test(label, value=s, expected=bucket(s))


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
        UNIT_IDS.test(label, unitId=u, expected=unit_id_valid(u))


def cond(attribute, op, value):
    key = "values" if op in ("in", "nin") else "value"
    return {"attribute": attribute, "op": op, key: value}


def targeting_case(label, t, attrs):
    TARGETING.test(label, targeting=t, attributes=attrs, expected=matches(t, attrs))


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


# ---------------------------------------------------------------- shared states
TWO = [{"key": "control", "weight": 50, "payload": {"layout": "classic"}},
       {"key": "bold", "weight": 50, "payload": {"layout": "bold", "headline": "Ship \"faster\" \u00e9\u2014\ud83d\ude80"}}]
THREE = [{"key": "a", "weight": 10, "payload": None},
         {"key": "b", "weight": 30, "payload": [1, 2.5e-3, True]},
         {"key": "c", "weight": 60, "payload": "plain string"}]
ADS = [{"key": "a", "weight": 50, "kind": "ad", "payload": {"headline": "Try it free"}},
       {"key": "b", "weight": 50, "kind": "ad", "payload": {"headline": "Ship faster"}}]
MOBILE = {"all": [cond("device", "in", ["mobile"])]}
FULL = [[0, 10000]]


def experiment(key, moment, salt, ranges, variants=TWO, status="running", targeting=None, rollout=None,
               traffic=None, sticky=None, allocation=None):
    e = {"key": key, "moment": moment, "salt": salt, "status": status,
         "trafficPercent": traffic if traffic is not None else sum(t - s for s, t in ranges) / 100,
         "ranges": ranges, "variants": variants, "targeting": targeting, "rollout": rollout}
    if sticky is not None:
        e["sticky"] = sticky
    if allocation is not None:
        e["allocation"] = allocation
    return e


def state(moments, experiments, holdouts=None):
    """One SDK config for a whole file: every scenario has its own moment. Moments are listed in
    the order given, then those only named by experiments (the spec's assignAll order)."""
    keys = {e["key"] for e in experiments} | {ho["key"] for ho in holdouts or []}
    if len(keys) != len(experiments) + len(holdouts or []):
        sys.exit("two experiments or holdouts share a key")
    config = {"version": "v1",
              "moments": [{"key": k, "stage": k.split(".")[0].upper()} for k in moments],
              "experiments": experiments}
    if holdouts is not None:
        config["holdouts"] = holdouts
    config["generatedBy"] = {"tool": "spec/tools/generate.py", "note": "unknown fields are ignored"}
    return config


class AssignFile(CaseFile):
    """A file of op "assign" (or "client") cases over one state; expect ('null', 'some' or a
    variant key) proves a case exercises what its name says instead of trusting the ids picked."""

    def case(self, name, moment, unit, attrs=None, expect=None):
        attrs = attrs or {}
        got = assign(self.state, moment, unit, attrs)
        if expect == "null" and got is not None or expect == "some" and got is None \
                or expect not in (None, "null", "some") and (got is None or got["variant"] != expect):
            sys.exit("%s %r: expected %s, computed %r" % (self.name, name, expect, got))
        expected = client_answer(self.state, moment, unit, attrs) if self.op == "client" else got
        self.test(name, moment=moment, unitId=unit, attributes=attrs, expected=expected)

    def layer(self, unit, moment):
        return layer_of(moment, unit)


def L(unit, moment):
    return layer_of(moment, unit)


def in_ranges(unit, ranges, moment):
    return any(s <= L(unit, moment) < t for s, t in ranges)


def layers_file():
    half, split, tiny, a, b = [[0, 5000]], [[0, 1000], [7000, 8000]], [[0, 1]], [[0, 2000], [6000, 7000]], [[2000, 4000]]
    start_at = L("visitor-42", "fmot.range-start")
    end_at = L("visitor-42", "fmot.range-end")
    if end_at == 0 or start_at == 9999:
        sys.exit("visitor-42 sits on an edge bucket; pick another unit for the range edge cases")
    derived = experiment("derived", "fmot.derived", "hero-salt", [], traffic=30)
    del derived["ranges"]
    null_ranges = experiment("null-ranges", "fmot.null-ranges", "hero-salt", [], traffic=30)
    null_ranges["ranges"] = None
    f = AssignFile(5, "layers", "assign",
                   "Moments are layers: a unit is in an experiment iff its layer bucket "
                   "bucket(\"layer:\" + moment + \":\" + unitId) falls in one of the experiment's ranges.",
                   state(["fmot.half", "fmot.two-ranges", "fmot.range-start", "fmot.range-end", "fmot.tiny",
                          "fmot.full", "fmot.derived", "fmot.null-ranges", "fmot.empty", "fmot.side-by-side",
                          "zmot.other"],
                         [experiment("half", "fmot.half", "hero-salt", half),
                          experiment("two-ranges", "fmot.two-ranges", "hero-salt", split),
                          experiment("range-start", "fmot.range-start", "s", [[start_at, start_at + 1]]),
                          experiment("range-end", "fmot.range-end", "s", [[max(end_at - 100, 0), end_at]]),
                          experiment("tiny", "fmot.tiny", "s", tiny),
                          experiment("full", "fmot.full", "hero-salt", FULL),
                          derived, null_ranges,
                          experiment("side-a", "fmot.side-by-side", "salt-a", a),
                          experiment("side-b", "fmot.side-by-side", "salt-b", b),
                          experiment("other", "zmot.other", "salt-other", FULL)]))
    m = "fmot.half"
    f.case("unit in the range", m, find_unit(lambda u: in_ranges(u, half, m)), expect="some")
    f.case("unit out of the range", m, find_unit(lambda u: not in_ranges(u, half, m)), expect="null")
    for i in range(3):
        f.case("traffic 50 percent, unit %d" % i, m, "visitor-%d" % i)
    m = "fmot.two-ranges"
    f.case("unit in the first of two ranges", m, find_unit(lambda u: L(u, m) < 1000, "first-"), expect="some")
    f.case("unit in the second of two ranges", m, find_unit(lambda u: 7000 <= L(u, m) < 8000, "second-"),
           expect="some")
    f.case("unit between two ranges", m, find_unit(lambda u: 1000 <= L(u, m) < 7000, "between-"), expect="null")
    f.case("unit above the last range", m, find_unit(lambda u: L(u, m) >= 8000, "above-"), expect="null")
    f.case("range start is inclusive", "fmot.range-start", "visitor-42", expect="some")
    f.case("range end is exclusive", "fmot.range-end", "visitor-42", expect="null")
    m = "fmot.tiny"
    f.case("traffic 0.01 percent, unit in bucket 0", m, find_unit(lambda u: L(u, m) == 0, "tiny-"), expect="some")
    f.case("traffic 0.01 percent, unit in bucket 1", m, find_unit(lambda u: L(u, m) == 1, "tiny-"), expect="null")
    for unit in ["visitor-1", "visitor-2", "visitor-3", "visiteur-é", "訪問者", "😀-user", "x" * 256]:
        f.case("traffic 100 percent, unit " + (unit if len(unit) < 20 else "of 256 characters"),
               "fmot.full", unit, expect="some")
    m = "fmot.derived"
    f.case("no ranges field: traffic 30 percent gives [0,3000), unit inside", m,
           find_unit(lambda u: L(u, m) < 3000, "derived-"), expect="some")
    f.case("no ranges field: traffic 30 percent gives [0,3000), unit outside", m,
           find_unit(lambda u: L(u, m) >= 3000, "derived-"), expect="null")
    f.case("ranges null means no range, even with traffic", "fmot.null-ranges", "visitor-1", expect="null")
    f.case("moment without experiments", "fmot.empty", "visitor-1", expect="null")
    f.case("unknown moment", "smot.onboarding", "visitor-1", expect="null")
    m = "fmot.side-by-side"
    f.case("two experiments on a moment, unit in the first", m, find_unit(lambda u: in_ranges(u, a, m), "two-"),
           expect="some")
    f.case("two experiments on a moment, unit in the second", m, find_unit(lambda u: in_ranges(u, b, m), "two-"),
           expect="some")
    f.case("two experiments on a moment, unit in neither", m, find_unit(lambda u: L(u, m) >= 7000, "two-"),
           expect="null")
    f.case("experiment of the other moment", "zmot.other", "two-0", expect="some")


def assign_file():
    half, part, old, new = [[0, 5000]], [[2000, 6000]], [[0, 3000]], [[3000, 8000]]
    thirds = [{"key": "x", "weight": 1}, {"key": "y", "weight": 1}, {"key": "z", "weight": 1}]
    zero = [{"key": "off", "weight": 0}, {"key": "on", "weight": 2.5}]
    fractional = [{"key": "p", "weight": 33.3}, {"key": "q", "weight": 33.3}, {"key": "r", "weight": 33.4}]
    four = [{"key": k, "weight": w} for k, w in (("k1", 5), ("k2", 5), ("k3", 45), ("k4", 45))]
    rich = {"all": [cond("intent", "in", ["do", "buy"]), cond("appVersion", "semver_gte", "2.1"),
                    {"not": cond("returning", "eq", True)}]}
    landing = [dict(v, kind="landing_page") for v in TWO]
    mixed = [ADS[0], dict(TWO[1], kind="landing_page")]
    experiments = [
        experiment("weights", "fmot.weights", "three-salt", FULL, variants=THREE),
        experiment("edges", "fmot.edges", "edge-salt", FULL),
        experiment("thirds", "fmot.thirds", "thirds-salt", FULL, variants=thirds),
        experiment("zero", "fmot.zero-weight", "zero-salt", FULL, variants=zero),
        experiment("frac", "fmot.fractional", "frac-salt", FULL, variants=fractional),
        experiment("four", "fmot.four", "four-salt", FULL, variants=four),
        experiment("salt-one", "fmot.salts", "salt-one", FULL),
        experiment("salt-two", "zmot.salts", "salt-two", FULL),
        experiment("targeted", "fmot.targeted", "hero-salt", half, targeting=MOBILE),
        experiment("nested", "fmot.nested", "hero-salt", FULL, targeting=rich),
        experiment("paused", "fmot.paused", "s", FULL, status="paused"),
        experiment("draft", "fmot.draft", "s", FULL, status="draft"),
        experiment("draft-no-ranges", "fmot.draft-no-ranges", "s", [], status="draft", traffic=50),
        experiment("rollout", "fmot.rollout", "hero-salt", FULL, status="stopped", rollout="bold"),
        experiment("rollout-targeted", "fmot.rollout-targeted", "hero-salt", part, status="stopped",
                   rollout="control", targeting=MOBILE),
        experiment("stopped", "fmot.stopped", "s", FULL, status="stopped"),
        experiment("old", "fmot.rollout-beside", "old-salt", old, status="stopped", rollout="bold"),
        experiment("new", "fmot.rollout-beside", "new-salt", new),
        experiment("force-hero", "fmot.force", "hero-salt", half, targeting=MOBILE),
        experiment("force-b", "fmot.force", "b-salt", [[6000, 7000]], variants=THREE),
        experiment("force-paused", "fmot.force", "p-salt", [[8000, 9000]], status="paused"),
        experiment("force-ad", "zmot.force", "ad-salt", FULL),
        experiment("force-stopped", "fmot.force-stopped", "hero-salt", half, status="stopped", rollout="bold"),
        experiment("units", "fmot.units", "hero-salt", FULL),
        experiment("search-ad", "zmot.search-ad", "ad-salt", half, variants=ADS, targeting=MOBILE),
        experiment("paused-ad", "zmot.search-ad", "p-salt", [[9000, 10000]], variants=ADS, status="paused"),
        experiment("stopped-ad", "lzmot.stopped-ad", "s-salt", FULL, variants=ADS, status="stopped", rollout="a"),
        experiment("landing", "fmot.landing", "landing-salt", FULL, variants=landing),
        experiment("mixed", "zmot.mixed", "mixed-salt", FULL, variants=mixed),
        experiment("social-ad", "lzmot.social-ad", "social-salt", FULL, variants=ADS),
    ]
    f = AssignFile(6, "assign", "assign",
                   "Deciding one moment: variant weights, targeting, status and rollout, force, ad clicks "
                   "and invalid unit ids (spec/README.md, deciding one moment).",
                   state([], experiments))
    variant_cases(f)
    targeting_assign_cases(f)
    status_cases(f)
    force_cases(f)
    ad_cases(f)
    invalid_unit_cases(f)


def variant_cases(f):
    for want, lo, hi in (("a", 0, 1000), ("b", 1000, 4000), ("c", 4000, 10000)):
        for n in range(2):
            unit = find_unit(lambda u: lo <= variant_bucket("three-salt", u) < hi, "v3-%s%d-" % (want, n))
            f.case("10/30/60 weights pick %s (%d)" % (want, n), "fmot.weights", unit, expect=want)
    f.case("variant bucket 4999 is below the 50/50 boundary", "fmot.edges",
           find_unit(lambda u: variant_bucket("edge-salt", u) == 4999, "edge-"), expect="control")
    f.case("variant bucket 5000 is on the 50/50 boundary", "fmot.edges",
           find_unit(lambda u: variant_bucket("edge-salt", u) == 5000, "edge-"), expect="bold")
    for want, v in (("x", 3333), ("y", 3334), ("y", 6666), ("z", 6667), ("z", 9999)):
        f.case("equal thirds, variant bucket %d" % v, "fmot.thirds",
               find_unit(lambda u: variant_bucket("thirds-salt", u) == v, "third-"), expect=want)
    f.case("weight 0 variant is never chosen", "fmot.zero-weight",
           find_unit(lambda u: variant_bucket("zero-salt", u) == 0, "zero-"), expect="on")
    for i in range(4):
        f.case("fractional weights, unit %d" % i, "fmot.fractional", "frac-user-%d" % i)
    for i in range(4):
        f.case("four variants 5/5/45/45, unit %d" % i, "fmot.four", "four-user-%d" % i)
    f.case("same unit, salt one", "fmot.salts", "visitor-7")
    f.case("same unit, salt two", "zmot.salts", "visitor-7")


def targeting_assign_cases(f):
    m, half = "fmot.targeted", [[0, 5000]]
    inside = find_unit(lambda u: in_ranges(u, half, m), "t-")
    f.case("targeting passes", m, inside, {"device": "mobile"}, expect="some")
    f.case("targeting fails", m, inside, {"device": "desktop"}, expect="null")
    f.case("targeting attribute missing", m, inside, {}, expect="null")
    f.case("targeting passes but out of range", m, find_unit(lambda u: not in_ranges(u, half, m), "t-"),
           {"device": "mobile"}, expect="null")
    f.case("nested targeting passes", "fmot.nested", "visitor-9",
           {"intent": "buy", "appVersion": "v2.10.1", "returning": False}, expect="some")
    f.case("nested targeting fails on version", "fmot.nested", "visitor-9",
           {"intent": "buy", "appVersion": "2.0.9"}, expect="null")


def status_cases(f):
    for status in ("paused", "draft"):
        f.case(status + " assigns nobody", "fmot." + status, "visitor-1", expect="null")
    f.case("draft without ranges assigns nobody", "fmot.draft-no-ranges", "visitor-1", expect="null")
    m = "fmot.rollout"
    f.case("stopped with rollout sends a control unit to the rollout", m,
           find_unit(lambda u: variant_bucket("hero-salt", u) < 5000, "r-"), expect="bold")
    f.case("stopped with rollout, another unit", m, "visitor-3", expect="bold")
    m, part = "fmot.rollout-targeted", [[2000, 6000]]
    inside = find_unit(lambda u: in_ranges(u, part, m), "r-")
    f.case("stopped with rollout and targeting passing", m, inside, {"device": "mobile"}, expect="control")
    f.case("stopped with rollout and targeting failing", m, inside, {"device": "desktop"}, expect="null")
    f.case("stopped with rollout, unit out of its range", m,
           find_unit(lambda u: not in_ranges(u, part, m), "r-"), {"device": "mobile"}, expect="null")
    f.case("stopped without rollout assigns nobody", "fmot.stopped", "visitor-1", expect="null")
    m = "fmot.rollout-beside"
    f.case("rollout beside a running experiment, unit in the rollout", m,
           find_unit(lambda u: in_ranges(u, [[0, 3000]], m), "side-"), expect="bold")
    f.case("rollout beside a running experiment, unit in the running one", m,
           find_unit(lambda u: in_ranges(u, [[3000, 8000]], m), "side-"), expect="some")


def force_cases(f):
    m, half = "fmot.force", [[0, 5000]]
    outside = find_unit(lambda u: L(u, m) >= 9000, "f-")
    inside = find_unit(lambda u: in_ranges(u, half, m), "f-")
    natural = assign(f.state, m, inside, {"device": "mobile"})["variant"]
    other = "bold" if natural == "control" else "control"
    f.case("force a variant", m, inside, {"device": "mobile", "force": "force-hero:" + other}, expect=other)
    f.case("force ignores range", m, outside, {"device": "mobile", "force": "force-hero:bold"}, expect="bold")
    f.case("force ignores targeting", m, outside, {"device": "desktop", "force": "force-hero:control"},
           expect="control")
    f.case("force with unknown experiment falls back", m, inside,
           {"device": "mobile", "force": "nope:bold"}, expect=natural)
    f.case("force with unknown variant falls back", m, inside,
           {"device": "mobile", "force": "force-hero:nope"}, expect=natural)
    f.case("force with unknown experiment, unit out of range", m, outside,
           {"device": "mobile", "force": "nope:bold"}, expect="null")
    f.case("force list, pair for this moment second", m, outside, {"force": "force-ad:bold,force-b:c"}, expect="c")
    f.case("force list, pair for the other moment", "zmot.force", outside,
           {"force": "force-ad:bold,force-b:c"}, expect="bold")
    f.case("force list, first pair for the moment wins", m, outside,
           {"force": "force-b:a,force-hero:bold"}, expect="a")
    f.case("force list with spaces", m, outside, {"force": " nope:x , force-b:b "}, expect="b")
    f.case("force list, bad pair then good pair", m, outside,
           {"force": "force-hero:nope,garbage,force-b:c"}, expect="c")
    f.case("force a paused experiment is ignored", m, find_unit(lambda u: 8000 <= L(u, m) < 9000, "f-"),
           {"force": "force-paused:bold"}, expect="null")
    f.case("force a number is ignored", m, outside, {"force": 7}, expect="null")
    f.case("force without colon is ignored", m, outside, {"force": "force-hero"}, expect="null")
    m = "fmot.force-stopped"
    f.case("force a stopped experiment is ignored, rollout applies", m,
           find_unit(lambda u: in_ranges(u, half, m), "f-"), {"force": "force-stopped:control"}, expect="bold")


def ad_cases(f):
    m, half = "zmot.search-ad", [[0, 5000]]
    inside = find_unit(lambda u: in_ranges(u, half, m), "ad-")
    outside = find_unit(lambda u: 5000 <= L(u, m) < 9000, "ad-")
    natural = assign(f.state, m, inside, {"device": "mobile"})["variant"]
    other = "b" if natural == "a" else "a"
    f.case("ad names the variant the ad platform showed", m, inside,
           {"device": "mobile", "ad": "search-ad:" + other}, expect=other)
    f.case("ad ignores range", m, outside, {"device": "mobile", "ad": "search-ad:b"}, expect="b")
    f.case("ad ignores targeting", m, outside, {"device": "desktop", "ad": "search-ad:a"}, expect="a")
    f.case("ad with spaces around the pair", m, outside, {"ad": " search-ad:b "}, expect="b")
    f.case("ad naming an unknown variant falls back", m, inside,
           {"device": "mobile", "ad": "search-ad:c"}, expect=natural)
    f.case("ad naming an unknown experiment, unit out of range", m, outside,
           {"device": "mobile", "ad": "nope:a"}, expect="null")
    f.case("ad of a paused ad experiment is ignored", m, find_unit(lambda u: L(u, m) >= 9000, "ad-"),
           {"ad": "paused-ad:a"}, expect="null")
    f.case("ad of a stopped ad experiment is ignored, rollout applies", "lzmot.stopped-ad", "visitor-5",
           {"ad": "stopped-ad:b"}, expect="a")
    f.case("ad of another moment's experiment is ignored here", "lzmot.social-ad", "visitor-5",
           {"ad": "search-ad:b"}, expect="some")
    f.case("ad of another LZMOT moment's experiment is honoured there", "lzmot.social-ad", "visitor-5",
           {"ad": "search-ad:b,social-ad:b"}, expect="b")
    landing_unit = "visitor-6"
    landing_natural = assign(f.state, "fmot.landing", landing_unit, {})["variant"]
    f.case("ad naming a landing-page experiment is ignored", "fmot.landing", landing_unit,
           {"ad": "landing:" + ("bold" if landing_natural == "control" else "control")}, expect=landing_natural)
    mixed_natural = assign(f.state, "zmot.mixed", "visitor-6", {})["variant"]
    f.case("ad naming an experiment whose variants are not all ads is ignored", "zmot.mixed", "visitor-6",
           {"ad": "mixed:" + ("bold" if mixed_natural == "a" else "a")}, expect=mixed_natural)
    f.case("force beats ad", m, outside, {"ad": "search-ad:a", "force": "search-ad:b"}, expect="b")
    f.case("ad that is not a string is ignored", m, outside, {"device": "mobile", "ad": ["search-ad:a"]},
           expect="null")


def invalid_unit_cases(f):
    m = "fmot.units"
    f.case("empty unit id gets nothing", m, "", expect="null")
    f.case("257 code points get nothing", m, "x" * 257, expect="null")
    f.case("256 emoji are a valid unit id", m, "😀" * 256, expect="some")
    f.case("forced but invalid unit id gets nothing", m, "", {"force": "units:bold"}, expect="null")
    f.case("ad click but invalid unit id gets nothing", "zmot.search-ad", "", {"ad": "search-ad:a"},
           expect="null")
    f.case("unpaired surrogate gets nothing", m, "a\ud800", expect="null")


def client_api_file():
    hero = [{"key": "control", "weight": 50, "payload": {"layout": "classic"}},
            {"key": "bold", "weight": 50, "payload": {"layout": "bold"}},
            {"key": "plain", "weight": 0}]
    f = AssignFile(7, "client-api", "client",
                   "What a client's public assign answers (inExperiment, forced, rollout, ad, payload) and "
                   "which exposure it queues, for a fresh client and the first call for the unit "
                   "(spec/README.md, The client API).",
                   state(["fmot.landing-hero", "fmot.old-hero", "zmot.search-ad"],
                         [experiment("hero", "fmot.landing-hero", "hero-salt", FULL, variants=hero,
                                     targeting=MOBILE),
                          experiment("old-hero", "fmot.old-hero", "old-salt", FULL, status="stopped",
                                     rollout="bold"),
                          experiment("search-ad", "zmot.search-ad", "ad-salt", [[0, 5000]], variants=ADS)]))
    m = "fmot.landing-hero"
    unit = "visitor-42"
    natural = assign(f.state, m, unit, {"device": "mobile"})["variant"]
    other = "bold" if natural == "control" else "control"
    f.case("in an experiment: inExperiment, and an exposure is queued", m, unit, {"device": "mobile"},
           expect="some")
    f.case("not targeted: no experiment, no exposure", m, unit, {"device": "desktop"}, expect="null")
    f.case("unknown moment: no experiment, no exposure", "smot.onboarding", unit, {"device": "mobile"},
           expect="null")
    f.case("invalid unit id: no experiment, no exposure", m, "", {"device": "mobile"}, expect="null")
    f.case("rollout: the rollout variant, not an experiment, no exposure", "fmot.old-hero", unit, expect="bold")
    f.case("forced: inExperiment, and the exposure says forced", m, unit,
           {"device": "desktop", "force": "hero:" + other}, expect=other)
    f.case("forced to a variant without payload: the payload is {}", m, unit,
           {"device": "mobile", "force": "hero:plain"}, expect="plain")
    f.case("forcing a rolled-out experiment: the rollout, no exposure", "fmot.old-hero", unit,
           {"force": "old-hero:control"}, expect="bold")
    ad_unit = find_unit(lambda u: L(u, "zmot.search-ad") >= 5000, "ad-")
    f.case("ad click: inExperiment, counted (not forced), the exposure says source ad", "zmot.search-ad",
           ad_unit, {"ad": "search-ad:b"}, expect="b")
    f.case("ad click and force: the force wins, not an ad exposure", "zmot.search-ad", ad_unit,
           {"ad": "search-ad:b", "force": "search-ad:a"}, expect="a")
    f.case("ad click for an unknown variant is ignored: the unit's own assignment, none here", "zmot.search-ad", ad_unit,
           {"ad": "search-ad:zzz"}, expect="null")


# ---------------------------------------------------------------- sticky bucketing
def check_expect(file, name, got, expect):
    """expect: 'null', 'some' or a variant key: proves a case exercises what its name says."""
    if expect == "null" and got is not None or expect == "some" and got is None \
            or expect not in (None, "null", "some") and (got is None or got["variant"] != expect):
        sys.exit("%s %r: expected %s, computed %r" % (file.name, name, expect, got))


class StickyFile(CaseFile):
    """op "sticky": assign with the sticky store's entries for the unit as an input."""

    def case(self, name, moment, unit, stored, attrs=None, expect=None, store=None):
        attrs = attrs or {}
        got = decide(self.state, moment, unit, attrs, stored)
        check_expect(self, name, got, expect)
        if store is not None and (got is None or got["store"] != store):
            sys.exit("%s %r: expected store=%s, computed %r" % (self.name, name, store, got))
        self.test(name, moment=moment, unitId=unit, attributes=attrs, stored=stored, expected=got)


def hashed_variant(e, unit, **changes):
    """The variant the hash gives the unit in e as it was before a change (weights, variants)."""
    return choose_variant(dict(e, **changes), unit)


def other_variant(e, key):
    return next(x["key"] for x in e["variants"] if x["key"] != key)


def sticky_file():
    old_two = [{"key": "control", "weight": 50}, {"key": "bold", "weight": 50}]
    new_weights = [{"key": "control", "weight": 20}, {"key": "bold", "weight": 80}]
    added = [{"key": "control", "weight": 1}, {"key": "bold", "weight": 1}, {"key": "new", "weight": 1}]
    zero = [{"key": "control", "weight": 100}, {"key": "bold", "weight": 0}]
    arms = [{"key": k, "weight": w, "kind": "ad"} for k, w in (("a", 70), ("b", 20), ("c", 10))]
    bandit = {"type": "bandit", "updateEvery": "PT1H", "minShare": 0.05, "burnInUnits": 1000}
    experiments = [
        experiment("weights", "fmot.weights", "weights-salt", FULL, variants=new_weights, sticky=True),
        experiment("added", "fmot.added", "added-salt", FULL, variants=added, sticky=True),
        experiment("raised", "fmot.raised", "raised-salt", [[0, 8000]], sticky=True),
        experiment("lowered", "fmot.lowered", "lowered-salt", [[0, 2000]], sticky=True),
        experiment("kept", "fmot.shared", "kept-salt", [[0, 2000]], sticky=True),
        experiment("taker", "fmot.shared", "taker-salt", [[2000, 6000]]),
        experiment("gone", "fmot.gone", "gone-salt", FULL, sticky=True),
        experiment("zero", "fmot.zero", "zero-salt", FULL, variants=zero, sticky=True),
        experiment("plain", "fmot.plain", "plain-salt", FULL, sticky=False),
        experiment("unflagged", "fmot.unflagged", "unflagged-salt", FULL),
        experiment("sticky-targeted", "fmot.sticky-targeted", "st-salt", FULL, targeting=MOBILE, sticky=True),
        experiment("paused-sticky", "fmot.paused-sticky", "ps-salt", FULL, status="paused", sticky=True),
        experiment("rolled", "fmot.rolled", "rolled-salt", FULL, status="stopped", rollout="bold", sticky=True),
        experiment("sticky-ad", "zmot.sticky-ad", "sad-salt", FULL, variants=ADS, sticky=True),
        experiment("plain-ad", "zmot.plain-ad", "pad-salt", FULL, variants=ADS),
        experiment("bandit", "zmot.bandit", "bandit-salt", FULL, variants=arms, sticky=True, allocation=bandit),
    ]
    holdout = {"key": "sticky-holdout", "percent": 2, "moments": None}
    f = StickyFile(8, "sticky", "sticky",
                   "Sticky bucketing: a sticky running experiment keeps the variant the unit's sticky store "
                   "holds (stored), even after its weights, variants or traffic changed; otherwise the hash "
                   "decides and the result says to store it (spec/README.md, Sticky bucketing).",
                   state([], experiments, [holdout]))
    by_key = {e["key"]: e for e in experiments}
    out = lambda u: not held(holdout, u)

    e = by_key["weights"]
    unit = find_unit(lambda u: out(u) and hashed_variant(e, u, variants=old_two) == "control"
                     and choose_variant(e, u) == "bold", "w-")
    f.case("weights changed from 50/50 to 20/80: the stored variant is kept", "fmot.weights", unit,
           {"weights": "control"}, expect="control", store=False)
    f.case("weights changed, store empty: the new weights decide and the result is stored", "fmot.weights",
           unit, {}, expect="bold", store=True)

    e = by_key["added"]
    unit = find_unit(lambda u: out(u) and hashed_variant(e, u, variants=old_two) == "bold"
                     and choose_variant(e, u) == "new", "add-")
    f.case("variant added: the stored variant is kept", "fmot.added", unit, {"added": "bold"},
           expect="bold", store=False)
    f.case("variant added, store empty: the hash over three variants decides, stored", "fmot.added", unit, {},
           expect="new", store=True)

    m = "fmot.raised"
    newcomer = find_unit(lambda u: out(u) and 4000 <= L(u, m) < 8000, "up-")
    f.case("traffic raised from 40 to 80 percent: a unit newly in range is assigned and stored", m, newcomer, {},
           expect="some", store=True)
    old_unit = find_unit(lambda u: out(u) and L(u, m) < 4000, "up-")
    e = by_key["raised"]
    f.case("traffic raised: a unit already in range keeps its stored variant", m, old_unit,
           {"raised": other_variant(e, choose_variant(e, old_unit))},
           expect=other_variant(e, choose_variant(e, old_unit)), store=False)

    m = "fmot.lowered"
    left_out = find_unit(lambda u: out(u) and 2000 <= L(u, m) < 6000, "down-")
    f.case("traffic lowered from 60 to 20 percent: a unit that saw a variant keeps it out of range", m, left_out,
           {"lowered": "bold"}, expect="bold", store=False)
    f.case("traffic lowered, store empty: a unit out of range gets nothing", m, left_out, {}, expect="null")
    m = "fmot.shared"
    moved = find_unit(lambda u: out(u) and 2000 <= L(u, m) < 6000, "shared-")
    f.case("traffic lowered and the freed buckets given to another experiment: the stored unit stays", m, moved,
           {"kept": "control"}, expect="control", store=False)
    got = decide(f.state, m, moved, {})
    if got["experiment"] != "taker":
        sys.exit("the shared case must land in taker")
    f.case("traffic lowered and the freed buckets given to another experiment, store empty: that one decides",
           m, moved, {}, expect="some", store=False)

    m, e = "fmot.gone", by_key["gone"]
    unit = find_unit(out, "gone-")
    natural = choose_variant(e, unit)
    f.case("store empty: the hash decides and the result is stored", m, unit, {}, expect=natural, store=True)
    f.case("store holding a variant that no longer exists: the hash decides and overwrites it", m, unit,
           {"gone": "removed"}, expect=natural, store=True)
    f.case("store holding another experiment's entry: ignored, the hash decides", m, unit,
           {"weights": other_variant(e, natural)}, expect=natural, store=True)
    f.case("store holding this and another experiment's entries: this one's is kept", m, unit,
           {"weights": natural, "gone": other_variant(e, natural)}, expect=other_variant(e, natural), store=False)
    f.case("force wins over a stored variant and is not stored", m, unit,
           {"gone": natural}, {"force": "gone:" + other_variant(e, natural)},
           expect=other_variant(e, natural), store=False)
    unit_in = find_unit(lambda u: held(holdout, u) and L(u, m) < 10000, "gone-held-")
    f.case("a held-out unit gets nothing despite its stored variant", m, unit_in, {"gone": "bold"}, expect="null")
    f.case("invalid unit id: nothing, whatever the store holds", m, "", {"gone": "bold"}, expect="null")

    unit = find_unit(out, "zero-")
    f.case("store holding a variant whose weight is now 0: it still exists and is kept", "fmot.zero", unit,
           {"zero": "bold"}, expect="bold", store=False)

    for m, key in (("fmot.plain", "plain"), ("fmot.unflagged", "unflagged")):
        e = by_key[key]
        unit = find_unit(out, key + "-")
        natural = choose_variant(e, unit)
        label = "sticky false" if key == "plain" else "no sticky field"
        f.case("non-sticky experiment (%s) ignores the store" % label, m, unit, {key: other_variant(e, natural)},
               expect=natural, store=False)
        f.case("non-sticky experiment (%s), store empty: nothing to store" % label, m, unit, {}, expect=natural,
               store=False)

    m, e = "zmot.sticky-ad", by_key["sticky-ad"]
    unit = find_unit(out, "sad-")
    natural = choose_variant(e, unit)
    f.case("ad click on a sticky ad experiment replaces the stored variant and is stored", m, unit,
           {"sticky-ad": natural}, {"ad": "sticky-ad:" + other_variant(e, natural)},
           expect=other_variant(e, natural), store=True)
    f.case("stored variant of a sticky ad experiment, no click: kept, not an ad click", m, unit,
           {"sticky-ad": other_variant(e, natural)}, expect=other_variant(e, natural), store=False)
    unit = find_unit(out, "pad-")
    f.case("ad click on a non-sticky ad experiment: counted, not stored", "zmot.plain-ad", unit, {},
           {"ad": "plain-ad:b"}, expect="b", store=False)

    m, e = "fmot.sticky-targeted", by_key["sticky-targeted"]
    unit = find_unit(out, "st-")
    other = other_variant(e, choose_variant(e, unit))
    f.case("stored variant and targeting passes: kept", m, unit, {"sticky-targeted": other}, {"device": "mobile"},
           expect=other, store=False)
    f.case("stored variant but targeting fails: nothing", m, unit, {"sticky-targeted": other},
           {"device": "desktop"}, expect="null")
    f.case("paused sticky experiment: nobody, the stored variant waits", "fmot.paused-sticky", unit,
           {"paused-sticky": "bold"}, expect="null")
    f.case("stopped sticky experiment: its rollout, not the stored variant", "fmot.rolled", unit,
           {"rolled": "control"}, expect="bold", store=False)

    m, e = "zmot.bandit", by_key["bandit"]
    burn_in = [dict(x, weight=1) for x in arms]
    unit = find_unit(lambda u: out(u) and hashed_variant(e, u, variants=burn_in) == "c"
                     and choose_variant(e, u) == "a", "arm-")
    f.case("bandit: the arm given during burn-in (equal weights) is kept after a weight update", m, unit,
           {"bandit": "c"}, expect="c", store=False)
    f.case("bandit, store empty: the current weights decide and the arm is stored", m, unit, {}, expect="a",
           store=True)


# ---------------------------------------------------------------- holdouts
class HoldoutFile(CaseFile):
    """op "holdout": the core's decision and the holdout exposures a client logs for the moment."""

    def case(self, name, moment, unit, attrs=None, expect=None, groups=None):
        attrs = attrs or {}
        got = assign(self.state, moment, unit, attrs)
        check_expect(self, name, got, expect)
        exposures = holdout_exposures(self.state, moment, unit, attrs)
        if groups is not None and [x["variant"] for x in exposures] != groups:
            sys.exit("%s %r: expected holdout groups %r, computed %r" % (self.name, name, groups, exposures))
        self.test(name, moment=moment, unitId=unit, attributes=attrs,
                  expected={"assignment": got, "holdouts": exposures})


def holdouts_file():
    landing = {"key": "landing-holdout", "name": "Q1 landing holdout", "percent": 20,
               "moments": ["fmot.landing", "fmot.rolled-out", "fmot.two", "fmot.no-experiment", "zmot.ad"]}
    second = {"key": "second-holdout", "percent": 30, "moments": ["fmot.two"]}
    everything = {"key": "everything", "percent": 10}
    tiny = {"key": "tiny-holdout", "percent": 0.07, "moments": ["fmot.tiny"]}
    holdouts = [landing, second, everything, tiny]
    f = HoldoutFile(9, "holdouts", "holdout",
                    "Holdouts: a unit with bucket(\"holdout:\" + key + \":\" + unitId) < percent * 100 gets no "
                    "assignment in the holdout's moments (no variant, no rollout, no ad click; a force still "
                    "works); clients log one holdout exposure per covering holdout, \"holdout\" or \"exposed\" "
                    "(spec/README.md, Holdouts).",
                    state(["fmot.landing", "fmot.rolled-out", "fmot.two", "fmot.free", "fmot.targeted",
                           "fmot.tiny", "zmot.ad"],
                          [experiment("landing", "fmot.landing", "landing-salt", FULL),
                           experiment("rolled-out", "fmot.rolled-out", "ro-salt", FULL, status="stopped",
                                      rollout="bold"),
                           experiment("two", "fmot.two", "two-salt", FULL),
                           experiment("free", "fmot.free", "free-salt", FULL),
                           experiment("targeted", "fmot.targeted", "t-salt", FULL, targeting=MOBILE),
                           experiment("tiny", "fmot.tiny", "tiny-salt", FULL),
                           experiment("ad", "zmot.ad", "ad-salt", FULL, variants=ADS)],
                          holdouts))
    H = lambda ho: lambda u: held(ho, u)
    N = lambda ho: lambda u: not held(ho, u)
    both = lambda *ps: lambda u: all(p(u) for p in ps)

    m = "fmot.landing"
    member = find_unit(both(H(landing), N(everything)), "h-")
    outsider = find_unit(both(N(landing), N(everything)), "h-")
    f.case("unit in the holdout gets no assignment", m, member, expect="null", groups=["holdout", "exposed"])
    f.case("unit outside the holdout is assigned as usual", m, outsider, expect="some", groups=["exposed", "exposed"])
    f.case("a force still works for a unit in the holdout, and logs no holdout exposure", m, member,
           {"force": "landing:bold"}, expect="bold", groups=[])
    f.case("a force naming another moment's experiment does not lift the holdout", m, member,
           {"force": "two:bold"}, expect="null", groups=["holdout", "exposed"])
    f.case("invalid unit id: no assignment, no holdout exposure", m, "", expect="null", groups=[])
    m = "fmot.rolled-out"
    f.case("a stopped experiment's rollout is hidden from units in the holdout", m, member, expect="null",
           groups=["holdout", "exposed"])
    f.case("a stopped experiment's rollout is shown to units outside the holdout", m, outsider, expect="bold",
           groups=["exposed", "exposed"])
    m = "zmot.ad"
    f.case("an ad click in a held-out moment is not recorded", m, member, {"ad": "ad:b"}, expect="null",
           groups=["holdout", "exposed"])
    f.case("an ad click outside the holdout is recorded", m, outsider, {"ad": "ad:b"}, expect="b",
           groups=["exposed", "exposed"])
    m = "fmot.free"
    f.case("a moment not in the holdout's list: its member is assigned", m, member, expect="some",
           groups=["exposed"])
    f.case("a holdout without moments covers every moment: its member gets nothing", m,
           find_unit(H(everything), "h-"), expect="null", groups=["holdout"])
    f.case("targeting fails: no assignment, the holdout exposure is still logged", "fmot.targeted", outsider,
           {"device": "desktop"}, expect="null", groups=["exposed"])
    f.case("targeting passes outside the holdout: assigned", "fmot.targeted", outsider, {"device": "mobile"},
           expect="some", groups=["exposed"])
    m = "fmot.two"
    for label, pred, expect, groups in (
            ("in the first only", both(H(landing), N(second), N(everything)), "null", ["holdout", "exposed", "exposed"]),
            ("in the second only", both(N(landing), H(second), N(everything)), "null", ["exposed", "holdout", "exposed"]),
            ("in both", both(H(landing), H(second), N(everything)), "null", ["holdout", "holdout", "exposed"]),
            ("in neither", both(N(landing), N(second), N(everything)), "some", ["exposed", "exposed", "exposed"])):
        f.case("two holdouts on a moment, unit " + label, m, find_unit(pred, "two-"), expect=expect, groups=groups)
    f.case("a moment named only by a holdout: no assignment, the holdout exposures are logged",
           "fmot.no-experiment", member, expect="null", groups=["holdout", "exposed"])
    f.case("an unknown moment: no holdout exposure", "smot.unknown", member, expect="null", groups=[])
    m = "fmot.tiny"
    tiny_key = lambda b: lambda u: N(everything)(u) and bucket("holdout:tiny-holdout:" + u) == b
    f.case("holdout of 0.07 percent: bucket 6 is in", m, find_unit(tiny_key(6), "tiny-"), expect="null",
           groups=["exposed", "holdout"])
    f.case("holdout of 0.07 percent: bucket 7 is out (7 buckets, although 0.07 * 100 is 7.000000000000001)", m,
           find_unit(tiny_key(7), "tiny-"), expect="some", groups=["exposed", "exposed"])


# ---------------------------------------------------------------- output
def lines(items, indent):
    return "[\n" + ",\n".join(indent + "  " + json.dumps(x, ensure_ascii=False) for x in items) + "\n" + indent + "]"


def render(doc):
    """One line per moment, experiment and test: readable diffs, one line per change."""
    out = ["{"]
    for key, value in doc.items():
        if key == "state":
            parts = ['   "%s": %s' % (k, lines(v, "   ") if isinstance(v, list) else json.dumps(v, ensure_ascii=False))
                     for k, v in value.items()]
            text = "{\n" + ",\n".join(parts) + "\n }"
        elif key == "tests":
            text = lines(value, " ")
        else:
            text = json.dumps(value, ensure_ascii=False)
        out.append(' "%s": %s%s' % (key, text, "," if key != "tests" else ""))
    text = "\n".join(out) + "\n}\n"
    # readable UTF-8, except unpaired surrogates (only inside strings), which UTF-8 cannot hold
    return "".join("\\u%04x" % ord(c) if 0xD800 <= ord(c) <= 0xDFFF else c for c in text).encode("utf-8")


def outputs(checked):
    files = {f.name + ".json": render(f.document()) for f in FILES}
    index = {
        "description": (
            "Moments assignment test vectors (scheme: spec/README.md), one file per topic, each "
            "with one shared state and named tests; every file validates against "
            "case-file.schema.json. Generated by spec/tools/generate.py with Python's standard "
            "library, independently of any SDK; every hashed string (%d of them) was cross-checked "
            "against the reference C MurmurHash3_x86_32 in spec/tools/murmur3_ref.c." % checked),
        "schema": "case-file.schema.json",
        "files": [{"file": f.name + ".json", "op": f.op, "tests": len(f.tests)} for f in FILES],
    }
    files["index.json"] = (json.dumps(index, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def generated_names():
    return {n for n in os.listdir(OUT) if n == "index.json" or n[:2].isdigit() and n.endswith(".json")}


def main():
    hash_cases()
    unit_id_cases()
    targeting_cases()
    layers_file()
    assign_file()
    client_api_file()
    sticky_file()
    holdouts_file()
    files = outputs(cross_check_with_c())
    if sys.argv[1:] == ["--check"]:
        stale = sorted(n for n in generated_names() | set(files)
                       if not os.path.exists(os.path.join(OUT, n)) or n not in files
                       or open(os.path.join(OUT, n), "rb").read() != files[n])
        if stale:
            sys.exit("spec/assignment differs from what spec/tools/generate.py writes: " + ", ".join(stale))
        print("spec/assignment is up to date: %d files, %d tests" % (len(FILES), sum(len(f.tests) for f in FILES)))
        return
    os.makedirs(OUT, exist_ok=True)
    for n in generated_names() - set(files):
        os.remove(os.path.join(OUT, n))
    for n, data in files.items():
        with open(os.path.join(OUT, n), "wb") as out:
            out.write(data)
    for f in FILES:
        print("%-22s %4d tests" % (f.name + ".json", len(f.tests)))


if __name__ == "__main__":
    main()
