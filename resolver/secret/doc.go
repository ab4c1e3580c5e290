// Package secret keeps credentials out of what fwenv shows and records.
//
// It hides credentials in text shown to a person: messages, errors, logs,
// `fwenv config show`. It is fwenv's one display redactor;
// every package that prints or returns a URL for display goes through
// Redact (or RedactURL for a string that is one URL).
//
// The rule: the user information of a URL ("https://user:password@host",
// "https://token@host", "https://${TOKEN}@host") is replaced by "***", so a
// reader still sees that credentials were given, and where they go. A bare
// account name on an ssh URL ("git+ssh://git@github.com/...",
// "git@github.com:org/repo.git") holds no secret and is kept. Input that
// does not parse as a URL ("https://bob:pa/ss@host", a password with a
// '/') is treated fail-closed: when it is unclear where the user
// information ends, more is hidden rather than less.
//
// It also cleans a URL for a record, where "***" cannot stand because the
// URL must still name the resource (record.go says why there are two
// kinds): StripCredentials for lock files and keys (no credential at all,
// an ssh account name kept), ForDirectURL for PEP 610's direct_url.json
// (pip's rule: the "git" user of a git URL and ${ENV} placeholders kept).
// Every display and record cleaning of a URL in fwenv is one of these
// functions; none has a copy elsewhere.
//
// What it does not do: parse, validate or fetch URLs, decide whether a
// lock file may hold a URL (lockfile/internal/lockio.CredentialIn checks
// that), or know the passwords a client holds (resolver/source/fetch
// scrubs those from its own messages). It imports nothing of fwenv, so
// every folder may use it.
package secret
