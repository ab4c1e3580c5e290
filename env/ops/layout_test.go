package ops

import (
	"os/exec"
	"strings"
	"testing"
)

// TestFolderDependencies checks the one-way dependencies between the
// top-level folders (docs/architecture.md): archive imports nothing of
// ours, resolver only archive, lockfile only resolver and archive, env no
// cmd, and cmd/internal is imported by cmd alone.
func TestFolderDependencies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	const mod = "github.com/fwenv/fwenv/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, mod+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := map[string][]string{
		"archive":  {"archive"},
		"resolver": {"resolver", "archive"},
		"lockfile": {"lockfile", "resolver", "archive"},
		"env":      {"env", "lockfile", "resolver", "archive"},
	}
	top := func(p string) string { return strings.SplitN(strings.TrimPrefix(p, mod), "/", 2)[0] }
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := f[0]
		n++
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, mod) {
				continue
			}
			if strings.HasPrefix(imp, mod+"cmd/internal/") && !strings.HasPrefix(pkg, mod+"cmd/") {
				t.Errorf("%s imports %s: cmd/internal is for cmd alone", pkg, imp)
			}
			ok, ruled := allowed[top(pkg)]
			if !ruled {
				continue // cmd: everything
			}
			found := false
			for _, a := range ok {
				found = found || top(imp) == a
			}
			if !found {
				t.Errorf("%s imports %s: %s may import only %v", pkg, imp, top(pkg), ok)
			}
		}
	}
	if n < 40 {
		t.Fatalf("go list listed %d packages; expected the whole module", n)
	}
}
