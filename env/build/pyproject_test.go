package build

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadBuildSystem(t *testing.T) {
	outside := t.TempDir()
	tests := []struct {
		name    string
		files   map[string]string
		link    [2]string // symlink name -> target (relative to the project, or "OUTSIDE")
		want    *BuildSystem
		wantErr string // substring; "" means success
	}{
		{name: "setup.py only", files: map[string]string{"setup.py": ""},
			want: &BuildSystem{Requires: []string{"setuptools>=40.8.0", "wheel"}, Backend: LegacyBackend, Legacy: true}},
		{name: "setup.cfg only", files: map[string]string{"setup.cfg": ""},
			want: &BuildSystem{Requires: []string{"setuptools>=40.8.0", "wheel"}, Backend: LegacyBackend, Legacy: true}},
		{name: "nothing", files: map[string]string{"README": ""}, wantErr: "not a Python project"},
		{name: "no build-system table", files: map[string]string{"pyproject.toml": "[tool.black]\nline-length = 99\n"},
			want: &BuildSystem{Requires: []string{"setuptools>=40.8.0", "wheel"}, Backend: LegacyBackend, Legacy: true, File: "pyproject.toml"}},
		{name: "requires without backend", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = [\"setuptools>=61\"]\n"},
			want: &BuildSystem{Requires: []string{"setuptools>=61"}, Backend: LegacyBackend, Legacy: true, File: "pyproject.toml"}},
		{name: "full", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"backend:impl.api\"\nbackend-path = [\"tools\"]\n", "tools/backend.py": ""},
			want: &BuildSystem{Requires: nil, Backend: "backend:impl.api", BackendPath: []string{"tools"}, File: "pyproject.toml"}},
		{name: "bad toml", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = [\n"}, wantErr: "line"},
		{name: "no requires", files: map[string]string{"pyproject.toml": "[build-system]\nbuild-backend = \"x\"\n"}, wantErr: "no requires key"},
		{name: "requires not list", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = \"setuptools\"\n"}, wantErr: "must be a list of strings"},
		{name: "requires item not string", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = [1]\n"}, wantErr: "requires[0] is not a string"},
		{name: "bad requirement", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = [\"setuptools >>= 3\"]\n"}, wantErr: "not a valid requirement"},
		{name: "backend not string", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = 3\n"}, wantErr: "build-backend must be a string"},
		{name: "backend bad ref", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"my-backend:x\"\n"}, wantErr: "not a Python identifier"},
		{name: "build-system not table", files: map[string]string{"pyproject.toml": "build-system = 3\n"}, wantErr: "must be a table"},
		{name: "backend-path dotdot", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"../elsewhere\"]\n"}, wantErr: "leaves the project folder"},
		{name: "backend-path absolute", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"/tmp\"]\n"}, wantErr: "is absolute"},
		{name: "backend-path missing", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"nope\"]\n"}, wantErr: "does not exist"},
		{name: "backend-path through symlink", files: map[string]string{"pyproject.toml": "[build-system]\nrequires = []\nbuild-backend = \"b\"\nbackend-path = [\"out\"]\n"},
			link: [2]string{"out", "OUTSIDE"}, wantErr: "through a symbolic link"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			if tc.link[0] != "" {
				target := tc.link[1]
				if target == "OUTSIDE" {
					target = outside
				}
				if err := os.Symlink(target, filepath.Join(dir, tc.link[0])); err != nil {
					t.Fatal(err)
				}
			}
			got, err := ReadBuildSystem(dir)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				pe, ok := err.(*ProjectError)
				if !ok || pe.Hint() == "" {
					t.Fatalf("error %T without a hint", err)
				}
				if _, has := tc.files["pyproject.toml"]; has && !strings.Contains(err.Error(), "pyproject.toml") {
					t.Fatalf("error does not name the file: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := *tc.want
			if want.File != "" {
				want.File = filepath.Join(dir, want.File)
			}
			for i, p := range want.BackendPath {
				want.BackendPath[i] = filepath.Join(dir, p)
			}
			if !reflect.DeepEqual(got, &want) {
				t.Fatalf("got %+v\nwant %+v", got, &want)
			}
		})
	}
}

func TestReadBuildSystemNotAFolder(t *testing.T) {
	if _, err := ReadBuildSystem(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Fatal("missing folder accepted")
	}
}
