#!/root/.pyenv/versions/3.11.7/bin/python3
"""Generate the pep440 reference tables from pip's vendored packaging.

Run from anywhere:  /root/.pyenv/versions/3.11.7/bin/python3 resolver/pep440/testdata/gen.py

It writes versions.json, specifiers.json, contains.json and filter.json next
to itself. The answers come from pip._vendor.packaging (packaging 21.3, as
shipped by pip 23.2.1), restricted to Version/Specifier semantics (strings
that only parse as LegacyVersion/LegacySpecifier are recorded as invalid).

Where fwenv deliberately follows PEP 440 and current packaging releases
instead of packaging 21.3, the row carries "deviation" with the reason and
the 21.3 answer in "ref"; the expected answer is computed by the small
helpers below (prefix matching on normalised versions, exclusive ordered
comparisons, ~= clauses distinct by release length, a pre-release named
by < or > asking for pre-releases, and Filter's pre-release fallback for
sets). DEVIATIONS names them; docs/versions.md
lists them with their sources.
"""
import itertools
import json
import os
import random
import re
import sys
import warnings

from pip._vendor.packaging.version import Version, InvalidVersion
from pip._vendor.packaging.specifiers import (
    Specifier, SpecifierSet, InvalidSpecifier, LegacySpecifier, _pad_version)

from exclusive import exclusive_match

warnings.simplefilter("ignore")
# Optional arguments (for wider differential runs, not for the committed tables):
#   gen.py [OUTDIR [SEED]]; the Go tests read OUTDIR when FWENV_PEP_TESTDATA=OUTDIR.
HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 440)

# The rules where fwenv follows PEP 440 and current packaging rather than
# 21.3; a row's "deviation" names the ones that change its answer (each is
# described, with its source, in docs/versions.md "Where fwenv differs").
DEVIATIONS = {
    "prefix": "prefix matching on normalised versions",
    "exclusive": "exclusive ordered comparisons (<V, >V)",
    "clauses": "~= clauses distinct by release length",
    "prerelease": "pre-release named by < or >",
}
FIX = dict.fromkeys(DEVIATIONS, True)


def dump(name, obj):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=0, separators=(",", ":"), sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------- versions

PEP_EXAMPLES = """
0.1 0.2 0.3 1.0 1.1 1.0 1.1 1.2 1.3 0.9 1.0 1.1 2.0 2.1 3.0 3.1 2012.4 2012.7
2012.10 2013.1 2013.6 1.0.dev456 1.0a1 1.0a2.dev456 1.0a12.dev456 1.0a12
1.0b1.dev456 1.0b2 1.0b2.post345.dev456 1.0b2.post345 1.0rc1.dev456 1.0rc1 1.0
1.0+abc.5 1.0+abc.7 1.0+5 1.0.post456.dev34 1.0.post456 1.0.15 1.1.dev1
1!1.0 1!1.0.dev1 0!1.0 2!0.1 1.0+ubuntu-1 1.0+ubuntu_1 1.0+ubuntu.1 1.0+Ubuntu.01
1.0.0 1.0.0.0 1 01 1.01 v1.0 V1.0 1.0-post1 1.0.post 1.0-1 1.0_1 1.0.POST1
1.0alpha1 1.0beta2 1.0c1 1.0pre1 1.0preview1 1.0RC1 1.0-rc.1 1.0.rc_1 1.0-r4
1.0rev4 1.0.dev 1.0-dev-1 1.0_dev_1 1.0.DEV1 1.0a 1.0.a 1.0-a-1 1.0a.1
1.0+Local.Ver 1.0+LOCAL 1.0a-1 1.0a--1 1.0a.post1 1.0a..post1 1.0a- 1.0.post.
1.0.dev- 1.0a.-1 1!v1.0 v1!1.0 1.0+1.2.3 1.0+a.b.c 1.0+a1.b2 1.0+001 1.0+0
00000 0.0.0 1.0.0.0.0.1 2.0.0a1 1.0.0a1 1.0a1 1.0.post0 1.0.post00 1.0-0
""".split()

INVALID = """
 . 1. .1 1..0 1.0. 1.0+ 1.0+. 1.0++1 1.0+-a 1.0+a- 1.0+a..b ! 1! !1 1!!1 vv1
1.0a1a1 1.0.post1.post2 1.0.dev1.dev2 1.0dev1a1 1.0-1-1 1.0- 1.0_ 1.0--1
foo 1.0foo 1.0.0.0x 1.0 2 1.0\t2 1,0 1.0* 1.0.* 1.0.x a1 dev1 post1 1.0a1+
-1.0 +1.0 1.0+local+more 1.0 + 1 1.0ab 1.0alpha-beta 1.0-post-dev-rc 1.0#1
""".split()


def spell_num(n):
    s = str(n)
    if rng.random() < 0.1:
        s = "0" * rng.randint(1, 2) + s
    return s


def rand_version(weird=True):
    parts = []
    if rng.random() < 0.1:
        parts.append(("v" if rng.random() < 0.7 else "V") if weird and rng.random() < 0.3 else "")
    if rng.random() < 0.12:
        parts.append(spell_num(rng.randint(0, 3)) + "!")
    rel = [rng.choice([0, 0, 1, 1, 2, 3, 10, 2024]) for _ in range(rng.randint(1, 4))]
    parts.append(".".join(spell_num(c) if weird else str(c) for c in rel))
    sep = lambda: rng.choice(["", "", "", ".", "-", "_"]) if weird else ""
    if rng.random() < 0.35:
        lab = rng.choice(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", "A", "RC"] if weird else ["a", "b", "rc"])
        num = "" if (weird and rng.random() < 0.15) else spell_num(rng.randint(0, 12))
        parts.append(sep() + lab + (sep() if num else "") + num)
    if rng.random() < 0.3:
        if weird and rng.random() < 0.2:
            parts.append("-" + str(rng.randint(0, 5)))
        else:
            lab = rng.choice(["post", "rev", "r", "POST"] if weird else ["post"])
            num = "" if (weird and rng.random() < 0.15) else spell_num(rng.randint(0, 5))
            parts.append((sep() or ".") + lab + num)
    if rng.random() < 0.3:
        num = "" if (weird and rng.random() < 0.15) else spell_num(rng.randint(0, 5))
        parts.append((sep() or ".") + rng.choice(["dev", "DEV"] if weird else ["dev"]) + num)
    if rng.random() < 0.2:
        labs = [rng.choice(["ubuntu", "1", "01", "a1", "abc", "Xyz", "2", "deb12"]) for _ in range(rng.randint(1, 3))]
        parts.append("+" + "".join(l + (rng.choice([".", "-", "_"]) if weird else ".") for l in labs)[:-1])
    s = "".join(parts)
    if weird and rng.random() < 0.05:
        s = " " * rng.randint(1, 2) + s + "\t" * rng.randint(0, 1)
    return s


def mutate(s):
    chars = list(s)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        pos = rng.randint(0, len(chars))
        if op < 0.4:
            chars.insert(pos, rng.choice(".-_+!*abcdeprv0123 ,;()=<>~"))
        elif op < 0.7 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif chars:
            chars[min(pos, len(chars) - 1)] = rng.choice(".-_+!abcdeprv019")
    return "".join(chars)


def parse_or_none(s):
    try:
        return Version(s)
    except InvalidVersion:
        return None


def vrow(s):
    v = parse_or_none(s)
    if v is None:
        return {"in": s, "valid": False}
    return {"in": s, "valid": True, "norm": str(v), "public": v.public,
            "base": v.base_version, "pre": v.is_prerelease,
            "post": v.is_postrelease, "dev": v.is_devrelease,
            "local": v.local or ""}


version_inputs = list(dict.fromkeys(PEP_EXAMPLES + INVALID + ["", "   ", "1.0 ", " 1.0"]))
while len(version_inputs) < 1400:
    s = rand_version()
    version_inputs.append(s)
    if rng.random() < 0.3:
        version_inputs.append(mutate(s))
version_inputs = list(dict.fromkeys(version_inputs))
vrows = [vrow(s) for s in version_inputs]

# ordering: every valid version gets a rank; equal versions share one.
valid = sorted({r["norm"] for r in vrows if r["valid"]} |
               {str(Version(rand_version(weird=False))) for _ in range(300)})
parsed = sorted((Version(s) for s in valid))
ranks, rank = {}, 0
for i, v in enumerate(parsed):
    if i > 0 and parsed[i - 1] != v:
        rank += 1
    ranks[str(v)] = rank
dump("versions.json", {"versions": vrows,
                       "order": [{"v": k, "rank": r} for k, r in sorted(ranks.items())]})

# ---------------------------------------------------------------- specifiers

OPS = ["~=", "==", "!=", "<=", ">=", "<", ">", "==="]


def canon_spec(sp):
    op, ver = sp.operator, sp.version
    if op == "===":
        return op + ver
    if ver.endswith(".*"):
        return op + str(Version(ver[:-2])) + ".*"
    return op + str(Version(ver))


def parse_set(s):
    """SpecifierSet or None when packaging rejects it or only accepts it as legacy."""
    try:
        ss = SpecifierSet(s)
    except InvalidSpecifier:
        return None
    if any(isinstance(x, LegacySpecifier) for x in ss):
        return None
    # 21.3 keeps its clauses in a set; remember them in order, as written.
    ss._specs_list = [Specifier(x) for x in s.split(",") if x.strip()]
    return ss


def clause_key(sp):
    """Current packaging's Specifier equality: the operator and the version,
    trailing zeros ignored except for ~= (~=1.18 and ~=1.18.0 differ;
    tests/test_specifiers.py test_specifier_equal_for_compatible_operator);
    21.3 ignores them for ~= too and drops ~=1.18.0 after ~=1.18."""
    op, ver = sp.operator, sp.version
    if op == "===" or ver.endswith(".*"):
        return op, canon_spec(sp)
    if op == "~=":
        return op, str(Version(ver))
    return op, Version(ver)


def clauses(ss):
    """ss's clauses without the repeats current packaging drops; the first
    spelling wins."""
    if not FIX["clauses"]:
        return list(ss)
    out = {}
    for sp in ss._specs_list:
        out.setdefault(clause_key(sp), sp)
    return list(out.values())


def canon_set(ss):
    """fwenv's canonical form: the clauses (a clause equal to an earlier one,
    ">=1.0,>=v1", is dropped), each normalised, sorted, without repeats."""
    return ",".join(sorted({canon_spec(x) for x in clauses(ss)}))


SPEC_EXAMPLES = """
~=2.2 ~=2.2.0 ~=1.4.5 ~=2.2.post3 ~=1.4.5a4 ~=1.4.5.0 ~=1!1.0 ~=1.0.dev1 ~=0.9
==2.2 ==2.2.0 ==1.1.* ==1.1.0.* ==1.* ==1.0a1.* ==1.0.post1.* ==1.0-1.* ==1.0.post.*
==1.0a.* ==1!1.* ==v1.0.* ==01.* ==1.0RC1.* ==1.0+local ==1.0+LOCAL.1 !=1.0+local
!=1.1.* !=1.0a1.* !=1! <=1.0 >=1.0 <1.0 >1.0 <1.0.post1 >1.0.post1 >1.0a1 <1.0a1
>1.0.dev1 <1.0.dev1 >=1.0.dev0 <2.0rc1 ===1.0 ===1.0a1 ===foobar ===1.0+local
>= 1.0 >=v1.0 <V2 ==1.0.0 ==1 >1!0.5 <1!2 >=1.0-1 <=1.0.POST1 ==1.0_dev1 ==1.0-a1
""".split() + ["=== spaced", "==="]

SPEC_INVALID = """
~=1 ~=1.* ~=1.0.* ~=1.0+local <1.0+local >=1.0.* <1.* =1.0 => 1.0 >= >=, ==1.0.dev1.*
==1.0+local.* ==1.*.0 ==1.0.*.* >>1.0 <>1.0 ==foo >=1.0a1a2 ~= ==1.0+ ==1.0.
==1.0a1.dev1.* !==1.0 ====1.0 ~=1.0,<2.0, >=1.0; <1.0) (>=1.0)
""".split() + [">=1.0,<", ">=1.0 <2", "== 1.0 .*", "= == 1.0"]

base_for_specs = ["1.0", "1.0.0", "1", "2.2", "1.4.5", "1.0a1", "1.0b2", "1.0rc1", "1.0.post1",
                  "1.0.dev1", "1.0a1.dev1", "1.0.post1.dev1", "1!1.0", "2.0", "0.9", "1.1",
                  "1.0a1.post1", "3.0.0"]


def rand_spec():
    op = rng.choice(OPS[:-1] + ["==", ">=", "<", ">", "!="])
    if rng.random() < 0.5:
        v = rng.choice(base_for_specs)
    else:
        v = rand_version(weird=rng.random() < 0.3)
    if op in ("==", "!=") and rng.random() < 0.3:
        v = v.split("+")[0] + ".*"
    if op == "~=" and rng.random() < 0.5 and "." not in v:
        v += ".0"
    if rng.random() < 0.1:
        op = "==="
    return op + (" " if rng.random() < 0.1 else "") + v.strip()


spec_inputs = list(dict.fromkeys(SPEC_EXAMPLES + SPEC_INVALID))
while len(spec_inputs) < 1000:
    s = rand_spec()
    spec_inputs.append(s if rng.random() > 0.1 else mutate(s))
spec_inputs = list(dict.fromkeys(spec_inputs))

set_inputs = ["", " ", ",", ">=1.0,,<2", ">=1.0, <2.0", "<2.0,>=1.0", ">=1.0,>=1.0", ">=1.0,>=1.0.0",
              ">=1.0a1,<2", "!=1.5,~=1.4", ">1.0,<1.0.post2", ">=1.0,<", ",>=1.0", ">=1.0,==1.1.*,!=1.1.3"]
while len(set_inputs) < 400:
    k = rng.randint(2, 3)
    set_inputs.append(",".join(rand_spec() for _ in range(k)))
# Added after the random ones so that the tables above keep their rows.
set_inputs += ["~=1.0,~=1.0.0", "~=1.0.0,~=1.0", "~=2.2,~=2.2.0,<3", ">1.0a1,<1.0.post1",
               ">1.0.dev0,<1.0.post2", ">1.0a1,<=1.0.post0"]
set_inputs = list(dict.fromkeys(set_inputs))

def spec_pre(sp):
    """Whether sp names a pre-release: current packaging's
    Specifier.prereleases counts every operator but != (so <1.0a2 and
    >1.0a1 too; 21.3 leaves out < and >)."""
    if FIX["prerelease"] and sp.operator in ("<", ">"):
        return Version(sp.version).is_prerelease
    return bool(sp.prereleases)


def set_pre(ss):
    """SpecifierSet.prereleases with spec_pre for each clause."""
    return any(spec_pre(x) for x in clauses(ss))


def pre_row(row, answer):
    """row["prereleases"] = answer(), with the 21.3 answer and the rule
    when they differ."""
    row["prereleases"] = answer()
    FIX["prerelease"] = False
    try:
        ref = answer()
    finally:
        FIX["prerelease"] = True
    if ref != row["prereleases"]:
        row["ref_prereleases"] = ref
        row["deviation"] = DEVIATIONS["prerelease"]
    return row


srows = []
for s in spec_inputs:
    try:
        sp = Specifier(s)
        srows.append(pre_row({"in": s, "valid": True, "canon": canon_spec(sp)}, lambda: spec_pre(sp)))
    except InvalidSpecifier:
        srows.append({"in": s, "valid": False})
setrows = []
for s in set_inputs:
    ss = parse_set(s)
    if ss is None:
        setrows.append({"in": s, "valid": False})
    else:
        setrows.append(pre_row({"in": s, "valid": True, "canon": canon_set(ss)}, lambda: set_pre(ss)))
dump("specifiers.json", {"specifiers": srows, "sets": setrows})

# ---------------------------------------------------------------- contains


def version_split(vstr):
    """Normalised version -> [epoch, release..., suffix tokens]."""
    epoch, _, rest = vstr.rpartition("!")
    out = [epoch or "0"]
    for item in rest.split("."):
        m = re.match(r"^([0-9]+)((?:a|b|c|rc)[0-9]+)$", item)
        out.extend(m.groups() if m else [item])
    return out


def prefix_match(prospective, spec_ver):
    """PEP 440 prefix matching on normalised strings (current packaging)."""
    sp = version_split(str(Version(spec_ver)))
    pp = version_split(str(Version(prospective.public)))
    padded, _ = _pad_version(pp, sp)
    return padded[: len(sp)] == sp


def pep_match(sp, v):
    """Specifier.contains(v, prereleases=True) with the prefix and exclusive
    ordered comparison rules fixed."""
    op, ver = sp.operator, sp.version
    if op in ("<", ">") and FIX["exclusive"]:
        return exclusive_match(op, Version(ver), v)
    if not FIX["prefix"]:
        return sp.contains(v, prereleases=True)
    if op in ("==", "!=") and ver.endswith(".*"):
        m = prefix_match(v, ver[:-2])
        return m if op == "==" else not m
    if op == "~=":
        sv = Version(ver)
        rel = [str(x) for x in sv.release[:-1]]
        prefix = (f"{sv.epoch}!" if sv.epoch else "") + ".".join(rel)
        return Version(v.public) >= sv and prefix_match(v, prefix)
    return sp.contains(v, prereleases=True)


def pep_contains(ss, v, prereleases):
    if prereleases is None:
        prereleases = set_pre(ss)
    if v.is_prerelease and not prereleases:
        return False
    return all(pep_match(x, v) for x in clauses(ss))


pool = ["0.1", "0.9", "0.9.9", "1", "1.0", "1.0.0", "1.0.0.0", "1.0.dev0", "1.0.dev1", "1.0a1",
        "1.0a1.dev1", "1.0a1.post1", "1.0a2", "1.0b1", "1.0rc1", "1.0rc1.post1.dev1", "1.0+local",
        "1.0+1", "1.0.post0", "1.0.post1", "1.0.post1.dev1", "1.0.post1+x", "1.0.post2", "1.0.1",
        "1.0.1a1", "1.0.1+l", "1.1", "1.1.dev1", "1.1a1", "1.1.0", "1.1.1", "1.1.3", "1.1.post1",
        "1.2", "1.4", "1.4.5", "1.4.5a4", "1.4.5.1", "1.4.6", "1.5", "1.5.0", "1.9", "2", "2.0",
        "2.0.dev1", "2.0a1", "2.0rc1", "2.0.post1", "2.0+x", "2.2", "2.2.0", "2.2.1", "2.2.post3",
        "2.2.post4", "2.3", "3.0", "3.0.0", "3.0a1", "10.0", "1!0.5", "1!1.0", "1!1.0a1", "1!2.0",
        "0!1.0", "1.0.0a1", "1.0.0.post1", "1.0.0.0a1", "1.0a1+x", "1.0.dev1+x", "2024.1",
        "1.0.0rc1", "0.0", "0", "1.0.15", "1.01"]
while len(pool) < 140:
    pool.append(rand_version(weird=False))
pool = list(dict.fromkeys(str(Version(x)) for x in pool))

def causes(prev, answer):
    """The DEVIATIONS whose rule changes answer(), joined with prev's."""
    full = answer()
    found = [x for x in (prev or "").split("; ") if x]
    for name, text in DEVIATIONS.items():
        FIX[name] = False
        try:
            if answer() != full and text not in found:
                found.append(text)
        finally:
            FIX[name] = True
    return "; ".join(found)


cases = [r["in"] for r in srows if r["valid"]] + [r["in"] for r in setrows if r["valid"]]
crow = []
ndev = 0
for s in cases:
    ss = parse_set(s)
    if ss is None:
        continue
    row = {"spec": s}
    for key, pre in (("none", None), ("true", True), ("false", False)):
        exp = "".join("1" if pep_contains(ss, Version(v), pre) else "0" for v in pool)
        ref = "".join("1" if ss.contains(Version(v), prereleases=pre) else "0" for v in pool)
        row[key] = exp
        if exp != ref:
            row["ref_" + key] = ref
            row["deviation"] = causes(row.get("deviation"),
                                      lambda: "".join("1" if pep_contains(ss, Version(v), pre) else "0" for v in pool))
    ndev += "deviation" in row
    crow.append(row)
dump("contains.json", {"versions": pool, "cases": crow})

# ---------------------------------------------------------------- filter

frows = []
filter_specs = [r["in"] for r in setrows if r["valid"]][:200] + [r["in"] for r in srows if r["valid"]][:200]
for s in filter_specs:
    ss = parse_set(s)
    vs = rng.sample(pool, 14)
    if rng.random() < 0.3:
        vs = [v for v in vs if Version(v).is_prerelease] or vs
    row = {"spec": s, "versions": vs}
    for key, pre in (("none", None), ("true", True), ("false", False)):
        ref = list(ss.filter(vs, prereleases=pre))
        # PEP 440 / Specifier.filter rule: with no explicit choice and no
        # specifier naming a pre-release, fall back to pre-releases when
        # nothing else matches.
        def expected():
            allow = pre if pre is not None else set_pre(ss)
            matching = [v for v in vs if pep_contains(ss, Version(v), True)]
            if allow:
                return matching
            finals = [v for v in matching if not Version(v).is_prerelease]
            return finals if (finals or pre is False) else matching
        exp = expected()
        row[key] = exp
        if exp != ref:
            row["ref_" + key] = ref
            row["deviation"] = causes(row.get("deviation"), expected) or "pre-release fallback"
    frows.append(row)
dump("filter.json", {"cases": frows})
print(f"versions={len(vrows)} order={len(ranks)} specifiers={len(srows)} sets={len(setrows)} "
      f"contains={len(crow)}x{len(pool)} (deviations {ndev}) filter={len(frows)}", file=sys.stderr)
