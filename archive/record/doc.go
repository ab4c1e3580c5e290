// Package record reads and writes RECORD files (the list of installed or
// packed files with hashes and sizes, PEP 376/627 and the wheel spec) and
// computes the hashes they hold.
//
// What it does: parses the CSV rows "path,algorithm=digest,size" with
// urlsafe base64 digests without padding; refuses rows with the wrong number
// of fields, a path given twice, an unknown or weak algorithm (md5, sha1), a
// digest of the wrong length or a bad size; writes RECORD files the same way.
// Paths are kept as written: judging whether a path is safe belongs to the
// caller (archive/wheel for wheels).
//
// What it does not do: it does not read files on disk or in archives, and it
// does not verify signatures (RECORD.jws, RECORD.p7s).
package record
