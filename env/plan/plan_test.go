package plan

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/fwenv/fwenv/resolver/source"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/resolver/pep508"
)

var info = &python.Info{
	Implementation: "cpython", VersionInfo: []int{3, 11, 7}, SOABI: "cpython-311-x86_64-linux-gnu",
	Platform: "linux-x86_64", Machine: "x86_64", Is64: true, Libc: []any{"glibc", 2.0, 36.0},
	Scheme: map[string]string{"purelib": "lib/python3.11/site-packages", "platlib": "lib/python3.11/site-packages", "scripts": "bin", "data": ""},
	Markers: map[string]string{"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
		"platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython", "platform_machine": "x86_64",
		"platform_python_implementation": "CPython", "implementation_version": "3.11.7", "platform_release": "", "platform_version": ""},
}

// wheelFile writes a tiny wheel with the given requirements.
func wheelFile(t *testing.T, dir, name, version string, requires ...string) string {
	t.Helper()
	p := filepath.Join(dir, fmt.Sprintf("%s-%s-py3-none-any.whl", name, version))
	f, _ := os.Create(p)
	zw := zip.NewWriter(f)
	var record strings.Builder
	add := func(n, body string) {
		w, _ := zw.Create(n)
		w.Write([]byte(body))
		s := sha256.Sum256([]byte(body))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", n, base64.RawURLEncoding.EncodeToString(s[:]), len(body))
	}
	di := name + "-" + version + ".dist-info"
	meta := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
	for _, r := range requires {
		meta += "Requires-Dist: " + r + "\n"
	}
	add(name+".py", "x = 1\n")
	add(di+"/METADATA", meta)
	add(di+"/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
	w, _ := zw.Create(di + "/RECORD")
	w.Write([]byte(record.String() + di + "/RECORD,,\n"))
	zw.Close()
	f.Close()
	return p
}

// installedDB is an environment holding the given dist-info folders.
func installedDB(t *testing.T, dists map[string][]string) *site.DB {
	root := t.TempDir()
	l := site.LayoutFor(root, info)
	for nv, reqs := range dists {
		name, version, _ := strings.Cut(nv, " ")
		di := filepath.Join(l.Purelib, name+"-"+version+".dist-info")
		os.MkdirAll(di, 0o755)
		meta := "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"
		for _, r := range reqs {
			meta += "Requires-Dist: " + r + "\n"
		}
		os.WriteFile(filepath.Join(di, "METADATA"), []byte(meta), 0o644)
		os.WriteFile(filepath.Join(di, "RECORD"), []byte(name+"-"+version+".dist-info/METADATA,,\n"), 0o644)
	}
	db, err := site.Open(l)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func req(t *testing.T, s string) pep508.Requirement {
	r, err := pep508.ParseRequirement(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPlanFollowsDependenciesAndKeepsInstalled(t *testing.T) {
	dir := t.TempDir()
	wheelFile(t, dir, "framework", "1.0")
	wheelFile(t, dir, "framework", "2.0")
	wheelFile(t, dir, "plugin", "1.0", "framework")
	// framework 1.0 is installed and fits: kept (only-if-needed).
	db := installedDB(t, map[string][]string{"framework 1.0": nil})
	p, err := Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "plugin")}, Source: &source.FindLinks{Dirs: []string{dir}}, Info: info, DB: db})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || p.Steps[0].Name != "plugin" || !p.Steps[0].Requested {
		t.Fatalf("steps %+v", p.Steps)
	}
	// With an upgrade of framework it moves to 2.0.
	p, err = Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "plugin")}, Source: &source.FindLinks{Dirs: []string{dir}}, Info: info, DB: db,
		Upgrade: map[string]bool{"framework": true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 2 || p.Steps[0].Name != "framework" || p.Steps[0].Version != "2.0" || p.Steps[0].Requested {
		t.Fatalf("steps %+v", p.Steps)
	}
}

func TestPlanRespectsWhatStaysInstalled(t *testing.T) {
	dir := t.TempDir()
	wheelFile(t, dir, "framework", "1.0")
	wheelFile(t, dir, "framework", "2.0")
	wheelFile(t, dir, "newplugin", "1.0", "framework>=2")
	db := installedDB(t, map[string][]string{"framework 1.0": nil, "oldplugin 1.0": {"framework<2"}})
	_, err := Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "newplugin")}, Source: &source.FindLinks{Dirs: []string{dir}}, Info: info, DB: db})
	var ic *InstalledConflict
	if !errors.As(err, &ic) || !strings.Contains(err.Error(), "oldplugin 1.0 requires it") || ic.Hint() == "" {
		t.Fatalf("want an InstalledConflict naming oldplugin, got %v", err)
	}
}

func TestLocalWheelIsTheOnlyCandidate(t *testing.T) {
	dir, mine := t.TempDir(), t.TempDir()
	wheelFile(t, dir, "framework", "9.0")
	local := wheelFile(t, mine, "framework", "0.5")
	p, err := Make(context.Background(), Input{
		Locals: []Local{{Wheel: local, Name: "framework", Version: "0.5"}},
		Source: &source.FindLinks{Dirs: []string{dir}}, Info: info, DB: installedDB(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || p.Steps[0].Local == nil || p.Steps[0].Version != "0.5" {
		t.Fatalf("steps %+v", p.Steps)
	}
}

func TestReportShape(t *testing.T) {
	m, err := metadata.Parse([]byte("Metadata-Version: 2.1\nName: x\nVersion: 1.0\nRequires-Dist: a\nRequires-Dist: b; extra == \"t\"\nKeywords: one,two\nClassifier: C1\n\nThe body.\n"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := Report([]ReportItem{{URL: "file:///w/x-1.0-py3-none-any.whl", SHA256: "ab", Requested: true, Metadata: m}}, pep508.Environment{"python_version": "3.11"}, "0.1")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Version string
		Install []struct {
			DownloadInfo struct {
				URL         string
				ArchiveInfo struct{ Hash string } `json:"archive_info"`
			} `json:"download_info"`
			Requested bool
			Metadata  map[string]any
		}
		Environment map[string]string
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	md := r.Install[0].Metadata
	if r.Version != "1" || r.Install[0].DownloadInfo.ArchiveInfo.Hash != "sha256=ab" || !r.Install[0].Requested ||
		fmt.Sprint(md["requires_dist"]) != `[a b; extra == "t"]` || fmt.Sprint(md["keywords"]) != "[one two]" ||
		fmt.Sprint(md["classifier"]) != "[C1]" || md["description"] != "The body.\n" || r.Environment["python_version"] != "3.11" {
		t.Fatalf("report:\n%s", data)
	}
}

// refusing is a source that fails for some projects, like an index that
// cannot be reached.
type refusing struct {
	source.Source
	fail map[string]bool
}

func (r refusing) Files(ctx context.Context, project string) ([]source.File, error) {
	if r.fail[project] {
		return nil, errors.New("the index cannot be reached")
	}
	return r.Source.Files(ctx, project)
}

func TestPlanDoesNotAskSourcesAboutSatisfiedInstalls(t *testing.T) {
	dir := t.TempDir()
	wheelFile(t, dir, "plugin", "1.0", "framework")
	wheelFile(t, dir, "framework", "2.0")
	db := installedDB(t, map[string][]string{"framework 1.0": nil})
	src := refusing{&source.FindLinks{Dirs: []string{dir}}, map[string]bool{"framework": true}}
	p, err := Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "plugin")}, Source: src, Info: info, DB: db})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Steps) != 1 || p.Steps[0].Name != "plugin" {
		t.Fatalf("steps %+v", p.Steps)
	}
	// When the installed version does not fit, the sources are asked.
	_, err = Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "plugin"), req(t, "framework>=2")}, Source: src, Info: info, DB: db})
	if err == nil || !strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("want the source's error, got %v", err)
	}
	// An upgrade asks too.
	_, err = Make(context.Background(), Input{Roots: []pep508.Requirement{req(t, "plugin")}, Source: src, Info: info, DB: db, UpgradeAll: true})
	if err == nil {
		t.Fatal("an upgrade did not ask the source")
	}
}
