package main

import (
	"bytes"
	"testing"
)

// logf and debugf escape what they print (text from subprocesses, servers
// and distributions), keeping the line breaks between lines and hiding
// credentials.
func TestLogEscapesControls(t *testing.T) {
	var stderr bytes.Buffer
	a := newApp(nil, &bytes.Buffer{}, &stderr, func(string) string { return "" })
	a.verbose = true
	a.logf("warning: %s\n", "git said \x1b]0;pwned\x07\nnext \u202eline")
	a.debugf("net/http: %s\n", "https://user:s3cret@example.org/ \x1b[2J\u2028")
	want := "warning: git said \\x1b]0;pwned\\x07\nnext \\u202eline\n" +
		"net/http: https://***@example.org/ \\x1b[2J\\u2028\n"
	if got := stderr.String(); got != want {
		t.Errorf("stderr = %q\nwant     %q", got, want)
	}
}
