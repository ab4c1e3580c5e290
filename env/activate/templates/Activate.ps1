# fwenv activation script for PowerShell (pwsh) on Linux and macOS.
# Dot-source it, do not run it:   . path/to/env/bin/Activate.ps1
# It sets VIRTUAL_ENV and VIRTUAL_ENV_PROMPT, puts the environment's bin
# directory first on PATH, removes PYTHONHOME, wraps the prompt function to
# show the prompt name (unless VIRTUAL_ENV_DISABLE_PROMPT is non-empty) and
# defines "deactivate", which puts every one of those back as it was.
# Note: before PowerShell 7.5, assigning an empty string to an environment
# variable removes it, so a variable that was set but empty comes back unset.

# Leave the environment that is active now, if any (ours or another tool's).
if (Test-Path function:global:deactivate) {
    deactivate -NonDestructive
}

function global:deactivate([switch] $NonDestructive) {
    if (Test-Path variable:global:_FwenvActive) {
        foreach ($name in 'PATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'VIRTUAL_ENV_PROMPT') {
            if (Test-Path "variable:global:_FwenvOld_$name") {
                Set-Item -Path "env:$name" -Value (Get-Variable -Scope Global -Name "_FwenvOld_$name" -ValueOnly)
                Remove-Variable -Scope Global -Name "_FwenvOld_$name"
            } elseif (Test-Path "env:$name") {
                Remove-Item -Path "env:$name"
            }
        }
        if (Test-Path variable:global:_FwenvPromptChanged) {
            if (Test-Path variable:global:_FwenvOldPrompt) {
                Set-Item -Path function:global:prompt -Value $global:_FwenvOldPrompt
                Remove-Variable -Scope Global -Name _FwenvOldPrompt
            } else {
                Remove-Item -Path function:global:prompt
            }
            Remove-Variable -Scope Global -Name _FwenvPromptChanged
        }
        Remove-Variable -Scope Global -Name _FwenvActive
    }
    if (-not $NonDestructive) {
        Remove-Item -Path function:global:deactivate
    }
}

# Remember the current values; "set" and "unset" are kept apart.
foreach ($name in 'PATH', 'PYTHONHOME', 'VIRTUAL_ENV', 'VIRTUAL_ENV_PROMPT') {
    if (Test-Path "env:$name") {
        Set-Variable -Scope Global -Name "_FwenvOld_$name" -Value (Get-Item -Path "env:$name").Value
    } elseif (Test-Path "variable:global:_FwenvOld_$name") {
        Remove-Variable -Scope Global -Name "_FwenvOld_$name"
    }
}
$global:_FwenvActive = $true

$env:VIRTUAL_ENV = __FWENV_ENV_DIR__
$env:VIRTUAL_ENV_PROMPT = __FWENV_PROMPT__
if (Test-Path env:PATH) {
    $env:PATH = __FWENV_BIN_DIR__ + [System.IO.Path]::PathSeparator + $env:PATH
} else {
    $env:PATH = __FWENV_BIN_DIR__
}
if (Test-Path env:PYTHONHOME) {
    Remove-Item -Path env:PYTHONHOME
}

if (-not $env:VIRTUAL_ENV_DISABLE_PROMPT) {
    if (Test-Path function:global:prompt) {
        $global:_FwenvOldPrompt = Get-Content -Path function:global:prompt
    }
    function global:prompt {
        $text = __FWENV_PS1_PWSH__
        if (Test-Path variable:global:_FwenvOldPrompt) {
            $text += & $global:_FwenvOldPrompt
        }
        $text
    }
    $global:_FwenvPromptChanged = $true
}
