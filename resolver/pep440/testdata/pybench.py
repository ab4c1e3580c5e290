#!/root/.pyenv/versions/3.11.7/bin/python3
"""The packaging side of docs/benchmarks.md (Versions and requirements): the same
operations as the Go benchmarks, best of 5 repeats, in ns per operation."""
import timeit, warnings
warnings.simplefilter("ignore")
from pip._vendor.packaging.version import Version
from pip._vendor.packaging.specifiers import SpecifierSet
from pip._vendor.packaging.requirements import Requirement
from pip._vendor.packaging.markers import Marker
ss = SpecifierSet(">=1.4.2, <2.0, !=1.5.*")
vs = [Version("1.5.3"), Version("1.9.1"), Version("2.0rc1"), Version("1.4.2+local")]
a, b = Version("1.2.3rc1.post1"), Version("1.2.3rc1.post2")
m = Marker('python_version >= "3.8" and (sys_platform == "linux" or extra == "tests")')
env = {"python_version": "3.11", "sys_platform": "linux", "extra": ""}
def best(stmt, n):
    return min(timeit.repeat(stmt, number=n, repeat=5, globals=globals())) / n * 1e9
print("parse version      %.0f ns" % best("Version('1!2.0rc1.post3.dev4+ubuntu.1')", 20000))
print("compare            %.0f ns" % best("a < b", 200000))
print("parse specset      %.0f ns" % best("SpecifierSet('>=1.4.2, <2.0, !=1.5.*')", 20000))
print("specset contains   %.0f ns" % best("ss.contains(vs[1])", 20000))
print("parse requirement  %.0f ns" % best("Requirement('requests[socks]>=2.8.1,<3; python_version >= \"3.8\" and sys_platform != \"win32\"')", 2000))
print("marker evaluate    %.0f ns" % best("m.evaluate(env)", 5000))
