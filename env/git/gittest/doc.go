// Package gittest helps tests that need real git repositories: an
// environment isolated from the user's git configuration (Env), a git
// runner that fails the test (Run), and a writer of file trees
// (WriteFiles). It is imported by tests only (env/git, env/prepare); it
// does not check anything out itself.
package gittest
