package main

import (
	"os"
	"regexp"
	"testing"
)

// The README's set-up section names the Go version go.mod requires (it said
// "Go 1.26 or newer" while go.mod said 1.26.8: an older 1.26 refuses the
// module).
func TestReadmeGoVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	want := string(m[1])
	said := regexp.MustCompile(`Go (\d+\.\d+(?:\.\d+)?) or newer`).FindAllSubmatch(readme, -1)
	if len(said) == 0 {
		t.Fatal(`README.md does not say "Go X or newer"`)
	}
	for _, s := range said {
		if string(s[1]) != want {
			t.Errorf("README.md says Go %s or newer; go.mod's go line is %s", s[1], want)
		}
	}
}
