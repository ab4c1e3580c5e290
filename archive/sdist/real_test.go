package sdist

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// realistic is an sdist laid out as setuptools writes one: PAX format, the
// egg-info folder, an executable script, data files, tests.
func realistic(t testing.TB) (files map[string]string, data []byte) {
	files = map[string]string{
		"PKG-INFO": "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 2.3.1\nSummary: A realistic demo\n" +
			"Home-page: https://example.invalid/demo\nAuthor: Demo Author\nLicense: MIT\n" +
			"Classifier: Programming Language :: Python :: 3\nRequires-Python: >=3.8\n" +
			"Description-Content-Type: text/markdown\nLicense-File: LICENSE\nProvides-Extra: cli\n" +
			"Requires-Dist: click>=8; extra == \"cli\"\n\n# demo-pkg\n\nA demo.\n",
		"README.md":   "# demo-pkg\n\nA demo.\n",
		"LICENSE":     "MIT License\n\nCopyright (c) 2024\n",
		"MANIFEST.in": "include LICENSE\nrecursive-include src/demo_pkg/data *.json\n",
		"setup.py":    "from setuptools import setup\n\nsetup()\n",
		"setup.cfg": "[metadata]\nname = demo-pkg\nversion = 2.3.1\n\n[options]\npackage_dir =\n    = src\npackages = find:\n\n" +
			"[options.packages.find]\nwhere = src\n\n[options.entry_points]\nconsole_scripts =\n    demo = demo_pkg.cli:main\n\n[egg_info]\ntag_build = \ntag_date = 0\n",
		"pyproject.toml":                                  "[build-system]\nrequires = [\"setuptools>=40.8.0\", \"wheel\"]\nbuild-backend = \"setuptools.build_meta\"\n",
		"src/demo_pkg/__init__.py":                        "__version__ = \"2.3.1\"\n",
		"src/demo_pkg/cli.py":                             "import sys\n\n\ndef main():\n    print('demo', sys.argv[1:])\n",
		"src/demo_pkg/data/schema.json":                   "{\"type\": \"object\"}\n",
		"src/demo_pkg.egg-info/PKG-INFO":                  "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 2.3.1\n",
		"src/demo_pkg.egg-info/SOURCES.txt":               "LICENSE\nMANIFEST.in\nREADME.md\npyproject.toml\nsetup.cfg\nsetup.py\n",
		"src/demo_pkg.egg-info/entry_points.txt":          "[console_scripts]\ndemo = demo_pkg.cli:main\n",
		"src/demo_pkg.egg-info/top_level.txt":             "demo_pkg\n",
		"tests/test_cli.py":                               "from demo_pkg.cli import main\n\n\ndef test_main():\n    main()\n",
		"scripts/run.sh":                                  "#!/bin/sh\nexec demo \"$@\"\n",
		"docs/" + strings.Repeat("deep/", 30) + "page.md": "a path longer than the 100 bytes of a ustar name\n",
	}
	return files, sdistOf(t, "demo_pkg-2.3.1", files, map[string]bool{"scripts/run.sh": true})
}

// sdistOf tars files (Path -> content) below root/, folders first, in
// sorted order, as Python's tarfile does (PAX format, owner names).
func sdistOf(t testing.TB, root string, files map[string]string, exec map[string]bool) []byte {
	var paths []string
	dirs := map[string]bool{}
	for p := range files {
		paths = append(paths, p)
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	for d := range dirs {
		paths = append(paths, d+"/")
	}
	sort.Strings(paths)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	tw := tar.NewWriter(zw)
	hdr := func(h *tar.Header) {
		h.Uname, h.Gname, h.ModTime, h.Format = "root", "root", fixedTime, tar.FormatPAX
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
	}
	hdr(&tar.Header{Name: root + "/", Typeflag: tar.TypeDir, Mode: 0o755})
	for _, p := range paths {
		if strings.HasSuffix(p, "/") {
			hdr(&tar.Header{Name: root + "/" + p, Typeflag: tar.TypeDir, Mode: 0o755})
			continue
		}
		mode := int64(0o644)
		if exec[p] {
			mode = 0o755
		}
		hdr(&tar.Header{Name: root + "/" + p, Typeflag: tar.TypeReg, Mode: mode, Size: int64(len(files[p]))})
		tw.Write([]byte(files[p]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return buf.Bytes()
}

// checkUnpacked compares what Extract wrote with the files it came from.
func checkUnpacked(t *testing.T, root string, files map[string]string, exec map[string]bool) {
	t.Helper()
	seen := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			return nil
		}
		want, ok := files[rel]
		if !ok {
			t.Errorf("unexpected file %s", rel)
			return nil
		}
		seen++
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if string(got) != want {
			t.Errorf("%s: content differs", rel)
		}
		info, _ := d.Info()
		if (info.Mode().Perm()&0o100 != 0) != exec[rel] {
			t.Errorf("%s: mode %v", rel, info.Mode())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(files) {
		t.Errorf("%d files unpacked, want %d", seen, len(files))
	}
}

func TestRealisticSdist(t *testing.T) {
	files, data := realistic(t)
	p := filepath.Join(t.TempDir(), "demo_pkg-2.3.1.tar.gz")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Open(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Name != "demo_pkg" || s.Version != "2.3.1" || s.Root != "demo_pkg-2.3.1" || len(s.Warnings) != 0 {
		t.Errorf("%q %q %q %q", s.Name, s.Version, s.Root, s.Warnings)
	}
	if !s.HasPKGINFO || !s.HasPyproject || !s.HasSetupPy || !s.HasSetupCfg {
		t.Errorf("build files not all found")
	}
	md, err := s.PKGINFO()
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "demo-pkg" || md.Version != "2.3.1" || md.RequiresPython != ">=3.8" || len(md.RequiresDist) != 1 || md.Description != "# demo-pkg\n\nA demo.\n" {
		t.Errorf("PKG-INFO: %+v", md)
	}
	py, err := s.ReadFile("pyproject.toml")
	if err != nil || string(py) != files["pyproject.toml"] {
		t.Errorf("pyproject.toml: %q %v", py, err)
	}
	cli, err := s.ReadFile("src/demo_pkg/cli.py")
	if err != nil || string(cli) != files["src/demo_pkg/cli.py"] {
		t.Errorf("cli.py: %q %v", cli, err)
	}
	root, err := s.Extract(filepath.Join(t.TempDir(), "build"))
	if err != nil {
		t.Fatal(err)
	}
	checkUnpacked(t, root, files, map[string]bool{"scripts/run.sh": true})
}

// TestTutorialFramework packs the seed tutorial's framework project (docs/
// tutorial/framework) as framework-0.0.1.tar.gz and unpacks it.
func TestTutorialFramework(t *testing.T) {
	src := filepath.Join("..", "..", "docs", "tutorial", "framework")
	files := map[string]string{}
	exec := map[string]bool{}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, _ := filepath.Rel(src, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		if info, _ := d.Info(); info.Mode()&0o111 != 0 {
			exec[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if os.IsNotExist(err) {
		t.Skip("no docs/tutorial/framework")
	}
	if err != nil {
		t.Fatal(err)
	}
	if files["setup.py"] == "" {
		t.Fatalf("no setup.py in %s", src)
	}
	data := sdistOf(t, "framework-0.0.1", files, exec)
	s, err := open(t, "framework-0.0.1.tar.gz", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "framework" || s.Version != "0.0.1" || !s.HasSetupPy || s.HasPKGINFO {
		t.Errorf("%q %q setup.py %v PKG-INFO %v", s.Name, s.Version, s.HasSetupPy, s.HasPKGINFO)
	}
	root, err := s.Extract(filepath.Join(t.TempDir(), "framework"))
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(root) != "framework-0.0.1" {
		t.Errorf("root %s", root)
	}
	checkUnpacked(t, root, files, exec)
}
