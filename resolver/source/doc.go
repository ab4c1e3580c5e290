// Package source says where distributions come from and which file to take.
//
// A find-links folder (FindLinks) is scanned once for wheels and sdists;
// each file is known by its normalised project name, its PEP 440 version and,
// for wheels, its compatibility tags. Choose picks the best file of a project
// for a target: the newest version the specifier allows (pre-releases as PEP
// 440 allows them, or when asked), and for that version the wheel with the
// best-ranked tag, else the sdist. When nothing fits, the error lists what
// was there and why each file was passed over.
//
// Package indexes (PEP 503/691), the download cache and network access are
// not here yet; this package touches only local folders.
package source
