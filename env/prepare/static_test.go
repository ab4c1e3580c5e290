package prepare

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSdist writes NAME-1.0.tar.gz holding PKG-INFO (when not "") and a
// setup.py into dir.
func writeSdist(t *testing.T, dir, name, pkgInfo string) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	root := name + "-1.0/"
	tw.WriteHeader(&tar.Header{Name: root, Typeflag: tar.TypeDir, Mode: 0o755})
	files := map[string]string{"setup.py": "from setuptools import setup\nsetup()\n"}
	if pkgInfo != "" {
		files["PKG-INFO"] = pkgInfo
	}
	for _, n := range []string{"PKG-INFO", "setup.py"} {
		if data, ok := files[n]; ok {
			tw.WriteHeader(&tar.Header{Name: root + n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data))})
			tw.Write([]byte(data))
		}
	}
	tw.Close()
	gz.Close()
	p := filepath.Join(dir, name+"-1.0.tar.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStaticRequires(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, pkgInfo string
		requires      string
		python        string
		why           string
	}{
		{"static", "Metadata-Version: 2.2\nName: static\nVersion: 1.0\nRequires-Dist: dep<2\nRequires-Python: >=3.9\n", "dep<2", ">=3.9", ""},
		{"nodeps", "Metadata-Version: 2.4\nName: nodeps\nVersion: 1.0\nDynamic: Summary\n", "", "", ""},
		{"old", "Metadata-Version: 2.1\nName: old\nVersion: 1.0\nRequires-Dist: dep\n", "", "", "before 2.2"},
		{"dynamic", "Metadata-Version: 2.2\nName: dynamic\nVersion: 1.0\nDynamic: Requires-Python\n", "", "", "marks Requires-Python as Dynamic"},
		{"bare", "", "", "", "no PKG-INFO"},
	}
	for _, tt := range tests {
		requires, python, why, err := StaticRequires(writeSdist(t, dir, tt.name, tt.pkgInfo))
		if err != nil || strings.Join(requires, "|") != tt.requires || python != tt.python || !strings.Contains(why, tt.why) || (tt.why == "") != (why == "") {
			t.Errorf("%s: %q %q %q %v", tt.name, requires, python, why, err)
		}
	}
	bad := filepath.Join(dir, "broken-1.0.tar.gz")
	os.WriteFile(bad, []byte("not gzip"), 0o644)
	if _, _, _, err := StaticRequires(bad); err == nil {
		t.Error("a broken sdist: no error")
	}
}
