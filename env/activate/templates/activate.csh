# fwenv activation script for csh and tcsh.
# Source it, do not run it:   source path/to/env/bin/activate.csh
# It sets VIRTUAL_ENV and VIRTUAL_ENV_PROMPT, puts the environment's bin
# directory first on PATH, unsets PYTHONHOME, prefixes the prompt with the
# prompt name (unless VIRTUAL_ENV_DISABLE_PROMPT is non-empty) and defines the
# alias "deactivate", which puts every one of those back exactly as it was.
# csh has no functions and fails on unset variables even in a branch that is
# not taken, so the alias is a chain of "test ... &&" steps.

# Leave the environment that is active now, if any (ours or another tool's).
if ( "`alias deactivate`" != "" ) then
    deactivate nondestructive
endif

alias deactivate 'test $?_fwenv_old_PATH != 0 && setenv PATH "$_fwenv_old_PATH:q"; test $?_fwenv_old_PYTHONHOME != 0 && setenv PYTHONHOME "$_fwenv_old_PYTHONHOME:q"; test $?_fwenv_active != 0 && unsetenv VIRTUAL_ENV; test $?_fwenv_old_VIRTUAL_ENV != 0 && setenv VIRTUAL_ENV "$_fwenv_old_VIRTUAL_ENV:q"; test $?_fwenv_active != 0 && unsetenv VIRTUAL_ENV_PROMPT; test $?_fwenv_old_VIRTUAL_ENV_PROMPT != 0 && setenv VIRTUAL_ENV_PROMPT "$_fwenv_old_VIRTUAL_ENV_PROMPT:q"; test $?_fwenv_old_prompt != 0 && set prompt = "$_fwenv_old_prompt:q"; unset _fwenv_active _fwenv_old_PATH _fwenv_old_PYTHONHOME _fwenv_old_VIRTUAL_ENV _fwenv_old_VIRTUAL_ENV_PROMPT _fwenv_old_prompt; rehash; test "\!*" != nondestructive && unalias deactivate'

# Remember the current values; "set but empty" and "unset" are kept apart.
unset _fwenv_old_PATH _fwenv_old_PYTHONHOME _fwenv_old_VIRTUAL_ENV _fwenv_old_VIRTUAL_ENV_PROMPT _fwenv_old_prompt
if ( $?PATH ) then
    set _fwenv_old_PATH = "$PATH:q"
endif
if ( $?PYTHONHOME ) then
    set _fwenv_old_PYTHONHOME = "$PYTHONHOME:q"
endif
if ( $?VIRTUAL_ENV ) then
    set _fwenv_old_VIRTUAL_ENV = "$VIRTUAL_ENV:q"
endif
if ( $?VIRTUAL_ENV_PROMPT ) then
    set _fwenv_old_VIRTUAL_ENV_PROMPT = "$VIRTUAL_ENV_PROMPT:q"
endif
set _fwenv_active = 1

setenv VIRTUAL_ENV __FWENV_ENV_DIR__
setenv VIRTUAL_ENV_PROMPT __FWENV_PROMPT__
if ( $?PATH ) then
    setenv PATH __FWENV_BIN_DIR__":$PATH:q"
else
    setenv PATH __FWENV_BIN_DIR__
endif
unsetenv PYTHONHOME

# The prompt is changed only where there is one (interactive shells).
set _fwenv_do_prompt = 1
if ( $?VIRTUAL_ENV_DISABLE_PROMPT ) then
    if ( "$VIRTUAL_ENV_DISABLE_PROMPT:q" != "" ) then
        unset _fwenv_do_prompt
    endif
endif
if ( $?_fwenv_do_prompt && $?prompt ) then
    set _fwenv_old_prompt = "$prompt:q"
    set prompt = __FWENV_PS1_CSH__"$prompt:q"
endif
unset _fwenv_do_prompt

# Forget remembered command locations: PATH changed.
rehash
