package site

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/archive/wheelname"
)

// testLayout makes an empty environment tree in a temporary folder.
func testLayout(t testing.TB) Layout {
	t.Helper()
	root := t.TempDir()
	sp := filepath.Join(root, "lib", "python3.11", "site-packages")
	l := Layout{Root: root, Purelib: sp, Platlib: sp, Scripts: filepath.Join(root, "bin"), Data: root,
		Headers: filepath.Join(root, "include", "site", "python3.11")}
	for _, d := range []string{sp, l.Scripts} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(root, "pyvenv.cfg"), "home = /usr/bin\n")
	writeFile(t, filepath.Join(l.Scripts, "python"), "#!/bin/sh\n")
	return l
}

// fakeDist describes a distribution to write by hand.
type fakeDist struct {
	Name, Version string
	Files         map[string]string // RECORD path (relative to site-packages, or absolute) -> content
	Requires      []string
	EntryPoints   string
	Installer     string
	Requested     bool
	DirectURL     string
	NoRecord      bool
	ExtraRows     []string // raw RECORD rows added as written (hostile paths)
	Meta          string   // extra METADATA header lines
}

func writeFile(t testing.TB, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// install writes the distribution's files and its dist-info (METADATA,
// INSTALLER, REQUESTED, entry_points.txt, direct_url.json, RECORD with real
// hashes) as pip would, and returns the dist-info folder.
func (f fakeDist) install(t testing.TB, l Layout) string {
	t.Helper()
	sp := l.Purelib
	info := wheelname.Escape(f.Name) + "-" + f.Version + ".dist-info"
	var entries []record.Entry
	put := func(rel, content string) {
		p := rel
		if !filepath.IsAbs(p) {
			p = filepath.Join(sp, filepath.FromSlash(rel))
		}
		writeFile(t, p, content)
		entries = append(entries, record.Entry{Path: rel, Hash: record.Sum([]byte(content)), Size: int64(len(content))})
	}
	rels := make([]string, 0, len(f.Files))
	for rel := range f.Files {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		put(rel, f.Files[rel])
	}
	var md strings.Builder
	fmt.Fprintf(&md, "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: the %s project\n", f.Name, f.Version, f.Name)
	for _, r := range f.Requires {
		fmt.Fprintf(&md, "Requires-Dist: %s\n", r)
	}
	md.WriteString(f.Meta)
	put(info+"/METADATA", md.String())
	installer := f.Installer
	if installer == "" {
		installer = "pip"
	}
	put(info+"/INSTALLER", installer+"\n")
	if f.Requested {
		put(info+"/REQUESTED", "")
	}
	if f.EntryPoints != "" {
		put(info+"/entry_points.txt", f.EntryPoints)
	}
	if f.DirectURL != "" {
		put(info+"/direct_url.json", f.DirectURL)
	}
	if !f.NoRecord {
		var buf bytes.Buffer
		entries = append(entries, record.Entry{Path: info + "/RECORD", Size: -1})
		if err := record.Write(&buf, entries); err != nil {
			t.Fatal(err)
		}
		for _, row := range f.ExtraRows {
			buf.WriteString(row + "\n")
		}
		writeFile(t, filepath.Join(sp, info, "RECORD"), buf.String())
	}
	return filepath.Join(sp, info)
}

func mustOpen(t testing.TB, l Layout) *DB {
	t.Helper()
	db, err := Open(l)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// The seed's plugins: both ship framework/__init__.py and
// framework/typeA/__init__.py and declare typeA: plugin.
const nsInit = "__path__ = __import__(\"pkgutil\").extend_path(__path__, __name__)\n"

func seedPlugin(n int) fakeDist {
	mod := fmt.Sprintf("plugin%d", n)
	return fakeDist{
		Name:    "framework.typeA." + mod,
		Version: "0.0.1",
		Files: map[string]string{
			"framework/__init__.py":                   nsInit,
			"framework/typeA/__init__.py":             nsInit,
			"framework/typeA/" + mod + "/__init__.py": fmt.Sprintf("def run():\n    print(%q)\n", "framework.typeA."+mod+" starting"),
		},
		EntryPoints: "[typeA]\nplugin = framework.typeA." + mod + ":run\n",
		Requested:   true,
	}
}
