package pylock

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

func fakeSHA(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func art(file, kind string, size int64) lock.Artifact {
	return lock.Artifact{File: file, Kind: kind, Path: file, SHA256: fakeSHA(file), Size: size}
}

// seedBundle is what `fwenv download -d pkgs` writes for the seed tutorial.
func seedBundle() *lock.Lock {
	return &lock.Lock{
		CreatedBy: "fwenv 0.3.0", Kind: lock.KindBundle,
		Target: lock.Target{
			Python: "3.11.7", Implementation: "cpython", Platform: "linux_x86_64",
			Tags: []string{"cp311-cp311-manylinux_2_36_x86_64", "py3-none-any"},
			Markers: map[string]string{
				"implementation_name": "cpython", "python_version": "3.11", "python_full_version": "3.11.7",
				"sys_platform": "linux", "platform_machine": "x86_64", "os_name": "posix",
			},
		},
		Requirements: []string{"framework==0.0.1", "framework.typeA.plugin1==0.0.1"},
		Packages: []lock.Package{
			{Name: "framework", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."},
				Dependencies: lock.DependenciesOn([]string{"future"}), Artifacts: []lock.Artifact{art("framework-0.0.1.tar.gz", lock.ArtifactSdist, 2841)}},
			{Name: "framework.typeA.plugin1", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."},
				Dependencies: lock.DependenciesOn([]string{"future"}), Artifacts: []lock.Artifact{art("framework.typeA.plugin1-0.0.1.tar.gz", lock.ArtifactSdist, 2790)}},
			{Name: "future", Version: "0.18.3", Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{art("future-0.18.3.tar.gz", lock.ArtifactSdist, 840896)}},
			{Name: "plugin3", Version: "1.0", Source: lock.Source{Directory: &lock.Directory{Path: "src/plugin3", Editable: true}}},
			{Name: "plugin4", Version: "2.0", Source: lock.Source{Archive: &lock.Archive{URL: "https://example.com/plugin4-2.0-py3-none-any.whl"}},
				Artifacts: []lock.Artifact{{File: "plugin4-2.0-py3-none-any.whl", Kind: lock.ArtifactWheel, Path: "plugin4-2.0-py3-none-any.whl",
					URL: "https://example.com/plugin4-2.0-py3-none-any.whl", SHA256: fakeSHA("p4"), Size: 100}}},
			{Name: "setuptools", Version: "65.5.0", BuildOnly: true, Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{art("setuptools-65.5.0-py3-none-any.whl", lock.ArtifactWheel, 1232695)}},
			{Name: "wheel", Version: "0.41.2", BuildOnly: true, Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{art("wheel-0.41.2-py3-none-any.whl", lock.ArtifactWheel, 64750)}},
		},
	}
}

// What fwenv's own fields become in a pylock.toml, and what Select makes
// of the file.
func TestMarshalFwenvLock(t *testing.T) {
	b, err := Marshal(seedBundle())
	if err != nil {
		t.Fatalf("an fwenv lock gives an invalid pylock: %v", err)
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

	// Requested and a source tree's version come back; who is requested is
	// known for every package of a pylock.toml fwenv wrote, except where
	// the package's table does not say.
	if p := back.Find("framework")[0]; !p.Requested || p.RequestUnknown || p.Tool != nil {
		t.Errorf("framework: %+v", p)
	}
	if p := back.Find("plugin3")[0]; p.Version != "1.0" || p.Tool != nil {
		t.Errorf("plugin3: %+v", p)
	}
	if p := back.Find("setuptools")[0]; p.BuildOnly || !reflect.DeepEqual(p.Tool, map[string]any{"fwenv": map[string]any{"build-only": true}}) {
		t.Errorf("setuptools: %+v", p)
	}
}

func TestMarshalFwenvLockWithoutMarkers(t *testing.T) {
	f := seedBundle()
	f.Target.Markers = nil
	f.CreatedBy = ""
	l := fromModel(f)
	if l.CreatedBy != "fwenv" {
		t.Errorf("created-by %q", l.CreatedBy)
	}
	want := "implementation_name == 'cpython' and python_version == '3.11' and sys_platform == 'linux' and platform_machine == 'x86_64'"
	if len(l.Environments) != 1 || l.Environments[0] != want {
		t.Errorf("environments %q", l.Environments)
	}
	if _, err := Marshal(f); err != nil {
		t.Error(err)
	}
}

func TestMarshalGit(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	f := seedBundle()
	f.Packages = append(f.Packages, lock.Package{Name: "demo", Version: "1.0",
		Source: lock.Source{VCS: &lock.VCS{Type: "git", URL: "https://example.org/repo.git", CommitID: commit, Subdirectory: "sub"}}})
	b, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b, "pylock.toml")
	if err != nil {
		t.Fatal(err)
	}
	if v := back.Find("demo")[0].Source.VCS; v == nil || *v != *f.Packages[len(f.Packages)-1].Source.VCS {
		t.Errorf("vcs = %+v", v)
	}
}

// What fwenv keeps under [tool.fwenv] is read into the model only where
// writing the model again gives the same lock.
func TestFwenvTableRoundTrip(t *testing.T) {
	const h = "hashes = { sha256 = \"" + sha + "\" }"
	for name, body := range map[string]string{
		"requested false stays":       "[[packages]]\nname = \"a\"\ndirectory = { path = \"a\" }\ntool = { fwenv = { requested = false } }\n",
		"requested not a bool":        "[[packages]]\nname = \"a\"\ndirectory = { path = \"a\" }\ntool = { fwenv = { requested = \"yes\" } }\n",
		"version key and tool":        "[[packages]]\nname = \"a\"\nversion = \"1.0\"\ndirectory = { path = \"a\" }\ntool = { fwenv = { version = \"2.0\" } }\n",
		"version key only":            "[[packages]]\nname = \"a\"\nversion = \"1.0\"\ndirectory = { path = \"a\" }\n",
		"version in the tool only":    "[[packages]]\nname = \"a\"\ndirectory = { path = \"a\" }\ntool = { fwenv = { version = \"1.0\", note = 1 } }\n",
		"build-only by hand":          "dependency-groups = [\"fwenv-build\"]\n[[packages]]\nname = \"a\"\nmarker = \"'fwenv-build' in dependency_groups\"\ndirectory = { path = \"a\" }\ntool = { fwenv = { build-only = true } }\n",
		"dependency with a version":   "[[packages]]\nname = \"a\"\ndirectory = { path = \"a\" }\ndependencies = [{ name = \"B_c\", version = \"1\" }]\n[[packages]]\nname = \"b-c\"\nversion = \"1\"\nsdist = { url = \"https://h/b_c-1.tar.gz\", " + h + " }\n",
		"archive by path, two hashes": "[[packages]]\nname = \"a\"\nversion = \"1\"\narchive = { path = \"../a.zip\", hashes = { sha256 = \"" + sha + "\", md5 = \"0123456789abcdef0123456789abcdef\" }, subdirectory = \"x\" }\n",
		"index and vcs":               "[[packages]]\nname = \"a\"\nindex = \"https://i/simple\"\nvcs = { type = \"hg\", path = \"r\", requested-revision = \"tip\", commit-id = \"abc\" }\n",
	} {
		t.Run(name, func(t *testing.T) {
			l, err := Parse([]byte(head+body), "pylock.toml")
			if err != nil {
				t.Fatal(err)
			}
			b, err := Marshal(l)
			if err != nil {
				t.Fatal(err)
			}
			l2, err := Parse(b, "pylock.toml")
			if err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if !reflect.DeepEqual(l, l2) {
				t.Errorf("round trip changed the lock:\n%#v\n%#v\n%s", l, l2, b)
			}
		})
	}
}
