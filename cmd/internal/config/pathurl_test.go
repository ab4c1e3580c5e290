package config

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// A path setting's relative value is taken from the file's folder, but a
// URL in it (find-links may be a page of links) is left as written.
func TestPathSettingKeepsURLs(t *testing.T) {
	fsys := afero.Afero{Fs: afero.NewMemMapFs()}
	f := memFile(t, fsys, "/proj/fwenv.yaml", "find-links: [wheels, 'https://h.example/links/', /abs]\n")
	cfg := &Config{Getenv: func(string) string { return "" }, Files: []*File{f}}
	fs, _, _, links, _ := flags()
	MarkPath(fs, "find-links")
	if _, err := cfg.Apply(fs); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(*links, ","); got != "/proj/wheels,https://h.example/links/,/abs" {
		t.Fatalf("find-links = %s", got)
	}
}
