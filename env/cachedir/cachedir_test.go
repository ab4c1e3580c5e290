package cachedir

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree makes files under root: "path" -> content; a path ending in "/" is a
// folder.
func tree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// age sets the modification time of path (and only path) to d ago.
func age(t *testing.T, path string, d time.Duration) {
	t.Helper()
	when := time.Now().Add(-d)
	if err := os.Chtimes(path, when, when); err != nil {
		t.Fatal(err)
	}
}

// wheelEntry makes an unpacked wheel as env/install/cache does: read-only
// files, and here read-only folders too (the worst case for deletion).
func wheelEntry(t *testing.T, root, key string) string {
	t.Helper()
	dir := filepath.Join(root, "wheels", key[:2], key)
	tree(t, dir, map[string]string{"pkg/__init__.py": "x = 1\n", "pkg-1.0.dist-info/METADATA": "Name: pkg\n"})
	for _, f := range []string{"pkg/__init__.py", "pkg-1.0.dist-info/METADATA"} {
		os.Chmod(filepath.Join(dir, f), 0o444)
	}
	os.Chmod(filepath.Join(dir, "pkg"), 0o555)
	os.Chmod(filepath.Join(dir, "pkg-1.0.dist-info"), 0o555)
	os.Chmod(dir, 0o555)
	return dir
}

func key(c byte) string { return strings.Repeat(string(c), 64) }

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func TestCheckAndEnsure(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	base := t.TempDir()
	tree(t, base, map[string]string{
		"areas/wheels/":             "",
		"areas/interpreters/a.json": "{}",
		"areas/.trash-x/":           "",
		"foreign/notes.txt":         "mine",
		"foreign/wheels/":           "",
		"othertag/CACHEDIR.TAG":     tagSignature + "\n# made by another tool\n",
		"othertag/data":             "x",
		"file":                      "x",
	})
	os.Symlink("/", filepath.Join(base, "toroot"))
	tests := []struct {
		name, root string
		notCache   string // part of the reason, "" = a cache
	}{
		{"missing folder", filepath.Join(base, "new", "fwenv"), ""},
		{"only known areas", filepath.Join(base, "areas"), ""},
		{"something foreign", filepath.Join(base, "foreign"), `"notes.txt"`},
		{"another tool's tag", filepath.Join(base, "othertag"), `"data"`},
		{"file system root", "/", "root of the file system"},
		{"a link to the root", filepath.Join(base, "toroot"), "root of the file system"},
		{"home folder", home, "home folder"},
		{"a file", filepath.Join(base, "file"), "not a folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Ensure(tc.root)
			var nc *NotCacheError
			if tc.notCache == "" {
				if err != nil {
					t.Fatalf("Ensure: %v", err)
				}
				if !hasTag(tc.root) {
					t.Fatal("no tag written")
				}
				if err := Check(tc.root); err != nil {
					t.Fatalf("Check after Ensure: %v", err)
				}
				return
			}
			if !errors.As(err, &nc) || !strings.Contains(err.Error(), tc.notCache) || nc.Hint() == "" {
				t.Fatalf("Ensure = %v, want a NotCacheError about %s", err, tc.notCache)
			}
			if tc.root != "/" && exists(filepath.Join(tc.root, TagName)) && !strings.Contains(tc.name, "tag") {
				t.Fatal("a tag was written into a folder that is not a cache")
			}
			if err := Check(tc.root); !errors.As(err, &nc) {
				t.Fatalf("Check = %v", err)
			}
		})
	}
	// A tagged cache stays a cache whatever else is added to it.
	root := filepath.Join(base, "new", "fwenv")
	tree(t, root, map[string]string{"future-area/x": "y"})
	if err := Check(root); err != nil {
		t.Fatalf("tagged cache with an unknown folder: %v", err)
	}
	data, _ := os.ReadFile(filepath.Join(root, TagName))
	if !strings.HasPrefix(string(data), "Signature: 8a477f597d28d172789f06886806bc55\n") {
		t.Fatalf("tag does not start with the standard signature: %q", data)
	}
}

func TestCleanEverything(t *testing.T) {
	root := filepath.Join(t.TempDir(), "cache")
	outside := filepath.Join(t.TempDir(), "precious.txt")
	os.WriteFile(outside, []byte("keep me"), 0o644)
	if err := Ensure(root); err != nil {
		t.Fatal(err)
	}
	w := wheelEntry(t, root, key('a'))
	tree(t, root, map[string]string{
		"interpreters/0123.json":           "{}",
		"build-envs/abc/pyvenv.cfg":        "home = /usr\n",
		"build-envs/abc.lock":              "",
		"build-logs/x-wheel-1.log":         "boom\n",
		"built/k/pkg-1.0-py3-none-any.whl": "PK",
	})
	// A link inside the cache to a file outside it; and a link to a folder.
	os.Symlink(outside, filepath.Join(root, "build-logs", "link"))
	os.Symlink(filepath.Dir(outside), filepath.Join(root, "tmp"))

	// A reader that opened a cached file before the clean.
	f, err := os.Open(filepath.Join(w, "pkg", "__init__.py"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	rep, err := Clean(root)
	if err != nil {
		t.Fatalf("Clean: %v", err)
	}
	ents, _ := os.ReadDir(root)
	if len(ents) != 1 || ents[0].Name() != TagName {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("left in the cache: %v", names)
	}
	if data, err := io.ReadAll(f); err != nil || string(data) != "x = 1\n" {
		t.Fatalf("open file after Clean: %q %v", data, err)
	}
	if data, err := os.ReadFile(outside); err != nil || string(data) != "keep me" {
		t.Fatalf("link target touched: %q %v", data, err)
	}
	var areas []string
	for _, r := range rep.Removed {
		areas = append(areas, r.Area)
	}
	sort.Strings(areas)
	if strings.Join(areas, ",") != "build-envs,build-logs,built,interpreters,tmp,wheels" {
		t.Fatalf("removed areas %v", areas)
	}
	if rep.Bytes < int64(len("x = 1\nName: pkg\nboom\nPK")) || rep.Entries < 5 {
		t.Fatalf("report: %d bytes, %d entries", rep.Bytes, rep.Entries)
	}
	// Cleaning an empty or missing cache is fine.
	if rep, err := Clean(root); err != nil || len(rep.Removed) != 0 {
		t.Fatalf("second Clean: %v %v", rep.Removed, err)
	}
	if _, err := Clean(filepath.Join(root, "nope")); err != nil {
		t.Fatalf("Clean of a missing folder: %v", err)
	}
}

func TestCleanAreasAndRefusals(t *testing.T) {
	root := t.TempDir()
	wheelEntry(t, root, key('b'))
	tree(t, root, map[string]string{"interpreters/p.json": "{}"})
	if _, err := Clean(root, "wheels", "nonsense"); err == nil || !strings.Contains(err.Error(), `"nonsense"`) {
		t.Fatalf("unknown area: %v", err)
	} else if h := err.(*UnknownAreaError).Hint(); !strings.Contains(h, "wheels") {
		t.Fatalf("hint %q", h)
	}
	if !exists(filepath.Join(root, "wheels")) {
		t.Fatal("an unknown area name still removed something")
	}
	// Untagged but only known areas: a cache; only the area named goes.
	if _, err := Clean(root, "wheels"); err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(root, "wheels")) || !exists(filepath.Join(root, "interpreters", "p.json")) {
		t.Fatal("Clean wheels removed the wrong things")
	}
	// A folder with something else in it is refused and untouched.
	tree(t, root, map[string]string{"thesis.tex": "years of work"})
	_, err := Clean(root)
	var nc *NotCacheError
	if !errors.As(err, &nc) {
		t.Fatalf("Clean of a non-cache: %v", err)
	}
	if !exists(filepath.Join(root, "thesis.tex")) || !exists(filepath.Join(root, "interpreters", "p.json")) {
		t.Fatal("a refused Clean removed something")
	}
	if _, err := Prune(root, time.Hour); !errors.As(err, &nc) {
		t.Fatalf("Prune of a non-cache: %v", err)
	}
}

func TestMeasure(t *testing.T) {
	root := t.TempDir()
	Ensure(root)
	w := wheelEntry(t, root, key('c'))
	wheelEntry(t, root, key('d'))
	tree(t, root, map[string]string{
		"wheels/cc/.tmp-cccccccccccc-1/half": "xx",
		"build-envs/k1/pyvenv.cfg":           "home = /usr\n",
		"build-envs/k1.lock":                 "",
		"build-envs/k1.used":                 "",
		"http/ab/page.json":                  "{}",
		"http/cd/other.json":                 "{}",
		".trash-123/x":                       "old",
	})
	// An environment hard-links a cached file.
	env := t.TempDir()
	if err := os.Link(filepath.Join(w, "pkg", "__init__.py"), filepath.Join(env, "__init__.py")); err != nil {
		t.Fatal(err)
	}
	info, err := Measure(root)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]AreaInfo{}
	for _, a := range info.Areas {
		got[a.Name] = a
	}
	tests := []struct {
		area           string
		entries, files int
		bytes, linked  int64
	}{
		{"wheels", 2, 5, 2*int64(len("x = 1\nName: pkg\n")) + 2, int64(len("x = 1\n"))},
		{"build-envs", 1, 3, int64(len("home = /usr\n")), 0},
		{"http", 2, 2, 4, 0},
		{"interpreters", 0, 0, 0, 0},
		{Other, 1, 1, 3, 0},
	}
	for _, tc := range tests {
		a := got[tc.area]
		if a.Entries != tc.entries || a.Files != tc.files || a.Bytes != tc.bytes || a.Linked != tc.linked {
			t.Errorf("%s: entries %d files %d bytes %d linked %d; want %d %d %d %d", tc.area, a.Entries, a.Files, a.Bytes, a.Linked, tc.entries, tc.files, tc.bytes, tc.linked)
		}
	}
	if !info.Tagged || got["interpreters"].Exists || !got["wheels"].Exists || got["wheels"].Description == "" {
		t.Errorf("info: %+v", info)
	}
	if len(info.Areas) != len(Areas)+1 || info.Areas[0].Name != Areas[0].Name {
		t.Errorf("areas out of table order: %v", info.Areas)
	}
}

func TestTouch(t *testing.T) {
	root := t.TempDir()
	entry := filepath.Join(root, "built", "k")
	tree(t, root, map[string]string{"built/k/a.whl": "PK"})
	age(t, entry, 40*24*time.Hour)
	if got, _ := LastUsed(entry); time.Since(got) < 39*24*time.Hour {
		t.Fatalf("LastUsed before Touch = %v", got)
	}
	if err := Touch(entry + "/"); err != nil {
		t.Fatal(err)
	}
	if got, _ := LastUsed(entry); time.Since(got) > time.Minute {
		t.Fatalf("LastUsed after Touch = %v", got)
	}
	ents, _ := os.ReadDir(entry)
	if len(ents) != 1 {
		t.Fatal("Touch wrote inside the entry")
	}
	if err := Touch(filepath.Join(root, "built", "gone")); err != nil || exists(filepath.Join(root, "built", "gone"+StampSuffix)) {
		t.Fatalf("Touch of a missing entry: %v", err)
	}
}

func TestPrune(t *testing.T) {
	const day = 24 * time.Hour
	root := t.TempDir()
	Ensure(root)
	// An interpreter to probe: its real size and mtime.
	py := filepath.Join(t.TempDir(), "python3.11")
	os.WriteFile(py, []byte("#!ELF"), 0o755)
	st, _ := os.Stat(py)
	probe := func(path string, size int64, mtime int64) string {
		return `{"key":{"path":"` + path + `","size":` + itoa(size) + `,"mtime_ns":` + itoa(mtime) + `,"probe":"x"},"info":{}}`
	}
	tree(t, root, map[string]string{
		"interpreters/ok.json":      probe(py, st.Size(), st.ModTime().UnixNano()),
		"interpreters/gone.json":    probe("/nonexistent/python9", 1, 1),
		"interpreters/changed.json": probe(py, st.Size()+1, st.ModTime().UnixNano()),
		"interpreters/broken.json":  "{",
		"build-logs/old.log":        "x",
		"build-logs/new.log":        "x",
		"tmp/build-dead/out/a":      "x",
		"tmp/build-alive/out/a":     "x",
		"built/old/a.whl":           "PK",
		"built/fresh/a.whl":         "PK",
		"built/oldused/a.whl":       "PK",
		"built/gone.used":           "",
		"build-envs/e1/pyvenv.cfg":  "x",
		"build-envs/e1.lock":        "",
		"build-envs/e2/pyvenv.cfg":  "x",
		"build-envs/e2.lock":        "",
		"http/a/b/page":             "old page",
		"http/a/b/fresh":            "new page",
		"git/mirror/HEAD":           "ref",
		"wheels/aa/.tmp-aaaa-1/x":   "half",
		"wheels/aa/.tmp-aaaa-2/x":   "in progress",
		".trash-9/x":                "",
	})
	oldWheel := wheelEntry(t, root, key('a'))
	usedWheel := wheelEntry(t, root, key('e'))
	ages := map[string]time.Duration{
		"build-logs/old.log": 40 * day, "build-logs/new.log": day,
		"tmp/build-dead/out/a": 3 * time.Hour, "tmp/build-dead/out": 3 * time.Hour, "tmp/build-dead": 3 * time.Hour,
		"tmp/build-alive": 3 * time.Hour, "tmp/build-alive/out": 3 * time.Hour, // a file inside is fresh: running
		"built/old": 40 * day, "built/oldused": 40 * day, "built/gone.used": 2 * time.Hour,
		"build-envs/e1": 40 * day, "build-envs/e2": 40 * day,
		"http/a/b/page": 40 * day,
		"git/mirror":    400 * day, "git/mirror/HEAD": 400 * day,
		"wheels/aa/.tmp-aaaa-1/x": 2 * time.Hour, "wheels/aa/.tmp-aaaa-1": 2 * time.Hour,
		"wheels/aa/" + key('a'): 40 * day, "wheels/ee/" + key('e'): 40 * day,
		".trash-9/x": 2 * time.Hour, ".trash-9": 2 * time.Hour,
	}
	for p, d := range ages {
		age(t, filepath.Join(root, p), d)
	}
	Touch(filepath.Join(root, "built", "oldused"))
	Touch(usedWheel)
	// Another fwenv holds e2's lock (creating it again).
	fd, err := syscall.Open(filepath.Join(root, "build-envs", "e2.lock"), syscall.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Flock(fd, syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}

	rep, err := Prune(root, 30*day)
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}
	tests := []struct {
		path string
		kept bool
	}{
		{"interpreters/ok.json", true},
		{"interpreters/gone.json", false},
		{"interpreters/changed.json", false},
		{"interpreters/broken.json", false},
		{"build-logs/old.log", false},
		{"build-logs/new.log", true},
		{"tmp/build-dead", false},
		{"tmp/build-alive", true},
		{"built/old", false},
		{"built/fresh", true},
		{"built/oldused", true},
		{"built/gone.used", false},
		{"build-envs/e1", false},
		{"build-envs/e1.lock", true},
		{"build-envs/e2", true},
		{"http/a/b/page", false},
		{"http/a/b/fresh", true},
		{"git/mirror", true},
		{"wheels/aa/.tmp-aaaa-1", false},
		{"wheels/aa/.tmp-aaaa-2", true},
		{"wheels/aa/" + key('a'), false},
		{"wheels/ee/" + key('e'), true},
		{".trash-9", false},
		{TagName, true},
	}
	for _, tc := range tests {
		if got := exists(filepath.Join(root, tc.path)); got != tc.kept {
			t.Errorf("%s: kept=%v, want %v", tc.path, got, tc.kept)
		}
	}
	_ = oldWheel
	reasons := map[string]string{}
	for _, r := range rep.Removed {
		rel, _ := filepath.Rel(root, r.Path)
		reasons[rel] = r.Reason
	}
	for p, want := range map[string]string{
		"interpreters/gone.json":    "is gone",
		"interpreters/changed.json": "changed",
		"built/old":                 "unused for 40 days",
		"build-logs/old.log":        "written for 40 days",
		"wheels/aa/" + key('a'):     "unused for 40 days",
	} {
		if !strings.Contains(reasons[p], want) {
			t.Errorf("reason for %s = %q, want %q", p, reasons[p], want)
		}
	}
	if rep.Bytes <= 0 || rep.Kept < 8 {
		t.Errorf("report: %d bytes freed, %d kept", rep.Bytes, rep.Kept)
	}
	// Nothing fresh is removed by a second run.
	rep, err = Prune(root, 30*day)
	if err != nil || rep.Entries != 0 {
		t.Fatalf("second Prune removed %v (%v)", rep.Removed, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestRemoveAllReadOnly(t *testing.T) {
	d := filepath.Join(t.TempDir(), "x")
	wheelEntry(t, d, key('f'))
	os.Chmod(filepath.Join(d, "wheels"), 0o555)
	if err := RemoveAll(d); err != nil {
		t.Fatal(err)
	}
	if exists(d) {
		t.Fatal("still there")
	}
}
