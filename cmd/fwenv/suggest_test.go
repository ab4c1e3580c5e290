package main

import (
	"reflect"
	"testing"

	"github.com/fwenv/fwenv/archive/wheelname"
)

func TestFlagSuggestions(t *testing.T) {
	flags := []string{"editable", "no-deps", "index-url", "index-strategy", "no-index", "force-reinstall", "env", "help"}
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"editabel", []string{"editable"}},
		{"EDITABLE", []string{"editable"}},
		{"nodeps", []string{"no-deps"}},
		{"evn", []string{"env"}},
		{"index", []string{"index-strategy", "index-url"}}, // prefix: nothing within 2 edits
		{"forc", []string{"force-reinstall"}},
		{"xyzzyq", nil},
		{"in", nil}, // too short to be a prefix
	} {
		if got := flagSuggestions(tc.typed, flags); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("flagSuggestions(%q) = %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"editabel", "editable", 2}, {"kitten", "sitting", 3}, {"env", "env", 0}} {
		if got := wheelname.EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("wheelname.EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestOneLineSuggestions(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"unknown command \"instal\" for \"fwenv\"\n\nDid you mean this?\n\tinstall\n", `unknown command "instal" for "fwenv" (did you mean install?)`},
		{"unknown command \"lis\" for \"fwenv\"\n\nDid you mean this?\n\tlist\n\tlock\n", `unknown command "lis" for "fwenv" (did you mean list or lock?)`},
		{`unknown command "zzz" for "fwenv"`, `unknown command "zzz" for "fwenv"`},
		{"a build failed\n\nDid you mean this?\n\tx\n", "a build failed\n\nDid you mean this?\n\tx\n"},
	} {
		if got := oneLineSuggestions(tc.in); got != tc.want {
			t.Errorf("oneLineSuggestions(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
