#!/usr/bin/env bash
# The bundled tutorial: the seed article's workflow, step by step, with fwenv.
# Run it with `make demo` from the repository root. It works in a fresh
# folder ($FWENV_TUTORIAL_DIR, default a new temporary folder) and prints each
# command before running it.
#
# Build requirements (setuptools, wheel) come offline from the interpreters'
# ensurepip bundles and Debian's python3-wheel-whl package; `make demo`
# installs that package when it is missing.
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
# setuptools 65.5 (the newest in the ensurepip bundles) runs on Python 3.8-3.11.
py="${FWENV_TUTORIAL_PYTHON:->=3.8,<3.12}"

step() { printf '\n$ %s\n' "$*"; "$@"; }

echo "tutorial folder: $work"
step fwenv --version

echo; echo "## Develop in place (the article's 'Developing In Place')"
step fwenv create -p "$py" venv
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
	step fwenv build -p "$py" --sdist -o pkgs "$p"
done
step ls pkgs

echo; echo "## Install the sdists into a second environment"
step fwenv create -p "$py" venv2
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
step fwenv create -p "$py" venv3
step fwenv --env venv3 install -f bundle
step venv3/bin/framework
step fwenv --env venv3 lock --from-env -f bundle --no-index -o fwenv.lock
step fwenv create -p "$py" venv4
step fwenv --env venv4 sync --offline -f bundle fwenv.lock
step fwenv --env venv4 freeze

echo; echo "## Uninstalling one plugin leaves the framework and the other plugin working"
step fwenv --env venv2 uninstall -y framework.typeA.plugin1
step venv2/bin/framework

echo
echo "Done. The environments and packages are in $work."
