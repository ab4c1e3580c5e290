package solver

import "testing"

func TestScenarios(t *testing.T) {
	type tc struct {
		name   string
		prov   *MemoryProvider
		reqs   []string
		opts   []opt
		want   string   // pins, space separated, when it succeeds
		report []string // substrings of the report, when it fails
		hint   string   // substring of the hint, when it fails
	}
	tests := []tc{
		{
			name: "newest versions",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "b").AddSimple("a", "2.0", "b>=2").
				AddSimple("b", "1.0").AddSimple("b", "2.0").AddSimple("b", "3.0rc1"),
			reqs: []string{"a"},
			want: "a==2.0 b==2.0",
		},
		{
			name: "diamond conflict",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", "libcore>=2").
				AddSimple("plugin-x", "1.0", "libcore<2").
				AddSimple("libcore", "1.0").AddSimple("libcore", "2.0"),
			reqs: []string{"plugin-x", "app"},
			report: []string{
				"plugin-x 1.0 depends on libcore<2",
				"app 1.0 depends on libcore>=2",
				"cannot be installed together",
				"you require",
			},
		},
		{
			name: "diamond solved by an older version",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", "libcore>=1").AddSimple("app", "2.0", "libcore>=2").
				AddSimple("plugin-x", "1.0", "libcore<2").
				AddSimple("libcore", "1.0").AddSimple("libcore", "2.0"),
			reqs: []string{"app", "plugin-x"},
			want: "app==1.0 libcore==1.0 plugin-x==1.0",
		},
		{
			name: "backtracking on a transitive dependency",
			prov: NewMemoryProvider().
				AddSimple("top", "1.0", "mid").
				AddSimple("mid", "1.0", "leaf<2").AddSimple("mid", "2.0", "leaf>=3").AddSimple("mid", "3.0", "leaf>=4").
				AddSimple("leaf", "1.0").AddSimple("leaf", "3.0").AddSimple("leaf", "4.0", "nothere").
				AddSimple("other", "1.0", "leaf<4"),
			reqs: []string{"top", "other"},
			want: "leaf==3.0 mid==2.0 other==1.0 top==1.0",
		},
		{
			name: "an extra introduces a conflict",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", `fast>=2; extra == "speed"`).
				AddSimple("fast", "1.0").AddSimple("fast", "2.0"),
			reqs:   []string{"app[speed]", "fast<2"},
			report: []string{"app[speed] 1.0 depends on fast>=2", "you require"},
		},
		{
			name: "extras are their own node at the same version",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", `fast; extra == "speed"`).
				AddSimple("app", "2.0", `fast>=2; extra == "speed"`).
				AddSimple("fast", "1.0"),
			reqs: []string{"app[speed]"},
			want: "app==1.0 fast==1.0",
		},
		{
			name: "a marker hides a conflict",
			prov: NewMemoryProvider().
				AddSimple("app", "1.0", `libcore<2; sys_platform == "win32"`, "libcore>=2").
				AddSimple("libcore", "1.0").AddSimple("libcore", "2.0"),
			reqs: []string{"app"},
			want: "app==1.0 libcore==2.0",
		},
		{
			name: "a root marker that is false",
			prov: NewMemoryProvider().AddSimple("a", "1.0"),
			reqs: []string{"a", `missing; python_version < "3"`},
			want: "a==1.0",
		},
		{
			name: "Requires-Python filtering",
			prov: NewMemoryProvider().
				Add("a", Release{Version: "1.0"}, Release{Version: "2.0", RequiresPython: ">=3.12"}, Release{Version: "3.0", IndexRequiresPython: ">=3.13"}),
			reqs: []string{"a"},
			want: "a==1.0",
		},
		{
			name:   "Requires-Python: no version left",
			prov:   NewMemoryProvider().Add("a", Release{Version: "2.0", RequiresPython: ">=3.12"}),
			reqs:   []string{"a"},
			report: []string{"a 2.0 requires Python >=3.12 (the target Python is 3.11.7)"},
			hint:   "fwenv create -p",
		},
		{
			name: "only pre-releases available",
			prov: NewMemoryProvider().AddSimple("a", "1.0b1").AddSimple("a", "1.0b2"),
			reqs: []string{"a"},
			want: "a==1.0b2",
		},
		{
			name: "only pre-releases, required with a specifier",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "b>=1").AddSimple("b", "1.1b1").AddSimple("b", "1.2.dev1"),
			reqs: []string{"a"},
			want: "a==1.0 b==1.2.dev1",
		},
		{
			name: "a release candidate interpreter counts as its release",
			prov: NewMemoryProvider().Add("a", Release{Version: "1.0", RequiresPython: ">=3.13"}),
			reqs: []string{"a"},
			opts: []opt{withPython("3.13.0rc1")},
			want: "a==1.0",
		},
		{
			name: "pre-releases ignored when a final exists",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"},
			want: "a==1.0",
		},
		{
			name: "a pre-release is necessary: no final release matches",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a>=1.5"},
			want: "a==2.0b1",
		},
		{
			name: "a specifier naming a pre-release",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a>=2.0b1"},
			want: "a==2.0b1",
		},
		{
			name: "Pre option",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"},
			opts: []opt{withPre()},
			want: "a==2.0b1",
		},
		{
			name: "a cycle",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "b").AddSimple("b", "1.0", "c").AddSimple("c", "1.0", "a>=1"),
			reqs: []string{"a"},
			want: "a==1.0 b==1.0 c==1.0",
		},
		{
			name: "a package depending on itself",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "a[x]").AddSimple("a", "2.0", "a<2"),
			reqs: []string{"a"},
			want: "a==1.0",
		},
		{
			name: "yanked versions skipped",
			prov: NewMemoryProvider().Add("a", Release{Version: "1.0"}, Release{Version: "2.0", Yanked: true}),
			reqs: []string{"a"},
			want: "a==1.0",
		},
		{
			name: "yanked version pinned",
			prov: NewMemoryProvider().Add("a", Release{Version: "1.0"}, Release{Version: "2.0", Yanked: true}),
			reqs: []string{"a==2.0"},
			want: "a==2.0",
		},
		{
			name:   "yanked only",
			prov:   NewMemoryProvider().Add("a", Release{Version: "2.0", Yanked: true}),
			reqs:   []string{"a>=1"},
			report: []string{"no version of a matches"},
			hint:   "yanked",
		},
		{
			name: "constraints limit versions",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "b").AddSimple("b", "1.0").AddSimple("b", "2.0"),
			reqs: []string{"a"},
			opts: []opt{withConstraints(t, "b<2", "c==1.0")},
			want: "a==1.0 b==1.0",
		},
		{
			name:   "constraints conflict",
			prov:   NewMemoryProvider().AddSimple("a", "1.0", "b>=2").AddSimple("b", "1.0").AddSimple("b", "2.0"),
			reqs:   []string{"a"},
			opts:   []opt{withConstraints(t, "b<2")},
			report: []string{"the constraint b<2 excludes b"},
			hint:   "constraint",
		},
		{
			name: "installed version kept",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0"),
			reqs: []string{"a"},
			opts: []opt{withInstalled("a", "1.0")},
			want: "a==1.0",
		},
		{
			name: "installed version not in the source is kept, with its own metadata",
			prov: NewMemoryProvider().AddSimple("a", "2.0").AddSimple("b", "1.0"),
			reqs: []string{"a"},
			opts: []opt{withInstalled("a", "1.5", "b")},
			want: "a==1.5 b==1.0",
		},
		{
			name: "installed version replaced when it does not fit",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0").AddSimple("a", "3.0"),
			reqs: []string{"a>=2"},
			opts: []opt{withInstalled("a", "1.0")},
			want: "a==3.0",
		},
		{
			name: "upgrade drops the preference",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0"),
			reqs: []string{"a"},
			opts: []opt{withInstalled("a", "1.0"), withUpgrade("a")},
			want: "a==2.0",
		},
		{
			name:   "not found",
			prov:   NewMemoryProvider().AddSimple("a", "1.0", "ghost>=1"),
			reqs:   []string{"a"},
			report: []string{"a 1.0 depends on ghost>=1 (ghost was not found"},
			hint:   "-f",
		},
		{
			name: "markers use the target environment",
			prov: NewMemoryProvider().AddSimple("a", "1.0", `b; python_version >= "3.12"`, `c; python_version < "3.12"`).
				AddSimple("b", "1.0").AddSimple("c", "1.0"),
			reqs: []string{"a"},
			want: "a==1.0 c==1.0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, tt.prov, tt.reqs, tt.opts...)
			expectOutcome(t, res, err, tt.want, tt.report, tt.hint)
		})
	}
}
