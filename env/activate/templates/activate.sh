# fwenv activation script for POSIX shells: bash, zsh, dash, ksh and sh.
# Source it, do not run it:   . path/to/env/bin/activate
# It sets VIRTUAL_ENV and VIRTUAL_ENV_PROMPT, puts the environment's bin
# directory first on PATH, unsets PYTHONHOME, prefixes PS1 with the prompt
# name (unless VIRTUAL_ENV_DISABLE_PROMPT is non-empty) and defines
# "deactivate", which puts every one of those back exactly as it was.

# Leave the environment that is active now, if any (ours or another tool's),
# keeping its deactivate function so that we can replace it below.
case $(command -v deactivate 2>/dev/null) in
    */*|'') ;;
    *) deactivate nondestructive ;;
esac

deactivate () {
    if [ -n "${_FWENV_ACTIVE-}" ]; then
        if [ -n "${_FWENV_OLD_PATH+x}" ]; then PATH=$_FWENV_OLD_PATH; export PATH; else unset PATH; fi
        if [ -n "${_FWENV_OLD_PYTHONHOME+x}" ]; then PYTHONHOME=$_FWENV_OLD_PYTHONHOME; export PYTHONHOME; else unset PYTHONHOME; fi
        if [ -n "${_FWENV_OLD_VIRTUAL_ENV+x}" ]; then VIRTUAL_ENV=$_FWENV_OLD_VIRTUAL_ENV; export VIRTUAL_ENV; else unset VIRTUAL_ENV; fi
        if [ -n "${_FWENV_OLD_VIRTUAL_ENV_PROMPT+x}" ]; then VIRTUAL_ENV_PROMPT=$_FWENV_OLD_VIRTUAL_ENV_PROMPT; export VIRTUAL_ENV_PROMPT; else unset VIRTUAL_ENV_PROMPT; fi
        if [ -n "${_FWENV_PS1_CHANGED-}" ]; then
            if [ -n "${_FWENV_OLD_PS1+x}" ]; then PS1=$_FWENV_OLD_PS1; else unset PS1; fi
        fi
        unset _FWENV_ACTIVE _FWENV_OLD_PATH _FWENV_OLD_PYTHONHOME _FWENV_OLD_VIRTUAL_ENV _FWENV_OLD_VIRTUAL_ENV_PROMPT _FWENV_PS1_CHANGED _FWENV_OLD_PS1
        # Forget remembered command locations: PATH changed.
        if [ -n "${ZSH_VERSION-}" ]; then rehash; else hash -r 2>/dev/null || :; fi
    fi
    if [ "${1-}" != nondestructive ]; then
        unset -f deactivate
    fi
}

# Remember the current values; "set but empty" and "unset" are kept apart.
if [ -n "${PATH+x}" ]; then _FWENV_OLD_PATH=$PATH; else unset _FWENV_OLD_PATH; fi
if [ -n "${PYTHONHOME+x}" ]; then _FWENV_OLD_PYTHONHOME=$PYTHONHOME; else unset _FWENV_OLD_PYTHONHOME; fi
if [ -n "${VIRTUAL_ENV+x}" ]; then _FWENV_OLD_VIRTUAL_ENV=$VIRTUAL_ENV; else unset _FWENV_OLD_VIRTUAL_ENV; fi
if [ -n "${VIRTUAL_ENV_PROMPT+x}" ]; then _FWENV_OLD_VIRTUAL_ENV_PROMPT=$VIRTUAL_ENV_PROMPT; else unset _FWENV_OLD_VIRTUAL_ENV_PROMPT; fi
unset _FWENV_PS1_CHANGED _FWENV_OLD_PS1
_FWENV_ACTIVE=1

VIRTUAL_ENV=__FWENV_ENV_DIR__
export VIRTUAL_ENV
VIRTUAL_ENV_PROMPT=__FWENV_PROMPT__
export VIRTUAL_ENV_PROMPT
PATH=__FWENV_BIN_DIR__"${PATH:+:$PATH}"
export PATH
unset PYTHONHOME

if [ -z "${VIRTUAL_ENV_DISABLE_PROMPT-}" ]; then
    if [ -n "${PS1+x}" ]; then _FWENV_OLD_PS1=$PS1; fi
    # The prompt name is escaped for each shell's own prompt expansion.
    if [ -n "${ZSH_VERSION-}" ]; then
        PS1=__FWENV_PS1_ZSH__"${PS1-}"
    elif [ -n "${BASH_VERSION-}" ]; then
        PS1=__FWENV_PS1_BASH__"${PS1-}"
    else
        PS1=__FWENV_PS1_POSIX__"${PS1-}"
    fi
    _FWENV_PS1_CHANGED=1
fi

# Forget remembered command locations: PATH changed.
if [ -n "${ZSH_VERSION-}" ]; then rehash; else hash -r 2>/dev/null || :; fi
