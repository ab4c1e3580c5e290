package site

import "testing"

func TestToolRules(t *testing.T) {
	for _, c := range []struct {
		key, python        string
		freeze, lock, sync bool
	}{
		{"pip", "3.12", true, true, true},
		{"pip", "3.8", true, true, true},
		{"setuptools", "3.11", true, true, true},
		{"setuptools", "3.12", false, true, true},
		{"wheel", "3.13", false, true, true},
		{"distribute", "2.7", true, true, true},
		{"wheel", "", true, true, true},
		{"setuptools-scm", "3.8", false, false, false},
		{"requests", "3.8", false, false, false},
	} {
		if got := HiddenByFreeze(c.key, c.python); got != c.freeze {
			t.Errorf("HiddenByFreeze(%q, %q) = %v", c.key, c.python, got)
		}
		if got := LeftOutOfLock(c.key); got != c.lock {
			t.Errorf("LeftOutOfLock(%q) = %v", c.key, got)
		}
		if got := KeptBySync(c.key); got != c.sync {
			t.Errorf("KeptBySync(%q) = %v", c.key, got)
		}
	}
}
