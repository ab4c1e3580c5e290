package install

import (
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/resolver/source"
)

// direct_url.json for wheels built from git checkouts, byte for byte as
// pip 23.2.1 writes it, and the freeze line it leads to.
func TestVCSDirectURL(t *testing.T) {
	const sha = "d808624bc1b303d518278d388f283ec9de394529"
	tests := []struct {
		name     string
		req      func(whl, dir string) Request
		want     string // "" means no direct_url.json
		freeze   string
		editable bool
	}{
		{
			name: "tag",
			req: func(whl, dir string) Request {
				return Request{Path: whl, Requested: true, Dir: dir, VCS: &VCSInfo{VCS: "git", URL: "file:///tmp/o/repo", CommitID: sha, RequestedRevision: "v1"}}
			},
			want:   `{"url": "file:///tmp/o/repo", "vcs_info": {"commit_id": "` + sha + `", "requested_revision": "v1", "vcs": "git"}}`,
			freeze: "demo-pkg @ git+file:///tmp/o/repo@" + sha,
		},
		{
			name: "subdirectory",
			req: func(whl, dir string) Request {
				return Request{Path: whl, Requested: true, DirectURL: true, VCS: &VCSInfo{VCS: "git", URL: "file:///tmp/o/repo", CommitID: sha, RequestedRevision: "main", Subdirectory: "plugin1"}}
			},
			want:   `{"subdirectory": "plugin1", "url": "file:///tmp/o/repo", "vcs_info": {"commit_id": "` + sha + `", "requested_revision": "main", "vcs": "git"}}`,
			freeze: "demo-pkg @ git+file:///tmp/o/repo@" + sha + "#subdirectory=plugin1",
		},
		{
			name: "no revision, credentials dropped",
			req: func(whl, dir string) Request {
				return Request{Path: whl, Requested: true, VCS: &VCSInfo{VCS: "git", URL: "https://user:s3cret@host/org/repo.git", CommitID: sha}}
			},
			want:   `{"url": "https://host/org/repo.git", "vcs_info": {"commit_id": "` + sha + `", "vcs": "git"}}`,
			freeze: "demo-pkg @ git+https://host/org/repo.git@" + sha,
		},
		{
			name: "git user and env placeholders kept",
			req: func(whl, dir string) Request {
				return Request{Path: whl, Requested: true, VCS: &VCSInfo{VCS: "git", URL: "ssh://git@host/org/repo.git", CommitID: sha, RequestedRevision: "feature/x"}}
			},
			want:   `{"url": "ssh://git@host/org/repo.git", "vcs_info": {"commit_id": "` + sha + `", "requested_revision": "feature/x", "vcs": "git"}}`,
			freeze: "demo-pkg @ git+ssh://git@host/org/repo.git@" + sha,
		},
		{
			name: "editable: dir_info, as pip",
			req: func(whl, dir string) Request {
				return Request{Path: whl, Requested: true, Dir: dir, Editable: true, VCS: &VCSInfo{VCS: "git", URL: "file:///tmp/o/repo", CommitID: sha}}
			},
			want:     `{"dir_info": {"editable": true}, "url": "file://DIR"}`,
			editable: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tg := fakeTarget(t)
			whl := buildWheel(t, t.TempDir(), demoSpec("1.0"))
			dir := t.TempDir()
			mustInstall(t, tg, testOptions(t), tt.req(whl, dir))
			got := readFile(t, filepath.Join(tg.Layout.Purelib, "demo_pkg-1.0.dist-info/direct_url.json"))
			want := tt.want
			if tt.editable {
				want = `{"dir_info": {"editable": true}, "url": ` + jsonString(source.FileURL(dir)) + `}`
			}
			if got != want {
				t.Fatalf("direct_url.json = %s\nwant %s", got, want)
			}
			du, err := site.ParseDirectURL([]byte(got))
			if err != nil {
				t.Fatal(err)
			}
			if tt.freeze != "" {
				if line := du.Requirement("demo-pkg"); line != tt.freeze {
					t.Errorf("freeze line %s, want %s", line, tt.freeze)
				}
			}
		})
	}
}
