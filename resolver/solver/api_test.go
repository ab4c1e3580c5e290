package solver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep440"
)

func TestMetadataIsLazy(t *testing.T) {
	m := NewMemoryProvider()
	for i := 1; i <= 100; i++ {
		m.AddSimple("a", fmt.Sprintf("%d.0", i), "b")
		m.AddSimple("b", fmt.Sprintf("%d.0", i))
	}
	res, err := run(t, m, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if pins(res) != "a==100.0 b==100.0" {
		t.Fatal(pins(res))
	}
	if m.Calls != 2 {
		t.Errorf("%d metadata reads, want 2", m.Calls)
	}
}

func TestDeterministic(t *testing.T) {
	sc := genScenario(42)
	var first string
	for i := 0; i < 20; i++ {
		m := NewMemoryProvider()
		for _, d := range sc.dists {
			m.Add(d.Name, Release{Version: d.Version, Requires: d.Requires, RequiresPython: d.RequiresPython})
		}
		res, err := run(t, m, sc.roots)
		got := fmt.Sprint(err)
		if err == nil {
			got = fmt.Sprintf("%v %v", pins(res), res.Packages)
		}
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("run %d differs:\n%s\n%s", i, got, first)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m, roots := stressChain(3, 10, 2)
	_, err := Resolve(ctx, Request{Requirements: parseReqs(t, roots), Env: testEnv(t, "3.11.7"), Provider: m})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

func TestInstalledAndUpgrade(t *testing.T) {
	prov := func() *MemoryProvider {
		return NewMemoryProvider().AddSimple("app", "1.0", "lib").AddSimple("app", "2.0", "lib>=2").
			AddSimple("lib", "1.0").AddSimple("lib", "2.0").AddSimple("lib", "3.0")
	}
	// only-if-needed: lib 1.0 stays while app 1.0 is kept...
	res, err := run(t, prov(), []string{"app"}, withInstalled("app", "1.0", "lib"), withInstalled("lib", "1.0"))
	if err != nil || pins(res) != "app==1.0 lib==1.0" {
		t.Fatalf("kept: %v %v", res, err)
	}
	if p, _ := res.Get("lib"); !p.Installed {
		t.Error("lib should be marked installed")
	}
	// ...upgrading app brings lib>=2 (the newest: 3.0 is not preferred over
	// the installed 1.0 only when 1.0 fits; here it does not).
	res, err = run(t, prov(), []string{"app"}, withInstalled("app", "1.0", "lib"), withInstalled("lib", "1.0"), withUpgrade("app"))
	if err != nil || pins(res) != "app==2.0 lib==3.0" {
		t.Fatalf("upgrade app: %v %v", res, err)
	}
	// UpgradeAll.
	res, err = run(t, prov(), []string{"app<2"}, withInstalled("lib", "1.0"), func(r *Request) { r.UpgradeAll = true })
	if err != nil || pins(res) != "app==1.0 lib==3.0" {
		t.Fatalf("upgrade all: %v %v", res, err)
	}
	// An installed pre-release satisfies a plain requirement.
	res, err = run(t, NewMemoryProvider().AddSimple("lib", "1.0").AddSimple("lib", "2.0b1"), []string{"lib"}, withInstalled("lib", "2.0b1"))
	if err != nil || pins(res) != "lib==2.0b1" {
		t.Fatalf("installed pre-release: %v %v", res, err)
	}
}

func TestConstraintNeverAdds(t *testing.T) {
	res, err := run(t, NewMemoryProvider().AddSimple("a", "1.0").AddSimple("b", "1.0"), []string{"a"}, withConstraints(t, "b==1.0", "ghost>=1"))
	if err != nil || pins(res) != "a==1.0" {
		t.Fatalf("%v %v", res, err)
	}
}

func TestWhyAndExtras(t *testing.T) {
	m := NewMemoryProvider().
		AddSimple("app", "1.0", `lib>=1`, `rich; extra == "cli"`).
		AddSimple("plugin", "1.0", "app[cli]>=1", "lib<2").
		AddSimple("lib", "1.0").AddSimple("lib", "2.0").
		AddSimple("rich", "13.0")
	res, err := run(t, m, []string{"plugin", "app[web]"})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, p := range res.Packages {
		var why []string
		for _, w := range p.Why {
			why = append(why, w.String())
		}
		lines = append(lines, fmt.Sprintf("%s %s %v req=%v: %s", p.Name, p.Version, p.Extras, p.Requested, strings.Join(why, "; ")))
	}
	got := strings.Join(lines, "\n")
	want := strings.Join([]string{
		"app 1.0 [cli web] req=true: you require app[web]; plugin 1.0 requires app[cli]>=1",
		"lib 1.0 [] req=false: app 1.0 requires lib>=1; plugin 1.0 requires lib<2",
		"plugin 1.0 [] req=true: you require plugin",
		"rich 13.0 [] req=false: app[cli] 1.0 requires rich",
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `"web"`) {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestInputErrors(t *testing.T) {
	_, err := run(t, NewMemoryProvider(), []string{"a @ https://example.invalid/a-1.0.tar.gz"})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Hint() == "" {
		t.Fatalf("got %v", err)
	}
	_, err = Resolve(context.Background(), Request{Provider: NewMemoryProvider()})
	if !errors.As(err, &ie) {
		t.Fatalf("no python: got %v", err)
	}
	res, err := Resolve(context.Background(), Request{Provider: NewMemoryProvider(), Python: pep440.MustParse("3.11")})
	if err != nil || len(res.Packages) != 0 {
		t.Fatalf("empty request: %v %v", res, err)
	}
}

func TestNoDepsAndChanges(t *testing.T) {
	m := NewMemoryProvider().AddSimple("app", "1.0", "lib").AddSimple("app", "2.0", "lib>=2").
		AddSimple("lib", "1.0").AddSimple("lib", "2.0").
		Add("py", Release{Version: "1.0"}, Release{Version: "2.0", RequiresPython: ">=4"})
	res, err := run(t, m, []string{"app[cli]", "py"}, func(r *Request) { r.NoDeps = true })
	if err != nil || pins(res) != "app==2.0 py==1.0" {
		t.Fatalf("no-deps: %v %v", res, err)
	}
	inst := map[string]Installed{"App": {Version: pep440.MustParse("3.0")}, "py": {Version: pep440.MustParse("1.0")}}
	var got []string
	for _, c := range res.Changes(inst) {
		got = append(got, fmt.Sprintf("%s %s %v->%v", c.Action, c.Name, c.From, c.To))
	}
	if want := "downgrade app 3.0->2.0,keep py 1.0->1.0"; strings.Join(got, ",") != want {
		t.Errorf("changes %v, want %s", got, want)
	}
	res, _ = run(t, m, []string{"app"})
	if c := res.Changes(nil); len(c) != 2 || c[0].Action != Install || !c[0].From.IsZero() {
		t.Errorf("changes %+v", c)
	}
}
