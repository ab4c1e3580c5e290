package cachedir

import (
	"path/filepath"
	"testing"
	"time"
)

// An unpacked wheel's seal (ENTRY.seal, env/install/cache) belongs to its
// entry like the use stamp: it is not counted as an entry, not pruned as
// one while its entry stays, and goes with its entry.
func TestSealsAreSidecars(t *testing.T) {
	const day = 24 * time.Hour
	root := t.TempDir()
	Ensure(root)
	old := wheelEntry(t, root, key('a'))
	kept := wheelEntry(t, root, key('b'))
	tree(t, root, map[string]string{
		"wheels/aa/" + key('a') + SealSuffix: "",
		"wheels/bb/" + key('b') + SealSuffix: "",
		"wheels/cc/" + key('c') + SealSuffix: "", // its entry is gone
	})
	info, err := Measure(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range info.Areas {
		if a.Name == "wheels" && a.Entries != 2 {
			t.Errorf("wheels: %d entries, want 2 (seals are not entries)", a.Entries)
		}
	}
	age(t, old, 40*day)
	age(t, kept, day)
	for _, k := range []byte{'a', 'b', 'c'} {
		age(t, filepath.Join(root, "wheels", string([]byte{k, k}), key(k)+SealSuffix), 40*day)
	}
	rep, err := Prune(root, 30*day)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		kept bool
	}{
		{"wheels/aa/" + key('a'), false},
		{"wheels/aa/" + key('a') + SealSuffix, false},
		{"wheels/bb/" + key('b'), true},
		{"wheels/bb/" + key('b') + SealSuffix, true},
		{"wheels/cc/" + key('c') + SealSuffix, false},
	} {
		if got := exists(filepath.Join(root, tc.path)); got != tc.kept {
			t.Errorf("%s: kept=%v, want %v", tc.path, got, tc.kept)
		}
	}
	if rep.Entries != 1 {
		t.Errorf("removed %d entries (%v), want 1", rep.Entries, rep.Removed)
	}
}
