// Package activate writes the activation code of a virtual environment: the
// scripts in its bin/ directory, the code "fwenv activate --print" prints,
// and the interactive sub-shell "fwenv activate" starts.
//
// Scripts renders, from embedded templates of fwenv's own, one script per
// shell family: activate (bash, zsh, dash and other POSIX shells),
// activate.fish, activate.csh (csh and tcsh), Activate.ps1 (PowerShell) and
// activate.nu (nushell, used with "overlay use"). Every script sets
// VIRTUAL_ENV and VIRTUAL_ENV_PROMPT, puts $VIRTUAL_ENV/bin first on PATH,
// unsets PYTHONHOME, shows "(prompt) " before the shell's prompt unless
// VIRTUAL_ENV_DISABLE_PROMPT is non-empty, and defines deactivate, which puts
// all of those back as they were (a variable that was unset is unset again,
// one that was set but empty is set and empty again) and removes itself;
// "deactivate nondestructive" keeps it. Sourcing a script while an
// environment is active (made by fwenv or another tool) first calls that
// environment's "deactivate nondestructive".
//
// The environment's path and prompt name are written into the scripts as
// literals quoted for each shell, and the prompt name is escaped again for
// the shell's prompt expansion, so any characters but control characters,
// newlines and NUL are safe. Paths with a newline are refused: csh cannot
// quote them.
//
// PrintCode returns the same text as the script for one shell, so the code a
// user evaluates does not depend on any file in the environment (which may
// have been made by another tool). Subshell prepares the user's shell so that
// it starts with the environment active; see its documentation for how each
// shell is handled and for the limits of csh and tcsh.
//
// The package writes no files into environments (the venv package does) and
// does not start processes itself: Subshell returns an *exec.Cmd for the
// caller to run. docs/activation.md is the user's guide.
package activate
