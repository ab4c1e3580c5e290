#!/bin/sh
# Side-by-side timing of fwenv download and pip download from one local
# index, then of restoring a fresh environment from the bundle (fwenv
# install -f BUNDLE vs pip install --no-index -f BUNDLE -r REQS, and cp -a of
# the installed tree). Usage: docs/bench/download.sh WHEELHOUSE [RUNS]
# (WHEELHOUSE from ../shared/tools/make_wheelhouse.py). Every run uses fresh
# folders and an empty cache on both sides; the two tools alternate.
set -eu
WH=$(cd "$1" && pwd); RUNS=${2:-3}
FW=${FWENV:-$(pwd)/bin/fwenv}; PY=${PYTHON:-python3.11}
T=$(mktemp -d); trap 'kill $SERVER 2>/dev/null; rm -rf "$T"' EXIT
ls "$WH" | sed -n 's/^\([^-]*\)-\([^-]*\)-.*\.whl$/\1==\2/p' > "$T/reqs.txt"
"$FW" index serve "$WH" --addr 127.0.0.1:0 > "$T/serve.log" 2>&1 & SERVER=$!
sleep 1; URL=$(sed -n 's/.* at \(http[^ ]*\)$/\1/p' "$T/serve.log")
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
for i in $(seq "$RUNS"); do
  rm -rf "$T/fw" "$T/pip" "$T/c"; sync
  a=$(now); XDG_CACHE_HOME="$T/c" "$FW" download -q -p "$PY" -i "$URL" -r "$T/reqs.txt" -d "$T/fw"; b=$(now)
  echo "fwenv-download $(ms $a $b)"
  sync; a=$(now); "$PY" -m pip download -q --no-cache-dir --disable-pip-version-check -i "$URL" -r "$T/reqs.txt" -d "$T/pip"; b=$(now)
  echo "pip-download $(ms $a $b)"
  rm -rf "$T/e1" "$T/e2" "$T/e3" "$T/c2"
  XDG_CACHE_HOME="$T/c2" "$FW" create -q -p "$PY" "$T/e1"; "$PY" -m venv --without-pip "$T/e2"; sync
  a=$(now); XDG_CACHE_HOME="$T/c2" "$FW" --env "$T/e1" install -q -f "$T/fw"; b=$(now)
  echo "fwenv-restore $(ms $a $b)"
  sync; a=$(now); "$PY" -m pip --python "$T/e2/bin/python" install -q --no-cache-dir --no-compile --disable-pip-version-check --no-index -f "$T/pip" -r "$T/reqs.txt"; b=$(now)
  echo "pip-restore $(ms $a $b)"
  sync; a=$(now); cp -a "$T/e1/lib" "$T/e3"; b=$(now)
  echo "cp-a $(ms $a $b)"
done
