#!/usr/bin/env bash
# The bundled tutorial: the seed article's workflow, step by step, with fwenv.
# Run it with `make demo` from the repository root. It works in a fresh
# folder ($FWENV_TUTORIAL_DIR, default a new temporary folder) and prints each
# command before running it.
#
# PYTHON chooses the interpreter (`make demo PYTHON=3.13`, any -p value);
# empty means fwenv's default one. FWENV is the binary (default bin/fwenv).
#
# Build requirements (setuptools, wheel) come offline: on Python 3.8-3.11
# from the interpreters' ensurepip bundles (setuptools 65.5) and Debian's
# python3-wheel-whl package, which `make demo` installs when it is missing;
# on 3.12 and 3.13, where setuptools 65.5 does not import, from the upstream
# setuptools 67.6.1 and wheel those interpreters ship as test data, which
# fwenv finds by itself (its last fallback).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fwenv="${FWENV:-$root/bin/fwenv}"
[ -x "$fwenv" ] || { echo "build fwenv first: make build" >&2; exit 1; }
work="${FWENV_TUTORIAL_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/fwenv-tutorial-XXXXXX")}"
mkdir -p "$work"
cp -R "$here/framework" "$here/typeA_plugin1" "$here/typeA_plugin2" "$work/"
cd "$work"
export PATH="$(dirname "$fwenv"):$PATH"
py=()
if [ -n "${PYTHON:-}" ]; then py=(-p "$PYTHON"); fi

step() { printf '\n$ %s\n' "$*"; "$@"; }

echo "tutorial folder: $work (Python: ${PYTHON:-the default})"
step fwenv --version

echo; echo "## Develop in place (the article's 'Developing In Place')"
step fwenv create "${py[@]}" venv
printf '\n$ source venv/bin/activate\n'
# shellcheck disable=SC1091
source venv/bin/activate
step fwenv install -e framework
step fwenv install -e typeA_plugin1 -e typeA_plugin2
step framework
step fwenv entry-points --group typeA
step fwenv freeze

echo; echo "## An edit to an editable plugin shows without reinstalling"
sed -i 's/finishing")/finishing (edited)")/' typeA_plugin2/src/framework/typeA/plugin2/__init__.py
step framework

printf '\n$ deactivate\n'
deactivate

echo; echo "## Build for release (the article's 'Building For Release')"
mkdir -p pkgs
for p in framework typeA_plugin1 typeA_plugin2; do
	step fwenv build "${py[@]}" --sdist -o pkgs "$p"
done
step ls pkgs

echo; echo "## Install the sdists into a second environment"
step fwenv create "${py[@]}" venv2
step fwenv --env venv2 install ./pkgs/framework-0.0.1.tar.gz
step fwenv --env venv2 install --no-index -f ./pkgs framework.typeA.plugin1 framework.typeA.plugin2
step venv2/bin/framework
step fwenv --env venv2 freeze
step fwenv --env venv2 check

echo; echo "## Snapshot, download everything, restore with no network (the article's last section)"
fwenv --env venv2 freeze > requirements.txt
step cat requirements.txt
step fwenv --env venv2 download --no-index -f ./pkgs -r requirements.txt -d bundle
step ls bundle
step fwenv create "${py[@]}" venv3
step fwenv --env venv3 install -f bundle
step venv3/bin/framework
step fwenv --env venv3 lock --from-env -f bundle --no-index -o fwenv.lock
step fwenv create "${py[@]}" venv4
step fwenv --env venv4 sync --offline -f bundle fwenv.lock
step fwenv --env venv4 freeze

echo; echo "## Uninstalling one plugin leaves the framework and the other plugin working"
step fwenv --env venv2 uninstall -y framework.typeA.plugin1
step venv2/bin/framework

echo
echo "Done. The environments and packages are in $work."
