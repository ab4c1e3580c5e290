package site

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// epCases are entry_points.txt files importlib.metadata reads differently
// across CPython versions.
var epCases = map[string]string{
	"valid":      "[console_scripts]\na = m:f\n[g.x]\nb = m [x]\n",
	"outside":    "a = m:f\n[g]\nb = m:f\n",
	"noeq":       "[g]\ngarbage\n",
	"dupname":    "[g]\na = m:f\na = m:g\n",
	"dupsect":    "[g]\na = m:f\n[g]\nb = m:g\n",
	"percent":    "[g]\na = m:f %s\n",
	"percentok":  "[g]\na = m:f 100%%\nb = %(a)s\n",
	"percentbad": "[g]\na = %(nothere)s\n",
	"semi":       "[g]\n; comment\na = m:f\n",
	"semieq":     "[g]\n; c = d\n",
	"hash":       "[g]\n# comment\na = m:f\n",
	"nonutf8":    "[g]\na = m:f\xff\n",
	"badref":     "[g]\na = not valid!\n",
	"emptyname":  "[g]\n = m:f\n",
	"badgroup":   "[bad group!]\na = m:f\n",
	"contline":   "[g]\na = m:f\n  more\n",
	"unclosed":   "[g\na = m:f\n",
	"ctrl":       "[g]\na\x1b[31m = m:f\x07\n",
	"colon":      "[g]\na : m:f\n",
	"emptysect":  "[]\na = m:f\n",
	"empty":      "",
	"bom":        "\ufeff[g]\na = m:f\n",
	"crlf":       "[g]\r\na = m:f\r\n",
	"garbage":    "\x00\x01\x02binary junk\n",
	"vt":         "[g]\na = m:f\vb = m:g\n",
}

// The reader agrees with every installed CPython's importlib.metadata on
// which files raise and, for the others, on the entry points returned.
func TestInstalledEntryPointsMatchImportlib(t *testing.T) {
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		root = filepath.Join(os.Getenv("HOME"), ".pyenv")
	}
	pys, _ := filepath.Glob(filepath.Join(root, "versions", "3.*", "bin", "python3"))
	dir := t.TempDir()
	names := make([]string, 0, len(epCases))
	for name, text := range epCases {
		names = append(names, name)
		di := filepath.Join(dir, name, "x-1.0.dist-info")
		os.MkdirAll(di, 0o755)
		writeFile(t, filepath.Join(di, "METADATA"), "Metadata-Version: 2.1\nName: x\nVersion: 1.0\n")
		writeFile(t, filepath.Join(di, "entry_points.txt"), text)
	}
	sort.Strings(names)
	const script = `
import sys, json, pathlib, importlib.metadata as im
out = {}
for name in sys.argv[2:]:
    try:
        d = im.PathDistribution(pathlib.Path(sys.argv[1]) / name / "x-1.0.dist-info")
        out[name] = [[e.group, e.name, e.value] for e in d.entry_points]
    except Exception as e:
        out[name] = None
print(json.dumps(out))
`
	tested := 0
	for _, py := range pys {
		ver := strings.TrimPrefix(filepath.Base(filepath.Dir(filepath.Dir(py))), "")
		mm := strings.Join(strings.SplitN(ver, ".", 3)[:2], ".")
		if mm < "3.8" && len(mm) == 3 {
			continue // no importlib.metadata
		}
		out, err := exec.Command(py, append([]string{"-c", script, dir}, names...)...).Output()
		if err != nil {
			t.Logf("%s: %v", py, err)
			continue
		}
		var want map[string][][3]string
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatalf("%s: %v", py, err)
		}
		tested++
		for _, name := range names {
			eps, perr := readInstalledEntryPoints([]byte(epCases[name]), mm)
			w, ok := want[name]
			if !ok {
				t.Fatalf("%s: no answer for %s", py, name)
			}
			if (w == nil) != (perr != nil) {
				t.Errorf("Python %s, %s: importlib.metadata raises: %v; fwenv: %v", mm, name, w == nil, perr)
				continue
			}
			if perr != nil {
				if perr.Line < 1 {
					t.Errorf("Python %s, %s: no line in %v", mm, name, perr)
				}
				continue
			}
			var got [][3]string
			for _, ep := range eps {
				v := ep.Value
				if len(ep.Extras) > 0 {
					v += " [" + strings.Join(ep.Extras, ",") + "]"
				}
				got = append(got, [3]string{ep.Group, ep.Name, v})
			}
			if len(got) != len(w) {
				t.Errorf("Python %s, %s: got %q, importlib.metadata %q", mm, name, got, w)
				continue
			}
			for i := range got {
				if got[i] != w[i] {
					t.Errorf("Python %s, %s: got %q, importlib.metadata %q", mm, name, got, w)
					break
				}
			}
		}
	}
	if tested == 0 {
		t.Skip("no CPython 3.8+ found under pyenv")
	}
}
