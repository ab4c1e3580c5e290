package fwlock

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/resolver/pep508"
)

// Selected is one package of a lock to install in an environment, with the
// artifact chosen for it (nil for a project folder: Source says which).
type Selected struct {
	Package  *Package
	Artifact *Artifact
}

// Select picks what to install from l for one environment: the packages
// whose markers hold for env (build-only ones included, marked so), and for
// each the artifact whose wheel tags rank best (rank returns ok=false for a
// wheel the target cannot use; lower is better), else its sdist. Editable
// and directory packages are selected without an artifact. A selected
// package with no usable artifact is an *Error naming it and its files;
// best names the target's best tag in that message.
func (l *Lock) Select(env pep508.Environment, rank func(wheelFilename string) (int, bool), best string) ([]Selected, error) {
	var out []Selected
	for i := range l.Packages {
		p := &l.Packages[i]
		if p.Markers != "" {
			m, err := pep508.ParseMarker(p.Markers)
			if err != nil {
				return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("marker %q: %v", p.Markers, err), hint: regenerateHint}
			}
			if ok, err := m.Evaluate(env); err == nil && !ok {
				continue
			}
		}
		if p.Source.Editable != "" || p.Source.Directory != "" || p.Source.VCS != "" {
			out = append(out, Selected{Package: p})
			continue
		}
		var chosen *Artifact
		chosenRank := 1 << 30
		var names []string
		for j := range p.Artifacts {
			art := &p.Artifacts[j]
			names = append(names, art.File)
			r := 1 << 29 // an sdist after every wheel
			if art.Kind == ArtifactWheel {
				n, ok := rank(art.File)
				if !ok {
					continue
				}
				r = n
			}
			if chosen == nil || r < chosenRank {
				chosen, chosenRank = art, r
			}
		}
		if chosen == nil {
			return nil, &Error{Package: p.Name, Msg: fmt.Sprintf("version %s has no file for this interpreter (best tag %s): %s", p.Version, best, strings.Join(names, ", ")),
				hint: "lock again for this interpreter and platform (fwenv lock -p PYTHON), or add an sdist to the lock"}
		}
		out = append(out, Selected{Package: p, Artifact: chosen})
	}
	return out, nil
}
