// Package wheelname parses distribution filenames: wheels (PEP 427, with
// compressed tag sets such as py2.py3-none-any) and source distributions
// (PEP 625: name-version.tar.gz or .zip), and normalises project names
// (PEP 503).
//
// What it does: splits a filename into name, version, optional build tag and
// tags; checks the name's characters, that the build tag starts with a digit
// and that the tags are well formed; gives the normalised name for
// comparisons. Normalize is fwenv's one PEP 503 normaliser, of project and
// extra names alike (resolver/pep508, the solver and the lock formats call
// it). EditDistance ranks names for "did you mean" suggestions.
//
// What it does not do: versions are kept as the strings found in the
// filename and are not checked against PEP 440 (resolver/pep440 does that);
// it does not open files or decide whether a wheel suits an interpreter
// (archive/tags does that with the tags returned here).
package wheelname
