package cache

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/wheel"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
	"github.com/fwenv/fwenv/resolver/source"
)

// unpacked makes a wheel, unpacks it into a fresh cache and returns the
// cache, the entry and the opened wheel.
func unpacked(t *testing.T) (*Cache, *Entry, *wheel.Wheel) {
	t.Helper()
	dir := t.TempDir()
	p := makeWheel(t, dir, map[string]string{"w/__init__.py": "x = 1\n", "w/mod.py": "VALUE = 'good'\n"})
	key, err := source.FileSHA256(p)
	if err != nil {
		t.Fatal(err)
	}
	w, err := wheel.Open(p, &wheel.Options{DeferContentCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	c := New(filepath.Join(dir, "cache"))
	if _, err := c.Unpack(w, key); err != nil {
		t.Fatal(err)
	}
	e := c.Lookup(key)
	if e == nil {
		t.Fatal("no entry")
	}
	return c, e, w
}

// link hard-links the entry's member into an "environment" and renews the
// seal, as an install does.
func link(t *testing.T, c *Cache, e *Entry, member string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(member))
	if err := os.Link(e.Path(member), dst); err != nil {
		t.Fatal(err)
	}
	if err := c.Seal(e); err != nil {
		t.Fatal(err)
	}
	return dst
}

// editInPlace changes a file's bytes without changing its size, then puts
// its modification time back: what fault 9 of issue 14 did through a hard
// link in an environment (as root, whom read-only modes do not stop).
func editInPlace(t *testing.T, path, from, to string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if len(from) != len(to) || !strings.Contains(string(data), from) {
		t.Fatalf("bad edit %q -> %q of %q", from, to, data)
	}
	os.Chmod(path, 0o644)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Replace(string(data), from, to, 1)), 0); err != nil {
		t.Fatal(err)
	}
	f.Close()
	os.Chmod(path, st.Mode().Perm())
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	// ctime has a clock tick's granularity: let the next step be later.
	time.Sleep(20 * time.Millisecond)
}

// An edit through a hard link that keeps the size and the modification
// time is caught by the quick check (the file's inode changed after the
// entry's seal), and Verify names the member.
func TestQuickCheckCatchesEditKeepingSizeAndTime(t *testing.T) {
	c, e, w := unpacked(t)
	time.Sleep(20 * time.Millisecond)
	envFile := link(t, c, e, "w/mod.py")
	if !c.Intact(e, w.Files()) {
		t.Fatal("a freshly linked entry is not intact")
	}
	time.Sleep(20 * time.Millisecond)
	editInPlace(t, envFile, "good", "evil")
	if st, _ := os.Stat(e.Path("w/mod.py")); !st.ModTime().Equal(Stamp) {
		t.Fatalf("the edit did not keep the stamp: %v", st.ModTime())
	}
	if c.Intact(e, w.Files()) {
		t.Fatal("an entry changed in place (same size and modification time) passes the quick check")
	}
	err := c.Verify(e, w.Files(), false, "w-1-py3-none-any.whl")
	var de *DamageError
	if !errors.As(err, &de) || de.Member != "w/mod.py" || !strings.Contains(err.Error(), "w-1-py3-none-any.whl") {
		t.Fatalf("Verify: %v", err)
	}
}

// Linking does not make an entry suspect for ever: once the seal is
// renewed, an unchanged entry passes; an entry hard-linked without the
// seal being renewed (an install killed after linking) is hashed, found
// sound and sealed again.
func TestQuickCheckAfterLinks(t *testing.T) {
	c, e, w := unpacked(t)
	for i := 0; i < 3; i++ {
		link(t, c, e, "w/mod.py")
		if err := c.Verify(e, w.Files(), false, "w"); err != nil {
			t.Fatalf("after link %d: %v", i, err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if err := os.Link(e.Path("w/__init__.py"), filepath.Join(t.TempDir(), "x")); err != nil {
		t.Fatal(err)
	}
	before, _ := lstatFile(sealPath(e.Dir))
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatalf("linked, not resealed: %v", err)
	}
	after, _ := lstatFile(sealPath(e.Dir))
	if after.ctime <= before.ctime {
		t.Errorf("seal not renewed after a successful hash (%d <= %d)", after.ctime, before.ctime)
	}
	// Links removed (an environment deleted): the ctime moved, so the file
	// is hashed (stat cannot tell a lost link from a lost link and an
	// edit), found sound, and the seal renewed: the next check hashes
	// nothing.
	dst := link(t, c, e, "w/mod.py")
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	os.Remove(dst)
	sealBefore, _ := lstatFile(sealPath(e.Dir))
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatalf("after an environment's link is removed: %v", err)
	}
	sealAfter, _ := lstatFile(sealPath(e.Dir))
	if sealAfter.ctime <= sealBefore.ctime {
		t.Errorf("a removed link was not hashed and sealed (%d <= %d)", sealAfter.ctime, sealBefore.ctime)
	}
	sealAfterFile, _ := os.Lstat(sealPath(e.Dir))
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.Lstat(sealPath(e.Dir)); !os.SameFile(sealAfterFile, again) {
		t.Errorf("an entry sealed after its hash was hashed again (seal rewritten)")
	}
	// An entry of an older fwenv, without a seal: hashed, then sealed.
	os.Remove(sealPath(e.Dir))
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatalf("no seal: %v", err)
	}
	if _, err := os.Stat(sealPath(e.Dir)); err != nil {
		t.Errorf("seal not made: %v", err)
	}
}

// An environment deleted, then the same file edited through a hard link
// in another one (restoring size, mode and modification time), before the
// next install: the link count dropped, but the edit is caught all the
// same (finding 4 of the attack on issue 14's hardening). A seal of an
// earlier fwenv, which lists link counts, grants no exception either.
func TestQuickCheckCatchesEditAfterEnvDeleted(t *testing.T) {
	for _, oldSeal := range []bool{false, true} {
		c, e, w := unpacked(t)
		time.Sleep(20 * time.Millisecond)
		envA := link(t, c, e, "w/mod.py")
		envB := link(t, c, e, "w/mod.py")
		if oldSeal {
			// What an earlier fwenv wrote: 3 links expected of w/mod.py.
			counts := ""
			for _, f := range w.Files() {
				if f.Name == "w/mod.py" {
					counts += "3\n"
				} else {
					counts += "1\n"
				}
			}
			if err := os.WriteFile(sealPath(e.Dir), []byte("fwenv-seal 1\n"+counts), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.Verify(e, w.Files(), false, "w"); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
		os.Remove(envB) // rm -rf eB
		time.Sleep(20 * time.Millisecond)
		editInPlace(t, envA, "good", "evil")
		err := c.Verify(e, w.Files(), false, "w")
		var de *DamageError
		if !errors.As(err, &de) || de.Member != "w/mod.py" || !strings.Contains(de.Reason, "content changed") {
			t.Fatalf("old seal %v: edit after a deleted environment: %v", oldSeal, err)
		}
	}
}

// The full check (install --force-reinstall) hashes every file whatever
// the seal says: an edit the seal covers (renewed by hand afterwards) is
// still found.
func TestFullCheckIgnoresTheSeal(t *testing.T) {
	c, e, w := unpacked(t)
	envFile := link(t, c, e, "w/mod.py")
	time.Sleep(20 * time.Millisecond)
	editInPlace(t, envFile, "good", "evil")
	if err := c.Seal(e); err != nil {
		t.Fatal(err)
	}
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatalf("the quick check trusts a sealed entry: %v", err)
	}
	err := c.Verify(e, w.Files(), true, "w")
	var de *DamageError
	if !errors.As(err, &de) || de.Member != "w/mod.py" || !strings.Contains(de.Reason, "RECORD says sha256=") {
		t.Fatalf("full Verify: %v", err)
	}
}

// Wrong size, type, stamp or a missing file need no hashing to be damage;
// a file made writable but unchanged is sound, and read-only again.
func TestQuickCheckDamageKinds(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	for _, tc := range []struct {
		name   string
		do     func(p string)
		reason string
	}{
		{"size", func(p string) { os.Chmod(p, 0o644); os.WriteFile(p, []byte("x"), 0o644); os.Chtimes(p, Stamp, Stamp) }, "bytes, RECORD says"},
		{"mtime", func(p string) { os.Chtimes(p, time.Now(), time.Now()) }, "modification time"},
		{"missing", func(p string) { os.Remove(p) }, "missing"},
		{"symlink", func(p string) { os.Remove(p); os.Symlink("/dev/zero", p) }, "not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, e, w := unpacked(t)
			tc.do(e.Path("w/mod.py"))
			err := c.Verify(e, w.Files(), false, "w")
			var de *DamageError
			if !errors.As(err, &de) || de.Member != "w/mod.py" || !strings.Contains(de.Reason, tc.reason) {
				t.Fatalf("got %v, want %q", err, tc.reason)
			}
		})
	}
	c, e, w := unpacked(t)
	p := e.Path("w/mod.py")
	os.Chmod(p, 0o644)
	if err := c.Verify(e, w.Files(), false, "w"); err != nil {
		t.Fatalf("writable, unchanged: %v", err)
	}
	if st, _ := os.Stat(p); st.Mode().Perm()&0o222 != 0 {
		t.Errorf("still writable: %v", st.Mode())
	}
}
