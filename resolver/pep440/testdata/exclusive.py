"""exclusive_match: PEP 440's exclusive ordered comparisons (<V, >V) as
current packaging applies them, on pip's vendored packaging 21.3 Version
objects. Shared by resolver/pep440/testdata/gen.py and
resolver/pep508/testdata/gen.py."""
from pip._vendor.packaging.version import Version


def exclusive_match(op, spec, v):
    """<V and >V as PEP 440's "Exclusive ordered comparison" reads, as
    current packaging applies it (tests/test_specifiers.py test_specifiers
    and test_specifiers_prereleases; docs/versions.md):
      <V excludes the pre-releases of V unless V is one: everything from
         V.dev0, so <1.0.post1 keeps 1.0a1, 1.0.dev0 and 1.0.post0.dev0;
      >V excludes V's local versions, and V's post-releases unless V is one:
         for V a post- or dev-release only V+local (1.0.post0 is in
         >1.0.dev1); otherwise every version with V's release and
         pre-release segment (1.0a1.post0, 1.0a1+l), not 1.0a2+l nor
         1.0.post0 for >1.0a1."""
    if op == "<":
        if not v < spec:
            return False
        if spec.is_prerelease or not v.is_prerelease:
            return True
        post = f".post{spec.post}" if spec.post is not None else ""
        return v < Version(spec.base_version + post + ".dev0")
    if not v > spec:
        return False
    if spec.dev is not None or spec.post is not None:
        return Version(v.public) != spec
    return not (Version(v.base_version) == Version(spec.base_version) and v.pre == spec.pre)
