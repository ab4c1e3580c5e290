package solver_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/solver"
)

func Example() {
	prov := solver.NewMemoryProvider().
		AddSimple("framework", "1.0").
		AddSimple("framework", "2.0").
		AddSimple("plugin-a", "1.0", "framework>=1,<2").
		AddSimple("plugin-a", "2.0", "framework>=2", `rich; extra == "cli"`).
		AddSimple("rich", "13.7.1")
	env, _ := pep508.SyntheticEnvironment("3.11.7", "linux_x86_64")
	req, _ := pep508.ParseRequirement("plugin-a[cli]")
	res, err := solver.Resolve(context.Background(), solver.Request{
		Requirements: []pep508.Requirement{req},
		Env:          env,
		Provider:     prov,
	})
	if err != nil {
		var ns *solver.NoSolutionError
		if errors.As(err, &ns) {
			fmt.Println(ns.Report)
			fmt.Println("hint:", ns.Hint())
		}
		return
	}
	for _, p := range res.Packages {
		fmt.Println(p.Name, p.Version, p.Extras, p.Why)
	}
	// Output:
	// framework 2.0 [] [plugin-a 2.0 requires framework>=2]
	// plugin-a 2.0 [cli] [you require plugin-a[cli]]
	// rich 13.7.1 [] [plugin-a[cli] 2.0 requires rich]
}

func ExampleNoSolutionError() {
	prov := solver.NewMemoryProvider().
		AddSimple("app", "1.0", "libcore>=2").
		AddSimple("plugin-x", "1.0", "libcore<2").
		AddSimple("libcore", "1.0").AddSimple("libcore", "2.0")
	env, _ := pep508.SyntheticEnvironment("3.11.7", "linux_x86_64")
	var reqs []pep508.Requirement
	for _, s := range []string{"plugin-x", "app"} {
		r, _ := pep508.ParseRequirement(s)
		reqs = append(reqs, r)
	}
	_, err := solver.Resolve(context.Background(), solver.Request{Requirements: reqs, Env: env, Provider: prov})
	fmt.Println(err)
	// Output:
	// no solution: the requirements cannot be installed together:
	//   Because plugin-x 1.0 depends on libcore<2 and app 1.0 depends on libcore>=2, plugin-x 1.0 and app 1.0 cannot be installed together.
	//   And because you require plugin-x and app, your requirements cannot be satisfied.
}
