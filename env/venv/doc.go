// Package venv creates and reads PEP 405 virtual environments.
//
// Create builds the whole environment — pyvenv.cfg, the bin/python links (or
// copies), the site-packages folders from the interpreter's install scheme,
// the lib64 link where CPython makes one, .gitignore, the activation
// scripts of env/activate and pip's stand-ins (env/standin) — in a
// temporary sibling folder and renames it into place, so a failed create
// leaves nothing behind and an existing environment replaced with Clear is
// swapped in one step.
//
// Python 2.7 has no venv module and ignores pyvenv.cfg, so its environments
// get the landmark layout virtualenv made (landmark.go): a copied
// bin/python, lib/python2.7/os.py and lib-dynload linked to the base's,
// orig-prefix.txt naming the base prefix, and fwenv's own site.py
// (site27.py) that puts the base's standard library on sys.path and sets
// sys.real_prefix and sys.base_prefix.
//
// Open reads an existing environment's pyvenv.cfg. The package does not find
// interpreters (env/python) or decide which environment a command acts on
// (env/locate), and it installs no packages.
package venv
