# fwenv interpreter probe. Runs under any Python (2.7 included, so that an
# unsupported interpreter can be named in an error); prints one JSON object.
import json
import os
import platform
import sys
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
    impl_version = full_version(impl.version)
except AttributeError:
    impl_name = platform.python_implementation().lower()
    impl_version = "0"

out["implementation"] = impl_name
out["executable"] = sys.executable
out["base_executable"] = getattr(sys, "_base_executable", sys.executable)
out["prefix"] = sys.prefix
out["base_prefix"] = getattr(sys, "base_prefix", sys.prefix)
out["exec_prefix"] = sys.exec_prefix
out["base_exec_prefix"] = getattr(sys, "base_exec_prefix", sys.exec_prefix)
out["is64"] = sys.maxsize > 2 ** 32
out["abiflags"] = getattr(sys, "abiflags", "")

if sys.version_info[:2] >= (3, 8):
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
    cv = sysconfig.get_config_var
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
        "implementation_name": impl_name,
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
