// Package locate decides which virtual environment a command acts on:
// --env DIR, else $VIRTUAL_ENV, else the nearest .venv or venv folder
// holding a pyvenv.cfg in the current folder or one of its parents (.venv
// before venv in each folder). It also finds project files (fwenv.yaml) the
// same way. It reads only; it never creates anything.
package locate
