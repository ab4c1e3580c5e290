package site

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenReadsDistInfoAndEggInfo(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "Foo.Bar", Version: "1.0", Installer: "  fwenv \n", Requested: true,
		Files:       map[string]string{"foo_bar/__init__.py": "x = 1\n"},
		EntryPoints: "[console_scripts]\nfoo = foo_bar:main\n",
		DirectURL:   `{"url": "file:///src/foo", "dir_info": {"editable": true}}`,
	}.install(t, l)
	fakeDist{Name: "zeta", Version: "2.0", DirectURL: `{"url": "file:///x"}`}.install(t, l)
	// egg-info folder with installed-files.txt and requires.txt
	egg := filepath.Join(l.Purelib, "Legacy_Pkg-0.5-py3.11.egg-info")
	writeFile(t, filepath.Join(egg, "PKG-INFO"), "Metadata-Version: 1.1\nName: Legacy-Pkg\nVersion: 0.5\n")
	writeFile(t, filepath.Join(egg, "installed-files.txt"), "../legacy/__init__.py\nPKG-INFO\n")
	writeFile(t, filepath.Join(egg, "requires.txt"), "six\n\n[test]\npytest\n\n[:python_version < \"3\"]\nfutures\n")
	writeFile(t, filepath.Join(egg, "entry_points.txt"), "[typeA]\nplugin = legacy:run\n")
	// egg-info file (distutils)
	writeFile(t, filepath.Join(l.Purelib, "oldfile-1.0.egg-info"), "Metadata-Version: 1.0\nName: oldfile\nVersion: 1.0\n")
	// broken: no METADATA
	os.MkdirAll(filepath.Join(l.Purelib, "broken-1.0.dist-info"), 0o755)
	// not a distribution
	writeFile(t, filepath.Join(l.Purelib, "README.txt"), "hi")

	db := mustOpen(t, l)
	var keys []string
	for _, d := range db.Dists() {
		keys = append(keys, d.Key)
	}
	if got, want := strings.Join(keys, " "), "foo-bar legacy-pkg oldfile zeta"; got != want {
		t.Fatalf("keys = %q, want %q", got, want)
	}
	if len(db.Problems) != 1 || !strings.Contains(db.Problems[0].Error(), "broken-1.0.dist-info") || !strings.Contains(db.Problems[0].Error(), "hint:") {
		t.Errorf("problems = %v", db.Problems)
	}
	for _, spelling := range []string{"foo.bar", "FOO_BAR", "Foo-Bar", "foo__bar"} {
		if db.Get(spelling) == nil {
			t.Errorf("Get(%q) = nil", spelling)
		}
	}
	if db.Get("nope") != nil {
		t.Error("Get(nope) != nil")
	}
	d := db.Get("foo-bar")
	if d.Name != "Foo.Bar" || d.Version != "1.0" || d.Installer != "fwenv" || !d.Requested || d.Legacy {
		t.Errorf("dist = %+v", d)
	}
	if loc, ok := d.Editable(); !ok || loc != "/src/foo" {
		t.Errorf("Editable = %q %v", loc, ok)
	}
	if len(d.EntryPoints) != 1 || d.EntryPoints[0].Group != "console_scripts" {
		t.Errorf("entry points = %+v", d.EntryPoints)
	}
	if z := db.Get("zeta"); z.DirectURL != nil || len(z.Warnings) != 1 {
		t.Errorf("invalid direct_url.json: DirectURL=%v warnings=%v", z.DirectURL, z.Warnings)
	}
	lg := db.Get("legacy_pkg")
	if !lg.Legacy || lg.Dir != egg {
		t.Errorf("legacy = %+v", lg)
	}
	if got := strings.Join(lg.Metadata.RequiresDist, "|"); got != `six|pytest ; extra == "test"|futures ; python_version < "3"` {
		t.Errorf("requires.txt -> %q", got)
	}
	files, err := lg.Files()
	if err != nil || len(files) != 2 || files[0].Abs != filepath.Join(l.Purelib, "legacy", "__init__.py") || files[1].Abs != filepath.Join(egg, "PKG-INFO") {
		t.Errorf("legacy files = %+v, %v", files, err)
	}
	if _, err := db.Get("oldfile").Files(); err == nil || !strings.Contains(err.Error(), "oldfile") {
		t.Errorf("egg-info file Files() error = %v", err)
	}
}

func TestOpenFirstOfANameWins(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "dup", Version: "1.0"}.install(t, l)
	// A second metadata folder for the same project (an interrupted upgrade).
	old := filepath.Join(l.Purelib, "Dup-0.9.dist-info")
	writeFile(t, filepath.Join(old, "METADATA"), "Metadata-Version: 2.1\nName: Dup\nVersion: 0.9\n")
	db := mustOpen(t, l)
	if len(db.Dists()) != 1 || db.Get("dup").Version != "0.9" {
		// "Dup-0.9" sorts before "dup-1.0": directory order decides, as in pip.
		t.Fatalf("dists = %v", db.Dists())
	}
	if len(db.Problems) != 1 || !strings.Contains(db.Problems[0].Error(), "shadowed") {
		t.Errorf("problems = %v", db.Problems)
	}
}

func TestOpenSeparatePlatlibAndMissingFolders(t *testing.T) {
	l := testLayout(t)
	l.Platlib = filepath.Join(l.Root, "lib64", "python3.11", "site-packages")
	fakeDist{Name: "pure", Version: "1"}.install(t, l)
	l2 := l
	l2.Purelib = l.Platlib
	os.MkdirAll(l.Platlib, 0o755)
	fakeDist{Name: "plat", Version: "1"}.install(t, l2)
	db := mustOpen(t, l)
	if len(db.Dists()) != 2 {
		t.Errorf("dists = %v", db.Dists())
	}
	empty := Layout{Root: t.TempDir()}
	empty.Purelib = filepath.Join(empty.Root, "nope")
	db, err := Open(empty)
	if err != nil || len(db.Dists()) != 0 {
		t.Errorf("missing site-packages: %v %v", db, err)
	}
}

func TestFilesPathResolution(t *testing.T) {
	l := testLayout(t)
	sp := l.Purelib
	tests := []struct {
		rel     string
		abs     string // "" when outside
		outside bool
	}{
		{"pkg/mod.py", filepath.Join(sp, "pkg", "mod.py"), false},
		{"pkg/../pkg/x.py", filepath.Join(sp, "pkg", "x.py"), false},
		{"../../../bin/tool", filepath.Join(l.Root, "bin", "tool"), false},
		{"../../../share/man/x.1", filepath.Join(l.Root, "share", "man", "x.1"), false},
		{filepath.Join(l.Root, "bin", "abs-tool"), filepath.Join(l.Root, "bin", "abs-tool"), false},
		{"../../../../evil", "", true},
		{"../../../../" + filepath.Base(l.Root) + "-evil/x", "", true},
		{"../../..", "", true},
		{"/etc/passwd", "", true},
	}
	var rows []string
	for _, tt := range tests {
		rows = append(rows, tt.rel+",,")
	}
	fakeDist{Name: "paths", Version: "1", ExtraRows: rows}.install(t, l)
	db := mustOpen(t, l)
	files, err := db.Get("paths").Files()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]File{}
	for _, f := range files {
		got[f.Rel] = f
	}
	for _, tt := range tests {
		f, ok := got[tt.rel]
		if !ok {
			t.Errorf("%s: not returned", tt.rel)
			continue
		}
		if f.Abs != tt.abs || f.Outside != tt.outside {
			t.Errorf("%s: Abs=%q Outside=%v, want %q %v", tt.rel, f.Abs, f.Outside, tt.abs, tt.outside)
		}
	}
}

func TestFilesWithoutRecord(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "norecord", Version: "1", NoRecord: true}.install(t, l)
	db := mustOpen(t, l)
	_, err := db.Get("norecord").Files()
	e, ok := err.(*Error)
	if !ok || e.Dist != "norecord" || e.Hint() == "" || !strings.Contains(e.Error(), "no RECORD") {
		t.Fatalf("error = %v", err)
	}
}

func TestOwnersSharedFiles(t *testing.T) {
	l := testLayout(t)
	seedPlugin(1).install(t, l)
	seedPlugin(2).install(t, l)
	db := mustOpen(t, l)
	owners := db.Owners(filepath.Join(l.Purelib, "framework", "typeA", "__init__.py"))
	if len(owners) != 2 || owners[0].Key != "framework-typea-plugin1" || owners[1].Key != "framework-typea-plugin2" {
		t.Errorf("owners = %v", owners)
	}
	if o := db.Owners(filepath.Join(l.Purelib, "framework", "typeA", "plugin2", "__init__.py")); len(o) != 1 {
		t.Errorf("owners of plugin2 = %v", o)
	}
}

func TestDirectURL(t *testing.T) {
	tests := []struct {
		json, name, want string
		err              bool
	}{
		{`{"url":"https://h/p-1.0.tar.gz","archive_info":{"hash":"sha256=abc","hashes":{"sha256":"abc"}}}`, "p", "p @ https://h/p-1.0.tar.gz#sha256=abc", false},
		{`{"url":"file:///w/p-1.0-py3-none-any.whl","archive_info":{"hashes":{"sha256":"abc"}}}`, "p", "p @ file:///w/p-1.0-py3-none-any.whl", false},
		{`{"url":"https://g/r.git","vcs_info":{"vcs":"git","commit_id":"deadbeef","requested_revision":"main"},"subdirectory":"sub"}`, "p", "p @ git+https://g/r.git@deadbeef#subdirectory=sub", false},
		{`{"url":"file:///src/p","dir_info":{}}`, "p", "p @ file:///src/p", false},
		{`{"url":"file:///src/p"}`, "", "", true},
		{`{"url":"file:///src/p","dir_info":{},"archive_info":{}}`, "", "", true},
		{`{"dir_info":{}}`, "", "", true},
		{`{"url":"x","vcs_info":{"vcs":"git"}}`, "", "", true},
		{`{"url":"x","archive_info":{"hash":"nohash"}}`, "", "", true},
		{`not json`, "", "", true},
	}
	for _, tt := range tests {
		d, err := ParseDirectURL([]byte(tt.json))
		if (err != nil) != tt.err {
			t.Errorf("%s: err = %v", tt.json, err)
			continue
		}
		if err == nil && d.Requirement(tt.name) != tt.want {
			t.Errorf("%s: %q, want %q", tt.json, d.Requirement(tt.name), tt.want)
		}
	}
	d, _ := ParseDirectURL([]byte(`{"url":"file:///src/my%20proj","dir_info":{"editable":true}}`))
	if p, ok := d.Editable(); !ok || p != "/src/my proj" {
		t.Errorf("editable = %q %v", p, ok)
	}
}

func TestOpenRelativeLayout(t *testing.T) {
	l := testLayout(t)
	fakeDist{Name: "rel", Version: "1", Files: map[string]string{"rel.py": ""}}.install(t, l)
	t.Chdir(filepath.Dir(l.Root))
	base := filepath.Base(l.Root)
	db := mustOpen(t, Layout{Root: base, Purelib: filepath.Join(base, "lib", "python3.11", "site-packages")})
	files, err := db.Get("rel").Files()
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, f := range files {
		if f.Outside || !filepath.IsAbs(f.Abs) {
			t.Errorf("%+v", f)
		}
	}
	if _, err := Open(Layout{Purelib: "x"}); err == nil {
		t.Error("a layout without a root should be refused")
	}
}

func TestOpenPlatlibLinkedToPurelib(t *testing.T) {
	l := testLayout(t)
	os.MkdirAll(filepath.Join(l.Root, "lib64"), 0o755)
	os.Remove(filepath.Join(l.Root, "lib64"))
	if err := os.Symlink("lib", filepath.Join(l.Root, "lib64")); err != nil {
		t.Fatal(err)
	}
	l.Platlib = filepath.Join(l.Root, "lib64", "python3.11", "site-packages")
	fakeDist{Name: "once", Version: "1"}.install(t, l)
	db := mustOpen(t, l)
	if len(db.Dists()) != 1 || len(db.Problems) != 0 {
		t.Errorf("dists %v problems %v", db.Dists(), db.Problems)
	}
}

func TestNameVersionScan(t *testing.T) {
	tests := []struct {
		in         string
		name, vers string // "" when the scan defers to the full parser
	}{
		{"Metadata-Version: 2.1\nName: Foo.Bar\nVersion: 1.0\nSummary: x\n", "Foo.Bar", "1.0"},
		{"metadata-version: 2.1\r\nNAME:  foo \r\nversion: 2\r\n", "foo", "2"},
		{"Metadata-Version: 2.1\nClassifier: a\n  continued\nName: foo\nVersion: 1\n", "foo", "1"},
		{"Metadata-Version: 2.1\nName: foo\n  bar\nVersion: 1\n", "", ""},
		{"Metadata-Version: 2.1\nName: foo\nName: bar\nVersion: 1\n", "", ""},
		{"Metadata-Version: 2.1\nName: -bad-\nVersion: 1\n", "", ""},
		{"Name: foo\nVersion: 1\n", "", ""},
		{"Metadata-Version: 2.1\nName: foo\n", "", ""},
	}
	for _, tt := range tests {
		md := nameVersion([]byte(tt.in))
		switch {
		case md == nil && tt.name != "":
			t.Errorf("%q: nil", tt.in)
		case md != nil && (md.Name != tt.name || md.Version != tt.vers):
			t.Errorf("%q: %q %q, want %q %q", tt.in, md.Name, md.Version, tt.name, tt.vers)
		}
	}
}

func TestOpenEntryPointsOnly(t *testing.T) {
	l := testLayout(t)
	seedPlugin(1).install(t, l)
	seedPlugin(2).install(t, l)
	fakeDist{Name: "folded", Version: "1", EntryPoints: "[typeA]\nx = a:b\n", Meta: "Classifier: x\n"}.install(t, l)
	// A folded Name: the light scan defers to the full parser.
	p := filepath.Join(l.Purelib, "odd-1.dist-info")
	writeFile(t, filepath.Join(p, "METADATA"), "Metadata-Version: 2.1\nName: odd\n\nVersion: 1\n")
	full, light := mustOpen(t, l), func() *DB {
		db, err := OpenWith(l, OpenOptions{EntryPointsOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		return db
	}()
	render := func(db *DB) string {
		var out []string
		for _, r := range EntryPointsIn(db, "") {
			out = append(out, r.Group+" "+r.Name+" "+r.Value+" "+r.Dist.Name+" "+r.Dist.Version)
		}
		return strings.Join(out, "\n") + fmt.Sprint(len(db.Dists()), len(db.Problems))
	}
	if a, b := render(full), render(light); a != b {
		t.Errorf("full:\n%s\nlight:\n%s", a, b)
	}
	if d := light.Get("framework.typeA.plugin1"); d.Installer != "" || d.Requested || d.Metadata.Summary != "" {
		t.Errorf("light open read more than asked: %+v", d)
	}
}

func TestInstalledFromGit(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	git := func(url, sub, c string, editable bool) *Dist {
		du := &DirectURL{URL: url, VCSInfo: &VCSInfo{VCS: "git", CommitID: c}, Subdirectory: sub}
		if editable {
			du.VCSInfo, du.DirInfo = nil, &DirInfo{Editable: true}
		}
		return &Dist{Name: "p", DirectURL: du}
	}
	if !git("https://h.example/r.git", "plugin1", commit, false).InstalledFromGit("https://h.example/r.git", "plugin1", commit) {
		t.Error("the same repository, folder and commit")
	}
	if !git("git+https://h.example/r.git", "", commit, false).InstalledFromGit("https://h.example/r.git", "", commit) {
		t.Error("a git+ URL is the same repository")
	}
	for _, d := range []*Dist{
		git("https://h.example/other.git", "plugin1", commit, false),
		git("https://h.example/r.git", "plugin2", commit, false),
		git("https://h.example/r.git", "plugin1", "fedcba9876543210fedcba9876543210fedcba98", false),
		git("https://h.example/r.git", "plugin1", commit, true),
		{Name: "p"},
	} {
		if d.InstalledFromGit("https://h.example/r.git", "plugin1", commit) {
			t.Errorf("%+v counts as installed from the repository", d.DirectURL)
		}
	}
}
