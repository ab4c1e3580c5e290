package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// The tutorial's projects are ours: neutral example metadata, no person's
// name, address or page (issue 17, item 7).
func TestTutorialSetupMetadataIsNeutral(t *testing.T) {
	files, err := filepath.Glob("../../docs/tutorial/*/setup.py")
	if err != nil || len(files) == 0 {
		t.Fatalf("no tutorial setup.py: %v", err)
	}
	field := regexp.MustCompile(`(?m)^\s*(author|author_email|url)\s*=\s*"([^"]*)"`)
	want := map[string]*regexp.Regexp{
		"author":       regexp.MustCompile(`^fwenv tutorial$`),
		"author_email": regexp.MustCompile(`@example\.org$`),
		"url":          regexp.MustCompile(`^https://example\.org/`),
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, m := range field.FindAllStringSubmatch(string(data), -1) {
			seen++
			if !want[m[1]].MatchString(m[2]) {
				t.Errorf("%s: %s=%q, want neutral example metadata (%s)", f, m[1], m[2], want[m[1]])
			}
		}
		if seen != 3 {
			t.Errorf("%s: %d of author, author_email, url found", f, seen)
		}
		if regexp.MustCompile(`Example of a Pythonic plugin pattern`).Match(data) {
			t.Errorf("%s keeps the article's description; the tutorial says it in its own words", f)
		}
	}
}

// The framework's code comments are the tutorial's own words, not the
// article's.
func TestTutorialCodeInOwnWords(t *testing.T) {
	data, err := os.ReadFile("../../docs/tutorial/framework/src/framework/cli.py")
	if err != nil {
		t.Fatal(err)
	}
	for _, phrase := range []string{"the assumed entry point", "Populate the typeA_plugins dictionary", "Load each entrypoint of type"} {
		if regexp.MustCompile(regexp.QuoteMeta(phrase)).Match(data) {
			t.Errorf("cli.py keeps the article's comment %q", phrase)
		}
	}
}
