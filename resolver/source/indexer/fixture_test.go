package indexer

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// metadataText is the METADATA / PKG-INFO of a fixture.
func metadataText(name, version, requiresPython string) string {
	s := fmt.Sprintf("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: fixture\n", name, version)
	if requiresPython != "" {
		s += "Requires-Python: " + requiresPython + "\n"
	}
	return s
}

// writeWheel writes NAME-VERSION-py3-none-any.whl into dir and returns its
// path and METADATA.
func writeWheel(t testing.TB, dir, name, version, requiresPython string) (string, []byte) {
	t.Helper()
	esc := strings.ToLower(strings.NewReplacer("-", "_", ".", "_").Replace(name))
	di := esc + "-" + version + ".dist-info"
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var record strings.Builder
	add := func(n, data string) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
		sum := sha256.Sum256([]byte(data))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(sum[:]), len(data))
	}
	meta := metadataText(name, version, requiresPython)
	add(esc+"/__init__.py", "VERSION = '"+version+"'\n")
	add(di+"/METADATA", meta)
	add(di+"/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
	fmt.Fprintf(&record, "%s/RECORD,,\n", di)
	w, _ := zw.Create(di + "/RECORD")
	w.Write([]byte(record.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, esc+"-"+version+"-py3-none-any.whl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, []byte(meta)
}

// writeSdist writes NAME-VERSION.tar.gz (with PKG-INFO unless noPKGINFO).
func writeSdist(t testing.TB, dir, name, version, requiresPython string, noPKGINFO bool) string {
	t.Helper()
	root := strings.NewReplacer("-", "_", ".", "_").Replace(name) + "-" + version
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: root + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	// An in-tree backend that needs nothing installed: pip can prepare
	// the metadata offline.
	files := map[string]string{
		root + "/pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\".\"]\n",
		root + "/backend.py": fmt.Sprintf(`import os
def get_requires_for_build_wheel(config_settings=None):
    return []
def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    d = os.path.join(metadata_directory, %q)
    os.makedirs(d)
    with open(os.path.join(d, "METADATA"), "w") as f:
        f.write(%q)
    return %q
`, root+".dist-info", metadataText(name, version, requiresPython), root+".dist-info"),
	}
	if !noPKGINFO {
		files[root+"/PKG-INFO"] = metadataText(name, version, requiresPython)
	}
	for _, n := range []string{root + "/PKG-INFO", root + "/backend.py", root + "/pyproject.toml"} {
		data, ok := files[n]
		if !ok {
			continue
		}
		tw.WriteHeader(&tar.Header{Name: n, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data))})
		tw.Write([]byte(data))
	}
	tw.Close()
	gz.Close()
	path := filepath.Join(dir, root+".tar.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func sha256File(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func sha256Bytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
