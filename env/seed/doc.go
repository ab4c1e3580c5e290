// Package seed chooses the wheels `fwenv create --seed` installs into a new
// environment: pip, and setuptools for Python 3.11 and older (2.7 too),
// taken offline from the interpreter's own ensurepip bundle (the newest of
// each there), pip alone with --no-setuptools; and what `fwenv create`
// installs without --seed: setuptools below 3.8, whose pkg_resources finds
// entry points where there is no importlib.metadata. A wheel missing from
// the bundle is an Error; env/ops makes it fatal only for --seed.
// It only chooses files; env/install installs them.
package seed
