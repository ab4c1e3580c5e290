package site

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
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
	"nest10":     "[g]\nb0 = m:f%%\nb1 = %(b0)s\nb2 = %(b1)s\nb3 = %(b2)s\nb4 = %(b3)s\nb5 = %(b4)s\nb6 = %(b5)s\nb7 = %(b6)s\nb8 = %(b7)s\nb9 = %(b8)s\n",
	"nest11":     "[g]\nb0 = m:f%%\nb1 = %(b0)s\nb2 = %(b1)s\nb3 = %(b2)s\nb4 = %(b3)s\nb5 = %(b4)s\nb6 = %(b5)s\nb7 = %(b6)s\nb8 = %(b7)s\nb9 = %(b8)s\nb10 = %(b9)s\n",
	"nestshared": "[g]\nb0 = m:f%%\nb1 = %(b0)s\nb2 = %(b1)s\nb3 = %(b2)s\nb4 = %(b3)s\nb5 = %(b4)s\nb6 = %(b5)s\nb7 = %(b6)s\nb8 = %(b7)s\nb9 = %(b8)s %(b5)s\nc = %(b9)s\n",
	"cycle":      "[g]\na = %(b)s\nb = %(a)s\n",
	"refplain":   "[g]\na = m\nb = %(a)s:f %(a)s\n",
}

// A file of %(name)s references that expand to terabytes (1.4 KB: each
// line refers twenty times to the one before, ten lines deep) is reported
// as damaged at once, within a small memory limit, in the environments
// that read it with configparser. (CPython 3.9 itself runs out of memory
// or time on it.)
func TestEntryPointsReferenceBomb(t *testing.T) {
	if boundedtest.RunLimited(t, 512<<20, 30*time.Second) {
		return
	}
	var b strings.Builder
	b.WriteString("[console_scripts]\na0 = " + strings.Repeat("x", 100) + "\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "a%d = %s\n", i, strings.TrimSpace(strings.Repeat(fmt.Sprintf("%%(a%d)s ", i-1), 20)))
	}
	for _, py := range []string{"3.8", "3.9"} {
		_, perr := readInstalledEntryPoints([]byte(b.String()), py)
		if perr == nil || !strings.Contains(perr.Reason, "references expand to more than 16 MiB") || perr.Line != 6 {
			t.Errorf("Python %s: %v, want line 6: references expand to more than 16 MiB", py, perr)
		}
	}
	// Just within the budget: read.
	eps, perr := readInstalledEntryPoints([]byte(strings.Join(strings.SplitAfter(b.String(), "\n")[:5], "")), "3.9")
	if perr != nil || len(eps) != 4 || len(eps[3].Value) < 800000 {
		t.Errorf("four lines deep: %d entry points, %v", len(eps), perr)
	}
	// Python 3.10 and later do not interpolate: read as written.
	if eps, perr := readInstalledEntryPoints([]byte(b.String()), "3.10"); perr != nil || len(eps) != 10 {
		t.Errorf("Python 3.10: %d entry points, %v", len(eps), perr)
	}
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
