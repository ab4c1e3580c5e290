// Package install changes an environment: it installs wheels and uninstalls
// distributions, transactionally and under the environment's lock.
//
// What it does, in Install:
//   - takes the environment's exclusive lock (env/install/lock) and first
//     repairs whatever an interrupted earlier run left (Recover);
//   - opens every wheel (archive/wheel validates it completely; a caller
//     that read the wheel first, a resolver, opens it with an Opener and
//     passes it in Request.Opened so it is validated once), refuses one
//     whose tags the target interpreter does not support, script or
//     entry-point names that would leave bin/ or replace python, activate or
//     pip files, and any destination outside the environment — all before
//     anything is unpacked into the cache or moved into the environment.
//     Destinations are judged as the kernel sees them (guard.go): a file is
//     never written through a symbolic link below the root (only the links
//     the layout goes through to a scheme folder, inside the environment,
//     are followed), and the environment's own files are recognised by
//     identity; generated files and byte-code are checked the same way when
//     the change is planned, and each folder once more right before the
//     commit moves files into it;
//   - unpacks each wheel once into the content-addressed cache
//     (env/install/cache) and stages its files inside the environment
//     (ENV/.fwenv/txn/ID/new, the same file system) by reflink, hard link or
//     copy (a wheel the cache holds already is staged as soon as it passed
//     its checks, while the others are still being checked; a refusal
//     removes the transaction folder); #!python shebangs are rewritten, console_scripts and gui_scripts
//     launchers generated (pip's and setuptools' own named for the target
//     Python as pip names them: pip, pipX, pipX.Y, easy_install-X.Y),
//     INSTALLER, REQUESTED, direct_url.json (PEP 610) and
//     RECORD (paths relative to site-packages, sha256 and size of every file)
//     written, and optionally every module byte-compiled;
//   - plans against the installed distributions (env/site): a reinstalled or
//     upgraded distribution loses every file of its old version, except files
//     another remaining distribution still lists; a file another
//     distribution owns is kept silently when identical and overwritten with a
//     warning (Result.Warnings) when different;
//   - writes a journal, then moves every file into place (the old one kept in
//     ENV/.fwenv/txn/ID/old), marks the journal committed and cleans up. A run
//     killed at any point (kill -9 included) leaves either the journal's
//     "before" or "after" state recoverable: Recover rolls back an uncommitted
//     transaction and finishes a committed one, so each distribution is wholly
//     old or wholly new. A failure in any wheel of a batch leaves the
//     environment as it was. A cancelled Options.Context stops the work
//     before the commit (the environment untouched); a commit under way
//     runs to its end, and Committing reports it, so a command interrupted
//     twice does not stop in its middle; Options.Committed is told what the
//     transaction installed and removed before Committing drops, so a
//     command stopped after the commit never says that nothing changed.
//
// Uninstall removes distributions from their RECORD in the same way. When a
// change removes pip, the same transaction puts pip's stand-ins
// (env/standin) in place of its launchers; pip's launchers overwrite them
// like any file no distribution owns.
//
// Progress is reported through Options.Progress; the package never prints.
//
// What it does not do: it does not resolve requirements, download, build
// sdists (callers hand it wheel files), or survive power loss beyond what
// the journal's fsync gives (individual file renames are not fsynced).
package install
