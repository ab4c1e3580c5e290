#!/usr/bin/env python3
"""Python side of the archive benchmarks in docs/benchmarks.md ("## Archives").

    python3 pybench.py WHEEL_OR_FOLDER [RUNS]

Reads every member of each wheel with zipfile and hashes it with sha256 (what
fwenv's validation costs at the least, without any of its other checks), and
prints the median and minimum of RUNS passes.
"""
import glob, hashlib, os, sys, time, zipfile

target = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 15
paths = sorted(glob.glob(os.path.join(target, "*.whl"))) if os.path.isdir(target) else [target]


def one_pass():
    for p in paths:
        with zipfile.ZipFile(p) as z:
            for info in z.infolist():
                if not info.filename.endswith("/"):
                    hashlib.sha256(z.read(info)).digest()


times = []
for _ in range(runs):
    t = time.perf_counter()
    one_pass()
    times.append(time.perf_counter() - t)
times.sort()
print("%d wheel(s), %d runs: median %.1f ms, min %.1f ms" % (len(paths), runs, times[len(times) // 2] * 1000, times[0] * 1000))
