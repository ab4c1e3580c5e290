// Package vcs reads version-control requirements; it runs nothing.
//
// Parse reads the forms pip accepts: "git+https://host/repo.git@v1.0#egg=name",
// "name @ git+ssh://git@host/repo.git@SHA", "git+file:///path/repo@branch#subdirectory=plugin1"
// (schemes git+https, git+http, git+ssh, git+git, git+file, and a bare git://).
// Only git is supported; hg+, svn+ and bzr+ URLs get a clear error. A Spec
// keeps credentials for git to use, and Redacted gives the form fit for
// messages and records (direct_url.json): PEP 610 and pip drop the user
// information except a "git" user and ${ENV} placeholders
// (resolver/secret.ForDirectURL); Scrub hides the credentials in text that
// quotes the URL its own way. Pinned writes the requirement a lock file
// records for one commit, and IsRequirement tells a command which
// arguments to send to Parse. Error (with its Kind) is the error of a git
// requirement, for parsing here and for checking out in env/git, which
// makes its errors with NewError.
//
// What it does not do: run git or any other process, touch the disk or the
// network (env/git checks a Spec out), build or install anything. So the
// lock parsers in lockfile/ import it to read and write git requirements
// without depending on env/.
package vcs
