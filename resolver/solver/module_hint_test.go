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
