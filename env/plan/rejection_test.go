package plan

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
)

// TestRejectionSaysWhy: a file the target cannot use is explained by the
// option or the tags that exclude it, with the target's Python and first
// tags, and a hint pointing at that cause.
func TestRejectionSaysWhy(t *testing.T) {
	tests := []struct {
		only, no  []string
		file      string
		why, hint string
	}{
		{only: []string{":all:"}, file: "a-1.0.0.tar.gz", why: "--only-binary excludes its sdists", hint: "drop a from --only-binary"},
		{no: []string{"a"}, file: "a-1.0.0-py3-none-any.whl", why: "--no-binary excludes its wheels", hint: "drop a from --no-binary"},
		{file: "a-1.0.0-cp312-cp312-win_amd64.whl", why: "no wheel tag fits the target (Python 3.11.7, tags cp311-cp311-", hint: "fwenv create -p"},
	}
	for _, tt := range tests {
		formats, err := source.ParseFormats(tt.only, tt.no)
		if err != nil {
			t.Fatal(err)
		}
		f, ok, why := source.ParseFilename(tt.file)
		if !ok {
			t.Fatal(why)
		}
		r := rejection(formats, info)(f)
		if !strings.Contains(r.Why, tt.why) || !strings.Contains(r.Hint, tt.hint) {
			t.Errorf("%s: got %+v, want %q and a hint with %q", tt.file, r, tt.why, tt.hint)
		}
	}
}
