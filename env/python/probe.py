# fwenv interpreter probe. Runs under any Python from 2.6 (so that an
# unsupported interpreter can be named in an error); prints one JSON object.
import sys

if sys.version_info[:2] < (2, 7) or (3, 0) <= sys.version_info[:2] < (3, 2):
    # No sysconfig before 2.7 and 3.2: fwenv refuses these versions, and
    # their version is all it needs to say so.
    import platform
    sys.stdout.write('{"version_info": [%d, %d, %d], "implementation": "%s"}' % (
        tuple(sys.version_info[:3]) + (platform.python_implementation().lower(),)))
    sys.exit(0)

import json
import os
import platform
import sysconfig

out = {"version_info": list(sys.version_info[:3])}


def full_version(info):
    v = "%d.%d.%d" % (info[0], info[1], info[2])
    kind = info[3]
    if kind != "final":
        v += kind[0] + str(info[4])
    return v


try:
    impl = sys.implementation
    impl_name = impl.name
    marker_impl = impl_name
    impl_version = full_version(impl.version)
except AttributeError:
    # Python 2: no sys.implementation. The marker values are packaging's
    # (and so pip's) there: an empty name and version "0".
    impl_name = platform.python_implementation().lower()
    marker_impl = ""
    impl_version = "0"

cv = sysconfig.get_config_var
mm = "%d.%d" % sys.version_info[:2]

out["implementation"] = impl_name
out["executable"] = sys.executable
out["base_executable"] = getattr(sys, "_base_executable", sys.executable)
out["prefix"] = sys.prefix
out["base_prefix"] = getattr(sys, "base_prefix", sys.prefix)
out["exec_prefix"] = sys.exec_prefix
out["base_exec_prefix"] = getattr(sys, "base_exec_prefix", sys.exec_prefix)
if not hasattr(sys, "base_prefix"):
    # Python 2: an environment in the landmark layout (made by fwenv or
    # virtualenv) names its base prefix in lib/pythonX.Y/orig-prefix.txt;
    # site.py, which would set sys.real_prefix, does not run under -S.
    real = getattr(sys, "real_prefix", None)
    if real is None:
        try:
            f = open(os.path.join(sys.prefix, "lib", "python" + mm, "orig-prefix.txt"))
            try:
                real = f.read().strip() or None
            finally:
                f.close()
        except (IOError, OSError):
            pass
    if real is not None:
        out["base_prefix"] = real
        out["base_exec_prefix"] = real
        out["base_executable"] = os.path.join(real, "bin", "python" + mm)
out["is64"] = sys.maxsize > 2 ** 32
if hasattr(sys, "abiflags"):
    out["abiflags"] = sys.abiflags
else:
    # Python 2 has no sys.abiflags: the flags packaging derives for its
    # ABI tag (cp27mu) from the build's configuration.
    flags = ""
    if cv("Py_DEBUG") or (cv("Py_DEBUG") is None and hasattr(sys, "gettotalrefcount")):
        flags += "d"
    if cv("WITH_PYMALLOC") or cv("WITH_PYMALLOC") is None:
        flags += "m"
    usize = cv("Py_UNICODE_SIZE")
    if usize == 4 or (usize is None and sys.maxunicode == 0x10FFFF):
        flags += "u"
    out["abiflags"] = flags

names = sysconfig.get_scheme_names()
scheme = "venv" if "venv" in names else "posix_prefix"
placeholder = "/@fwenv-env@"
vars_ = {
    "base": placeholder,
    "platbase": placeholder,
    "installed_base": placeholder,
    "installed_platbase": placeholder,
    "userbase": placeholder,
}
paths = sysconfig.get_paths(scheme=scheme, vars=vars_, expand=True)
rel = {}
for key, value in paths.items():
    if value == placeholder:
        rel[key] = ""
    elif value.startswith(placeholder + "/"):
        rel[key] = value[len(placeholder) + 1:]
out["scheme_name"] = scheme
out["scheme"] = rel
out["debian_scheme"] = "posix_local" in names or "deb_system" in names
out["stdlib"] = sysconfig.get_paths()["stdlib"]
out["soabi"] = cv("SOABI") or ""
out["ext_suffix"] = cv("EXT_SUFFIX") or ""
out["shared"] = bool(cv("Py_ENABLE_SHARED"))
out["ldlibrary"] = cv("LDLIBRARY") or ""
out["libdir"] = cv("LIBDIR") or ""
out["platform"] = sysconfig.get_platform()
out["machine"] = platform.machine()

libc, major, minor = "", 0, 0
try:
    ver = os.confstr("CS_GNU_LIBC_VERSION")  # "glibc 2.36"
    if ver:
        name, _, num = ver.partition(" ")
        parts = num.split(".")
        libc, major, minor = "glibc", int(parts[0]), int(parts[1])
except (AttributeError, ValueError, OSError, IndexError):
    pass
if not libc and sys.platform.startswith("linux"):
    # Python 2 does not know the confstr name: ask the C library itself, as
    # packaging does there.
    try:
        import ctypes
        fn = ctypes.CDLL(None).gnu_get_libc_version
        fn.restype = ctypes.c_char_p
        ver = fn()
        if not isinstance(ver, str):
            ver = ver.decode("ascii")
        parts = ver.split(".")
        libc, major, minor = "glibc", int(parts[0]), int(parts[1])
    except Exception:
        libc, major, minor = "", 0, 0
if not libc and sys.platform.startswith("linux"):
    # musl: the dynamic loader named in the executable says so.
    try:
        with open(sys.executable, "rb") as f:
            head = f.read(4096)
        idx = head.find(b"/ld-musl-")
        if idx >= 0:
            end = head.find(b"\0", idx)
            start = head.rfind(b"\0", 0, idx) + 1
            loader = head[start:end].decode()
            import subprocess
            p = subprocess.Popen([loader], stderr=subprocess.PIPE, stdout=subprocess.PIPE)
            _, err = p.communicate()
            for line in err.decode(errors="replace").splitlines():
                if line.startswith("Version "):
                    parts = line.split()[1].split(".")
                    libc, major, minor = "musl", int(parts[0]), int(parts[1])
    except Exception:
        pass
out["libc"] = [libc, major, minor]
mac = platform.mac_ver()[0] if sys.platform == "darwin" else ""
out["macos"] = mac

out["markers"] = {
    "implementation_name": marker_impl,
    "implementation_version": impl_version,
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}

sys.stdout.write(json.dumps(out))
