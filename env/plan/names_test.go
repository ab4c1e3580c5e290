package plan

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
)

// countingIndex is an index whose project list must not be asked for.
type countingIndex struct{ asked *int }

func (c countingIndex) Files(context.Context, string) ([]source.File, error) { return nil, nil }
func (c countingIndex) Projects() ([]string, error)                          { *c.asked++; return []string{"frameworx"}, nil }
func (c countingIndex) String() string                                       { return "index" }

// The "did you mean" names come from the find-links folders alone; the
// indexes of a Multi are not asked (issue 17, item 7).
func TestLocalNamesFromFindLinksOnly(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "framework-0.0.1-py3-none-any.whl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	asked := 0
	src := &source.Multi{Local: []source.Source{&source.FindLinks{Dirs: []string{dir}}}, Indexes: []source.Source{countingIndex{&asked}}}
	got := localNames(src)
	if len(got) != 1 || got[0] != "framework" {
		t.Errorf("localNames = %q, want [framework]", got)
	}
	if asked != 0 {
		t.Errorf("the index's project list was asked for")
	}
	if localNames(nil) != nil {
		t.Errorf("no source: names given")
	}
}
