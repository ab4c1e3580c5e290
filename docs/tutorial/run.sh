#!/usr/bin/env bash
# The bundled tutorial: the seed article's workflow, step by step, with fwenv.
# Run it with `make demo` from the repository root. It works in a fresh
# folder ($FWENV_TUTORIAL_DIR, default a new temporary folder) and prints each
# command before running it.
#
# Today it covers the environment steps (create, activate, run, deactivate).
# Installing the framework and plugins (-e, sdists, freeze, download, offline
# restore) joins as those commands land.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fwenv="$root/bin/fwenv"
[ -x "$fwenv" ] || { echo "build fwenv first: make build" >&2; exit 1; }
work="${FWENV_TUTORIAL_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fwenv-tutorial-XXXXXX")}"
mkdir -p "$work"
cp -R "$here/framework" "$here/typeA_plugin1" "$here/typeA_plugin2" "$work/"
cd "$work"
export PATH="$root/bin:$PATH"

step() { printf '\n$ %s\n' "$*"; "$@"; }

echo "tutorial folder: $work"
step fwenv --version
step fwenv python list
step fwenv create venv
step cat venv/pyvenv.cfg
printf '\n$ eval "$(fwenv --env venv activate --print --shell bash)"\n'
eval "$(fwenv --env venv activate --print --shell bash)"
step python -c 'import sys, site; print("prefix:", sys.prefix); print("base:  ", sys.base_prefix); print("site:  ", site.getsitepackages()[0])'
step command -v python
printf '\n$ deactivate\n'
deactivate
step fwenv run --env venv -- python -c 'import os, sys; print(sys.prefix == os.environ["VIRTUAL_ENV"])'
echo
echo "The framework and its typeA plugins are in $work; installing them arrives with the install commands."
