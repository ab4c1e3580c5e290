package prepare

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/build"
)

// A build requirement one fallback serves is said once per command, however
// many builds take it (issue 17, item 7: two long lines per package); each
// build's line with the full path is a Note (-v).
func TestReportSaysEachFallbackOncePerCommand(t *testing.T) {
	var events []Event
	p := New(Options{Events: func(e Event) { events = append(events, e) }})
	reqs := []build.Resolved{
		{Project: "setuptools", Requirement: "setuptools>=40.8.0", Origin: build.FromEnsurepip, Path: "/py/ensurepip/_bundled/setuptools-65.5.0-py3-none-any.whl"},
		{Project: "wheel", Requirement: "wheel", Origin: build.FromSystem, Path: "/usr/share/python-wheels/wheel-0.38.4-py3-none-any.whl"},
		{Project: "six", Requirement: "six", Origin: build.FromFindLinks, Path: "/pkgs/six-1.0-py3-none-any.whl"},
	}
	for _, project := range []string{"/src/framework", "/src/plugin1", "/src/plugin2"} {
		p.Report(&build.Result{Project: project, Requirements: reqs})
	}
	var shown, notes []string
	for _, e := range events {
		switch e.Kind {
		case BuildFallback:
			shown = append(shown, e.Message)
		case Note:
			notes = append(notes, e.Message)
		}
	}
	want := []string{
		"build requirement setuptools>=40.8.0 taken from the ensurepip fallback (setuptools-65.5.0-py3-none-any.whl)",
		"build requirement wheel taken from the system fallback (wheel-0.38.4-py3-none-any.whl)",
	}
	if strings.Join(shown, "\n") != strings.Join(want, "\n") {
		t.Errorf("shown by default:\n%s\nwant\n%s", strings.Join(shown, "\n"), strings.Join(want, "\n"))
	}
	if len(notes) != 6 || !strings.Contains(notes[2], "for plugin1 taken from the ensurepip fallback: /py/ensurepip/_bundled/setuptools-65.5.0-py3-none-any.whl") {
		t.Errorf("details (-v): %q", notes)
	}
}
