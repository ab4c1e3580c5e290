package solver

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeDist is one version of a project for writeWheel.
type fakeDist struct {
	Name, Version  string
	Requires       []string
	RequiresPython string
	Extras         []string
}

// writeWheel writes a minimal valid wheel (dist-info only) into dir.
func writeWheel(t testing.TB, dir string, d fakeDist) string {
	t.Helper()
	norm := strings.ReplaceAll(d.Name, "-", "_")
	di := fmt.Sprintf("%s-%s.dist-info", norm, d.Version)
	var meta strings.Builder
	fmt.Fprintf(&meta, "Metadata-Version: 2.1\nName: %s\nVersion: %s\n", d.Name, d.Version)
	if d.RequiresPython != "" {
		fmt.Fprintf(&meta, "Requires-Python: %s\n", d.RequiresPython)
	}
	for _, x := range d.Extras {
		fmt.Fprintf(&meta, "Provides-Extra: %s\n", x)
	}
	for _, r := range d.Requires {
		fmt.Fprintf(&meta, "Requires-Dist: %s\n", r)
	}
	files := []struct{ name, body string }{
		{norm + "/__init__.py", ""},
		{di + "/METADATA", meta.String()},
		{di + "/WHEEL", "Wheel-Version: 1.0\nGenerator: fwenv-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
	}
	var record strings.Builder
	for _, f := range files {
		sum := sha256.Sum256([]byte(f.body))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", f.name, base64.RawURLEncoding.EncodeToString(sum[:]), len(f.body))
	}
	fmt.Fprintf(&record, "%s/RECORD,,\n", di)
	files = append(files, struct{ name, body string }{di + "/RECORD", record.String()})
	path := filepath.Join(dir, fmt.Sprintf("%s-%s-py3-none-any.whl", norm, d.Version))
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, f := range files {
		w, err := zw.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
