// Package pep440 parses, normalises and orders Python package versions and
// matches them against version specifiers, following PEP 440 as
// packaging.version and packaging.specifiers implement it.
//
// What it does:
//
//   - Parse accepts every spelling PEP 440 permits ("v1.0", "1.0-1",
//     "1.0alpha1", "1.0.post", "1.0_dev2", "1.0+Local.Ver", leading zeros,
//     surrounding whitespace) and Version.String gives the normalised form
//     ("1.0a1", "1.0.post1", "1.0+local.ver"). The release keeps the number
//     of components written: "1.0.0" stays "1.0.0" but compares equal to "1.0".
//   - Version.Compare orders epochs, releases, pre-, post- and development
//     releases and local labels exactly as packaging.version.Version does,
//     using a key computed once at parse time; it does not allocate.
//   - ParseSpecifier and ParseSpecifierSet accept ~=, ==, !=, <=, >=, <, >,
//     ===, ==V.* and !=V.*; Contains, ContainsPre and Filter apply all of
//     PEP 440's rules as current packaging reads them: <V excludes
//     pre-releases of V unless V is one (for V a post-release, only its own
//     development releases), >V excludes V's local versions and V's
//     post-releases unless V is one (1.0.post0 and 1.0a2+l are above
//     1.0a1), == and != ignore the candidate's local label unless the
//     specifier has one, ~= clauses differ by release length (~=1.18 is
//     not ~=1.18.0), and pre-releases are accepted when asked for
//     (PreInclude), when a clause names one with any operator but !=
//     (NamesPrerelease: <1.0a2 and >1.0a1 too; the one rule the resolver
//     and the command layer use), or (Filter) when only pre-releases match.
//   - Set represents a set of versions as a union of intervals for the
//     resolver, with Intersect, Union, Complement, IsEmpty and Contains;
//     FromSpecifierSet converts a specifier set and says where the
//     representation approximates the specifier (see Set).
//   - Every parse error is a *ParseError carrying the input and column.
//
// What it does not do: LegacyVersion (strings that are not PEP 440
// versions are errors, never ordered), reading versions from files,
// requirement strings and markers (package pep508), or choosing between
// candidates (the resolver).
//
// Deliberate differences from packaging 21.3 (the copy pip 23.2 vendors)
// are listed in docs/versions.md: prefix matching (==1.0.*, ~=) works on
// normalised versions, <V, >V and ~= clauses follow PEP 440 as in
// current packaging releases, a pre-release named by < or > asks for
// pre-releases, and SpecifierSet.Filter falls back to
// pre-releases when nothing else matches, as Specifier.filter and PEP 440
// do.
package pep440
