package pylock

import (
	"net/url"

	"github.com/fwenv/fwenv/lockfile/internal/lockio"
	"github.com/fwenv/fwenv/resolver/secret"
)

// Error is a problem with a pylock.toml file. It names the file, the line
// when one is known, and the package concerned when there is one:
//
//	pylock.toml:12: package attrs: wheel attrs-25.1.0-py3-none-any.whl has no hashes
type Error struct {
	File    string // the lock file as given to Parse, Load or Save ("" when unknown)
	Line    int    // 1-based line in File, 0 when unknown
	Package string // the package's name, "" when the problem is not inside a package
	Msg     string // what is wrong
	hint    string
	err     error
}

func (e *Error) Error() string {
	return lockio.ErrorText(e.File, e.Line, e.Package, e.Msg)
}

// Hint says how to fix the problem.
func (e *Error) Hint() string {
	if e.hint != "" {
		return secret.Redact(e.hint)
	}
	return regenerateHint
}

// Unwrap returns the underlying error (reading or writing the file, or the
// TOML decoder's), or nil.
func (e *Error) Unwrap() error { return e.err }

const regenerateHint = "pylock.toml is generated: regenerate it with the tool that wrote it (`fwenv lock -o pylock.toml`, `uv export --format pylock.toml`, `pip lock`) instead of editing it by hand"

const credentialsHint = "remove the user name and password from the URL (write https://host/..., not https://user:password@host/...); a lock file must never hold credentials: give them to fwenv with the index URL on the command line or in ~/.netrc"

// isAbsURL reports whether s is an absolute URL with a scheme and a host
// (file: URLs may have an empty host).
func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && (u.Host != "" || u.Scheme == "file")
}

func credentialIn(s string) bool { return lockio.CredentialIn(s) }
