#!/bin/sh
# fwenv pip stand-in: this environment has no pip. fwenv replaces this file when
# pip is installed into the environment and puts it back when pip is uninstalled.
name=${0##*/}
case $0 in */*) bin=${0%/*} ;; *) bin=. ;; esac
env=$(cd "$bin/.." 2>/dev/null && pwd) || env=$bin/..
{
printf '%s: this environment (%s) has no pip. Without this stand-in, `%s` would run another interpreter'\''s pip, which changes that interpreter'\''s packages, not this environment'\''s.\n' "$name" "$env" "$name"
if grep -Eiq '^[[:space:]]*include-system-site-packages[[:space:]]*=[[:space:]]*true' "$env/pyvenv.cfg" 2>/dev/null; then
printf 'note: this environment sees the base interpreter'\''s packages: `python -m pip` runs that pip on this environment.\n'
fi
printf 'hint: manage the environment with fwenv: `fwenv install NAME`, `fwenv uninstall NAME`, `fwenv freeze`, `fwenv list`.\n'
printf 'hint: to have pip in it, install pip from a folder of wheels (`fwenv install -f DIR pip`), or create it with `fwenv create --seed` (or `seed: true` in fwenv'\''s configuration, or FWENV_SEED=1).\n'
} >&2
exit 1
