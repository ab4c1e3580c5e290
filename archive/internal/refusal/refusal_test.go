package refusal

import (
	"errors"
	"testing"
)

func TestText(t *testing.T) {
	kind := errors.New("unsafe member name")
	cause := errors.New("permission denied")
	for _, c := range []struct {
		member, reason string
		err            error
		inReason       bool
		hint, want     string
	}{
		{"", "", nil, false, "", "x.whl: unsafe member name"},
		{"../a", "", nil, false, "", `x.whl: member "../a": unsafe member name`},
		{"a", "cannot write", cause, false, "check the folder", "x.whl: member \"a\": cannot write: permission denied\nhint: check the folder"},
		{"a", "cannot write: permission denied", cause, true, "", `x.whl: member "a": cannot write: permission denied`},
	} {
		if got := Text("x.whl", c.member, c.reason, kind, c.err, c.inReason, c.hint); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
	if u := Unwrap(kind, nil); len(u) != 1 || u[0] != kind {
		t.Errorf("Unwrap without cause: %v", u)
	}
	if u := Unwrap(kind, cause); len(u) != 2 || u[1] != cause {
		t.Errorf("Unwrap with cause: %v", u)
	}
}

func TestLooseSameVersion(t *testing.T) {
	for a, b := range map[string]string{"1.0": "1.0", "1.0-RC1": "1.0_rc1", "2.0.POST1": "2.0.post1"} {
		if !LooseSameVersion(a, b) {
			t.Errorf("%q and %q differ", a, b)
		}
	}
	for _, c := range [][2]string{{"1.0", "1.0.0"}, {"1.0a", "1.0b"}, {"1.0", "1.0 "}} {
		if a, b := c[0], c[1]; LooseSameVersion(a, b) {
			t.Errorf("%q and %q are the same", a, b)
		}
	}
}
