# fwenv activation module for nushell.
# Use it as an overlay, from a file named activate.nu:
#     overlay use path/to/env/bin/activate.nu
# and leave the environment with "deactivate" (an alias of
# "overlay hide activate"). Hiding the overlay restores every variable the
# module changed: VIRTUAL_ENV, VIRTUAL_ENV_PROMPT, PATH, PYTHONHOME and the
# prompt (PROMPT_COMMAND), which shows the prompt name unless
# VIRTUAL_ENV_DISABLE_PROMPT is non-empty.

export-env {
    let venv = __FWENV_ENV_DIR__
    let bin = __FWENV_BIN_DIR__
    let old_path = ($env.PATH? | default [])
    let path_list = if (($old_path | describe) == 'string') {
        $old_path | split row (char esep)
    } else {
        $old_path
    }
    load-env {
        VIRTUAL_ENV: $venv
        VIRTUAL_ENV_PROMPT: __FWENV_PROMPT__
        PATH: ($path_list | prepend $bin)
    }
    hide-env --ignore-errors PYTHONHOME

    if ($env.VIRTUAL_ENV_DISABLE_PROMPT? | default '' | is-empty) {
        let prefix = __FWENV_PS1_NU__
        let old_prompt = $env.PROMPT_COMMAND?
        let new_prompt = if ($old_prompt == null) {
            {|| $prefix }
        } else if (($old_prompt | describe) | str starts-with 'closure') {
            {|| $"($prefix)(do $old_prompt)" }
        } else {
            {|| $"($prefix)($old_prompt)" }
        }
        $env.PROMPT_COMMAND = $new_prompt
    }
}

export alias deactivate = overlay hide activate
