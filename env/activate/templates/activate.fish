# fwenv activation script for fish.
# Source it, do not run it:   source path/to/env/bin/activate.fish
# It sets VIRTUAL_ENV and VIRTUAL_ENV_PROMPT, puts the environment's bin
# directory first on PATH, erases PYTHONHOME, wraps fish_prompt to show the
# prompt name (unless VIRTUAL_ENV_DISABLE_PROMPT is non-empty) and defines
# "deactivate", which puts every one of those back exactly as it was.

# Leave the environment that is active now, if any (ours or another tool's).
if functions -q deactivate
    deactivate nondestructive
end

function deactivate -d 'Leave the virtual environment'
    if set -q _fwenv_active
        for _fwenv_name in PATH PYTHONHOME VIRTUAL_ENV VIRTUAL_ENV_PROMPT
            set -l _fwenv_saved _fwenv_old_$_fwenv_name
            if set -q $_fwenv_saved
                set -gx $_fwenv_name $$_fwenv_saved
                set -e -g $_fwenv_saved
            else
                set -e -g $_fwenv_name
            end
        end
        if set -q _fwenv_prompt_changed
            functions -e fish_prompt
            if functions -q _fwenv_old_fish_prompt
                functions -c _fwenv_old_fish_prompt fish_prompt
                functions -e _fwenv_old_fish_prompt
            end
        end
        set -e -g _fwenv_active
        set -e -g _fwenv_prompt_changed
    end
    if test "$argv[1]" != nondestructive
        functions -e deactivate _fwenv_set_status
    end
end

# Remember the current values; "set but empty" and "unset" are kept apart.
for _fwenv_name in PATH PYTHONHOME VIRTUAL_ENV VIRTUAL_ENV_PROMPT
    if set -q $_fwenv_name
        set -g _fwenv_old_$_fwenv_name $$_fwenv_name
    else
        set -e -g _fwenv_old_$_fwenv_name
    end
end
set -e _fwenv_name
set -g _fwenv_active 1

set -gx VIRTUAL_ENV __FWENV_ENV_DIR__
set -gx VIRTUAL_ENV_PROMPT __FWENV_PROMPT__
set -gx PATH __FWENV_BIN_DIR__ $PATH
set -e -g PYTHONHOME

if test -z "$VIRTUAL_ENV_DISABLE_PROMPT"
    functions -e _fwenv_old_fish_prompt
    if functions -q fish_prompt
        functions -c fish_prompt _fwenv_old_fish_prompt
    end

    # Gives the old prompt the exit status of the last command.
    function _fwenv_set_status
        return $argv[1]
    end

    function fish_prompt -d 'Show the virtual environment, then the usual prompt'
        set -l _fwenv_status $status
        printf '%s' __FWENV_PS1_FISH__
        if functions -q _fwenv_old_fish_prompt
            _fwenv_set_status $_fwenv_status
            _fwenv_old_fish_prompt
        end
    end
    set -g _fwenv_prompt_changed 1
end
