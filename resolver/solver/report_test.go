package solver

import (
	"errors"
	"strings"
	"testing"
)

// The reports are part of the interface: these pin their exact wording.
func TestReportWording(t *testing.T) {
	tests := []struct {
		name string
		prov *MemoryProvider
		reqs []string
		want string
	}{
		{
			name: "two plugins disagree on the framework",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", "libcore>=2").
				AddSimple("plugin-x", "1.0", "libcore<2").
				AddSimple("libcore", "1.0").AddSimple("libcore", "2.0"),
			reqs: []string{"plugin-x", "app"},
			want: "Because plugin-x 1.0 depends on libcore<2 and app 1.0 depends on libcore>=2, plugin-x 1.0 and app 1.0 cannot be installed together.\n" +
				"And because you require plugin-x and app, your requirements cannot be satisfied.",
		},
		{
			name: "a chain through every version",
			prov: NewMemoryProvider().
				AddSimple("framework", "1.0").AddSimple("framework", "2.0").
				AddSimple("plugin-a", "1.0", "framework<2").AddSimple("plugin-a", "1.1", "framework<2").
				AddSimple("plugin-b", "3.0", "framework>=2", "helper").
				AddSimple("helper", "1.0"),
			reqs: []string{"plugin-a", "plugin-b"},
			want: "Because plugin-b 3.0 depends on framework>=2 and all versions of plugin-a depend on framework<2, plugin-b 3.0 and all versions of plugin-a cannot be installed together.\n" +
				"And because you require plugin-a and plugin-b, your requirements cannot be satisfied.",
		},
		{
			name: "Requires-Python",
			prov: NewMemoryProvider().
				Add("plugin", Release{Version: "1.0", Requires: []string{"framework>=2"}}).
				Add("framework", Release{Version: "1.0"}, Release{Version: "2.0", RequiresPython: ">=3.12"}),
			reqs: []string{"plugin"},
			want: "Because you require plugin and plugin 1.0 depends on framework>=2, you require framework>=2.0.\n" +
				"And because framework 2.0 requires Python >=3.12 (the target Python is 3.11.7), your requirements cannot be satisfied.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(t, tt.prov, tt.reqs)
			var ns *NoSolutionError
			if !errors.As(err, &ns) {
				t.Fatalf("want *NoSolutionError, got %v", err)
			}
			if ns.Report != tt.want {
				t.Errorf("report:\n%s\nwant:\n%s", ns.Report, tt.want)
			}
		})
	}
}

// TestReportSpelling: extras are spelled one way (normalised, as package
// names are), a requirement reached through two extras is not restated, and
// a local version is named rather than bounded by its neighbour.
func TestReportSpelling(t *testing.T) {
	tests := []struct {
		name    string
		prov    *MemoryProvider
		reqs    []string
		want    []string
		notWant []string
	}{
		{name: "extras",
			prov: NewMemoryProvider().AddSimple("a", "1.0.0", `b==1.0.0; extra == "extra_b"`, `b==2.0.0; extra == "extra_c"`).
				AddSimple("b", "1.0.0").AddSimple("b", "2.0.0"),
			reqs:    []string{"a[extra_b,extra_c]"},
			want:    []string{"a[extra-b] 1.0.0 depends on b==1.0.0", "And because you require a[extra-b,extra-c], your requirements"},
			notWant: []string{"extra_", "a[extra-b,extra-c] and a[extra-b,extra-c]"}},
		{name: "local version",
			prov:    NewMemoryProvider().AddSimple("a", "1.0.0", "b==2.0.0+foo").AddSimple("b", "2.0.0+foo").AddSimple("b", "2.0.0+bar"),
			reqs:    []string{"a", "b==2.0.0+bar"},
			want:    []string{"you require b==2.0.0+foo", "you require b==2.0.0+bar"},
			notWant: []string{">=2.0.0+foo", "<2.0.0+foo"}},
	}
	for _, tt := range tests {
		_, err := run(t, tt.prov, tt.reqs)
		var ns *NoSolutionError
		if !errors.As(err, &ns) {
			t.Fatalf("%s: want *NoSolutionError, got %v", tt.name, err)
		}
		for _, w := range tt.want {
			if !strings.Contains(ns.Report, w) {
				t.Errorf("%s: report lacks %q:\n%s", tt.name, w, ns.Report)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(ns.Report, w) {
				t.Errorf("%s: report has %q:\n%s", tt.name, w, ns.Report)
			}
		}
	}
}
