// Package site reads an environment's database of installed distributions
// (PEP 376/627: the *.dist-info folders in site-packages with METADATA,
// RECORD, INSTALLER, REQUESTED, entry_points.txt, and PEP 610's
// direct_url.json) and computes what the list, show, freeze, entry-points,
// check and uninstall commands need from it.
//
// What it does:
//   - Open scans purelib and platlib once for *.dist-info folders and for
//     legacy *.egg-info folders and files (read-only); names are compared
//     after PEP 503 normalisation and, as in pip and importlib.metadata, the
//     first distribution found for a name wins (the others are reported in
//     DB.Problems);
//   - Dist.Files resolves RECORD rows (installed-files.txt for egg-info)
//     against site-packages and marks every path that would land outside
//     the environment's root as unusable;
//   - Freeze, List, Show and EntryPointsIn give pip 23.2's freeze, list and
//     show data and importlib.metadata's entry points (duplicates flagged);
//   - the packaging tools (pip, setuptools, distribute, wheel) are named
//     once, with one predicate for each command's rule about them:
//     HiddenByFreeze (pip freeze's), LeftOutOfLock (lock --from-env),
//     KeptBySync (sync);
//   - Check reports missing and conflicting requirements (markers evaluated
//     with the environment's marker values, extras ignored, as pip check
//     does) and re-hashes every RECORD file;
//   - PlanRemove plans an uninstall from RECORD: files still listed by a
//     distribution that stays are kept (shared namespace __init__.py files),
//     byte-code of removed modules goes too, folders left empty are removed,
//     and nothing outside the environment (by "..", absolute paths or
//     symbolic links) and none of the environment's own folders, interpreter
//     links, activation scripts, .fwenv/ state or the files of a Python 2
//     landmark layout (LandmarkFile and, by folder identity or case folded,
//     LandmarkFileFold: the rules env/install applies too) is
//     ever touched. Every
//     decision is on real paths (the folders above each row resolved, the
//     other distributions' rows resolved the same way); what is kept or
//     refused is in the plan for the caller to report; env/install
//     carries it out, in a transaction. CompactRemovals shortens the
//     plan's file list for a prompt (FOLDER/* for a folder removed whole);
//
// What it does not do: it installs nothing and writes no metadata (the
// installer, env/install, does), takes no lock on the environment, does not
// follow .egg-link files or .pth-based editable installs of old setuptools
// (a PEP 660 editable install has a dist-info with direct_url.json and is
// read), does not import entry points (that needs the interpreter), and
// does not print: commands format its data.
package site
