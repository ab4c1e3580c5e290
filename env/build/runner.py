# fwenv's PEP 517/660 hook runner. fwenv writes this file next to a request
# (JSON) and runs it with the build environment's interpreter, the project
# folder as the working directory:
#
#     python runner.py REQUEST.json RESULT.json
#
# The request names the backend, its in-tree path, the hook and its
# arguments; the result (JSON) is written to a file because backends print to
# stdout and stderr freely (fwenv captures both into a log). Compatible with
# Python 3.8 and later; only the standard library is used.
import importlib
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
    folder = os.path.abspath(folder)
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def metadata_from_wheel(backend, build_hook, metadata_directory, config_settings):
    # PEP 517: without prepare_metadata_for_build_*, the frontend builds the
    # wheel and takes its .dist-info folder.
    wheel_dir = os.path.join(metadata_directory, ".fwenv-wheel")
    os.makedirs(wheel_dir, exist_ok=True)
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
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with zf.open(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    return {"return": infos[0], "built_wheel": path}


def call(req):
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
    with open(request_file, encoding="utf-8") as f:
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
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(out, f)
    os.replace(tmp, result_file)


if __name__ == "__main__":
    main()
