package plan

import "testing"

func TestChangeString(t *testing.T) {
	for _, tt := range []struct {
		c    Change
		want string
	}{
		{Change{Action: "install", Name: "framework", To: "1.0", What: "framework-1.0-py3-none-any.whl"}, "install framework 1.0 (framework-1.0-py3-none-any.whl)"},
		{Change{Action: "downgrade", Name: "framework", From: "2.0", To: "1.0", What: "f.whl"}, "downgrade framework 2.0 -> 1.0 (f.whl)"},
		{Change{Action: "upgrade", Name: "x", From: "1", To: "2"}, "upgrade x 1 -> 2"},
		{Change{Action: Reinstall, Name: "proj", From: "0.3", To: "0.3", What: "/src/proj"}, "reinstall proj 0.3 (/src/proj)"},
		{Change{Action: Remove, Name: "extra-thing", From: "1.0"}, "remove extra-thing 1.0"},
	} {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.c, got, tt.want)
		}
	}
	for from, to := range map[[2]string]string{{"1.0", "2.0"}: "upgrade", {"2.0", "1.0"}: "downgrade", {"1.0", "1.0"}: Reinstall, {"1.0", ""}: Reinstall} {
		if got := versionAction(from[0], from[1]); got != to {
			t.Errorf("versionAction(%q, %q) = %q, want %q", from[0], from[1], got, to)
		}
	}
}
