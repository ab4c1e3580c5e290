// Package secret hides credentials in text shown to a person: messages,
// errors, logs, `fwenv config show`. It is fwenv's one display redactor;
// every package that prints or returns a URL for display goes through
// Redact (or RedactURL for a string that is one URL).
//
// The rule: the user information of a URL ("https://user:password@host",
// "https://token@host", "https://${TOKEN}@host") is replaced by "***", so a
// reader still sees that credentials were given, and where they go. A bare
// account name on an ssh URL ("git+ssh://git@github.com/...",
// "git@github.com:org/repo.git") holds no secret and is kept. Input that
// does not parse as a URL, or parses as something else
// ("https://bob:1234/abc@host" reads as host bob, port 1234), is treated
// fail-closed: when it is unclear where the user information ends, more is
// hidden rather than less.
//
// What it does not do: clean a URL for a record. PEP 610's direct_url.json
// keeps "git@" and ${ENV} placeholders and drops other user information
// without a marker (env/install, resolver/source/vcs), and lock files hold
// URLs without credentials (lockfile/internal/lockio); those cleaners are
// not for display and stay where they are. It imports nothing of fwenv, so
// every folder may use it.
package secret
