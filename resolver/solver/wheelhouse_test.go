package solver

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/source"
)

// The real wheelhouse (python3 /work/shared/tools/make_wheelhouse.py DIR)
// resolved from a find-links folder; set FWENV_WHEELHOUSE=DIR.
//
//	FWENV_WHEELHOUSE=DIR go test -run Wheelhouse -bench Wheelhouse ./resolver/solver/

func wheelhouseRequest(tb testing.TB) Request {
	dir := os.Getenv("FWENV_WHEELHOUSE")
	if dir == "" {
		tb.Skip("set FWENV_WHEELHOUSE to a folder made by make_wheelhouse.py")
	}
	f, err := os.Open(filepath.Join(dir, "requirements.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var reqs []pep508.Requirement
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "-") {
			continue
		}
		r, err := pep508.ParseRequirement(line)
		if err != nil {
			tb.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	return Request{Requirements: reqs, Env: testEnv(tb, "3.11.7"),
		Provider: &SourceProvider{Source: &source.FindLinks{Dirs: []string{dir}}}}
}

func TestWheelhouse(t *testing.T) {
	req := wheelhouseRequest(t)
	res, err := Resolve(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Packages) < len(req.Requirements) {
		t.Errorf("%d packages for %d requirements", len(res.Packages), len(req.Requirements))
	}
	t.Logf("%d packages, %+v", len(res.Packages), res.Stats)
}

// BenchmarkWheelhouse resolves cold each time: folder scan, every wheel's
// METADATA read, the solve.
func BenchmarkWheelhouse(b *testing.B) {
	req := wheelhouseRequest(b)
	dir := os.Getenv("FWENV_WHEELHOUSE")
	for i := 0; i < b.N; i++ {
		req.Provider = &SourceProvider{Source: &source.FindLinks{Dirs: []string{dir}}}
		if _, err := Resolve(context.Background(), req); err != nil {
			b.Fatal(err)
		}
	}
}
