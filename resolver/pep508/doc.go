// Package pep508 parses PEP 508 dependency specifications and evaluates
// environment markers.
//
// What it does:
//
//   - ValidName and CheckName apply PEP 508's name rule. The PEP 503 form
//     of project and extra names is archive/wheelname.Normalize, fwenv's
//     one normaliser, which this package and its callers use.
//   - ParseRequirement reads `name [extras] (specifiers | @ URL) ; marker`,
//     including the parenthesised `name (>=1.0)` form; Requirement.String
//     gives a canonical form (sorted extras, normalised and sorted
//     specifiers, canonical marker) that parses back to the same value.
//   - CutExtras splits the "[extras]" pip allows after a path or file name
//     ("./proj[dev]") off it.
//   - ParseMarker builds a marker tree (*Compare, *BoolOp, *Group) with
//     "and" binding tighter than "or", both quote styles, the PEP 508
//     variables and packaging's legacy aliases (os.name, sys.platform,
//     platform.version, platform.machine, platform.python_implementation,
//     python_implementation). Marker.Evaluate follows PEP 508: version
//     comparison when the right side is a PEP 440 specifier operand and the
//     left side a version (pre-releases count), "===" against a value that
//     is not a version an error (as current packaging), Python string
//     comparison otherwise (where current packaging answers false for
//     ordered comparisons; docs/versions.md), PEP 503-normalised comparison
//     for "extra" (which defaults to ""). Marker.EvaluateExtras applies pip's
//     rule for a dependency of a project installed with some extras.
//   - Environment is the marker environment as a map; SyntheticEnvironment
//     builds one for a target Python version and platform tag without
//     running Python, and documents what it has to guess.
//   - Every parse error is a *pep440.ParseError quoting the input and
//     pointing at the column.
//
// What it does not do: probe a real interpreter for its environment
// (env/python does that and hands the values in), read requirements files
// (-r, -c, --hash and friends live in lockfile), fetch or validate what a
// URL points to, or decide which extras are active (the caller sets
// "extra"). Differences from packaging 21.3, the copy pip 23.2 vendors, are
// listed in docs/versions.md.
package pep508
