package indexer

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestPipReadsTheIndex lets pip (the oracle) download from the static tree
// served by a plain file server and from Handler: it must choose by
// Requires-Python, accept the announced sha256 of every file and (when it
// reads them) of the PEP 658 metadata files.
func TestPipReadsTheIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pip")
	}
	py, err := exec.LookPath("python3.11")
	if err != nil {
		t.Skip("no python3.11")
	}
	if err := exec.Command(py, "-m", "pip", "--version").Run(); err != nil {
		t.Skip("no pip for python3.11")
	}
	dir := t.TempDir()
	writeWheel(t, dir, "demo.pkg", "1.0", ">=3.8")
	writeWheel(t, dir, "demo.pkg", "2.0", ">=3.99") // too new for 3.11: pip must skip it
	writeSdist(t, dir, "demo.pkg", "1.0", ">=3.8", false)
	writeSdist(t, dir, "other", "3.0", "", false)

	out := t.TempDir()
	if _, err := Build(dir, out, Options{}); err != nil {
		t.Fatal(err)
	}
	static := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer static.Close()
	h, err := Handler(dir, ServeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	live := httptest.NewServer(h)
	defer live.Close()

	for _, srv := range []struct{ name, url string }{{"static", static.URL}, {"handler", live.URL}} {
		t.Run(srv.name, func(t *testing.T) {
			dest := t.TempDir()
			cmd := exec.Command(py, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", "--no-cache-dir",
				"--index-url", srv.url+"/simple/", "-d", dest, "Demo_Pkg", "other")
			cmd.Env = append(os.Environ(), "PIP_CONFIG_FILE=/dev/null", "PIP_FIND_LINKS=")
			outb, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("pip download: %v\n%s", err, outb)
			}
			entries, _ := os.ReadDir(dest)
			var got []string
			for _, e := range entries {
				got = append(got, e.Name())
			}
			sort.Strings(got)
			if want := []string{"demo_pkg-1.0-py3-none-any.whl", "other-3.0.tar.gz"}; !reflect.DeepEqual(got, want) {
				t.Errorf("pip downloaded %q, want %q\n%s", got, want, outb)
			}
			if strings.Contains(string(outb), "WARNING") {
				t.Errorf("pip warned:\n%s", outb)
			}
			for _, f := range got {
				if sha256File(t, filepath.Join(dest, f)) != sha256File(t, filepath.Join(dir, f)) {
					t.Errorf("%s differs", f)
				}
			}
		})
	}
}
