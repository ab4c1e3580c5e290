// fwenv's commands are short-lived: the runtime's goroutine that follows
// changes of the CPU limit (Go 1.25's updatemaxprocs) would only add its
// start-up to every command.
//
//go:debug updatemaxprocs=0

// Command fwenv creates Python virtual environments and installs plugins into
// them. This package only parses flags and calls the packages that do the work.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/resolver/source/fetch"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	os.Exit(timed(os.Getenv, os.Stderr, func() int {
		return Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	}))
}

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Hint() string  { return "run `fwenv help` or add --help to the command" }

// exitError carries a child's exit status through (fwenv run).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Main runs fwenv and returns its exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	a := newApp(stdin, stdout, stderr, getenv)
	a.intr = watchInterrupts(stderr)
	defer a.intr.stop()
	// net/http's client logs protocol oddities (a server sending more than
	// its Content-Length) through Go's standard logger: -v shows them.
	fetch.RouteStdLog(func(line string) { a.debugf("net/http: %s\n", line) })
	root := a.rootCmd(args)
	root.SetArgs(args)
	err := root.Execute()
	for _, f := range a.cleanups {
		f()
	}
	a.intr.stop()
	if s := a.intr.received(); s != nil {
		// One line, whatever the command's error (a consequence of the
		// interruption: -v shows it).
		if err != nil {
			a.debugf("after the interruption: %s\n", outputSafe(err.Error()))
		}
		fmt.Fprintln(stderr, outputSafe(a.intr.line(err == nil)))
		return exitCodeOf(s)
	}
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	code := 1
	var ue usageError
	var oue ops.UsageError
	if errors.As(err, &ue) || errors.As(err, &oue) || isCobraUsage(err) {
		code = 2
	}
	printError(stderr, err)
	return code
}

func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "bad flag syntax"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

type hinter interface{ Hint() string }

// printError prints err and its hint; credentials in either are hidden
// (resolver/secret) and control characters escaped line by line
// (archive/printable, outputSafe), whatever package made the message: it
// may quote an interpreter's, git's or a build backend's stderr.
func printError(w io.Writer, err error) {
	msg := oneLineSuggestions(err.Error())
	fmt.Fprintf(w, "error: %s\n", outputSafe(msg))
	var h hinter
	if errors.As(err, &h) && h.Hint() != "" {
		if strings.Contains(msg, "hint: "+h.Hint()) {
			return // the message ends with it already
		}
		fmt.Fprintf(w, "hint: %s\n", outputSafe(h.Hint()))
	} else if isCobraUsage(err) {
		fmt.Fprintln(w, "hint: run `fwenv help` or add --help to the command")
	}
}

// cmdError is a failure a command explains itself: the message, then a
// hint for the fix.
type cmdError struct{ msg, hint string }

func (e *cmdError) Error() string { return e.msg }
func (e *cmdError) Hint() string  { return e.hint }
