#!/root/.pyenv/versions/3.11.7/bin/python3
"""Generate the pep508 reference tables from pip's vendored packaging.

Run:  /root/.pyenv/versions/3.11.7/bin/python3 resolver/pep508/testdata/gen.py

Writes names.json, markers.json and requirements.json next to itself, from
pip._vendor.packaging (packaging 21.3, shipped with pip 23.2.1).

Marker evaluation follows PEP 508 and current packaging where packaging 21.3
differs; those rows carry "deviation" and the 21.3 answer in "ref" (see
docs/versions.md):
  * version comparisons accept pre-releases (3.13.0rc1 >= "3.8" is true;
    21.3 says false),
  * "extra" values are PEP 503-normalised on both sides,
  * when the right side is a version but the left side is not (platform_release
    "5.15.0-91-generic"), <, <=, ==, !=, >=, > fall back to Python string
    comparison as PEP 508 says (21.3 answers false); ~= stays false,
  * prefix matching (== "3.*") uses normalised versions,
  * === against a value that is not a version is an error (21.3 compares
    the strings),
  * <V and >V follow PEP 440's exclusive ordered comparisons as current
    packaging reads them (see resolver/pep440/testdata/gen.py),
  * variable-vs-variable compares both values, literal-vs-literal both literals.
"""
import json
import os
import random
import re
import sys
import warnings

from pip._vendor.packaging.markers import Marker, InvalidMarker, Variable, Value, Op
from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
from pip._vendor.packaging.specifiers import Specifier, InvalidSpecifier, LegacySpecifier, _pad_version
from pip._vendor.packaging.utils import canonicalize_name
from pip._vendor.packaging.version import Version, InvalidVersion

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "pep440", "testdata"))
from exclusive import exclusive_match  # noqa: E402  (shared with pep440's tables)

warnings.simplefilter("ignore")
# Optional arguments (for wider differential runs, not for the committed tables):
#   gen.py [OUTDIR [SEED]]; the Go tests read OUTDIR when FWENV_PEP_TESTDATA=OUTDIR.
HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 508)


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=0, separators=(",", ":"), sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------- names
NAME_RE = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
names = ["requests", "Django", "zope.interface", "Foo.Bar__baz", "a", "A-", "-a", "a--b", "a..b", "a_-_b",
         "", "1", "9lives", "a b", "ça", "a.", "_a", "foo-", "Foo_Bar", "FOO---BAR...baz", "x+y"]
alpha = "abcXYZ019-_."
while len(names) < 500:
    names.append("".join(rng.choice(alpha) for _ in range(rng.randint(1, 8))))
names = list(dict.fromkeys(names))
dump("names.json", [{"in": n, "valid": bool(NAME_RE.match(n)), "norm": canonicalize_name(n)} for n in names])

# ---------------------------------------------------------------- environments
ENVS = {
    "linux311": {"implementation_name": "cpython", "implementation_version": "3.11.7", "os_name": "posix",
                 "platform_machine": "x86_64", "platform_release": "6.1.0-18-amd64", "platform_system": "Linux",
                 "platform_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
                 "python_full_version": "3.11.7", "platform_python_implementation": "CPython",
                 "python_version": "3.11", "sys_platform": "linux", "extra": ""},
    "mac38": {"implementation_name": "cpython", "implementation_version": "3.8.18", "os_name": "posix",
              "platform_machine": "arm64", "platform_release": "22.6.0", "platform_system": "Darwin",
              "platform_version": "Darwin Kernel Version 22.6.0", "python_full_version": "3.8.18",
              "platform_python_implementation": "CPython", "python_version": "3.8", "sys_platform": "darwin",
              "extra": "Security_Extra"},
    "win312": {"implementation_name": "cpython", "implementation_version": "3.12.1", "os_name": "nt",
               "platform_machine": "AMD64", "platform_release": "10", "platform_system": "Windows",
               "platform_version": "10.0.22631", "python_full_version": "3.12.1",
               "platform_python_implementation": "CPython", "python_version": "3.12", "sys_platform": "win32",
               "extra": "tests"},
    "rc313": {"implementation_name": "cpython", "implementation_version": "3.13.0rc1", "os_name": "posix",
              "platform_machine": "aarch64", "platform_release": "5.15.0-91-generic", "platform_system": "Linux",
              "platform_version": "#101-Ubuntu SMP", "python_full_version": "3.13.0rc1",
              "platform_python_implementation": "CPython", "python_version": "3.13", "sys_platform": "linux",
              "extra": "security-extra"},
    "pypy": {"implementation_name": "pypy", "implementation_version": "7.3.11", "os_name": "posix",
             "platform_machine": "x86_64", "platform_release": "5.4.0", "platform_system": "Linux",
             "platform_version": "#1", "python_full_version": "3.9.16",
             "platform_python_implementation": "PyPy", "python_version": "3.9", "sys_platform": "linux",
             "extra": "test"},
}

# ---------------------------------------------------------------- PEP 508 evaluation (fwenv's rules)


def version_split(vstr):
    epoch, _, rest = vstr.rpartition("!")
    out = [epoch or "0"]
    for item in rest.split("."):
        m = re.match(r"^([0-9]+)((?:a|b|c|rc)[0-9]+)$", item)
        out.extend(m.groups() if m else [item])
    return out


def prefix_match(prospective, spec_ver):
    sp = version_split(str(Version(spec_ver)))
    pp = version_split(str(Version(prospective.public)))
    padded, _ = _pad_version(pp, sp)
    return padded[: len(sp)] == sp


# "=== against a value that is not a version is an error"; switched off only
# to tell which rows that rule decides.
STRICT_ARBITRARY = True


def parse_version(s):
    try:
        return Version(s)
    except InvalidVersion:
        return None


def spec_match(sp, v):
    op, ver = sp.operator, sp.version
    if op in ("<", ">"):
        return exclusive_match(op, Version(ver), v)
    if op in ("==", "!=") and ver.endswith(".*"):
        m = prefix_match(v, ver[:-2])
        return m if op == "==" else not m
    if op == "~=":
        sv = Version(ver)
        prefix = (f"{sv.epoch}!" if sv.epoch else "") + ".".join(str(x) for x in sv.release[:-1])
        return Version(v.public) >= sv and prefix_match(v, prefix)
    return sp.contains(v, prereleases=True)


class Undefined(Exception):
    pass


STR_OPS = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
           "!=": lambda a, b: a != b, ">=": lambda a, b: a >= b, ">": lambda a, b: a > b}


def pep_op(lhs, op, rhs):
    if op == "in":
        return lhs in rhs
    if op == "not in":
        return lhs not in rhs
    if op == "===" and STRICT_ARBITRARY and parse_version(rhs) is None:
        # "=== against a value that is not a version" (docs/versions.md;
        # packaging tests/test_markers.py
        # test_arbitrary_equality_on_non_version_key_is_undefined).
        raise Undefined(op)
    try:
        sp = Specifier(op + rhs)
    except InvalidSpecifier:
        sp = None
    if sp is not None:
        try:
            return spec_match(sp, Version(lhs))
        except InvalidVersion:
            if op == "===":
                return lhs.lower() == sp.version.lower()
            if op == "~=":
                return False
    if op in STR_OPS:
        return STR_OPS[op](lhs, rhs)
    raise Undefined(op)


def pep_eval(markers, env):
    groups = [[]]
    err = None
    for m in markers:
        if isinstance(m, list):
            groups[-1].append(pep_eval(m, env))
        elif isinstance(m, tuple):
            lhs, op, rhs = m
            lv = env[lhs.value] if isinstance(lhs, Variable) else lhs.value
            rv = env[rhs.value] if isinstance(rhs, Variable) else rhs.value
            if (isinstance(lhs, Variable) and lhs.value == "extra") or (isinstance(rhs, Variable) and rhs.value == "extra"):
                lv, rv = canonicalize_name(lv), canonicalize_name(rv)
            groups[-1].append(pep_op(lv, op.value, rv))
        elif m == "or":
            groups.append([])
    return any(all(g) for g in groups)


def evaluations(mk):
    """fwenv-rule and packaging-21.3 results per environment: T, F or E."""
    exp, ref = {}, {}
    for name, env in ENVS.items():
        try:
            exp[name] = "T" if pep_eval(mk._markers, env) else "F"
        except Undefined:
            exp[name] = "E"
        try:
            ref[name] = "T" if mk.evaluate(env) else "F"
        except Exception:
            ref[name] = "E"
    return exp, ref


# ---------------------------------------------------------------- markers
VARS = ["python_version", "python_full_version", "implementation_version", "platform_release",
        "os_name", "sys_platform", "platform_machine", "platform_system", "platform_version",
        "implementation_name", "platform_python_implementation", "extra",
        "os.name", "sys.platform", "platform.machine", "platform.python_implementation",
        "python_implementation", "platform.version"]
VALUES = {
    "python_version": ["3.8", "3.11", "3.12", "3.13", "3", "2.7", "3.*", "3.1*", "3.11.*", "3.10", "3.8.0"],
    "python_full_version": ["3.11.7", "3.13.0", "3.13.0rc1", "3.8", "3.11.*", "3.12.1", "3.9.16"],
    "implementation_version": ["7.3", "3.11", "7.3.11", "3.13.0a1"],
    "platform_release": ["5.15", "6.1.0-18-amd64", "22.6.0", "10", "5.4.0", "5"],
    "os_name": ["posix", "nt", "java"],
    "sys_platform": ["linux", "darwin", "win32", "cygwin", "lin"],
    "platform_machine": ["x86_64", "arm64", "aarch64", "AMD64", "x86_64 aarch64 arm64"],
    "platform_system": ["Linux", "Darwin", "Windows"],
    "platform_version": ["#1", "10.0.22631", "Darwin"],
    "implementation_name": ["cpython", "pypy"],
    "platform_python_implementation": ["CPython", "PyPy"],
    "extra": ["security-extra", "Security.Extra", "tests", "test", "", "TESTS", "security__extra"],
}
OPS = ["==", "!=", "<", "<=", ">", ">=", "~=", "===", "in", "not in"]


def canon_var(v):
    return {"os.name": "os_name", "sys.platform": "sys_platform", "platform.machine": "platform_machine",
            "platform.python_implementation": "platform_python_implementation",
            "python_implementation": "platform_python_implementation",
            "platform.version": "platform_version"}.get(v, v)


def quote(s):
    q = rng.choice(["'", '"'])
    return q + s + q


def rand_item():
    var = rng.choice(VARS)
    op = rng.choice(OPS) if rng.random() < 0.5 else rng.choice(["==", ">=", "<", "!="])
    val = rng.choice(VALUES[canon_var(var)])
    ws = lambda: rng.choice(["", " ", " ", "  ", "\t"])
    if rng.random() < 0.15:
        return quote(val) + ws() + (" " if op[0].isalpha() else "") + op + " " + var
    if rng.random() < 0.02:
        return var + " " + op + " " + rng.choice(VARS)
    sep1 = ws() if not op[0].isalpha() else " "
    sep2 = ws() if not op[0].isalpha() else rng.choice([" ", ""])
    return var + sep1 + op + sep2 + quote(val)


def rand_marker(depth=0):
    n = rng.randint(1, 3 if depth < 2 else 1)
    out = []
    for i in range(n):
        if i:
            out.append(rng.choice([" and ", " or ", " and ", "  or\t"]))
        if depth < 2 and rng.random() < 0.2:
            out.append("(" + rng.choice(["", " "]) + rand_marker(depth + 1) + rng.choice(["", " "]) + ")")
        else:
            out.append(rand_item())
    return "".join(out)


def mutate(s):
    chars = list(s)
    for _ in range(rng.randint(1, 2)):
        pos = rng.randint(0, max(0, len(chars) - 1))
        r = rng.random()
        if r < 0.4:
            chars.insert(pos, rng.choice("()'\"=<> ,;xa"))
        elif r < 0.8 and chars:
            del chars[pos]
        elif chars:
            chars[pos] = rng.choice("()'\"=<>x")
    return "".join(chars)


MARKER_EXAMPLES = [
    'python_version >= "3.8"', "python_version<'3'", 'os_name == "posix" and sys_platform != "win32"',
    'extra == "security-extra"', 'extra == "Security_Extra"', "extra == 'tests' or extra == 'test'",
    'python_full_version >= "3.8"', 'python_version in "3.10 3.11 3.12"', '"arm" in platform_machine',
    'platform_machine not in "x86_64 AMD64"', 'python_version == "3.*"', 'python_version ~= "3.8"',
    'platform_release >= "5"', 'platform_release ~= "5.4"', 'platform_release === "5.4.0"',
    'implementation_version >= "7"', '(os_name == "nt" or os_name == "posix") and python_version < "3.12"',
    '((python_version > "3.8"))', '((os_name == "nt" or os_name == "posix")) and extra == "x"',
    'os_name == "posix" or (python_version >= "3" and (sys_platform == "linux" or sys_platform == "darwin"))',
    'os.name == "posix"', 'sys.platform == "linux"', 'python_implementation == "CPython"',
    'python_version >= "3.8" and python_version < "4"', "python_version == '3.11.*'",
    "python_full_version == '3.13.*'", "python_full_version < '3.13'", "python_full_version <= '3.13.0'",
    "python_version >= python_full_version", "'a' == 'a'", "platform_version == \"#1\"",
    "python_version=='3.11'and os_name=='posix'", "python_version > '3.11' or os_name=='nt'",
    'python_version === "3.11"', 'platform_system ~= "Linux"', 'platform_release < "6"',
    'implementation_name == "cpython" and platform_python_implementation != "PyPy"',
]
MARKER_INVALID = ["", " ", "python_version", "python_version >=", '>= "3"', 'python_version >= 3',
                  'python_version >= "3', "python_version >= '3\"", 'foo == "bar"', 'python_version == "3" and',
                  '(python_version == "3"', 'python_version == "3")', '()', 'python_version <> "3"',
                  'python_version => "3"', 'python_version notin "3"',
                  'Python_Version == "3"', 'python_version == "3" xor os_name == "nt"', 'and', 'or ()',
                  'python_version notin"3"', 'python_version in"3"and os_name','python_version>"3"or',
                  "python_version = '3'", "python_version ! '3'"]
marker_inputs = MARKER_EXAMPLES + MARKER_INVALID
while len(marker_inputs) < 1500:
    m = rand_marker()
    marker_inputs.append(m if rng.random() > 0.15 else mutate(m))
marker_inputs = list(dict.fromkeys(marker_inputs))

KNOWN_WORDS = set(VARS) | {"and", "or", "in", "not"}


def glued_words(marker_text):
    """True when packaging 21.3 accepts words run together ("orpython_version",
    "sys_platformnot in"): its grammar has no word boundaries, PEP 508's
    tokens do, and fwenv rejects them."""
    bare = re.sub(r"'[^']*'|\"[^\"]*\"", "#", marker_text)
    return any(w not in KNOWN_WORDS for w in re.findall(r"[A-Za-z0-9_.]+", bare))


def marker_row(s):
    try:
        mk = Marker(s)
    except InvalidMarker:
        return {"in": s, "valid": False}
    if glued_words(s):
        return {"in": s, "valid": False, "deviation": "no word boundary (packaging 21.3 accepts it)"}
    row = {"in": s, "valid": True, "str": str(mk)}
    exp, ref = evaluations(mk)
    row["eval"] = exp
    if exp != ref:
        row["ref"] = ref
        global STRICT_ARBITRARY
        STRICT_ARBITRARY = False
        loose, _ = evaluations(mk)
        STRICT_ARBITRARY = True
        reasons = []
        if loose != exp:
            reasons.append("=== against a value that is not a version is an error")
        if loose != ref:
            reasons.append("PEP 508 evaluation rules")
        row["deviation"] = "; ".join(reasons)
    # packaging 21.3 prints "((a or b)) and c" as "a or b and c" and always
    # uses double quotes; fwenv keeps the group and quotes values holding '"'.
    if re.search(r"\(\s*\(", s) or '"' in "".join(str(x) for x in re.findall(r"'([^']*)'", s)):
        row["str_differs"] = True
    return row


mrows = [marker_row(s) for s in marker_inputs]
dump("markers.json", {"environments": ENVS, "markers": mrows})

# ---------------------------------------------------------------- requirements


def canon_spec(sp):
    op, ver = sp.operator, sp.version
    if op == "===":
        return op + ver
    if ver.endswith(".*"):
        return op + str(Version(ver[:-2])) + ".*"
    return op + str(Version(ver))


REQ_EXAMPLES = [
    "requests", "requests[socks]", "requests [socks, security] >= 2.8.1, == 2.8.*", "name (>=1.0)",
    "name(>=1.0,<2)", "name>=1.0;python_version<'3'", "name >= 1.0 ; python_version < '3'",
    "name[quux, strange];python_version<'2.7' and platform_version=='2'",
    "name@http://foo.com", "name @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686",
    "name @ file:///tmp/pkg-1.0.tar.gz", "name @ file:///tmp/x ; os_name == 'posix'",
    "pip @ git+https://github.com/pypa/pip.git@main#egg=pip", "name[]", "name[] >= 1", "A.B-C_D", "a-b_c.d[x]",
    "name ~= 1.4.2", "name===1.0", "name === 1.0", "name===1.0 ; os_name == 'nt'", "name==1.0.post1", "name>=v1.0", "name<=2.0.0RC1",
    "zope.interface>=5", "Foo.Bar[Baz_Qux,baz-qux]!=1.1.*", "name[b,a,b]", "name ; extra == 'Tests'",
    "name[x](>=1)", " name ", "name\t>=1.0", "name>=1.0 , <2.0",
]
REQ_INVALID = ["", "-name", "name-", "name[", "name[a", "name[a,]", "name[,a]", "name >= ", "name (>=1.0",
               "name >=1.0)", "name @", "name @ ", "name@ foo", "name @ http://", "name @ http://x;os_name=='a'",
               "name>=1.0;", "name ; ", "name 1.0", "name>=1.0,", "name>=1.0,,<2", "name ()", "name[a b]",
               "name>=1.0 <2", "name;python_version", "name @ file:/tmp/x", "na me", "name>=foo", "name=1",
               "name===", "name>=1.0+local", "name~=1"]
req_inputs = REQ_EXAMPLES + REQ_INVALID
# "===" is left out: packaging 21.3 lets its operand run over ",", ")" and
# ";" (PEP 508 does not); see ARBITRARY below.
SPECS = [">=1.0", "<2", "==1.4.*", "~=2.2", "!=1.5", ">1.0a1", "== 1.0", ">=v1", "<=2.0.0.post1", ">=1.0.0"]
while len(req_inputs) < 800:
    name = rng.choice(["requests", "Django", "zope.interface", "a", "Foo_Bar", "x-y.z", "pkg9", "-bad", "bad-"])
    s = name
    if rng.random() < 0.3:
        s += rng.choice(["", " "]) + "[" + ", ".join(rng.sample(["socks", "Security", "tests", "a_b", "x.y"], rng.randint(0, 3))) + "]"
    r = rng.random()
    if r < 0.15:
        s += rng.choice([" @ ", "@ ", "@"]) + rng.choice(["https://h/p.whl", "file:///t/x.tar.gz", "git+ssh://git@h/r.git@v1", "http://h"])
        if rng.random() < 0.4:
            s += " ; " + rand_marker(1)
    else:
        if r < 0.75:
            specs = ",".join(rng.sample(SPECS, rng.randint(1, 3)))
            s += rng.choice(["", " "]) + (f"({specs})" if rng.random() < 0.2 else specs)
        if rng.random() < 0.4:
            s += rng.choice([";", " ;", " ; "]) + rand_marker(1)
    req_inputs.append(s if rng.random() > 0.12 else mutate(s))
req_inputs = list(dict.fromkeys(req_inputs))

rrows = []
for s in req_inputs:
    try:
        rq = Requirement(s)
    except InvalidRequirement:
        rrows.append({"in": s, "valid": False})
        continue
    after = s[s.index(rq.url) + len(rq.url):] if rq.url else s
    if rq.marker and glued_words(after[after.index(";") + 1:]):
        rrows.append({"in": s, "valid": False, "deviation": "no word boundary in the marker"})
        continue
    if any(isinstance(x, LegacySpecifier) for x in rq.specifier):
        rrows.append({"in": s, "valid": False, "deviation": "LegacySpecifier is not accepted"})
        continue
    row = {"in": s, "valid": True, "name": rq.name, "extras": sorted(rq.extras),
           "specifier": ",".join(sorted({canon_spec(x) for x in rq.specifier})),  # packaging's dedup
           "url": rq.url or "", "marker": str(rq.marker) if rq.marker else ""}
    if rq.marker:
        row["eval"], _ = evaluations(rq.marker)
        if re.search(r"\(\s*\(", s) or "'" in s and '"' in s:
            row["str_differs"] = True
    rrows.append(row)
# PEP 508 ends a version at ",", ";" and ")"; packaging 21.3's "===" runs on.
ARBITRARY = [
    {"in": "x(===1.0)", "valid": True, "name": "x", "extras": [], "specifier": "===1.0", "url": "", "marker": ""},
    {"in": "x===1.0;os_name=='a'", "valid": True, "name": "x", "extras": [], "specifier": "===1.0", "url": "",
     "marker": 'os_name == "a"', "eval": {k: ("T" if v["os_name"] == "a" else "F") for k, v in ENVS.items()}},
    {"in": "x===1.0,>=1", "valid": True, "name": "x", "extras": [], "specifier": "===1.0,>=1", "url": "", "marker": ""},
]
for r in ARBITRARY:
    r["deviation"] = "=== operand ends at , ; )"
dump("requirements.json", rrows + ARBITRARY)

# ---------------------------------------------------------------- real interpreters
# The marker environment of every pyenv CPython on this machine, computed by
# the interpreter itself the way packaging's default_environment() does, to
# check SyntheticEnvironment(version, "linux_x86_64") against.
import glob
import subprocess

PROBE = r"""
import json, os, platform, sys
i = sys.implementation.version
iv = "%d.%d.%d" % (i.major, i.minor, i.micro)
if i.releaselevel != "final":
    iv += i.releaselevel[0] + str(i.serial)
print(json.dumps({
    "implementation_name": sys.implementation.name, "implementation_version": iv,
    "os_name": os.name, "platform_machine": platform.machine(),
    "platform_release": platform.release(), "platform_system": platform.system(),
    "platform_version": platform.version(), "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]), "sys_platform": sys.platform}))
"""
real = []
for exe in sorted(glob.glob("/root/.pyenv/versions/3.*/bin/python3")):
    out = subprocess.run([exe, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    env = json.loads(out)
    # the machine's kernel is not part of the table
    env["platform_release"] = env["platform_version"] = ""
    real.append(env)
dump("interpreters.json", real)
print(f"names={len(names)} markers={len(mrows)} (valid {sum(r['valid'] for r in mrows)}, "
      f"deviations {sum('deviation' in r for r in mrows)}) requirements={len(rrows)} "
      f"(valid {sum(r['valid'] for r in rrows)})", file=sys.stderr)
