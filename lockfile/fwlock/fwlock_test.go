package fwlock

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/fwenv/fwenv/lockfile/lock"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

func fakeSHA(file string) string {
	h := sha256.Sum256([]byte(file))
	return hex.EncodeToString(h[:])
}

func sdist(file string, size int64) lock.Artifact {
	return lock.Artifact{File: file, Kind: lock.ArtifactSdist, Path: file, SHA256: fakeSHA(file), Size: size}
}

func wheel(file string, size int64) lock.Artifact {
	return lock.Artifact{File: file, Kind: lock.ArtifactWheel, Path: file, SHA256: fakeSHA(file), Size: size}
}

// seedBundle is what `fwenv download -d pkgs` writes for the seed tutorial:
// the framework and its two plugins as sdists, their dependency, and the
// setuptools and wheel wheels needed to build the sdists offline.
func seedBundle() *lock.Lock {
	return &lock.Lock{
		CreatedBy: "fwenv 0.3.0",
		Kind:      lock.KindBundle,
		Target: lock.Target{
			Python:         "3.11.7",
			Implementation: "cpython",
			Platform:       "linux_x86_64",
			Tags:           []string{"cp311-cp311-manylinux_2_36_x86_64", "cp311-abi3-manylinux_2_36_x86_64", "cp311-none-manylinux_2_36_x86_64", "py3-none-any"},
			Markers: map[string]string{
				"implementation_name":            "cpython",
				"implementation_version":         "3.11.7",
				"os_name":                        "posix",
				"platform_machine":               "x86_64",
				"platform_python_implementation": "CPython",
				"platform_release":               "6.1.0-18-amd64",
				"platform_system":                "Linux",
				"platform_version":               "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
				"python_full_version":            "3.11.7",
				"python_version":                 "3.11",
				"sys_platform":                   "linux",
			},
		},
		Requirements: []string{"framework==0.0.1", "framework.typeA.plugin1==0.0.1", "framework.typeA.plugin2==0.0.1"},
		Packages: []lock.Package{
			{Name: "framework", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."},
				Dependencies: lock.DependenciesOn([]string{"future"}), Artifacts: []lock.Artifact{sdist("framework-0.0.1.tar.gz", 2841)}},
			{Name: "framework.typeA.plugin1", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."},
				Dependencies: lock.DependenciesOn([]string{"future"}), Artifacts: []lock.Artifact{sdist("framework.typeA.plugin1-0.0.1.tar.gz", 2790)}},
			{Name: "framework.typeA.plugin2", Version: "0.0.1", Requested: true, Source: lock.Source{FindLinks: "."},
				Dependencies: lock.DependenciesOn([]string{"future"}), Artifacts: []lock.Artifact{sdist("framework.typeA.plugin2-0.0.1.tar.gz", 2788)}},
			{Name: "future", Version: "0.18.3", Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{sdist("future-0.18.3.tar.gz", 840896)}},
			{Name: "setuptools", Version: "65.5.0", BuildOnly: true, Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{wheel("setuptools-65.5.0-py3-none-any.whl", 1232695)}},
			{Name: "wheel", Version: "0.41.2", BuildOnly: true, Source: lock.Source{Index: "https://pypi.org/simple"},
				Artifacts: []lock.Artifact{wheel("wheel-0.41.2-py3-none-any.whl", 64750)}},
		},
	}
}

func TestMarshalGolden(t *testing.T) {
	got, err := Marshal(seedBundle())
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "seed-bundle.lock.golden")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Marshal differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
	if !bytes.HasPrefix(got, []byte(Header)) {
		t.Errorf("the output does not start with the header comment")
	}
}
