// Package metadata reads the email-header format of Python packaging files
// (core metadata: METADATA, PKG-INFO; the WHEEL file uses the same syntax)
// and core metadata versions 1.0 to 2.4.
//
// What it does: splits a file into ordered headers (continuation lines
// unfolded, names compared case-insensitively) and a body; maps core metadata
// onto [Metadata] with every multiple-use field (Requires-Dist, Provides-Extra,
// Classifier, Project-URL, ...) kept in order, the body as the Description
// when present; refuses a missing or unsupported Metadata-Version (3.0 and
// later), a missing Name or Version, and an invalid project name; says
// whether an sdist's PKG-INFO fixes its dependencies (PEP 643,
// StaticDependencies).
//
// What it does not do: it does not parse requirement strings, markers or
// versions (resolver/pep508 and resolver/pep440 do); it does not decode
// RFC 2047 encoded words; it does not write metadata.
package metadata
