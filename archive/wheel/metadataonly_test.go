package wheel

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadMetadata(t *testing.T) {
	write := func(fx fixture) string {
		name, data := fx.build(t)
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	md, err := ReadMetadata(write(fixture{metadata: strp("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: attrs>=20\nRequires-Python: >=3.8\n")}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if md.Name != "demo" || md.Version != "1.0" || len(md.RequiresDist) != 1 || md.RequiresPython == "" {
		t.Errorf("metadata = %+v", md)
	}
	refused := []struct {
		name string
		fx   fixture
		kind error
		want string
	}{
		{"name differs", fixture{metadata: strp("Metadata-Version: 2.1\nName: other\nVersion: 1.0\n")}, ErrMetadata, "does not match"},
		{"version differs", fixture{metadata: strp("Metadata-Version: 2.1\nName: demo\nVersion: 2.0\n")}, ErrMetadata, "does not match"},
		{"no dist-info", fixture{distInfo: "other-1.0.dist-info"}, ErrDistInfo, "folder is for other"},
	}
	for _, tc := range refused[:3] {
		_, err := ReadMetadata(write(tc.fx), nil)
		if err == nil || !errors.Is(err, tc.kind) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %v mentioning %q", tc.name, err, tc.kind, tc.want)
		}
	}
	if _, err := ReadMetadata(write(fixture{}), &Options{MaxMetadataSize: 10}); err == nil || !errors.Is(err, ErrTooLarge) {
		t.Errorf("a METADATA over the size limit gave %v", err)
	}
	if _, err := ReadMetadata(filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl"), nil); err == nil {
		t.Error("a missing file gave no error")
	}
	bad := filepath.Join(t.TempDir(), "demo-1.0-py3-none-any.whl")
	os.WriteFile(bad, []byte("not a zip"), 0o644)
	if _, err := ReadMetadata(bad, nil); err == nil || !errors.Is(err, ErrZip) {
		t.Errorf("a file that is not a zip gave %v", err)
	}
}
