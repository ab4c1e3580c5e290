package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/site"
)

// The confirmation prompt of uninstall (without -y) says in
// words what it would keep and refuse, never a Go struct (issue 17, item 7:
// it printed "keeps {/…/framework/__init__.py typeA-plugin2 0.0.1 [framework
// 0.0.1] still listed by framework}").
func TestConfirmRemovalRendersKeptFilesAsSentences(t *testing.T) {
	root := "/envs/v"
	plugin := &site.Dist{Name: "typeA-plugin2", Key: "typea-plugin2", Version: "0.0.1"}
	framework := &site.Dist{Name: "framework", Key: "framework", Version: "0.0.1"}
	plan := &site.RemovePlan{
		Layout: site.Layout{Root: root},
		Dists:  []*site.Dist{plugin},
		Remove: []string{root + "/lib/python3.11/site-packages/framework/plugin2.py"},
		Keep: []site.KeptFile{{Path: root + "/lib/python3.11/site-packages/framework/__init__.py", Dist: plugin,
			Owners: []*site.Dist{framework}, Reason: "still listed by framework"}},
		Refused: []site.RefusedFile{{Dist: plugin, Rel: "../../../../bin/python", Path: root + "/bin/python",
			Reason: "the environment's own interpreter or activation script"}},
	}
	for _, tc := range []struct {
		answer string
		want   bool
	}{{"n\n", false}, {"y\n", true}, {"\n", true}} {
		var stdout, stderr bytes.Buffer
		a := newApp(strings.NewReader(tc.answer), &stdout, &stderr, func(string) string { return "" })
		if got := a.confirmRemoval(root, plan); got != tc.want {
			t.Errorf("answer %q: confirmRemoval = %v, want %v", tc.answer, got, tc.want)
		}
		want := `Uninstalling typeA-plugin2 0.0.1:
  would remove /envs/v/lib/python3.11/site-packages/framework/plugin2.py
  would keep lib/python3.11/site-packages/framework/__init__.py (typeA-plugin2's RECORD): still listed by framework
  would refuse ../../../../bin/python (is bin/python; typeA-plugin2's RECORD): the environment's own interpreter or activation script
would keep 1 file shared with other distributions; would refuse 1 path outside the environment or protected
Proceed (Y/n)? `
		if got := stderr.String(); got != want {
			t.Errorf("answer %q: the prompt is\n%s\nwant\n%s", tc.answer, got, want)
		}
		if strings.ContainsAny(stderr.String(), "{}[]") {
			t.Errorf("the prompt shows a Go value: %s", stderr.String())
		}
		if stdout.Len() != 0 {
			t.Errorf("the prompt wrote to stdout: %q", stdout.String())
		}
	}
}
