package solver

import "testing"

// TestPrereleaseRule checks the four cases in which a pre-release may be
// chosen (prerelease.go), the ones in which it may not, and the refusal's
// hint. Cases marked "packse" follow the public resolver scenarios of the
// same name (their expected answer under PEP 440's rule, not uv's).
func TestPrereleaseRule(t *testing.T) {
	mixed := func() *MemoryProvider { // packse package-prereleases-specifier-boundary
		return NewMemoryProvider().AddSimple("a", "0.1.0").AddSimple("a", "0.2.0").AddSimple("a", "0.2.0a1").
			AddSimple("a", "0.2.0a2").AddSimple("a", "0.2.0a3").AddSimple("a", "0.3.0")
	}
	tests := []struct {
		name string
		prov *MemoryProvider
		reqs []string
		opts []opt
		want string // pins, or "" for a refusal
		hint string // substring of the refusal's hint
	}{
		{name: "no rule applies: the newest final release",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"}, want: "a==1.0"},
		{name: "(a) --pre",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"}, opts: []opt{withPre()}, want: "a==2.0b1"},
		{name: "(b) < naming a pre-release (packse specifier-boundary)",
			prov: mixed(), reqs: []string{"a<0.2.0a2"}, want: "a==0.2.0a1"},
		{name: "(b) < naming a final release keeps that release's pre-releases out",
			prov: mixed(), reqs: []string{"a<0.2.0"}, want: "a==0.1.0"},
		{name: "(b) > naming a pre-release, in a dependency",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "b>0.0.0a1").AddSimple("b", "0.1.0").AddSimple("b", "1.0.0a1"),
			reqs: []string{"a"}, want: "a==1.0 b==1.0.0a1"},
		{name: "(b) >= naming a pre-release, in a constraint",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"}, opts: []opt{withConstraints(t, "a>=2.0b1")}, want: "a==2.0b1"},
		{name: "(b) only inside the range of the requirement that names it",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "c>=1.0b1,<2").AddSimple("c", "1.0").AddSimple("c", "1.1b1").AddSimple("c", "3.0b1"),
			reqs: []string{"a", "c"}, want: "a==1.0 c==1.1b1"},
		{name: "(b) != naming a pre-release opens nothing",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1").AddSimple("a", "3.0b1"),
			reqs: []string{"a!=2.0b1"}, want: "a==1.0"},
		{name: "(b) a dependency naming one, met after another requirement (packse transitive-prerelease-and-stable-dependency)",
			prov: NewMemoryProvider().AddSimple("a", "1.0.0", "c==2.0.0b1").AddSimple("b", "1.0.0", "c>=1.0.0,<=3.0.0").
				AddSimple("c", "1.0.0").AddSimple("c", "2.0.0b1"),
			reqs: []string{"b", "a"}, want: "a==1.0.0 b==1.0.0 c==2.0.0b1"},
		{name: "(b) the same, met first",
			prov: NewMemoryProvider().AddSimple("a", "1.0.0", "c==2.0.0b1").AddSimple("b", "1.0.0", "c>=1.0.0,<=3.0.0").
				AddSimple("c", "1.0.0").AddSimple("c", "2.0.0b1"),
			reqs: []string{"a", "b"}, want: "a==1.0.0 b==1.0.0 c==2.0.0b1"},
		{name: "(c) ==3.* matched only by 3.0rc2",
			prov: NewMemoryProvider().AddSimple("verpkg", "2.0").AddSimple("verpkg", "3.0rc2").AddSimple("verpkg", "4.0"),
			reqs: []string{"verpkg==3.*"}, want: "verpkg==3.0rc2"},
		{name: "(c) a dependency no final release satisfies (packse transitive-package-only-prereleases-in-range)",
			prov: NewMemoryProvider().AddSimple("a", "0.1.0", "b>0.1").AddSimple("b", "0.1.0").AddSimple("b", "1.0.0a1"),
			reqs: []string{"a"}, want: "a==0.1.0 b==1.0.0a1"},
		{name: "(c) two requirements no final release satisfies together",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "1.6b1").AddSimple("a", "2.0").
				AddSimple("b", "1.0", "a<1.8"),
			reqs: []string{"a>=1.5", "b"}, want: "a==1.6b1 b==1.0"},
		{name: "(c) three requirements no final release satisfies together, though every pair does",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "1.5").AddSimple("a", "1.6b1").AddSimple("a", "2.0").
				AddSimple("b", "1.0", "a<1.8").AddSimple("c", "1.0", "a!=1.5"),
			reqs: []string{"a>=1.5", "b", "c"}, want: "a==1.6b1 b==1.0 c==1.0"},
		{name: "(c) the project has only pre-releases",
			prov: NewMemoryProvider().AddSimple("a", "0.1.0a1").AddSimple("a", "0.2.0a1").AddSimple("a", "0.3.0a1"),
			reqs: []string{"a<0.2.0"}, want: "a==0.1.0a1"},
		{name: "(c) a yanked final release does not count",
			prov: NewMemoryProvider().Add("a", Release{Version: "1.0", Yanked: true}).AddSimple("a", "2.0b1"),
			reqs: []string{"a"}, want: "a==2.0b1"},
		{name: "(d) the installed pre-release is kept",
			prov: NewMemoryProvider().AddSimple("a", "1.0").AddSimple("a", "2.0b1"),
			reqs: []string{"a"}, opts: []opt{withInstalled("a", "2.0b1")}, want: "a==2.0b1"},
		{name: "not necessary: a final release satisfies every specifier, only a conflict rules it out",
			prov: NewMemoryProvider().AddSimple("a", "1.0", "x<1").AddSimple("a", "2.0b1", "x>=1").AddSimple("x", "1.0"),
			reqs: []string{"a", "x"}, hint: "--pre"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, tt.prov, tt.reqs, tt.opts...)
			expectOutcome(t, res, err, tt.want, nil, tt.hint)
		})
	}
}

func TestNamesPrerelease(t *testing.T) {
	for spec, want := range map[string]bool{
		"<0.2.0a2": true, ">0.0.0a1": true, ">=2.0b1": true, "<=1.0rc1": true, "~=1.0b1": true,
		"==3.0rc1": true, "===1.0a1": true, ">=1.0.dev0": true, "!=2.0b1": false,
		">=1.0": false, "<2": false, "==3.*": false, ">1.0.post1": false, "": false,
	} {
		if got := specOf("x" + spec).NamesPrerelease(); got != want {
			t.Errorf("NamesPrerelease(%q) = %v, want %v", spec, got, want)
		}
	}
}

// TestRequiresPythonUpperBound: an upper bound excludes the target as a
// lower bound does (pip does the same; uv ignores upper bounds).
func TestRequiresPythonUpperBound(t *testing.T) {
	prov := NewMemoryProvider().Add("a", Release{Version: "1.0", RequiresPython: ">=3.8"}).
		Add("a", Release{Version: "2.0", RequiresPython: ">=3.8,<3.11"})
	res, err := run(t, prov, []string{"a"}, withPython("3.11.7"))
	if err != nil || pins(res) != "a==1.0" {
		t.Fatalf("got %v %v, want a==1.0", res, err)
	}
}
