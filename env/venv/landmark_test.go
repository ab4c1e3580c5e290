package venv

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/python"
	"github.com/fwenv/fwenv/env/python/pythontest"
	"github.com/fwenv/fwenv/env/site"
)

func pyenvInfo(t *testing.T, version string) *python.Info {
	t.Helper()
	info, err := (&python.Prober{CacheDir: t.TempDir()}).Probe(pythontest.Python(t, version))
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// The Python 2 layout: a copied interpreter, the landmark and fwenv's
// site.py, and every file of it protected as the environment's own.
func TestLayoutPython2(t *testing.T) {
	in := fakeInfo("/p/bin/python2.7")
	in.VersionInfo = []int{2, 7, 18}
	in.Prefix, in.Stdlib = "/p", "/p/lib/python2.7"
	in.Scheme = map[string]string{"purelib": "lib/python2.7/site-packages", "platlib": "lib/python2.7/site-packages", "scripts": "bin"}
	es, err := Layout(Spec{Dir: "/w/e", Interp: in})
	if err != nil {
		t.Fatal(err)
	}
	if e := find(es, "bin/python"); e == nil || e.Kind != CopyFile || e.Target != in.Path {
		t.Errorf("bin/python is not a copy: %+v", e)
	}
	for _, n := range []string{"bin/python2", "bin/python2.7"} {
		if e := find(es, n); e == nil || e.Kind != Symlink || e.Target != "python" {
			t.Errorf("%s: %+v", n, e)
		}
	}
	if find(es, "bin/python3") != nil {
		t.Error("bin/python3 in a 2.7 environment")
	}
	if e := find(es, "lib/python2.7/os.py"); e == nil || e.Kind != Symlink || e.Target != "/p/lib/python2.7/os.py" {
		t.Errorf("os.py: %+v", e)
	}
	if e := find(es, "lib/python2.7/orig-prefix.txt"); e == nil || string(e.Data) != "/p\n" {
		t.Errorf("orig-prefix.txt: %+v", e)
	}
	if e := find(es, "lib/python2.7/site.py"); e == nil || !strings.Contains(string(e.Data), "sys.real_prefix") {
		t.Errorf("site.py: %+v", e)
	}
	// pip 19 refuses --user only where it finds no-global-site-packages.txt.
	if e := find(es, "lib/python2.7/no-global-site-packages.txt"); e == nil || e.Kind != File || len(e.Data) != 0 {
		t.Errorf("no-global-site-packages.txt: %+v", e)
	}
	if es2, _ := Layout(Spec{Dir: "/w/e", Interp: in, SystemSite: true}); find(es2, "lib/python2.7/no-global-site-packages.txt") != nil {
		t.Error("no-global-site-packages.txt with include-system-site-packages")
	}
	if !strings.Contains(string(find(es, "pyvenv.cfg").Data), "implementation = CPython\n") {
		t.Error("pyvenv.cfg has no implementation")
	}
	for _, e := range es {
		if strings.HasPrefix(e.Path, "lib/python2.7/") && e.Kind != Dir && e.Path != "lib/python2.7/site-packages" {
			if site.LandmarkFile(e.Path) == "" {
				t.Errorf("%s is not protected", e.Path)
			}
		}
	}
}

// A real 2.7 environment: the interpreter itself, its site.py, sysconfig
// and distutils all see the environment.
func TestCreatePython2Real(t *testing.T) {
	in := pyenvInfo(t, "2.7.18")
	dir := filepath.Join(t.TempDir(), "v27")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, site, sysconfig
from distutils.dist import Distribution
from distutils.command.install import install
i = install(Distribution()); i.finalize_options()
print(json.dumps({"prefix": sys.prefix, "exec_prefix": sys.exec_prefix, "real_prefix": sys.real_prefix,
  "base_prefix": sys.base_prefix, "site": site.getsitepackages()[0], "user": site.ENABLE_USER_SITE,
  "purelib": sysconfig.get_paths()["purelib"], "scripts": sysconfig.get_paths()["scripts"],
  "d_purelib": i.install_purelib, "d_scripts": i.install_scripts,
  "path": sys.path}))
`
	out, err := exec.Command(filepath.Join(dir, "bin", "python"), "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got struct {
		Prefix     string   `json:"prefix"`
		ExecPrefix string   `json:"exec_prefix"`
		RealPrefix string   `json:"real_prefix"`
		BasePrefix string   `json:"base_prefix"`
		Site       string   `json:"site"`
		User       bool     `json:"user"`
		Purelib    string   `json:"purelib"`
		Scripts    string   `json:"scripts"`
		DPurelib   string   `json:"d_purelib"`
		DScripts   string   `json:"d_scripts"`
		Path       []string `json:"path"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	sp := filepath.Join(dir, "lib", "python2.7", "site-packages")
	if got.Prefix != dir || got.ExecPrefix != dir {
		t.Errorf("prefix %s exec_prefix %s, want %s", got.Prefix, got.ExecPrefix, dir)
	}
	if got.RealPrefix != in.Prefix || got.BasePrefix != in.Prefix {
		t.Errorf("real_prefix %s base_prefix %s, want %s", got.RealPrefix, got.BasePrefix, in.Prefix)
	}
	if got.Site != sp || got.Purelib != sp || got.DPurelib != sp {
		t.Errorf("site-packages: site %s sysconfig %s distutils %s, want %s", got.Site, got.Purelib, got.DPurelib, sp)
	}
	if bin := filepath.Join(dir, "bin"); got.Scripts != bin || got.DScripts != bin {
		t.Errorf("scripts: %s %s", got.Scripts, got.DScripts)
	}
	if got.User {
		t.Error("user site-packages enabled")
	}
	if s := strings.Join(got.Path, "\n") + "\n"; !strings.Contains(s, in.Prefix+"/lib/python2.7\n") || strings.Index(s, sp) < strings.Index(s, in.Prefix+"/lib/python2.7\n") {
		t.Errorf("sys.path:\n%s", s)
	}
	// The interpreter of the environment stands for its base when probed.
	info, err := (&python.Prober{}).Probe(filepath.Join(dir, "bin", "python"))
	if err != nil || info.Path != in.Path {
		t.Errorf("probe of the environment's python: %v %v", info, err)
	}
	// include-system-site-packages = true puts the base's after the environment's.
	dir2 := filepath.Join(t.TempDir(), "v27s")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir2, Interp: in, SystemSite: true}}); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command(filepath.Join(dir2, "bin", "python"), "-c", "import site; print('\\n'.join(site.getsitepackages()))").CombinedOutput()
	if err != nil || !strings.Contains(string(out), in.Prefix+"/lib/python2.7/site-packages") || !strings.HasPrefix(string(out), dir2) {
		t.Errorf("system site-packages: %v\n%s", err, out)
	}
}

// A Python 2 environment without orig-prefix.txt (as virtualenv 20 makes
// them) is probed as the base named by pyvenv.cfg's home.
func TestProbePython2EnvByHome(t *testing.T) {
	in := pyenvInfo(t, "2.7.18")
	dir := filepath.Join(t.TempDir(), "v27")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "lib", "python2.7", OrigPrefixName))
	info, err := (&python.Prober{}).Probe(filepath.Join(dir, "bin", "python"))
	if err != nil || info.Path != in.Path {
		t.Fatalf("probe: %v %v", info, err)
	}
}

// On 3.6 and 3.7 the layout is what the interpreter's own venv module
// makes (fwenv adds .gitignore, Activate.ps1 and activate.nu, and pip's
// names are stand-ins until pip is installed).
func TestLayoutMatchesVenvModule(t *testing.T) {
	for _, v := range []string{"3.6.15", "3.7.16"} {
		t.Run(v, func(t *testing.T) {
			in := pyenvInfo(t, v)
			dir := t.TempDir()
			ours, theirs := filepath.Join(dir, "ours"), filepath.Join(dir, "theirs")
			if _, err := Create(CreateOptions{Spec: Spec{Dir: ours, Interp: in}}); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(in.Path, "-m", "venv", "--without-pip", theirs).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			extra := map[string]bool{".gitignore": true, "bin/Activate.ps1": true, "bin/activate.nu": true, "bin/python" + in.MajorMinor(): true,
				"bin/pip": true, "bin/pip3": true, "bin/pip" + in.MajorMinor(): true}
			a, b := tree(t, ours), tree(t, theirs)
			for p, kind := range b {
				if a[p] != kind {
					t.Errorf("venv makes %s (%s), fwenv %q", p, kind, a[p])
				}
			}
			for p := range a {
				if _, ok := b[p]; !ok && !extra[p] {
					t.Errorf("fwenv makes %s, venv does not", p)
				}
			}
		})
	}
}

// tree lists what is under root: "dir", "file" or "link" (the targets
// differ: venv links python to python3.X, fwenv the other way round).
func tree(t *testing.T, root string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			out[rel] = "link"
		case d.IsDir():
			out[rel] = "dir"
		default:
			out[rel] = "file"
		}
		return nil
	})
	return out
}

// The user's site-packages stays out of a 2.7 environment, as out of a
// Python 3 one (the base's own site.py would add it), and `python -m site`
// reports the environment's settings.
func TestPython2NoUserSite(t *testing.T) {
	in := pyenvInfo(t, "2.7.18")
	dir := filepath.Join(t.TempDir(), "v27")
	if _, err := Create(CreateOptions{Spec: Spec{Dir: dir, Interp: in}}); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir()
	user := filepath.Join(home, ".local", "lib", "python2.7", "site-packages")
	os.MkdirAll(user, 0o755)
	py := filepath.Join(dir, "bin", "python")
	cmd := exec.Command(py, "-c", "import sys; sys.stdout.write('\\n'.join(sys.path))")
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), user) || !strings.Contains(string(out), filepath.Join(dir, "lib", "python2.7", "site-packages")) {
		t.Errorf("sys.path (%v):\n%s", err, out)
	}
	cmd = exec.Command(py, "-m", "site")
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, _ = cmd.CombinedOutput()
	if !strings.Contains(string(out), "ENABLE_USER_SITE: False") || strings.Contains(string(out), "'"+user+"',") {
		t.Errorf("python -m site:\n%s", out)
	}
}
