// Package config gives every long flag of fwenv a value from, in order of
// precedence: the command line, a FWENV_* environment variable (the flag
// name upper-cased with '-' as '_': --cache-dir is FWENV_CACHE_DIR), the
// project file fwenv.yaml (the nearest in the current folder or its
// parents), the user file $XDG_CONFIG_HOME/fwenv/config.yaml (or the file
// named by --config / FWENV_CONFIG), and the flag's default. It records where
// each value came from for `fwenv config show`.
//
// Files are YAML mappings whose keys are long flag names; values are scalars
// or lists (for flags that take several values). Unknown keys are errors.
// fwenv never reads pip's configuration.
package config
