package venv

import (
	"bytes"
	"testing"

	"github.com/fwenv/fwenv/env/standin"
)

// TestLayoutPipStandIns: a new environment has pip's stand-ins under pip,
// pip3 and pip3.X (executable), with --system-site-packages too: `pip` on
// PATH would still be another interpreter's.
func TestLayoutPipStandIns(t *testing.T) {
	for _, systemSite := range []bool{false, true} {
		es, err := Layout(Spec{Dir: "/w/e", Interp: fakeInfo("/opt/py/bin/python3.11"), SystemSite: systemSite})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"pip", "pip3", "pip3.11"} {
			e := find(es, "bin/"+n)
			if e == nil {
				t.Errorf("system site %v: no bin/%s", systemSite, n)
				continue
			}
			if e.Kind != File || e.Mode != 0o755 || !bytes.Equal(e.Data, standin.Script()) || !standin.Is(e.Data) {
				t.Errorf("system site %v: bin/%s is %v %v, not the stand-in", systemSite, n, e.Kind, e.Mode)
			}
		}
	}
}
