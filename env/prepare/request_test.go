package prepare

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/env/install"
	"github.com/fwenv/fwenv/env/plan"
	"github.com/fwenv/fwenv/resolver/source"
)

// TestRequestRecordsWhereItCameFrom checks what direct_url.json will say
// for each kind of item the user gives.
func TestRequestRecordsWhereItCameFrom(t *testing.T) {
	dir := t.TempDir()
	proj := filepath.Join(dir, "proj")
	os.Mkdir(proj, 0o755)
	sdist := filepath.Join(dir, "proj-1.0.tar.gz")
	os.WriteFile(sdist, []byte("not really"), 0o644)
	sum, _ := source.FileSHA256(sdist)
	vcs := &install.VCSInfo{VCS: "git", URL: "https://h/r", CommitID: "abc"}
	for _, tt := range []struct {
		name string
		it   plan.Item
		want install.Request
	}{
		{"a folder", plan.Item{Project: proj, Direct: true},
			install.Request{Path: "w.whl", Requested: true, DirectURL: true, Dir: proj, Reinstall: true}},
		{"a folder, editable", plan.Item{Project: proj, Direct: true, Editable: true},
			install.Request{Path: "w.whl", Requested: true, DirectURL: true, Dir: proj, Editable: true, Reinstall: true}},
		{"an sdist path", plan.Item{Project: sdist, Direct: true},
			install.Request{Path: "w.whl", Requested: true, DirectURL: true, URL: source.FileURL(sdist), ArchiveSHA256: sum}},
		{"an sdist by URL", plan.Item{Project: sdist, URL: "https://h/proj-1.0.tar.gz", Direct: true},
			install.Request{Path: "w.whl", Requested: true, DirectURL: true, URL: "https://h/proj-1.0.tar.gz", ArchiveSHA256: sum}},
		{"a git checkout", plan.Item{Project: proj, VCS: vcs, Direct: true},
			install.Request{Path: "w.whl", Requested: true, DirectURL: true, VCS: vcs, Dir: proj, Reinstall: true}},
		{"a name's file (not direct)", plan.Item{Project: sdist},
			install.Request{Path: "w.whl", Requested: true}},
	} {
		got, err := Request(tt.it, "w.whl", true)
		if err != nil || got != tt.want {
			t.Errorf("%s:\n got %+v %v\nwant %+v", tt.name, got, err, tt.want)
		}
	}
}
