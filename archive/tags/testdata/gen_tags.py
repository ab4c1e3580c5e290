#!/usr/bin/env python3
"""Regenerate the expected tag lists in this folder from pip's vendored packaging.

    python3 gen_tags.py            # writes *.tags beside this script

Two kinds of file:

* real-<python>.tags: the facts of the interpreter running this script (as the
  interpreter probe would report them) and its unpatched packaging.tags.sys_tags();
* <name>.tags: a made-up target; the facts below are fed to packaging.tags by
  patching what packaging reads from the machine (glibc/musl version, platform,
  config vars), then cpython_tags/generic_tags + compatible_tags are called the
  way sys_tags() calls them.

Each file: '# generator:' line, '# target:' line (JSON, Go field names of
tags.Target), then one tag per line, best first.  Made-up targets need
packaging >= 22 (run with /root/.pyenv/versions/3.13.0/bin/python3: pip 24.2,
packaging 24.1); the real target is written for any version.
"""
import json
import os
import platform
import sys
import sysconfig

from pip._vendor import packaging as _pkg
from pip._vendor.packaging import tags, _manylinux, _musllinux

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = "%s gen_tags.py (pip-vendored packaging %s)" % (sys.executable, _pkg.__version__)


def linux(impl, major, minor, soabi, abiflags, plat, machine, libc, lmaj, lmin, is64=True):
    return dict(Implementation=impl, Major=major, Minor=minor, SOABI=soabi, ABIFlags=abiflags,
                Platform=plat, Machine=machine, Libc=libc, LibcMajor=lmaj, LibcMinor=lmin,
                MacOSMajor=0, MacOSMinor=0, Is64Bit=is64)


def mac(major, minor, plat, machine, osmaj, osmin):
    return dict(Implementation="cpython", Major=major, Minor=minor,
                SOABI="cpython-%d%d-darwin" % (major, minor), ABIFlags="", Platform=plat,
                Machine=machine, Libc="", LibcMajor=0, LibcMinor=0,
                MacOSMajor=osmaj, MacOSMinor=osmin, Is64Bit=True)


TARGETS = {
    "cp311-glibc2.17-x86_64": linux("cpython", 3, 11, "cpython-311-x86_64-linux-gnu", "", "linux-x86_64", "x86_64", "glibc", 2, 17),
    "cp311-glibc2.28-x86_64": linux("cpython", 3, 11, "cpython-311-x86_64-linux-gnu", "", "linux-x86_64", "x86_64", "glibc", 2, 28),
    "cp311-glibc2.36-x86_64": linux("cpython", 3, 11, "cpython-311-x86_64-linux-gnu", "", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "cp312-glibc2.36-aarch64": linux("cpython", 3, 12, "cpython-312-aarch64-linux-gnu", "", "linux-aarch64", "aarch64", "glibc", 2, 36),
    "cp310-glibc2.31-i686": linux("cpython", 3, 10, "cpython-310-i386-linux-gnu", "", "linux-i686", "i686", "glibc", 2, 31, is64=False),
    "cp311-glibc2.31-armv8l-32bit": linux("cpython", 3, 11, "cpython-311-arm-linux-gnueabihf", "", "linux-aarch64", "aarch64", "glibc", 2, 31, is64=False),
    "cp311-musl1.2-x86_64": linux("cpython", 3, 11, "cpython-311-x86_64-linux-musl", "", "linux-x86_64", "x86_64", "musl", 1, 2),
    "cp38-nolibc-x86_64": linux("cpython", 3, 8, "cpython-38-x86_64-linux-gnu", "", "linux-x86_64", "x86_64", "", 0, 0),
    "cp313t-glibc2.36-x86_64": linux("cpython", 3, 13, "cpython-313t-x86_64-linux-gnu", "t", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "cp312d-glibc2.36-x86_64": linux("cpython", 3, 12, "cpython-312d-x86_64-linux-gnu", "d", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "pp39-glibc2.36-x86_64": linux("pypy", 3, 9, "pypy39-pp73", "", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "graalpy310-glibc2.35-x86_64": linux("graalpy", 3, 10, "graalpy-310-native-x86_64-linux", "", "linux-x86_64", "x86_64", "glibc", 2, 35),
    "cp312-macos14-arm64": mac(3, 12, "macosx-11.0-arm64", "arm64", 14, 2),
    "cp311-macos13-x86_64": mac(3, 11, "macosx-10.9-universal2", "x86_64", 13, 4),
    "cp39-macos10.15-x86_64": mac(3, 9, "macosx-10.9-x86_64", "x86_64", 10, 15),
    "cp27mu-glibc2.36-x86_64": linux("cpython", 2, 7, "", "mu", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "cp27m-glibc2.17-i686": linux("cpython", 2, 7, "", "m", "linux-i686", "i686", "glibc", 2, 17, is64=False),
    "cp36m-glibc2.36-x86_64": linux("cpython", 3, 6, "cpython-36m-x86_64-linux-gnu", "m", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "cp37m-glibc2.36-x86_64": linux("cpython", 3, 7, "cpython-37m-x86_64-linux-gnu", "m", "linux-x86_64", "x86_64", "glibc", 2, 36),
    "cp311-freebsd-amd64": dict(Implementation="cpython", Major=3, Minor=11, SOABI="cpython-311", ABIFlags="",
                                Platform="freebsd-14.0-RELEASE-amd64", Machine="amd64", Libc="", LibcMajor=0,
                                LibcMinor=0, MacOSMajor=0, MacOSMinor=0, Is64Bit=True),
}


def patched_tags(t):
    nodot = "%d%d" % (t["Major"], t["Minor"])
    glibc = (t["LibcMajor"], t["LibcMinor"]) if t["Libc"] == "glibc" else (-1, -1)
    _manylinux._get_glibc_version = lambda: glibc
    _manylinux._is_linux_armhf = lambda executable: True
    _manylinux._is_linux_i686 = lambda executable: True
    musl = _musllinux._MuslVersion(t["LibcMajor"], t["LibcMinor"]) if t["Libc"] == "musl" else None
    _musllinux._get_musl_version = lambda executable: musl
    tags.sysconfig.get_platform = lambda: t["Platform"]
    cfg = {
        "Py_DEBUG": int("d" in t["ABIFlags"]),
        "Py_GIL_DISABLED": int("t" in t["ABIFlags"]),
        "WITH_PYMALLOC": int("m" in t["ABIFlags"]),
        "Py_UNICODE_SIZE": 4 if "u" in t["ABIFlags"] else 2,
        "EXT_SUFFIX": "." + t["SOABI"] + ".so",
        "py_version_nodot": nodot,
    }
    tags._get_config_var = lambda name, warn=False: cfg.get(name)
    if t["Platform"].startswith("macosx-"):
        plats = list(tags.mac_platforms((t["MacOSMajor"], t["MacOSMinor"]),
                                        tags._mac_arch(t["Machine"], not t["Is64Bit"])))
    elif t["Platform"].startswith("linux-"):
        plats = list(tags._linux_platforms(is_32bit=not t["Is64Bit"]))
    else:
        plats = list(tags._generic_platforms())
    pyver = (t["Major"], t["Minor"])
    short = tags.INTERPRETER_SHORT_NAMES.get(t["Implementation"], t["Implementation"])
    out = []
    if short == "cp":
        out += tags.cpython_tags(pyver, None, plats)
        interp = "cp" + nodot
    else:
        out += tags.generic_tags(short + nodot, None, plats)
        interp = "pp3" if short == "pp" else None
    out += tags.compatible_tags(pyver, interp, plats)
    return out


def real_target():
    libc, ver = platform.libc_ver()
    lmaj, lmin = (int(x) for x in ver.split(".")[:2]) if libc == "glibc" else (0, 0)
    macver = platform.mac_ver()[0]
    osmaj, osmin = (int(x) for x in (macver.split(".") + ["0"])[:2]) if macver else (0, 0)
    return dict(Implementation=sys.implementation.name, Major=sys.version_info[0], Minor=sys.version_info[1],
                SOABI=sysconfig.get_config_var("SOABI") or "", ABIFlags=getattr(sys, "abiflags", ""),
                Platform=sysconfig.get_platform(), Machine=platform.machine(),
                Libc=libc if libc == "glibc" else "", LibcMajor=lmaj, LibcMinor=lmin,
                MacOSMajor=osmaj, MacOSMinor=osmin, Is64Bit=sys.maxsize > 2 ** 32)


def write(name, target, tag_list):
    with open(os.path.join(HERE, name + ".tags"), "w") as f:
        f.write("# generator: %s\n" % GEN)
        f.write("# target: %s\n" % json.dumps(target, sort_keys=True))
        for t in tag_list:
            f.write(str(t) + "\n")


def main():
    # the real one first, before anything is patched
    write("real-cp%d%d" % sys.version_info[:2], real_target(), list(tags.sys_tags()))
    if tuple(int(x) for x in _pkg.__version__.split(".")[:2]) < (22, 0):
        return
    for name, t in TARGETS.items():
        write(name, t, patched_tags(t))


if __name__ == "__main__":
    main()
