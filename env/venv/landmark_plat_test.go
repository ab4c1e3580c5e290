package venv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A 2.7 base whose platform folder is not plat-linux2 (Debian and Ubuntu
// keep _sysconfigdata_nd in plat-x86_64-linux-gnu): fwenv's site.py puts
// the base's own plat-* folders on sys.path, so what is there imports, and
// `python -m site` and sysconfig still work. The base is pyenv's 2.7 seen
// through a prefix of links whose plat-linux2 is renamed.
func TestPython2PlatFolders(t *testing.T) {
	in := pyenvInfo(t, "2.7.18")
	dir := filepath.Join(t.TempDir(), "v27")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	realLib := filepath.Join(in.Prefix, "lib", "python2.7")
	fake := filepath.Join(t.TempDir(), "base")
	fakeLib := filepath.Join(fake, "lib", "python2.7")
	if err := os.MkdirAll(fakeLib, 0o755); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(realLib)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "plat-") {
			continue
		}
		if err := os.Symlink(filepath.Join(realLib, e.Name()), filepath.Join(fakeLib, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	plat := filepath.Join(fakeLib, "plat-x86_64-linux-gnu")
	if err := os.Mkdir(plat, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(plat, "_fwenv_multiarch.py"), []byte("build_time_vars = {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A plain file named plat-* is not a folder to add.
	if err := os.WriteFile(filepath.Join(fakeLib, "plat-notes"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lib", "python2.7", OrigPrefixName), []byte(fake+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	py := filepath.Join(dir, "bin", "python")
	out, err := exec.Command(py, "-c", `
import sys, sysconfig, _fwenv_multiarch
print("\n".join(p for p in sys.path if "plat-" in p and p.startswith(sys.real_prefix)))
print(sysconfig.get_paths()["purelib"])
`).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := plat + "\n" + filepath.Join(dir, "lib", "python2.7", "site-packages") + "\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if out, err := exec.Command(py, "-m", "site").CombinedOutput(); err != nil || !strings.Contains(string(out), plat) {
		t.Errorf("python -m site: %v\n%s", err, out)
	}
	// pyenv's own base: plat-linux2, as before.
	if err := os.WriteFile(filepath.Join(dir, "lib", "python2.7", OrigPrefixName), []byte(in.Prefix+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command(py, "-c", `import sys; print("\n".join(p for p in sys.path if "plat-" in p and p.startswith(sys.real_prefix)))`).CombinedOutput()
	if err != nil || string(out) != filepath.Join(realLib, "plat-linux2")+"\n" {
		t.Errorf("pyenv base: %v\n%s", err, out)
	}
}
