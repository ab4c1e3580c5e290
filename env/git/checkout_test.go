package git

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fwenv/fwenv/env/git/gittest"
	"github.com/fwenv/fwenv/resolver/source/vcs"
)

func mustParse(t *testing.T, s string) *vcs.Spec {
	t.Helper()
	sp, err := vcs.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestCheckoutRevisions(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	tests := []struct {
		name, ref, commit, version string
		kind                       RefKind
		branch                     string // with Options.Branch
	}{
		{"default branch", "", r.C2, "2", RefDefault, "main"},
		{"branch", "@feature", r.Feature, "feature", RefBranch, "feature"},
		{"lightweight tag", "@v1", r.C1, "1", RefTag, ""},
		{"annotated tag", "@v2", r.C2, "2", RefTag, ""},
		{"full sha", "@" + r.C1, r.C1, "1", RefCommit, ""},
		{"short sha", "@" + r.C1[:7], r.C1, "1", RefCommit, ""},
		{"upper-case short sha", "@" + strings.ToUpper(r.Feature[:10]), r.Feature, "feature", RefCommit, ""},
	}
	for _, cached := range []bool{false, true} {
		cache := ""
		if cached {
			cache = t.TempDir()
		}
		for _, tt := range tests {
			t.Run(tt.name+map[bool]string{true: " cached", false: ""}[cached], func(t *testing.T) {
				dest := filepath.Join(t.TempDir(), "src", "demo")
				res, err := Checkout(context.Background(), mustParse(t, r.URL+tt.ref+"#egg=demo"), dest, Options{CacheDir: cache, Branch: true})
				if err != nil {
					t.Fatalf("%v\nhint: %s", err, err.(*vcs.Error).Hint())
				}
				if res.Commit != tt.commit || res.Kind != tt.kind || res.Branch != tt.branch || res.Dir != dest {
					t.Errorf("result %+v, want commit %s kind %s branch %q", res, tt.commit, tt.kind, tt.branch)
				}
				if v := readVersion(t, dest); v != tt.version {
					t.Errorf("VERSION = %q, want %q", v, tt.version)
				}
				if head := gittest.Run(t, dest, "rev-parse", "HEAD"); head != tt.commit {
					t.Errorf("HEAD = %s, want %s", head, tt.commit)
				}
				cur, _ := (&runner{bin: "git"}).ok(context.Background(), dest, "symbolic-ref", "-q", "--short", "HEAD")
				if cur != tt.branch {
					t.Errorf("checked-out branch %q, want %q", cur, tt.branch)
				}
				if origin := gittest.Run(t, dest, "config", "remote.origin.url"); origin != strings.TrimPrefix(r.URL, "git+") {
					t.Errorf("origin = %s", origin)
				}
				if out := gittest.Run(t, dest, "for-each-ref", "refs/fwenv/"); out != "" {
					t.Errorf("bookkeeping refs left in the checkout: %s", out)
				}
				if _, err := os.Stat(filepath.Join(dest, "plugin1", "pyproject.toml")); err != nil {
					t.Error(err)
				}
				if ents, _ := os.ReadDir(filepath.Dir(dest)); len(ents) != 1 {
					t.Errorf("staging folders left next to the checkout: %v", ents)
				}
			})
		}
	}
}

func TestCheckoutDetachedWithoutBranchOption(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	dest := filepath.Join(t.TempDir(), "co")
	res, err := Checkout(context.Background(), mustParse(t, r.URL+"@feature"), dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Branch != "" || res.Kind != RefBranch {
		t.Errorf("result %+v", res)
	}
	if _, ok := (&runner{bin: "git"}).ok(context.Background(), dest, "symbolic-ref", "-q", "HEAD"); ok {
		t.Error("HEAD is a branch, want detached")
	}
}

func TestMirrorServesWithoutOrigin(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	cache := t.TempDir()
	ctx := context.Background()
	var logs []string
	o := Options{CacheDir: cache, Log: func(s string) { logs = append(logs, s) }}
	res, err := Checkout(ctx, mustParse(t, r.URL+"@v2"), filepath.Join(t.TempDir(), "a"), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.NoNetwork {
		t.Error("first checkout claims the remote was not contacted")
	}
	// A full sha the mirror holds: no fetch, even when the origin is intact.
	logs = nil
	res, err = Checkout(ctx, mustParse(t, r.URL+"@"+r.C1), filepath.Join(t.TempDir(), "b"), o)
	if err != nil || !res.NoNetwork {
		t.Fatalf("full sha from the mirror: %+v %v", res, err)
	}
	for _, l := range logs {
		if strings.HasPrefix(l, "fetching") {
			t.Errorf("fetched although the mirror had the commit: %v", logs)
		}
	}
	if ents, _ := os.ReadDir(filepath.Join(cache, "git")); len(ents) != 2 { // the mirror and its lock
		t.Errorf("cache holds %d entries, want one mirror and its lock", len(ents))
	}

	if err := os.RemoveAll(r.Dir); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "c")
	res, err = Checkout(ctx, mustParse(t, r.URL+"@"+r.Feature), dest, o)
	if err != nil {
		t.Fatalf("full sha after the origin was deleted: %v", err)
	}
	if readVersion(t, dest) != "feature" || !res.NoNetwork {
		t.Errorf("result %+v", res)
	}
	off := o
	off.Offline = true
	for _, ref := range []string{"@v1", "@feature", "", "@" + r.C2[:8]} {
		dest := filepath.Join(t.TempDir(), "d")
		if _, err := Checkout(ctx, mustParse(t, r.URL+ref), dest, off); err != nil {
			t.Errorf("offline %q: %v", ref, err)
		}
	}
	// Online, a branch must be fetched: the missing origin is an error.
	_, err = Checkout(ctx, mustParse(t, r.URL+"@feature"), filepath.Join(t.TempDir(), "e"), o)
	var e *vcs.Error
	if !errors.As(err, &e) || e.Kind != vcs.KindUnreachable || !strings.Contains(err.Error(), "origin%20repo") || !strings.Contains(err.Error(), "feature") {
		t.Errorf("branch with the origin gone: %v", err)
	}
}

func TestCheckoutErrors(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	cache := t.TempDir()
	missing := "git+file://" + filepath.Join(t.TempDir(), "nothing-here")
	tests := []struct {
		name   string
		req    string
		o      Options
		kind   vcs.Kind
		reason string
		hint   string
	}{
		{"unknown branch", r.URL + "@nope", Options{}, vcs.KindUnknownRef, "no branch, tag or commit named nope", "git ls-remote"},
		{"unknown branch cached", r.URL + "@nope", Options{CacheDir: cache}, vcs.KindUnknownRef, "named nope", "git ls-remote"},
		{"unknown short sha", r.URL + "@deadbeef", Options{}, vcs.KindUnknownRef, "deadbeef", "full 40-character"},
		{"unknown full sha", r.URL + "@" + strings.Repeat("ab", 20), Options{}, vcs.KindUnknownRef, strings.Repeat("ab", 20), ""},
		{"offline unknown", r.URL + "@nope", Options{CacheDir: cache, Offline: true}, vcs.KindOffline, "cached mirror (offline)", "network access"},
		{"offline no mirror", missing, Options{CacheDir: cache, Offline: true}, vcs.KindOffline, "no mirror", "network access"},
		{"offline no cache", r.URL, Options{Offline: true}, vcs.KindOffline, "need a cache", ""},
		{"unreachable", missing + "@v1", Options{}, vcs.KindUnreachable, "cannot fetch", "check the URL"},
		{"unreachable cached", missing, Options{CacheDir: cache}, vcs.KindUnreachable, "cannot fetch", "credential"},
		{"no git", r.URL, Options{Git: "/nonexistent/git"}, vcs.KindNoGit, "git command", "apt-get install git"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "co")
			_, err := Checkout(context.Background(), mustParse(t, tt.req), dest, tt.o)
			var e *vcs.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v, want *vcs.Error", err)
			}
			if e.Kind != tt.kind || !strings.Contains(e.Error(), tt.reason) || !strings.Contains(e.Hint(), tt.hint) || e.Hint() == "" {
				t.Errorf("kind %d: %s\nhint: %s\nwant kind %d, %q, hint with %q", e.Kind, e, e.Hint(), tt.kind, tt.reason, tt.hint)
			}
			if !strings.Contains(e.Error(), strings.SplitN(tt.req, "@", 2)[0]) {
				t.Errorf("error does not name the URL: %s", e)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Errorf("a failed checkout left %s", dest)
			}
		})
	}
}

func TestCredentialsNeverShown(t *testing.T) {
	gittest.Env(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Basic realm="x"`)
		http.Error(w, "no", http.StatusUnauthorized)
	}))
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	for _, base := range []string{srv.URL, closedURL} {
		for _, cred := range []string{"user:s3cretpw", "tok3nSecretValue", "user:s3cret%40pw"} {
			raw := "git+" + strings.Replace(base, "http://", "http://"+cred+"@", 1) + "/org/repo.git@v1"
			for _, cache := range []string{"", t.TempDir()} {
				var logs []string
				_, err := Checkout(context.Background(), mustParse(t, raw), filepath.Join(t.TempDir(), "co"),
					Options{CacheDir: cache, Log: func(s string) { logs = append(logs, s) }})
				if err == nil {
					t.Fatalf("%s: checkout succeeded", raw)
				}
				text := err.Error() + "\n" + err.(*vcs.Error).Hint() + "\n" + strings.Join(logs, "\n")
				for _, secret := range []string{"s3cretpw", "tok3nSecretValue", "s3cret@pw", "s3cret%40pw"} {
					if strings.Contains(text, secret) {
						t.Errorf("credentials shown:\n%s", text)
					}
				}
				if !strings.Contains(err.Error(), strings.TrimPrefix(base, "http://")) {
					t.Errorf("error does not name the server: %s", err)
				}
				if cache != "" {
					filepath.Walk(cache, func(p string, fi os.FileInfo, err error) error {
						if err == nil && !fi.IsDir() {
							if b, _ := os.ReadFile(p); strings.Contains(string(b), "s3cret") || strings.Contains(string(b), "tok3nSecret") {
								t.Errorf("credentials written to %s", p)
							}
						}
						return nil
					})
				}
			}
		}
	}
}

func TestExistingDestination(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	ctx := context.Background()
	cache := t.TempDir()
	o := Options{CacheDir: cache, Branch: true}

	dest := filepath.Join(t.TempDir(), "src", "demo")
	if _, err := Checkout(ctx, mustParse(t, r.URL+"@v1"), dest, o); err != nil {
		t.Fatal(err)
	}
	// Same repository: updated in place, local untracked files kept.
	gittest.WriteFiles(t, dest, map[string]string{"notes.txt": "mine\n"})
	res, err := Checkout(ctx, mustParse(t, r.URL+"@feature"), dest, o)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Updated || res.Commit != r.Feature || readVersion(t, dest) != "feature" || res.Branch != "feature" {
		t.Errorf("update: %+v, VERSION %s", res, readVersion(t, dest))
	}
	if _, err := os.Stat(filepath.Join(dest, "notes.txt")); err != nil {
		t.Error("update lost an untracked file")
	}
	// A new commit on the branch upstream is fetched on the next checkout.
	gittest.Run(t, r.Dir, "checkout", "-q", "feature")
	gittest.WriteFiles(t, r.Dir, map[string]string{"VERSION": "feature2\n"})
	gittest.Run(t, r.Dir, "commit", "-q", "-am", "four")
	newFeature := gittest.Run(t, r.Dir, "rev-parse", "HEAD")
	res, err = Checkout(ctx, mustParse(t, r.URL+"@feature"), dest, o)
	if err != nil || res.Commit != newFeature || readVersion(t, dest) != "feature2" {
		t.Fatalf("moved branch: %+v %v", res, err)
	}
	// Nothing to do when already there.
	if res, err = Checkout(ctx, mustParse(t, r.URL+"@"+newFeature), dest, o); err != nil || !res.Updated || !res.NoNetwork {
		t.Errorf("same commit again: %+v %v", res, err)
	}
	// Local changes a checkout would overwrite: refused, changes kept.
	gittest.WriteFiles(t, dest, map[string]string{"VERSION": "edited\n"})
	_, err = Checkout(ctx, mustParse(t, r.URL+"@v1"), dest, o)
	var e *vcs.Error
	if !errors.As(err, &e) || e.Kind != vcs.KindDestination || !strings.Contains(e.Hint(), "commit, stash or discard") {
		t.Errorf("dirty checkout: %v", err)
	}
	if readVersion(t, dest) != "edited" {
		t.Error("local changes lost")
	}

	// Another repository in the folder: refused.
	other := makeRepo(t)
	otherDest := filepath.Join(t.TempDir(), "x")
	if _, err := Checkout(ctx, mustParse(t, other.URL), otherDest, Options{}); err != nil {
		t.Fatal(err)
	}
	_, err = Checkout(ctx, mustParse(t, r.URL), otherDest, Options{})
	if !errors.As(err, &e) || e.Kind != vcs.KindDestination || !strings.Contains(err.Error(), "is a checkout of file://") || !strings.Contains(e.Hint(), "remove or rename") {
		t.Errorf("other repository: %v", err)
	}
	// A folder that is not a checkout: refused, untouched.
	plain := t.TempDir()
	gittest.WriteFiles(t, plain, map[string]string{"keep.txt": "x"})
	_, err = Checkout(ctx, mustParse(t, r.URL), plain, Options{})
	if !errors.As(err, &e) || e.Kind != vcs.KindDestination || !strings.Contains(err.Error(), "is not a git checkout") {
		t.Errorf("plain folder: %v", err)
	}
	// An empty folder is fine.
	empty := t.TempDir()
	if _, err := Checkout(ctx, mustParse(t, r.URL+"@v1"), empty, Options{}); err != nil || readVersion(t, empty) != "1" {
		t.Errorf("empty folder: %v", err)
	}
}

func TestSubmodules(t *testing.T) {
	gittest.Env(t)
	sub := makeRepo(t)
	r := makeRepo(t)
	gittest.Run(t, r.Dir, "submodule", "add", "-q", strings.TrimPrefix(sub.URL, "git+"), "vendor/sub")
	gittest.Run(t, r.Dir, "commit", "-q", "-m", "submodule")
	// git refuses file:// submodules unless told (CVE-2022-39253); a test
	// of local repositories has to allow it.
	allow := []string{"GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=protocol.file.allow", "GIT_CONFIG_VALUE_0=always"}
	for _, cache := range []string{"", t.TempDir()} {
		dest := filepath.Join(t.TempDir(), "co")
		res, err := Checkout(context.Background(), mustParse(t, r.URL+"@main"), dest, Options{CacheDir: cache, Env: allow})
		if err != nil {
			t.Fatal(err)
		}
		if !res.Submodules || readVersion(t, filepath.Join(dest, "vendor/sub")) != "2" {
			t.Errorf("submodule not checked out: %+v", res)
		}
	}
}

func TestConcurrentCheckoutsShareTheMirror(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	cache := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 6)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref := []string{"@v1", "@feature", "@" + r.C2}[i%3]
			_, errs[i] = Checkout(context.Background(), mustParse(t, r.URL+ref), filepath.Join(t.TempDir(), "co"), Options{CacheDir: cache})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	mirrors := 0
	ents, _ := os.ReadDir(filepath.Join(cache, "git"))
	for _, e := range ents {
		if e.IsDir() {
			mirrors++
		}
	}
	if mirrors != 1 {
		t.Errorf("%d folders in the mirror cache, want 1: %v", mirrors, ents)
	}
}

// A repository that cannot be fetched leaves no empty mirror in the cache;
// a mirror that was fetched before stays when a later fetch fails.
func TestFailedFetchLeavesNoMirror(t *testing.T) {
	gittest.Env(t)
	cache := t.TempDir()
	missing := "git+file://" + filepath.Join(t.TempDir(), "nothing-here")
	if _, err := Checkout(context.Background(), mustParse(t, missing), filepath.Join(t.TempDir(), "co"), Options{CacheDir: cache}); err == nil {
		t.Fatal("a missing repository was checked out")
	}
	if ents, _ := filepath.Glob(filepath.Join(cache, "git", "*", "HEAD")); len(ents) != 0 {
		t.Errorf("mirrors left after a failed fetch: %v", ents)
	}
	r := makeRepo(t)
	if _, err := Checkout(context.Background(), mustParse(t, r.URL+"@v1"), filepath.Join(t.TempDir(), "co"), Options{CacheDir: cache}); err != nil {
		t.Fatal(err)
	}
	if _, err := Checkout(context.Background(), mustParse(t, r.URL+"@nope"), filepath.Join(t.TempDir(), "co"), Options{CacheDir: cache}); err == nil {
		t.Fatal("an unknown branch was checked out")
	}
	if ents, _ := filepath.Glob(filepath.Join(cache, "git", "*", "HEAD")); len(ents) != 1 {
		t.Errorf("the fetched mirror should stay: %v", ents)
	}
}

// A #subdirectory= must be a folder inside the checkout: missing, a file,
// or a link leading out of the repository is refused by Checkout.
func TestCheckoutSubdirectory(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	gittest.Run(t, r.Dir, "checkout", "-q", "-b", "links")
	if err := os.Symlink("..", filepath.Join(r.Dir, "escape")); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, r.Dir, "add", ".")
	gittest.Run(t, r.Dir, "commit", "-q", "-m", "link")
	gittest.Run(t, r.Dir, "checkout", "-q", "main")
	for _, c := range []struct{ sub, want string }{
		{"plugin1", ""},
		{"nope", "the repository has no folder nope"},
		{"VERSION", "VERSION is not a folder"},
		{"escape", "escape leads outside the repository"},
	} {
		spec, err := vcs.Parse(r.URL + "@links#subdirectory=" + c.sub)
		if err != nil {
			t.Fatal(err)
		}
		_, err = Checkout(context.Background(), spec, filepath.Join(t.TempDir(), "co"), Options{})
		var e *vcs.Error
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.sub, err)
		case c.want != "" && (!errors.As(err, &e) || e.Kind != vcs.KindSubdirectory || !strings.Contains(err.Error(), c.want) || e.Hint() == ""):
			t.Errorf("%s: %v", c.sub, err)
		}
	}
}

// An existing checkout is not moved to a revision without the project's
// folder: the refusal comes first.
func TestCheckoutSubdirectoryKeepsExisting(t *testing.T) {
	gittest.Env(t)
	r := makeRepo(t)
	dest := filepath.Join(t.TempDir(), "src", "plugin1")
	spec, _ := vcs.Parse(r.URL + "@v1#subdirectory=plugin1")
	if _, err := Checkout(context.Background(), spec, dest, Options{}); err != nil {
		t.Fatal(err)
	}
	spec, _ = vcs.Parse(r.URL + "@v2#subdirectory=nope")
	_, err := Checkout(context.Background(), spec, dest, Options{})
	var e *vcs.Error
	if !errors.As(err, &e) || e.Kind != vcs.KindSubdirectory {
		t.Fatalf("%v", err)
	}
	if v := readVersion(t, dest); v != "1" {
		t.Fatalf("the checkout was moved to version %s", v)
	}
}
