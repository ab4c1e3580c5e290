package lockset

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"github.com/fwenv/fwenv/lockfile/lock"
)

// bundle is a small fwenv.lock of kind bundle.
func bundle() *lock.Lock {
	sha := strings.Repeat("b", 64)
	return &lock.Lock{CreatedBy: "fwenv 0.3.0", Kind: lock.KindBundle,
		Target:       lock.Target{Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64"},
		Requirements: []string{"framework"},
		Packages: []lock.Package{
			{Name: "future", Version: "0.18.3", Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{{File: "future-0.18.3.tar.gz", Kind: lock.ArtifactSdist, Path: "future-0.18.3.tar.gz", SHA256: sha, Size: 3}}},
			{Name: "framework", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."}, Dependencies: lock.DependenciesOn([]string{"future"}),
				Artifacts: []lock.Artifact{{File: "framework-0.0.1.tar.gz", Kind: lock.ArtifactSdist, Path: "framework-0.0.1.tar.gz", SHA256: sha, Size: 2}}},
		}}
}

// Save and Load, in both formats: the file's bytes are Marshal's, the lock
// comes back as the format reads it, a refused lock leaves the old file,
// and every error names the file.
func TestSaveLoad(t *testing.T) {
	for _, format := range []lock.Format{lock.Fwenv, lock.Pylock} {
		t.Run(format.String(), func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, format.FileName())
			if err := os.WriteFile(path, []byte("old content\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := Save(bundle(), path, format); err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(path)
			if want, err := Marshal(bundle(), format); err != nil || !bytes.Equal(data, want) {
				t.Errorf("saved bytes differ from Marshal (%v)", err)
			}
			got, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if format == lock.Fwenv && (got.Packages[0].Name != "framework" || !got.Packages[0].Requested || got.Kind != lock.KindBundle) {
				t.Errorf("read back: %+v", got)
			}
			if format == lock.Pylock && (got.Packages[0].Name != "framework" || !got.Packages[0].Requested || got.Tool["fwenv"] == nil) {
				t.Errorf("read back: %+v", got)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("Save left temporary files: %v", entries)
			}
			if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", fi.Mode().Perm())
			}

			// a lock the format refuses leaves the old file alone
			bad := bundle()
			bad.Packages[1].Artifacts[0].URL = "https://u:pw@h/framework-0.0.1.tar.gz"
			err = Save(bad, path, format)
			if err == nil || !strings.HasPrefix(err.Error(), path+":") || !strings.Contains(err.Error(), "credentials") || strings.Contains(err.Error(), "pw@") {
				t.Errorf("Save of a bad lock: %v", err)
			}
			if again, err := Load(path); err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("a refused Save changed the file: %v", err)
			}

			// errors name the file
			_, err = Load(filepath.Join(dir, "missing."+format.FileName()))
			var e *lock.Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), "missing."+format.FileName()+": no such lock file") || !errors.Is(err, os.ErrNotExist) || e.Hint() == "" {
				t.Errorf("Load of a missing file: %v", err)
			}
			if err := Save(bundle(), filepath.Join(dir, "no", "such", "dir", format.FileName()), format); err == nil || !strings.Contains(err.Error(), "cannot write the lock file") {
				t.Errorf("Save into a missing folder: %v", err)
			}
		})
	}
}

// A lock file larger than the cap is refused by its size, with the file,
// the cap and a hint, before it is read.
func TestLoadIsBounded(t *testing.T) {
	for _, name := range []string{"fwenv.lock", "pylock.toml"} {
		p := filepath.Join(t.TempDir(), name)
		boundedtest.Sparse(t, p, 65<<20)
		for _, load := range []func(string) (*lock.Lock, error){Load, LoadFound} {
			_, err := load(p)
			if err == nil || err.Error() != p+": larger than 64 MiB, the most fwenv reads of a lock file" {
				t.Errorf("err = %v", err)
				continue
			}
			if h := err.(*lock.Error).Hint(); !strings.Contains(h, "not a device") {
				t.Errorf("hint %q", h)
			}
		}
	}
}
