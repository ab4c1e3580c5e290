package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLegacyEditableStaysInside: the legacy path's editable wheel names
// package_dir in its .pth file and carries the scripts= files; a symbolic
// link in the project that leads outside it is refused for either, as are
// "..", and the project's own folders are packed.
func TestLegacyEditableStaysInside(t *testing.T) {
	in := pyenvInfo(t, "2.7")
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"pkg/__init__.py": "", "tool": "#!/usr/bin/env python\n"})
	project := t.TempDir()
	writeFiles(t, project, map[string]string{"src/p/__init__.py": "", "bin/tool": "#!/usr/bin/env python\nprint(1)\n"})
	if err := os.Symlink(filepath.Join(outside, "pkg"), filepath.Join(project, "away")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "tool"), filepath.Join(project, "bin", "away-tool")); err != nil {
		t.Fatal(err)
	}
	egg := filepath.Join(t.TempDir(), "p.egg-info")
	writeFiles(t, egg, map[string]string{"PKG-INFO": "Metadata-Version: 1.1\nName: p\nVersion: 1.0\n"})

	cases := []struct {
		facts legacyFacts
		want  string // "" for success
	}{
		{legacyFacts{PackageDir: "src", Pure: true, Scripts: []string{"bin/tool"}}, ""},
		{legacyFacts{PackageDir: "", Pure: true}, ""},
		{legacyFacts{PackageDir: "away", Pure: true}, `package_dir "away" leaves the project folder through a symbolic link`},
		{legacyFacts{PackageDir: "../x", Pure: true}, `package_dir "../x" leaves the project folder`},
		{legacyFacts{PackageDir: "src", Pure: true, Scripts: []string{"bin/away-tool"}}, `script "bin/away-tool" leaves the project folder through a symbolic link`},
		{legacyFacts{PackageDir: "src", Pure: true, Scripts: []string{"../tool"}}, `script "../tool" leaves the project folder`},
	}
	for _, c := range cases {
		out := t.TempDir()
		name, err := packEditableWheel(project, egg, c.facts, in, out)
		if c.want != "" {
			if err == nil || err.Error() != c.want {
				t.Errorf("%+v: %v, want %q", c.facts, err, c.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%+v: %v", c.facts, err)
			continue
		}
		files := zipNames(t, filepath.Join(out, name))
		root := filepath.Join(project, c.facts.PackageDir)
		if pth := files["__editable__.p-1.0.pth"]; strings.TrimSpace(pth) != root {
			t.Errorf("%+v: .pth %q, want %s", c.facts, pth, root)
		}
		if len(c.facts.Scripts) > 0 && !strings.HasPrefix(files["p-1.0.data/scripts/tool"], "#!python\n") {
			t.Errorf("%+v: members %v", c.facts, keys(files))
		}
	}
}
