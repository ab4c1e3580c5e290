package pylock

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/fwlock"
)

func fakeSHA(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func art(file, kind string, size int64) fwlock.Artifact {
	return fwlock.Artifact{File: file, Kind: kind, Path: file, SHA256: fakeSHA(file), Size: size}
}

// seedBundle is what `fwenv download -d pkgs` writes for the seed tutorial.
func seedBundle() *fwlock.Lock {
	return &fwlock.Lock{
		Version: fwlock.FormatVersion, CreatedBy: "fwenv 0.3.0", Kind: fwlock.KindBundle,
		Target: fwlock.Target{
			Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64",
			Tags: []string{"cp311-cp311-manylinux_2_36_x86_64", "py3-none-any"},
			Markers: map[string]string{
				"implementation_name": "cpython", "python_version": "3.11", "python_full_version": "3.11.7",
				"sys_platform": "linux", "platform_machine": "x86_64", "os_name": "posix",
			},
		},
		Requirements: []string{"framework==0.0.1", "framework.typeA.plugin1==0.0.1"},
		Packages: []fwlock.Package{
			{Name: "framework", Version: "0.0.1", Requested: true, Source: fwlock.Source{FindLinks: "."},
				Dependencies: []string{"future"}, Artifacts: []fwlock.Artifact{art("framework-0.0.1.tar.gz", fwlock.ArtifactSdist, 2841)}},
			{Name: "framework.typeA.plugin1", Version: "0.0.1", Requested: true, Source: fwlock.Source{FindLinks: "."},
				Dependencies: []string{"future"}, Artifacts: []fwlock.Artifact{art("framework.typeA.plugin1-0.0.1.tar.gz", fwlock.ArtifactSdist, 2790)}},
			{Name: "future", Version: "0.18.3", Source: fwlock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []fwlock.Artifact{art("future-0.18.3.tar.gz", fwlock.ArtifactSdist, 840896)}},
			{Name: "plugin3", Version: "1.0", Source: fwlock.Source{Editable: "src/plugin3"}},
			{Name: "plugin4", Version: "2.0", Source: fwlock.Source{URL: "https://example.com/plugin4-2.0-py3-none-any.whl"},
				Artifacts: []fwlock.Artifact{{File: "plugin4-2.0-py3-none-any.whl", Kind: fwlock.ArtifactWheel, Path: "plugin4-2.0-py3-none-any.whl",
					URL: "https://example.com/plugin4-2.0-py3-none-any.whl", SHA256: fakeSHA("p4"), Size: 100}}},
			{Name: "setuptools", Version: "65.5.0", BuildOnly: true, Source: fwlock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []fwlock.Artifact{art("setuptools-65.5.0-py3-none-any.whl", fwlock.ArtifactWheel, 1232695)}},
			{Name: "wheel", Version: "0.41.2", BuildOnly: true, Source: fwlock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []fwlock.Artifact{art("wheel-0.41.2-py3-none-any.whl", fwlock.ArtifactWheel, 64750)}},
		},
	}
}

func TestFromFwlock(t *testing.T) {
	f := seedBundle()
	if _, err := f.Marshal(); err != nil {
		t.Fatalf("the test's fwenv.lock is invalid: %v", err)
	}
	l := FromFwlock(f)
	b, err := l.Marshal()
	if err != nil {
		t.Fatalf("FromFwlock gives an invalid pylock: %v", err)
	}
	back, err := Parse(b, "pylock.toml")
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	text := string(b)
	for _, want := range []string{
		`created-by = "fwenv 0.3.0"`,
		`environments = ["implementation_name == 'cpython' and python_version == '3.11' and sys_platform == 'linux' and platform_machine == 'x86_64'"]`,
		`dependency-groups = ["fwenv-build"]`,
		"name = \"framework-typea-plugin1\"\nversion = \"0.0.1\"\ndependencies = [{name = 'future'}]\nsdist = { name = \"framework.typeA.plugin1-0.0.1.tar.gz\", path = \"framework.typeA.plugin1-0.0.1.tar.gz\", size = 2790, hashes = { sha256 = \"" + fakeSHA("framework.typeA.plugin1-0.0.1.tar.gz") + "\" } }",
		"name = \"future\"\nversion = \"0.18.3\"\nindex = \"https://pypi.org/simple\"\n",
		"name = \"plugin3\"\ndirectory = { path = \"src/plugin3\", editable = true }",
		"name = \"plugin4\"\nversion = \"2.0\"\narchive = { url = \"https://example.com/plugin4-2.0-py3-none-any.whl\", path = \"plugin4-2.0-py3-none-any.whl\", size = 100,",
		"name = \"setuptools\"\nversion = \"65.5.0\"\nmarker = \"'fwenv-build' in dependency_groups\"",
		"[tool.fwenv]\nkind = 'bundle'\nrequirements = ['framework==0.0.1', 'framework.typeA.plugin1==0.0.1']",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks:\n%s\n--- output:\n%s", want, text)
		}
	}

	// Selecting for the bundle's own target installs everything but the
	// build-only packages; asking for the build group adds them.
	env := map[string]string{"implementation_name": "cpython", "python_version": "3.11", "python_full_version": "3.11.7",
		"sys_platform": "linux", "platform_machine": "x86_64", "os_name": "posix", "platform_python_implementation": "CPython",
		"implementation_version": "3.11.7", "platform_release": "", "platform_system": "Linux", "platform_version": ""}
	sel, err := back.Select(env, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "framework 0.0.1 sdist framework-0.0.1.tar.gz\nframework-typea-plugin1 0.0.1 sdist framework.typeA.plugin1-0.0.1.tar.gz\nfuture 0.18.3 sdist future-0.18.3.tar.gz\nplugin3 directory\nplugin4 2.0 archive"
	if got := describe(sel); got != want {
		t.Errorf("selected:\n%s\nwant:\n%s", got, want)
	}
	sel, err = back.Select(env, nil, []string{BuildGroup}, nil)
	if err != nil || !strings.Contains(describe(sel), "setuptools 65.5.0 wheel setuptools-65.5.0-py3-none-any.whl") {
		t.Errorf("build group: %v\n%s", err, describe(sel))
	}
	// Another interpreter is refused.
	env["python_version"] = "3.12"
	if _, err := back.Select(env, nil, nil, nil); err == nil || !strings.Contains(err.Error(), "the lock does not apply to this environment") {
		t.Errorf("other python: %v", err)
	}
	// Bundle paths resolve inside the bundle folder.
	if p := back.Find("future")[0].Sdist.Resolve("/bundle"); p != "/bundle/future-0.18.3.tar.gz" {
		t.Errorf("resolve %s", p)
	}
}

func TestFromFwlockWithoutMarkers(t *testing.T) {
	f := seedBundle()
	f.Target.Markers = nil
	f.CreatedBy = ""
	l := FromFwlock(f)
	if l.CreatedBy != "fwenv" {
		t.Errorf("created-by %q", l.CreatedBy)
	}
	want := "implementation_name == 'cpython' and python_version == '3.11' and sys_platform == 'linux' and platform_machine == 'x86_64'"
	if len(l.Environments) != 1 || l.Environments[0] != want {
		t.Errorf("environments %q", l.Environments)
	}
	if err := l.Validate(); err != nil {
		t.Error(err)
	}
}

func TestFromFwlockVCS(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	f := seedBundle()
	f.Packages = append(f.Packages, fwlock.Package{Name: "demo", Version: "1.0",
		Source: fwlock.Source{VCS: "git+https://example.org/repo.git@" + commit + "#subdirectory=sub"}})
	b, err := FromFwlock(f).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b, "pylock.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range back.Packages {
		if p.Name == "demo" {
			if p.VCS == nil || p.VCS.Type != "git" || p.VCS.URL != "https://example.org/repo.git" || p.VCS.CommitID != commit || p.VCS.Subdirectory != "sub" {
				t.Errorf("vcs = %+v", p.VCS)
			}
			return
		}
	}
	t.Errorf("demo is missing:\n%s", b)
}
