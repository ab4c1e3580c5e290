// Package seed chooses the wheels `fwenv create --seed` installs into a new
// environment: pip, and setuptools for Python 3.11 and older, taken offline
// from the interpreter's own ensurepip bundle (the newest of each there).
// It only chooses files; env/install installs them.
package seed
