package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// dist is one file a fake index serves.
type dist struct {
	name       string
	body       []byte
	requires   string
	yanked     string // "" not yanked; "-" yanked without reason
	metadata   []byte // nil: no PEP 658 file
	metaHash   string // announced metadata sha256 ("" = the right one)
	fileHash   string // announced file sha256 ("" = the right one, "-" = none)
	noMetaHash bool
}

func (d dist) fileSHA() string {
	if d.fileHash == "" {
		return sha(d.body)
	}
	return d.fileHash
}

// fakeIndex serves /simple/<name>/ pages (JSON or HTML by Accept, or as
// mode says) and /files/<filename>[.metadata].
type fakeIndex struct {
	mu       sync.Mutex
	projects map[string][]dist
	mode     string // "accept" (default), "html" (ignores Accept), "v2", "broken-json", "broken-html"
	pages    map[string]int
	files    map[string]int
	auth     string // required "user:password", "" none
	accepts  []string
}

func newFake(projects map[string][]dist) *fakeIndex {
	return &fakeIndex{projects: projects, pages: map[string]int{}, files: map[string]int{}}
}

func (f *fakeIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/simple/") {
		f.pages[strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")]++
	}
	if f.auth != "" {
		u, p, ok := r.BasicAuth()
		if !ok || u+":"+p != f.auth {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
	}
	switch {
	case strings.HasPrefix(r.URL.Path, "/simple/"):
		name := strings.Trim(strings.TrimPrefix(r.URL.Path, "/simple/"), "/")
		f.accepts = append(f.accepts, r.Header.Get("Accept"))
		ds, ok := f.projects[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		json := strings.Contains(r.Header.Get("Accept"), "application/vnd.pypi.simple.v1+json")
		switch f.mode {
		case "html":
			json = false
		case "v2":
			w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
			fmt.Fprintf(w, `{"meta":{"api-version":"2.0"},"name":%q,"files":[]}`, name)
			return
		case "broken-json":
			w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
			fmt.Fprint(w, `{"meta":{"api-version":"1.0"},"files":[{"filename": 3}]}`)
			return
		}
		if json {
			w.Header().Set("Content-Type", "application/vnd.pypi.simple.v1+json")
			fmt.Fprint(w, jsonPage(name, ds))
		} else {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, htmlPage(ds, "../../files/"))
		}
	case strings.HasPrefix(r.URL.Path, "/files/"):
		fn := strings.TrimPrefix(r.URL.Path, "/files/")
		f.files[fn]++
		for _, ds := range f.projects {
			for _, d := range ds {
				if fn == d.name {
					w.Write(d.body)
					return
				}
				if fn == d.name+".metadata" && d.metadata != nil {
					w.Write(d.metadata)
					return
				}
			}
		}
		http.NotFound(w, r)
	default:
		http.NotFound(w, r)
	}
}

func jsonPage(name string, ds []dist) string {
	var files []string
	for _, d := range ds {
		parts := []string{fmt.Sprintf(`"filename":%q,"url":"../../files/%s"`, d.name, d.name)}
		if d.fileHash != "-" {
			parts = append(parts, fmt.Sprintf(`"hashes":{"sha256":%q}`, d.fileSHA()))
		} else {
			parts = append(parts, `"hashes":{}`)
		}
		if d.requires != "" {
			parts = append(parts, fmt.Sprintf(`"requires-python":%q`, d.requires))
		}
		switch d.yanked {
		case "":
		case "-":
			parts = append(parts, `"yanked":true`)
		default:
			parts = append(parts, fmt.Sprintf(`"yanked":%q`, d.yanked))
		}
		if d.metadata != nil {
			if d.noMetaHash {
				parts = append(parts, `"core-metadata":true`)
			} else {
				parts = append(parts, fmt.Sprintf(`"core-metadata":{"sha256":%q}`, d.metaSHA()))
			}
		}
		parts = append(parts, fmt.Sprintf(`"size":%d`, len(d.body)))
		files = append(files, "{"+strings.Join(parts, ",")+"}")
	}
	return fmt.Sprintf(`{"meta":{"api-version":"1.1"},"name":%q,"files":[%s]}`, name, strings.Join(files, ","))
}

func (d dist) metaSHA() string {
	if d.metaHash != "" {
		return d.metaHash
	}
	return sha(d.metadata)
}

func htmlPage(ds []dist, prefix string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><body>\n")
	for _, d := range ds {
		href := prefix + d.name
		if d.fileHash != "-" {
			href += "#sha256=" + d.fileSHA()
		}
		attrs := ""
		if d.requires != "" {
			attrs += ` data-requires-python="` + html.EscapeString(d.requires) + `"`
		}
		switch d.yanked {
		case "":
		case "-":
			attrs += ` data-yanked=""`
		default:
			attrs += ` data-yanked="` + html.EscapeString(d.yanked) + `"`
		}
		if d.metadata != nil {
			if d.noMetaHash {
				attrs += ` data-core-metadata="true"`
			} else {
				attrs += ` data-core-metadata="sha256=` + d.metaSHA() + `"`
			}
		}
		fmt.Fprintf(&b, "<a href=%q%s>%s</a><br/>\n", href, attrs, d.name)
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

func newClient(t *testing.T, o fetch.Options) *fetch.Client {
	t.Helper()
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.NetrcPath == "" {
		o.NetrcPath = filepath.Join(t.TempDir(), "no-netrc")
	}
	if o.CacheDir == "" {
		o.CacheDir = t.TempDir()
	}
	c, err := fetch.New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

var demoMeta = []byte("Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: dep\n")

func demoProjects() map[string][]dist {
	return map[string][]dist{
		"demo": {
			{name: "demo-1.0-py3-none-any.whl", body: []byte("wheel 1.0"), requires: ">=3.8", metadata: demoMeta},
			{name: "demo-1.0.tar.gz", body: []byte("sdist 1.0"), requires: ">=3.8"},
			{name: "demo-0.9.tar.gz", body: []byte("sdist 0.9"), yanked: "broken build"},
			{name: "Demo-0.8.zip", body: []byte("zip 0.8"), yanked: "-", fileHash: "-"},
			{name: "demo-1.0-py3-none-any.whl.asc", body: []byte("signature")}, // not a distribution
			{name: "demo-docs.html", body: []byte("docs")},                     // not a distribution
			{name: "other-1.0.tar.gz", body: []byte("other")},                  // another project
		},
		"dep": {
			{name: "dep-2.0-py3-none-any.whl", body: []byte("dep wheel")},
		},
	}
}

// TestFiles: JSON and HTML flavours (the server answers by Accept, or
// ignores it) give the same files.
func TestFiles(t *testing.T) {
	for _, mode := range []string{"accept", "html"} {
		t.Run(mode, func(t *testing.T) {
			fake := newFake(demoProjects())
			fake.mode = mode
			srv := httptest.NewServer(fake)
			defer srv.Close()
			c := newClient(t, fetch.Options{})
			idx := New(srv.URL+"/simple", c)
			files, err := idx.Files(context.Background(), "DEMO")
			if err != nil {
				t.Fatal(err)
			}
			if fake.accepts[0] != "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01" {
				t.Errorf("Accept %q", fake.accepts[0])
			}
			got := map[string]source.File{}
			var names []string
			for _, f := range files {
				got[f.Filename] = f
				names = append(names, f.Filename)
			}
			sort.Strings(names)
			if want := "Demo-0.8.zip demo-0.9.tar.gz demo-1.0-py3-none-any.whl demo-1.0.tar.gz"; strings.Join(names, " ") != want {
				t.Fatalf("files %v, want %s", names, want)
			}
			w := got["demo-1.0-py3-none-any.whl"]
			files0 := srv.URL + "/files/"
			checks := []struct {
				what      string
				got, want any
			}{
				{"wheel URL", w.URL, files0 + "demo-1.0-py3-none-any.whl"},
				{"wheel kind", w.Kind, source.Wheel},
				{"wheel project", w.Project, "demo"},
				{"wheel version", w.Version.String(), "1.0"},
				{"wheel sha256", w.Hashes["sha256"], sha([]byte("wheel 1.0"))},
				{"wheel requires-python", w.RequiresPython, ">=3.8"},
				{"wheel metadata URL", w.MetadataURL, files0 + "demo-1.0-py3-none-any.whl.metadata"},
				{"wheel metadata sha256", w.MetadataHashes["sha256"], sha(demoMeta)},
				{"wheel origin", w.Origin, srv.URL + "/simple"},
				{"wheel yanked", w.Yanked, false},
				{"sdist metadata", got["demo-1.0.tar.gz"].MetadataURL, ""},
				{"sdist kind", got["demo-1.0.tar.gz"].Kind, source.Sdist},
				{"yanked", got["demo-0.9.tar.gz"].Yanked, true},
				{"yank reason", got["demo-0.9.tar.gz"].YankedReason, "broken build"},
				{"yanked without reason", got["Demo-0.8.zip"].Yanked, true},
				{"no hash", len(got["Demo-0.8.zip"].Hashes), 0},
				{"zip URL", got["Demo-0.8.zip"].URL, files0 + "Demo-0.8.zip"},
			}
			if mode == "accept" {
				checks = append(checks, struct {
					what      string
					got, want any
				}{"JSON size", w.Size, int64(len("wheel 1.0"))})
			}
			for _, ch := range checks {
				if fmt.Sprint(ch.got) != fmt.Sprint(ch.want) {
					t.Errorf("%s: %v, want %v", ch.what, ch.got, ch.want)
				}
			}
		})
	}
}

func TestTrailingSlashAndNotFound(t *testing.T) {
	fake := newFake(demoProjects())
	srv := httptest.NewServer(fake)
	defer srv.Close()
	for _, base := range []string{srv.URL + "/simple", srv.URL + "/simple/", srv.URL + "/simple//"} {
		idx := New(base, newClient(t, fetch.Options{}))
		files, err := idx.Files(context.Background(), "dep")
		if err != nil || len(files) != 1 {
			t.Errorf("%s: %d files, %v", base, len(files), err)
		}
		if idx.String() != srv.URL+"/simple" {
			t.Errorf("String() = %q", idx.String())
		}
		files, err = idx.Files(context.Background(), "missing")
		if err != nil || files != nil {
			t.Errorf("%s: a missing project gives %v, %v", base, files, err)
		}
	}
	if fake.pages["dep"] != 3 || fake.pages["missing"] != 3 {
		t.Errorf("pages asked: %v", fake.pages)
	}
}

func TestMemoAndPrefetch(t *testing.T) {
	ps := demoProjects()
	for i := 0; i < 20; i++ {
		n := fmt.Sprintf("p%d", i)
		ps[n] = []dist{{name: n + "-1.0.tar.gz", body: []byte(n)}}
	}
	fake := newFake(ps)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newClient(t, fetch.Options{Retries: -1})
	idx := New(srv.URL+"/simple", c)
	var names []string
	for i := 0; i < 20; i++ {
		names = append(names, fmt.Sprintf("P%d", i))
	}
	names = append(names, "missing")
	idx.Prefetch(context.Background(), names...)
	fake.mu.Lock()
	asked := len(fake.pages)
	fake.mu.Unlock()
	if asked != 21 {
		t.Errorf("prefetch asked %d pages", asked)
	}
	for _, n := range names {
		files, err := idx.Files(context.Background(), n)
		if err != nil || (n != "missing" && len(files) != 1) {
			t.Errorf("%s: %v %v", n, files, err)
		}
	}
	fake.mu.Lock()
	defer fake.mu.Unlock()
	for n, k := range fake.pages {
		if k != 1 {
			t.Errorf("page %s fetched %d times", n, k)
		}
	}
	// Errors are kept too: a 401 is asked once.
	fake.auth = "u:p"
	fake.mu.Unlock()
	idx.Prefetch(context.Background(), "demo")
	_, err := idx.Files(context.Background(), "demo")
	fake.mu.Lock()
	var he *fetch.HTTPError
	if !errors.As(err, &he) || he.Status != 401 || fake.pages["demo"] != 1 {
		t.Errorf("kept error: %v, demo asked %d times", err, fake.pages["demo"])
	}
}

func TestBadPages(t *testing.T) {
	cases := []struct {
		mode, want string
	}{
		{"v2", "api-version 2.0 is not supported"},
		{"broken-json", "/simple/demo/"},
	}
	for _, tc := range cases {
		t.Run(tc.mode, func(t *testing.T) {
			fake := newFake(demoProjects())
			fake.mode = tc.mode
			srv := httptest.NewServer(fake)
			defer srv.Close()
			_, err := New(srv.URL+"/simple", newClient(t, fetch.Options{})).Files(context.Background(), "demo")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), srv.URL+"/simple/demo/") {
				t.Errorf("got %v, want the URL and %q", err, tc.want)
			}
			var h interface{ Hint() string }
			if !errors.As(err, &h) || h.Hint() == "" {
				t.Errorf("no hint: %v", err)
			}
		})
	}
}

func TestFetcher(t *testing.T) {
	ctx := context.Background()
	ps := demoProjects()
	ps["bad"] = []dist{
		{name: "bad-1.0-py3-none-any.whl", body: []byte("tampered"), fileHash: strings.Repeat("ab", 32), metadata: []byte("Name: bad\n"), metaHash: strings.Repeat("cd", 32)},
		{name: "bad-0.9-py3-none-any.whl", body: []byte("no meta hash"), metadata: []byte("Name: bad\nVersion: 0.9\n"), noMetaHash: true},
	}
	fake := newFake(ps)
	srv := httptest.NewServer(fake)
	defer srv.Close()
	c := newClient(t, fetch.Options{Retries: -1})
	idx := New(srv.URL+"/simple", c)
	fe := &Fetcher{Client: c}
	byName := func(project string) map[string]source.File {
		files, err := idx.Files(ctx, project)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]source.File{}
		for _, f := range files {
			m[f.Filename] = f
		}
		return m
	}
	demo, bad := byName("demo"), byName("bad")

	// The distribution file, hash verified; the second time from the cache.
	w := demo["demo-1.0-py3-none-any.whl"]
	p, err := fe.Fetch(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(p); string(data) != "wheel 1.0" || filepath.Base(p) != w.Filename {
		t.Errorf("fetched %s: %q", p, data)
	}
	if p2, err := fe.Fetch(ctx, w); err != nil || p2 != p || fake.files[w.Filename] != 1 {
		t.Errorf("second fetch: %s %v, %d downloads", p2, err, fake.files[w.Filename])
	}
	// PEP 658 metadata, hash verified.
	meta, err := fe.Metadata(ctx, w)
	if err != nil || string(meta) != string(demoMeta) {
		t.Errorf("metadata %q, %v", meta, err)
	}
	if _, err := fe.Metadata(ctx, bad["bad-0.9-py3-none-any.whl"]); err != nil {
		t.Errorf("metadata without a hash: %v", err)
	}
	// No metadata file announced.
	var me *MetadataError
	if _, err := fe.Metadata(ctx, demo["demo-1.0.tar.gz"]); !errors.As(err, &me) {
		t.Errorf("sdist metadata: %v", err)
	}
	// Wrong hashes: the error shows both and who announced them.
	var hm *source.HashMismatchError
	_, err = fe.Fetch(ctx, bad["bad-1.0-py3-none-any.whl"])
	if !errors.As(err, &hm) || !strings.Contains(err.Error(), strings.Repeat("ab", 32)) || !strings.Contains(err.Error(), sha([]byte("tampered"))) || hm.From != srv.URL+"/simple" {
		t.Errorf("file hash mismatch: %v", err)
	}
	_, err = fe.Metadata(ctx, bad["bad-1.0-py3-none-any.whl"])
	if !errors.As(err, &hm) || !strings.Contains(err.Error(), strings.Repeat("cd", 32)) || !strings.Contains(err.Error(), sha([]byte("Name: bad\n"))) {
		t.Errorf("metadata hash mismatch: %v", err)
	}

	// A local file: returned as it is, its hash checked.
	local := filepath.Join(t.TempDir(), "loc-1.0.tar.gz")
	os.WriteFile(local, []byte("local"), 0o644)
	lf := source.File{Filename: "loc-1.0.tar.gz", Path: local, Hashes: map[string]string{"sha256": sha([]byte("local"))}}
	if p, err := fe.Fetch(ctx, lf); err != nil || p != local {
		t.Errorf("local: %s %v", p, err)
	}
	lf.Hashes = map[string]string{"sha256": strings.Repeat("0", 64)}
	if _, err := fe.Fetch(ctx, lf); !errors.As(err, &hm) {
		t.Errorf("local mismatch: %v", err)
	}
}

func TestCredentialsInIndexURL(t *testing.T) {
	const secret = "t0ps3cret"
	fake := newFake(demoProjects())
	fake.auth = "user:" + secret
	srv := httptest.NewServer(fake)
	defer srv.Close()
	cache := t.TempDir()
	c := newClient(t, fetch.Options{CacheDir: cache, Retries: -1})
	base := strings.Replace(srv.URL, "http://", "http://user:"+secret+"@", 1) + "/simple/"
	idx := New(base, c)
	files, err := idx.Files(context.Background(), "demo")
	if err != nil || len(files) == 0 {
		t.Fatalf("%v %v", files, err)
	}
	if strings.Contains(idx.String(), secret) {
		t.Errorf("String() %q", idx.String())
	}
	for _, f := range files {
		if strings.Contains(f.URL+f.Origin+f.MetadataURL, secret) || strings.Contains(f.URL+f.Origin, "user@") {
			t.Errorf("credentials kept in %+v", f)
		}
	}
	// The files are fetched with the credentials (same origin).
	if _, err := (&Fetcher{Client: c}).Fetch(context.Background(), files[0]); err != nil {
		t.Errorf("fetch with credentials: %v", err)
	}
	// Wrong credentials: the error names the URL without them.
	c2 := newClient(t, fetch.Options{Retries: -1})
	_, err = New(strings.Replace(base, secret, "wrong-pass", 1), c2).Files(context.Background(), "demo")
	if err == nil || strings.Contains(err.Error(), "wrong-pass") || !strings.Contains(err.Error(), "401") {
		t.Errorf("wrong credentials: %v", err)
	}
	filepath.Walk(cache, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			if strings.Contains(p, secret) || strings.Contains(string(data), secret) {
				t.Errorf("%s holds the password", p)
			}
		}
		return nil
	})
}

func TestFlatPage(t *testing.T) {
	fake := newFake(demoProjects())
	mux := http.NewServeMux()
	mux.Handle("/files/", fake)
	requests := 0
	mux.HandleFunc("/links.html", func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		ds := append(demoProjects()["demo"], demoProjects()["dep"]...)
		fmt.Fprint(w, htmlPage(ds, "files/"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	c := newClient(t, fetch.Options{Retries: -1})
	fp := NewFlatPage(srv.URL+"/links.html", c)
	demo, err := fp.Files(context.Background(), "Demo")
	if err != nil || len(demo) != 4 {
		t.Fatalf("demo: %d files, %v", len(demo), err)
	}
	dep, err := fp.Files(context.Background(), "dep")
	if err != nil || len(dep) != 1 || dep[0].URL != srv.URL+"/files/dep-2.0-py3-none-any.whl" || dep[0].Origin != srv.URL+"/links.html" {
		t.Fatalf("dep: %+v, %v", dep, err)
	}
	if none, err := fp.Files(context.Background(), "nothing"); err != nil || none != nil {
		t.Errorf("nothing: %v %v", none, err)
	}
	if requests != 1 {
		t.Errorf("page fetched %d times", requests)
	}
	if p, err := (&Fetcher{Client: c}).Fetch(context.Background(), dep[0]); err != nil {
		t.Errorf("fetch: %v", err)
	} else if data, _ := os.ReadFile(p); string(data) != "dep wheel" {
		t.Errorf("fetched %q", data)
	}
	// A page that is not there is an error (a typo in -f), with a hint.
	_, err = NewFlatPage(srv.URL+"/nope.html", c).Files(context.Background(), "demo")
	var fe *FindLinksError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), srv.URL+"/nope.html") || !strings.Contains(fe.Hint(), "--find-links") {
		t.Errorf("missing page: %v", err)
	}
}

// TestFirstIndexWins: with source.Multi's FirstIndex strategy, a project
// the first index has is never asked of the second.
func TestFirstIndexWins(t *testing.T) {
	first := newFake(map[string][]dist{"demo": {{name: "demo-1.0.tar.gz", body: []byte("good")}}})
	second := newFake(map[string][]dist{
		"demo":  {{name: "demo-99.0.tar.gz", body: []byte("evil")}},
		"extra": {{name: "extra-1.0.tar.gz", body: []byte("extra")}},
	})
	s1, s2 := httptest.NewServer(first), httptest.NewServer(second)
	defer s1.Close()
	defer s2.Close()
	c := newClient(t, fetch.Options{})
	m := &source.Multi{Indexes: []source.Source{New(s1.URL+"/simple", c), New(s2.URL+"/simple", c)}, Strategy: source.FirstIndex}
	files, err := m.Files(context.Background(), "demo")
	if err != nil || len(files) != 1 || files[0].Version.String() != "1.0" {
		t.Errorf("demo: %v %v", files, err)
	}
	if second.pages["demo"] != 0 {
		t.Errorf("the second index was asked for demo")
	}
	files, err = m.Files(context.Background(), "extra")
	if err != nil || len(files) != 1 || files[0].Origin != s2.URL+"/simple" {
		t.Errorf("extra: %v %v", files, err)
	}
}

func TestOfflineIndex(t *testing.T) {
	fake := newFake(demoProjects())
	srv := httptest.NewServer(fake)
	cache := t.TempDir()
	on := newClient(t, fetch.Options{CacheDir: cache})
	files, err := New(srv.URL+"/simple", on).Files(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	var w source.File
	for _, f := range files {
		if f.Kind == source.Wheel {
			w = f
		}
	}
	if _, err := (&Fetcher{Client: on}).Fetch(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Fetcher{Client: on}).Metadata(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	off := newClient(t, fetch.Options{CacheDir: cache, Offline: true})
	oi := New(srv.URL+"/simple", off)
	files2, err := oi.Files(context.Background(), "demo")
	if err != nil || len(files2) != len(files) {
		t.Errorf("offline: %d files, %v", len(files2), err)
	}
	if _, err := (&Fetcher{Client: off}).Fetch(context.Background(), w); err != nil {
		t.Errorf("offline fetch: %v", err)
	}
	if _, err := (&Fetcher{Client: off}).Metadata(context.Background(), w); err != nil {
		t.Errorf("offline metadata: %v", err)
	}
	var oe *fetch.OfflineError
	if _, err := oi.Files(context.Background(), "dep"); !errors.As(err, &oe) {
		t.Errorf("offline, not cached: %v", err)
	}
}

// TestLocalPage: a local HTML file of links (pip -f ./links.html) is read
// in place; relative and file: links are local files (relative to the
// file's folder), http(s) links stay URLs, and a page that is not there is
// an error naming it.
func TestLocalPage(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "pkgs", "sub dir"), 0o755)
	os.WriteFile(filepath.Join(dir, "pkgs", "demo-1.0-py3-none-any.whl"), []byte("demo wheel"), 0o644)
	os.WriteFile(filepath.Join(dir, "pkgs", "sub dir", "demo-2.0.tar.gz"), []byte("demo sdist"), 0o644)
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "dep-3.0-py3-none-any.whl"), []byte("dep"), 0o644)
	page := `<html><body>
<a href="../pkgs/demo-1.0-py3-none-any.whl#sha256=` + fmt.Sprintf("%x", sha256.Sum256([]byte("demo wheel"))) + `">demo</a>
<a href="../pkgs/sub%20dir/demo-2.0.tar.gz" data-requires-python="&gt;=3.8">demo sdist</a>
<a href="` + source.FileURL(filepath.Join(other, "dep-3.0-py3-none-any.whl")) + `">dep</a>
<a href="https://files.example/remote-1.0-py3-none-any.whl">remote</a>
<a href="gone-1.0-py3-none-any.whl">gone</a>
</body></html>`
	os.MkdirAll(filepath.Join(dir, "html"), 0o755)
	links := filepath.Join(dir, "html", "links.html")
	if err := os.WriteFile(links, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, fetch.Options{Retries: -1, Offline: true})
	fp := NewLocalPage(links, c)
	if fp.String() != links {
		t.Errorf("String %q", fp.String())
	}
	ctx := context.Background()
	tests := []struct {
		project string
		want    []string // Location of each file
	}{
		{"demo", []string{filepath.Join(dir, "pkgs", "demo-1.0-py3-none-any.whl"), filepath.Join(dir, "pkgs", "sub dir", "demo-2.0.tar.gz")}},
		{"dep", []string{filepath.Join(other, "dep-3.0-py3-none-any.whl")}},
		{"remote", []string{"https://files.example/remote-1.0-py3-none-any.whl"}},
		{"gone", []string{filepath.Join(dir, "html", "gone-1.0-py3-none-any.whl")}},
		{"nothing", nil},
	}
	for _, tt := range tests {
		fs, err := fp.Files(ctx, tt.project)
		if err != nil {
			t.Fatalf("%s: %v", tt.project, err)
		}
		var got []string
		for _, f := range fs {
			got = append(got, f.Location())
			if f.Origin != links {
				t.Errorf("%s: origin %q", f.Filename, f.Origin)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.project, got, tt.want)
		}
	}
	demo, _ := fp.Files(ctx, "demo")
	if demo[1].RequiresPython != ">=3.8" || demo[1].Kind != source.Sdist || demo[0].Size != int64(len("demo wheel")) {
		t.Errorf("demo files %+v", demo)
	}
	// Local files are fetched in place, offline, their hash checked.
	fe := &Fetcher{Client: c}
	if p, err := fe.Fetch(ctx, demo[0]); err != nil || p != demo[0].Path {
		t.Errorf("fetch: %q %v", p, err)
	}
	// A file that is not there is a LinksFileError naming it.
	_, err := NewLocalPage(filepath.Join(dir, "nope.html"), c).Files(ctx, "demo")
	var fle *source.LinksFileError
	if !errors.As(err, &fle) || !strings.Contains(err.Error(), "nope.html") || fle.Hint() == "" {
		t.Errorf("missing page: %v", err)
	}
}
