//go:build unix

package install

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fwenv/fwenv/archive/bounded/boundedtest"
)

// dirFiles lists the files below dir (relative), for "nothing was written
// there" checks.
func dirFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			r, _ := filepath.Rel(dir, p)
			out = append(out, r)
		}
		return nil
	})
	return out
}

// TestInstallNeverWritesThroughLinks: a member whose folder is a symbolic
// link below the environment's root is refused, naming the link, the wheel
// and the member, and nothing changes: not the environment, not where the
// link leads.
func TestInstallNeverWritesThroughLinks(t *testing.T) {
	cases := []struct {
		name   string
		link   string // relative to site-packages
		target func(tg *Target, outside string) string
		member string // in the wheel
	}{
		{"link out of the environment", "outlink", func(_ *Target, out string) string { return out }, "outlink/pwned.txt"},
		{"link to bin", "binlink", func(*Target, string) string { return "../../../bin" }, "binlink/python"},
		{"link to bin, activate", "binlink", func(*Target, string) string { return "../../../bin" }, "binlink/activate"},
		{"link to .fwenv", "fwlink", func(*Target, string) string { return "../../../.fwenv" }, "fwlink/lock"},
		{"developer's linked project", "pkg", func(_ *Target, out string) string { return out }, "pkg/__init__.py"},
		{"link deeper down", "real/sub", func(_ *Target, out string) string { return out }, "real/sub/x.py"},
		{"dist-info folder linked", "evil-1.dist-info", func(_ *Target, out string) string { return out }, "evil.py"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := fakeTarget(t)
			Recover(tg, nil) // .fwenv/ and its lock exist, as in any used environment
			outside := t.TempDir()
			os.WriteFile(filepath.Join(outside, "mine.txt"), []byte("mine\n"), 0o644)
			link := filepath.Join(tg.Layout.Purelib, c.link)
			os.MkdirAll(filepath.Dir(link), 0o755)
			if err := os.Symlink(c.target(tg, outside), link); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, tg.Layout.Root)
			lockBefore := readFile(t, LockPath(tg))
			whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "evil", Version: "1", Files: map[string]string{c.member: "pwned\n"}})
			_, err := Install(tg, []Request{req(whl)}, testOptions(t))
			if err == nil {
				t.Fatal("installed through a link")
			}
			msg := err.Error()
			if !strings.Contains(msg, "symbolic link "+link+" -> ") || !strings.Contains(msg, filepath.Base(whl)) || !strings.Contains(msg, "hint: ") {
				t.Errorf("the error does not name the link %s, the wheel and a hint:\n%s", link, msg)
			}
			if c.member != "evil.py" && !strings.Contains(msg, c.member) {
				t.Errorf("the error does not name the member %s:\n%s", c.member, msg)
			}
			if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
				t.Errorf("environment changed: %v", d)
			}
			if got := dirFiles(t, outside); len(got) != 1 || got[0] != "mine.txt" {
				t.Errorf("files where the link leads: %v", got)
			}
			if readFile(t, LockPath(tg)) != lockBefore {
				t.Error("the environment's lock file changed")
			}
			if ents, _ := os.ReadDir(txnRoot(tg.Layout.Root)); len(ents) > 0 {
				t.Errorf("transaction left: %v", ents)
			}
		})
	}
}

// TestLinksTheLayoutUses: the root reached through a link and a scheme
// folder under lib64 -> lib work; a member through lib64 by another scheme
// is written when lib64 is on the layout's way, and a file never replaces
// a link to a folder.
func TestLinksTheLayoutUses(t *testing.T) {
	base := t.TempDir()
	tg := fakeTarget(t)
	real := tg.Layout.Root
	if err := os.Symlink("lib", filepath.Join(real, "lib64")); err != nil {
		t.Fatal(err)
	}
	// The user's ~/venvs -> /data/venvs.
	if err := os.Symlink(filepath.Dir(real), filepath.Join(base, "venvs")); err != nil {
		t.Fatal(err)
	}
	info := fakeInfo()
	info.Scheme = map[string]string{"purelib": "lib/python3.11/site-packages", "platlib": "lib64/python3.11/site-packages", "scripts": "bin", "data": "."}
	tg, err := NewTarget(filepath.Join(base, "venvs", filepath.Base(real)), info)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plat := buildWheel(t, dir, wheelSpec{Name: "plat", Version: "1", Platlib: true, Tag: "py3-none-any", Files: map[string]string{
		"plat/__init__.py": "X = 1\n",
		"plat-1.data/data/lib64/python3.11/site-packages/plat_extra.py": "Y = 2\n",
	}})
	mustInstall(t, tg, testOptions(t), req(plat))
	for _, f := range []string{"plat/__init__.py", "plat_extra.py", "plat-1.dist-info/RECORD"} {
		fi, err := os.Lstat(filepath.Join(real, "lib/python3.11/site-packages", f))
		if err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s not installed under lib/: %v", f, err)
		}
	}
	if fi, err := os.Lstat(filepath.Join(real, "lib64")); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("lib64 is no longer a link: %v", err)
	}
	// The link itself is one of the environment's folders: a file never
	// replaces it.
	before := snapshot(t, real)
	bad := buildWheel(t, dir, wheelSpec{Name: "evil", Version: "1", Files: map[string]string{"evil-1.data/data/lib64": "x"}})
	_, err = Install(tg, []Request{req(bad)}, testOptions(t))
	if err == nil || !strings.Contains(err.Error(), "lib64") || !strings.Contains(err.Error(), "evil-1-py3-none-any.whl") {
		t.Fatalf("a file replaced lib64 -> lib: %v", err)
	}
	if d := diffSnap(before, snapshot(t, real)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
}

// TestOwnFilesByIdentity: the environment's own files are protected
// whatever spelling of their folder leads there (here a data scheme
// folder that is a link back to the root).
func TestOwnFilesByIdentity(t *testing.T) {
	tg := fakeTarget(t)
	Recover(tg, nil)
	root := tg.Layout.Root
	if err := os.Symlink(".", filepath.Join(root, "data")); err != nil {
		t.Fatal(err)
	}
	info := fakeInfo()
	info.Scheme = map[string]string{"purelib": "lib/python3.11/site-packages", "platlib": "lib/python3.11/site-packages", "scripts": "bin", "data": "data"}
	tg, err := NewTarget(root, info)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ member, want string }{
		{"evil-1.data/data/bin/python", "interpreter"},
		{"evil-1.data/data/bin/activate", "activation"},
		{"evil-1.data/data/pyvenv.cfg", "pyvenv.cfg"},
		{"evil-1.data/data/.fwenv/lock", ".fwenv"},
	} {
		t.Run(c.member, func(t *testing.T) {
			before := snapshot(t, root)
			whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "evil", Version: "1", Files: map[string]string{c.member: "pwned\n"}})
			_, err := Install(tg, []Request{req(whl)}, testOptions(t))
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), c.member) {
				t.Fatalf("want a refusal naming %q and the member: %v", c.want, err)
			}
			if d := diffSnap(before, snapshot(t, root)); len(d) > 0 {
				t.Errorf("environment changed: %v", d)
			}
			if strings.Contains(readFile(t, LockPath(tg)), "pwned") {
				t.Error("the lock file was replaced")
			}
		})
	}
}

// TestCommitChecksFoldersAgain: a folder that becomes a link after the
// plan (between the checks and the moves) is not written through either:
// the commit lstats each folder before its first file moves in, and rolls
// back.
func TestCommitChecksFoldersAgain(t *testing.T) {
	tg := fakeTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, wheelSpec{Name: "first", Version: "1", Files: map[string]string{"shared/a.py": "A\n"}})))
	outside := t.TempDir()
	shared := filepath.Join(tg.Layout.Purelib, "shared")
	moved := filepath.Join(t.TempDir(), "shared")
	testHookOp = func(i int) {
		if i == 0 { // after the first move: swap the folder for a link
			testHookOp = nil
			if err := os.Rename(shared, moved); err != nil {
				t.Error(err)
			}
			if err := os.Symlink(outside, shared); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { testHookOp = nil }()
	second := buildWheel(t, dir, wheelSpec{Name: "second", Version: "1", Files: map[string]string{"bnew/__init__.py": "B\n", "shared/b.py": "B\n"}})
	_, err := Install(tg, []Request{req(second)}, o)
	if err == nil || !strings.Contains(err.Error(), "symbolic link "+shared) || !strings.Contains(err.Error(), "restored") {
		t.Fatalf("want a refusal naming the link and a rollback: %v", err)
	}
	if got := dirFiles(t, outside); len(got) > 0 {
		t.Errorf("written through the link: %v", got)
	}
	for _, p := range []string{"bnew", "second-1.dist-info"} {
		if _, err := os.Lstat(filepath.Join(tg.Layout.Purelib, p)); err == nil {
			t.Errorf("%s left after the rollback", p)
		}
	}
}

// TestCompiledFilesNeverThroughLinks: byte-code fwenv writes with
// --compile follows the same rule as the wheel's own members.
func TestCompiledFilesNeverThroughLinks(t *testing.T) {
	tg := realTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	whl := buildWheel(t, dir, wheelSpec{Name: "comp", Version: "1", Files: map[string]string{"comp/__init__.py": "X = 1\n"}})
	mustInstall(t, tg, o, req(whl))
	outside := t.TempDir()
	link := filepath.Join(tg.Layout.Purelib, "comp", "__pycache__")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, tg.Layout.Root)
	o.Compile, o.Reinstall = true, true
	_, err := Install(tg, []Request{req(whl)}, o)
	if err == nil || !strings.Contains(err.Error(), "symbolic link "+link) || !strings.Contains(err.Error(), "__pycache__") {
		t.Fatalf("want a refusal naming the link: %v", err)
	}
	if got := dirFiles(t, outside); len(got) > 0 {
		t.Errorf("byte-code written through the link: %v", got)
	}
	if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
		t.Errorf("environment changed: %v", d)
	}
}

// TestSharedFileNotRegularIsNotRead: a file another distribution owns is
// compared with the new one only when it is a regular file; a FIFO (or a
// link to /dev/zero) in its place is replaced, with the usual warning,
// never read.
func TestSharedFileNotRegularIsNotRead(t *testing.T) {
	// Under a memory limit and a timeout: a read without a bound fails fast.
	if boundedtest.RunLimited(t, 512<<20, time.Minute) {
		return
	}
	tg := fakeTarget(t)
	dir := t.TempDir()
	o := testOptions(t)
	mustInstall(t, tg, o, req(buildWheel(t, dir, wheelSpec{Name: "first", Version: "1", Files: map[string]string{"shared/x.py": "X\n"}})))
	for _, kind := range []string{"fifo", "link to /dev/zero"} {
		t.Run(kind, func(t *testing.T) {
			x := filepath.Join(tg.Layout.Purelib, "shared", "x.py")
			os.Remove(x)
			var err error
			if kind == "fifo" {
				err = syscall.Mkfifo(x, 0o644)
			} else {
				err = os.Symlink("/dev/zero", x)
			}
			if err != nil {
				t.Fatal(err)
			}
			second := buildWheel(t, t.TempDir(), wheelSpec{Name: "second", Version: "1", Files: map[string]string{"shared/x.py": "X\n"}})
			done := make(chan error, 1)
			var res *Result
			go func() {
				var err error
				res, err = Install(tg, []Request{req(second)}, &Options{Cache: o.Cache, Reinstall: true})
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("the install is still reading the shared file after 20 s")
			}
			if got := readFile(t, x); got != "X\n" {
				t.Errorf("x.py = %q", got)
			}
			if len(res.Warnings) == 0 || !strings.Contains(strings.Join(res.Warnings, "\n"), "overwrites a different file of first") {
				t.Errorf("warnings %q", res.Warnings)
			}
		})
	}
}

// TestSchemeFolderLinkedOutside: a scheme folder whose way from the root
// goes through a link out of the environment is refused for the members
// (and launchers) that go there, naming the link.
func TestSchemeFolderLinkedOutside(t *testing.T) {
	tg := fakeTarget(t)
	outside := t.TempDir()
	bin := tg.Layout.Scripts
	if err := os.RemoveAll(bin); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, bin); err != nil {
		t.Fatal(err)
	}
	whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "tool", Version: "1", Files: map[string]string{"tool.py": "def main(): pass\n"}, EntryPoints: "[console_scripts]\ntool = tool:main\n"})
	_, err := Install(tg, []Request{req(whl)}, testOptions(t))
	if err == nil || !strings.Contains(err.Error(), bin+" is a symbolic link to "+outside+", outside the environment") || !strings.Contains(err.Error(), "entry point tool") {
		t.Fatalf("want a refusal naming the link: %v", err)
	}
	if got := dirFiles(t, outside); len(got) > 0 {
		t.Errorf("written outside: %v", got)
	}
}
