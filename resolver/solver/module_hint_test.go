package solver

import (
	"errors"
	"strings"
	"testing"
)

// A plugin that keeps an old install_requires=["pkg_resources"]: the name
// is a module of setuptools, and the hint says so instead of "check the
// name" (issue 17, item 7).
func TestModuleNotDistributionHint(t *testing.T) {
	for _, req := range []string{"pkg_resources", "pkg-resources", "Pkg.Resources>=0.1"} {
		t.Run(req, func(t *testing.T) {
			prov := NewMemoryProvider().AddSimple("plugin", "1.0", req).AddSimple("setuptools", "65.5.0")
			res, err := run(t, prov, []string{"plugin"})
			expectOutcome(t, res, err, "", []string{"plugin 1.0 depends on"}, "pkg_resources is a module of setuptools, not a distribution: require setuptools instead")
			var ns *NoSolutionError
			if errors.As(err, &ns) && strings.Contains(ns.Hint(), "check the name") {
				t.Errorf("the hint still says to check the name: %s", ns.Hint())
			}
		})
	}
	// Any other missing name keeps the general hint.
	res, err := run(t, NewMemoryProvider().AddSimple("plugin", "1.0", "ghost"), []string{"plugin"})
	expectOutcome(t, res, err, "", nil, "ghost was not found: check the name")
}

// A name with no match gets "did you mean" when the caller knows a close
// name (issue 17, item 7: `framwork` for `framework`), as a root requirement
// or a dependency; far names keep the general hint.
func TestDidYouMeanHint(t *testing.T) {
	known := func(r *Request) {
		r.KnownNames = func() []string { return []string{"framework", "Framework.typeA.plugin1", "six"} }
	}
	prov := NewMemoryProvider().AddSimple("framework", "0.0.1").AddSimple("plugin", "1.0", "framwork")
	for _, roots := range [][]string{{"framwork"}, {"plugin"}} {
		res, err := run(t, prov, roots, known)
		expectOutcome(t, res, err, "", nil, "framwork was not found: did you mean `framework`?")
	}
	res, err := run(t, prov, []string{"ghost"}, known)
	expectOutcome(t, res, err, "", nil, "ghost was not found: check the name")
	res, err = run(t, prov, []string{"framwork"})
	expectOutcome(t, res, err, "", nil, "framwork was not found: check the name")
}
