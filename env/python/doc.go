// Package python finds and describes Python interpreters.
//
// It turns a request given with -p/--python (a path, a command name such as
// python3.12, a version such as 3.11 or cpython3.11.7, or a PEP 440 range
// such as >=3.9,<3.13) into one real interpreter: pyenv shims are resolved to
// the executable they would run (from PYENV_VERSION, .python-version files
// and pyenv's global version file) without running the shim, and symlinks are
// followed so that a shim path never reaches an environment.
//
// Each interpreter is described by a small embedded probe script (probe.py):
// version, implementation, prefixes, the install scheme a virtual
// environment uses (sysconfig's "venv" scheme where it exists, else
// "posix_prefix"; never Debian's "posix_local"), the facts from which
// compatibility tags are computed, and the PEP 508 marker environment. A
// probe result is cached on disk keyed by the real path, size and mtime of
// the executable and by the probe script itself, so later commands do not
// start Python to learn it again.
//
// Supported are CPython 2.7 and 3.6 or newer (Info.Supported); an older one
// is still probed, so that it can be named in an UnsupportedError. The probe
// runs on 2.7 too (no f-strings; ABI flags and glibc found without the
// attributes 2.7 lacks); on 2.6, 3.0 and 3.1 (no sysconfig) it reports the
// version alone. The copied bin/python of a Python 2 environment in
// the landmark layout stands for its base interpreter.
//
// ForHost describes another host (a Python version, a platform tag, an
// implementation, an ABI) for resolving wheels without running it (fwenv
// download --python-version/--platform).
//
// The package does not create environments (see env/venv) and does not
// compute wheel tags itself (see archive/tags); it only reports facts.
package python
