package solver

import (
	"errors"
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
