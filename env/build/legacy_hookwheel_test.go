package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHookAddsWheel(t *testing.T) {
	old := []Resolved{{Project: "setuptools", Version: "41.2.0"}}
	cases := []struct {
		kind   Kind
		static []Resolved
		want   bool
	}{
		{KindWheel, old, true},
		{KindEditable, old, true},
		{KindMetadata, old, true},
		{KindEditableMetadata, old, true},
		// get_requires_for_build_sdist adds nothing.
		{KindSdist, old, false},
		// `wheel` listed in requires: the static resolution decided.
		{KindWheel, append([]Resolved{{Project: "wheel", Version: "0.38.4"}}, old...), false},
		// setuptools 70.1 and later have bdist_wheel of their own.
		{KindWheel, []Resolved{{Project: "setuptools", Version: "70.1.0"}}, false},
		{KindWheel, []Resolved{{Project: "setuptools", Version: "70.0.0"}}, true},
		// Not setuptools at all.
		{KindWheel, []Resolved{{Project: "flit-core", Version: "3.9.0"}}, false},
	}
	for _, c := range cases {
		if got := hookAddsWheel(c.kind, c.static); got != c.want {
			t.Errorf("%s %v: %v, want %v", c.kind, c.static, got, c.want)
		}
	}
}

// TestLegacyHookWheel builds a project whose pyproject.toml names
// setuptools' backend and requires only setuptools: the backend's
// get_requires_for_build_wheel/editable adds `wheel`, which no source offers
// for 2.7 and 3.6 offline, so wheels, editable wheels and metadata take the
// legacy path (said as when `wheel` is listed and missing) instead of
// failing on the hook's `wheel`; the sdist needs no `wheel` and no legacy
// path. On 3.7 (Debian's wheel 0.38.4 suits) the PEP 517 hooks build it.
func TestLegacyHookWheel(t *testing.T) {
	slow(t)
	needWheelWhl(t)
	for _, minor := range []string{"2.7", "3.6", "3.7"} {
		for _, backend := range []string{"setuptools.build_meta", "setuptools.build_meta:__legacy__"} {
			t.Run(minor+"/"+backend, func(t *testing.T) {
				t.Parallel()
				in := pyenvInfo(t, minor)
				legacy := minor != "3.7"
				o := e2eOptions(t, in, sharedCacheDir(t))
				o.NoCache = true // about which path the backend takes
				project := legacyProject(t, "1.2.0", "v1")
				writeFiles(t, project, map[string]string{"pyproject.toml": "[build-system]\nrequires = [\"setuptools>=40.8.0\"]\nbuild-backend = \"" + backend + "\"\n"})
				reason := "no `wheel` package suits Python " + in.Version() + ", so setuptools cannot build wheels"
				check := func(what string, r *Result, err error) {
					t.Helper()
					if err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					if legacy && r.Legacy != reason || !legacy && r.Legacy != "" {
						t.Fatalf("%s: legacy %q, want legacy %v (%q)", what, r.Legacy, legacy, reason)
					}
					if hasProject(r.Requirements, "wheel") == legacy {
						t.Fatalf("%s: build requirements %v", what, r.Requirements)
					}
				}
				w, err := BuildWheel(context.Background(), project, t.TempDir(), o)
				check("wheel", w, err)
				if legacy {
					checkLegacyWheel(t, w.Path, minor[:1])
				}
				for _, editable := range []bool{false, true} {
					m, err := PrepareMetadata(context.Background(), project, t.TempDir(), editable, o)
					check("metadata", m, err)
					if md, err := os.ReadFile(filepath.Join(m.Path, "METADATA")); err != nil || !strings.Contains(string(md), "Name: legacy.plug\n") {
						t.Fatalf("metadata %s: %v\n%s", m.Path, err, md)
					}
				}
				e, err := BuildEditable(context.Background(), project, t.TempDir(), o)
				check("editable", e, err)
				s, err := BuildSdist(context.Background(), project, t.TempDir(), o)
				if err != nil || s.Legacy != "" || hasProject(s.Requirements, "wheel") || !strings.HasSuffix(s.Path, ".tar.gz") {
					t.Fatalf("sdist: %v %+v", err, s)
				}
			})
		}
	}
}
