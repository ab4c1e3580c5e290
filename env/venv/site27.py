# site.py of a Python 2.7 environment made by fwenv.
#
# Python 2 ignores pyvenv.cfg: it finds its prefix from the landmark
# lib/python2.7/os.py next to the copied bin/python, so sys.prefix is this
# environment and sys.path holds only its own lib/python2.7. This module runs
# first (before anything of the standard library can be imported), puts the
# base interpreter's standard library on sys.path after the environment's,
# then runs the base interpreter's own site.py machinery with this
# environment as the only prefix (the base's too when
# include-system-site-packages is true).
import sys


def _fwenv_read(path):
    try:
        f = open(path)
    except IOError:
        return None
    try:
        return f.read()
    finally:
        f.close()


def _fwenv_setup():
    lib = "python%d.%d" % sys.version_info[:2]
    here = sys.prefix + "/lib/" + lib
    base = (_fwenv_read(here + "/orig-prefix.txt") or "").strip()
    if not base:
        raise SystemExit("fwenv: %s/orig-prefix.txt is missing; recreate the environment" % here)
    system_site = False
    for line in (_fwenv_read(sys.prefix + "/pyvenv.cfg") or "").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip().lower() == "include-system-site-packages":
            system_site = value.strip().lower() == "true"
    sys.real_prefix = base
    sys.base_prefix = base
    sys.base_exec_prefix = base
    base_lib = base + "/lib/" + lib
    paths = [base_lib] + _fwenv_plat_dirs(base_lib) + [
        base_lib + "/lib-tk", base_lib + "/lib-old", base_lib + "/lib-dynload"]
    for p in paths:
        if p not in sys.path:
            sys.path.append(p)
    return base, base_lib, system_site


def _fwenv_plat_dirs(base_lib):
    # The base's plat-* folders: plat-linux2 on most builds, but
    # plat-$MULTIARCH on Debian and Ubuntu (plat-x86_64-linux-gnu holds
    # _sysconfigdata_nd there), plat-darwin and plat-mac on macOS. Only the
    # posix module can list them this early (os is not importable yet).
    own = base_lib + "/plat-" + sys.platform
    try:
        import posix
        names = posix.listdir(base_lib)
    except (ImportError, OSError):
        return [own]
    dirs = []
    for name in sorted(names):
        p = base_lib + "/" + name
        if not name.startswith("plat-"):
            continue
        try:
            if posix.stat(p).st_mode & 0xF000 != 0x4000:
                continue
        except OSError:
            continue
        dirs.append(p)
    if own in dirs:
        dirs.remove(own)
        dirs.insert(0, own)
    return dirs


_fwenv_base, _fwenv_base_lib, _fwenv_system_site = _fwenv_setup()


def _fwenv_host_site():
    # The base's site.py, split at its top-level call of main(): what comes
    # before (its functions and settings) runs now in this module's
    # namespace, what comes after (_script and the __main__ guard, for
    # `python -m site`) runs once main() has run with this environment's
    # settings.
    src = _fwenv_read(_fwenv_base_lib + "/site.py")
    if src is None:
        raise SystemExit("fwenv: the base interpreter's %s/site.py is missing" % _fwenv_base_lib)
    lines = src.splitlines()
    cut = len(lines)
    for i, line in enumerate(lines):
        if line.rstrip() == "main()":
            cut = i
    name = _fwenv_base_lib + "/site.py"
    return (compile("\n".join(lines[:cut]) + "\n", name, "exec"),
            compile("\n" * (cut + 1) + "\n".join(lines[cut + 1:]) + "\n", name, "exec"))


_fwenv_defs, _fwenv_tail = _fwenv_host_site()
exec(_fwenv_defs)

# As in a Python 3 virtual environment: no user site-packages, and the
# prefixes searched for site-packages are the environment's (and the
# base's when include-system-site-packages is true).
ENABLE_USER_SITE = False
PREFIXES = [sys.prefix]
if sys.exec_prefix != sys.prefix:
    PREFIXES.append(sys.exec_prefix)
if _fwenv_system_site:
    PREFIXES.append(_fwenv_base)

main()
exec(_fwenv_tail)
