# fwenv's PEP 517/660 hook runner. fwenv writes this file next to a request
# (JSON) and runs it with the build environment's interpreter, the project
# folder as the working directory:
#
#     python runner.py REQUEST.json RESULT.json
#
# The request names the backend, its in-tree path, the hook and its
# arguments; the result (JSON) is written to a file because backends print to
# stdout and stderr freely (fwenv captures both into a log). Compatible with
# Python 2.7 and 3.6 and later (no f-strings, no keyword-only arguments, no
# exist_ok, no os.replace or os.path.commonpath); only the standard library
# is used.
#
# Besides the PEP 517/660 hooks, two hooks of fwenv's own serve the legacy
# path for setuptools projects whose build environment cannot make wheels
# (no `wheel` package for the target) or editable wheels (setuptools older
# than 64): fwenv_legacy_egg_info runs `setup.py egg_info` into a given
# folder, fwenv_legacy_install runs a staged `setup.py install
# --single-version-externally-managed --root STAGE`; fwenv packs the results
# into wheels itself.
import importlib
import io
import json
import os
import shutil
import sys
import traceback
import zipfile

OPTIONAL = {
    "get_requires_for_build_wheel",
    "get_requires_for_build_sdist",
    "get_requires_for_build_editable",
    "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable",
}


class Failure(Exception):
    def __init__(self, kind, message, tb=""):
        Exception.__init__(self, message)
        self.kind = kind
        self.message = message
        self.tb = tb


def load_backend(ref, backend_path):
    if backend_path:
        sys.path[:0] = backend_path
    mod_name, _, obj_path = ref.partition(":")
    try:
        obj = importlib.import_module(mod_name)
    except ImportError as e:
        raise Failure("backend-unavailable",
                      "cannot import build backend %r: %s" % (mod_name, e),
                      traceback.format_exc())
    except Exception as e:
        raise Failure("backend-unavailable",
                      "importing build backend %r failed: %s: %s" % (mod_name, type(e).__name__, e),
                      traceback.format_exc())
    if backend_path:
        # PEP 517: an in-tree backend must be loaded from backend-path.
        where = os.path.abspath(getattr(obj, "__file__", "") or "")
        if not any(inside(where, p) for p in backend_path):
            raise Failure("backend-invalid",
                          "build backend %r was loaded from %s, not from backend-path %s"
                          % (ref, where, backend_path))
    for attr in filter(None, obj_path.split(".")):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise Failure("backend-unavailable",
                          "build backend %r has no attribute %r" % (ref, attr))
    return obj


def inside(path, folder):
    folder = os.path.normcase(os.path.abspath(folder))
    path = os.path.normcase(os.path.abspath(path))
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def makedirs(path):
    if not os.path.isdir(path):
        os.makedirs(path)


def native(s):
    # Python 2 hands JSON strings back as unicode; paths and argv want the
    # native str.
    if sys.version_info[0] == 2 and not isinstance(s, str):
        return s.encode(sys.getfilesystemencoding() or "utf-8")
    return s


def run_setup(argv):
    """Runs the project's setup.py (or a bare setup() for a setup.cfg-only
    project) in this process with argv, setuptools imported first so that it
    patches distutils, as pip's legacy shim did. Returns the distribution."""
    import setuptools  # noqa: F401 (must come before distutils is used)
    import distutils.core
    here = os.getcwd()
    script = os.path.join(here, "setup.py")
    if os.path.exists(script):
        with io.open(script, "rb") as f:
            code = f.read().replace(b"\r\n", b"\n")
    else:
        code = b"from setuptools import setup\nsetup()\n"
    sys.argv = [native(script)] + [native(a) for a in argv]
    if here not in sys.path:
        sys.path.insert(0, here)
    scope = {"__file__": native(script), "__name__": "__main__"}
    try:
        exec(compile(code, native(script), "exec"), scope)
    except SystemExit as e:
        if e.code not in (None, 0):
            raise Failure("hook-failed", "setup.py exited with: %s" % (e.code,),
                          traceback.format_exc())
    dist = getattr(distutils.core, "_setup_distribution", None)
    if dist is None:
        raise Failure("hook-failed", "setup.py did not call setup()")
    return dist


def dist_facts(dist):
    universal = False
    for section in ("bdist_wheel", "wheel"):
        opt = dist.get_option_dict(section).get("universal")
        if opt and str(opt[1]).strip().lower() in ("1", "true", "yes", "on"):
            universal = True
    return {
        "package_dir": (dist.package_dir or {}).get("", ""),
        "pure": not (dist.has_ext_modules() or dist.has_c_libraries()),
        "universal": universal,
        "scripts": list(dist.scripts or []),
    }


def legacy_egg_info(egg_base):
    makedirs(egg_base)
    dist = run_setup(["egg_info", "--egg-base", egg_base])
    return dist_facts(dist)


def legacy_install(stage, work):
    # Every install folder is named under the root, so the staged tree says
    # what goes where: STAGE/purelib or STAGE/platlib (whichever distutils
    # picked for install_lib), scripts, data, headers. Scripts get the
    # "#!python" line wheels carry; nothing is compiled (the installer does).
    for d in (stage, work, os.path.join(work, "egg-base")):
        makedirs(d)
    dist = run_setup([
        "egg_info", "--egg-base", os.path.join(work, "egg-base"),
        "build", "--build-base", os.path.join(work, "build"),
        "build_scripts", "--executable", "python",
        "install", "--single-version-externally-managed",
        "--root", stage, "--record", os.path.join(work, "record.txt"), "--no-compile",
        "--install-purelib", "/purelib", "--install-platlib", "/platlib",
        "--install-scripts", "/scripts", "--install-data", "/data",
        "--install-headers", "/headers",
    ])
    return dist_facts(dist)


def legacy_build_ext(build_temp):
    # Editable installs of projects with extension modules: built in place,
    # next to their sources, as setup.py develop does.
    makedirs(build_temp)
    return dist_facts(run_setup(["build_ext", "--inplace", "--build-temp", build_temp]))


class _SetupRequires(Exception):
    pass


def legacy_requires():
    # The project's setup_requires, read as setuptools' own backend does
    # (setuptools asks for them before setup() runs any command) but with
    # `setup.py --name`, which writes nothing into the project, and without
    # the `wheel` that backend adds.
    import setuptools.dist
    import pkg_resources

    def fetch(self, requires):
        raise _SetupRequires(requires)

    cls = setuptools.dist.Distribution
    saved = cls.__dict__["fetch_build_eggs"]
    cls.fetch_build_eggs = fetch
    try:
        run_setup(["--name"])
    except _SetupRequires as e:
        return [str(r) for r in pkg_resources.parse_requirements(e.args[0])]
    finally:
        cls.fetch_build_eggs = saved
    return []


def legacy_probe():
    # Without build isolation: what the environment's setuptools can do.
    out = {"setuptools": "", "wheel": False}
    try:
        import setuptools
        out["setuptools"] = str(setuptools.__version__)
    except Exception:
        return out
    try:
        import wheel  # noqa: F401
        out["wheel"] = True
    except Exception:
        pass
    return out


LEGACY = {
    "fwenv_legacy_requires": legacy_requires,
    "fwenv_legacy_egg_info": legacy_egg_info,
    "fwenv_legacy_install": legacy_install,
    "fwenv_legacy_probe": legacy_probe,
    "fwenv_legacy_build_ext": legacy_build_ext,
}


def metadata_from_wheel(backend, build_hook, metadata_directory, config_settings):
    # PEP 517: without prepare_metadata_for_build_*, the frontend builds the
    # wheel and takes its .dist-info folder.
    wheel_dir = os.path.join(metadata_directory, ".fwenv-wheel")
    makedirs(wheel_dir)
    hook = getattr(backend, build_hook, None)
    if hook is None:
        raise Failure("missing-hook", "the build backend has no %s hook" % build_hook)
    name = hook(wheel_dir, config_settings)
    path = os.path.join(wheel_dir, name)
    with zipfile.ZipFile(path) as zf:
        tops = set(n.split("/", 1)[0] for n in zf.namelist())
        infos = [t for t in tops if t.endswith(".dist-info")]
        if len(infos) != 1:
            raise Failure("hook-failed", "wheel %s has %d .dist-info folders" % (name, len(infos)))
        for member in zf.namelist():
            if member.startswith(infos[0] + "/") and not member.endswith("/"):
                target = os.path.join(metadata_directory, *member.split("/"))
                makedirs(os.path.dirname(target))
                with zf.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    return {"return": infos[0], "built_wheel": path}


def call(req):
    if req["hook"] in LEGACY:
        args = [native(a) for a in req.get("args") or []]
        try:
            return {"return": LEGACY[req["hook"]](*args)}
        except Failure:
            raise
        except BaseException as e:
            raise Failure("hook-failed", "%s: %s" % (type(e).__name__, e), traceback.format_exc())
    backend = load_backend(req["backend"], req.get("backend_path") or [])
    name = req["hook"]
    # Positional, as pyproject-hooks calls them: PEP 517 allows either, and
    # some backends name their parameters differently.
    args = req.get("args") or []
    hook = getattr(backend, name, None)
    if hook is None:
        if name.startswith("get_requires_for_build_"):
            return {"return": [], "missing": True}
        if name == "prepare_metadata_for_build_wheel":
            out = metadata_from_wheel(backend, "build_wheel", args[0], args[1])
            out["missing"] = True
            return out
        if name == "prepare_metadata_for_build_editable":
            out = metadata_from_wheel(backend, "build_editable", args[0], args[1])
            out["missing"] = True
            return out
        raise Failure("missing-hook", "the build backend %r has no %s hook" % (req["backend"], name))
    try:
        value = hook(*args)
    except BaseException as e:
        if type(e).__name__ == "UnsupportedOperation":
            raise Failure("unsupported", "UnsupportedOperation: %s" % e, traceback.format_exc())
        if isinstance(e, SystemExit) and e.code in (None, 0):
            raise Failure("hook-failed", "the backend called sys.exit(%r)" % (e.code,), traceback.format_exc())
        raise Failure("hook-failed", "%s: %s" % (type(e).__name__, e), traceback.format_exc())
    return {"return": value}


def main():
    request_file, result_file = sys.argv[1], sys.argv[2]
    with io.open(request_file, encoding="utf-8") as f:
        req = json.load(f)
    try:
        out = call(req)
        out["ok"] = True
    except Failure as e:
        if e.tb:
            sys.stderr.write(e.tb)
        sys.stderr.write("fwenv hook runner: %s\n" % e.message)
        out = {"ok": False, "kind": e.kind, "message": e.message}
    except BaseException as e:
        tb = traceback.format_exc()
        sys.stderr.write(tb)
        out = {"ok": False, "kind": "hook-failed", "message": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.flush()
    sys.stderr.flush()
    tmp = result_file + ".tmp"
    data = json.dumps(out)  # ASCII: non-ASCII characters are escaped
    if not isinstance(data, bytes):
        data = data.encode("ascii")
    with io.open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, result_file)  # replaces result_file on POSIX


if __name__ == "__main__":
    main()
