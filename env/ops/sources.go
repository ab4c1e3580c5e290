package ops

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/lockfile/bundle"
	"github.com/fwenv/fwenv/lockfile/requirements"
	"github.com/fwenv/fwenv/resolver/hashcheck"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// Formats are --only-binary, --no-binary and --prefer-binary as the
// configuration and the command line gave them, in order (configured values
// first, then the command line's, as pip does).
type Formats struct {
	Options      []source.FormatOption
	PreferBinary bool
	// OtherTarget: files for another machine's interpreter (download
	// --platform and the like), which this machine cannot build for: a
	// --no-binary that would still be in effect is an error, and the
	// versions with a fitting wheel come first (as --prefer-binary), so an
	// sdist (used only when its metadata is static, PEP 643) is taken only
	// for a project with no fitting wheel.
	OtherTarget bool
}

// resolve applies the requirement files' options after the command's (a
// file's option lines change what the command line set, as in pip).
func (ff Formats) resolve(files ...requirements.Options) (source.Formats, bool, error) {
	opts := append([]source.FormatOption(nil), ff.Options...)
	prefer := ff.PreferBinary
	for _, o := range files {
		for _, b := range o.Binary {
			opts = append(opts, source.FormatOption{OnlyBinary: b.OnlyBinary, Value: b.Value})
		}
		prefer = prefer || o.PreferBinary
	}
	f, err := source.ParseFormatOptions(opts)
	if err != nil {
		return f, false, UsageError{err}
	}
	if ff.OtherTarget {
		if names := f.NoBinaryNames(); len(names) > 0 {
			return f, false, UsageError{fmt.Errorf("--no-binary %s: files for another machine's interpreter (--platform, --python-version, --implementation, --abi) are its wheels or pure-Python sdists whose metadata is static; --no-binary asks for a build for it, which cannot run here", strings.Join(names, ","))}
		}
		prefer = true
	}
	return f, prefer, nil
}

// sourceEnv is what the sources need from the session.
func (s *Session) sourceEnv() set.Env {
	return set.Env{Cwd: s.Cwd, CacheDir: s.Cache(), Getenv: s.Getenv, UserAgent: "fwenv/" + s.Version, Used: touchCache,
		Waiting:  func(msg string) { s.infof("%s", printable.Escape(secret.Redact(msg))) },
		Progress: s.fetchProgress,
		Warn:     func(msg string) { s.warnf("%s", printable.Escape(secret.Redact(msg))) },
		Note:     func(msg string) { s.debugf("%s", printable.Escape(secret.Redact(msg))) }}
}

// openSources builds the sources from the configuration and the
// requirement files' options (the command line wins: -i replaces a file's
// --index-url; lists add up).
func (s *Session) openSources(c set.Config, files ...requirements.Options) (*set.Set, error) {
	var fo []set.FileOptions
	for _, o := range files {
		fo = append(fo, set.FileOptions{IndexURL: o.IndexURL, ExtraIndexURLs: o.ExtraIndexURLs, NoIndex: o.NoIndex, FindLinks: o.FindLinks})
	}
	src, err := set.Open(c.Merge(fo...), s.sourceEnv())
	var ue set.UsageError
	if errors.As(err, &ue) {
		return nil, UsageError{ue.Err}
	}
	return src, err
}

// restored is what an offline bundle given with -f asks to install.
type restored struct {
	names  []pep508.Requirement
	hashes *hashcheck.Policy
	src    *set.Set
}

// bundleRestore reads the manifest of an offline bundle given with -f (and
// nothing else to install): what it lists as requested is installed, from
// the bundle alone, every file checked against the manifest's sha256.
func (s *Session) bundleRestore(e *Env, findLinks []string, link func([]string) (string, error)) (*restored, error) {
	for _, fl := range findLinks {
		if strings.Contains(fl, "://") {
			continue
		}
		m, ok, err := bundle.Find(s.Abs(fl))
		if !ok {
			continue
		}
		if err != nil {
			return nil, err
		}
		names, err := m.Requested(e.Info.MarkerEnvironment())
		if err != nil {
			return nil, err
		}
		hashes := hashcheck.New(true)
		for _, p := range m.Lock.Packages {
			for _, art := range p.Artifacts {
				hashes.Allow(p.Name, "sha256:"+art.SHA256, m.Path)
			}
		}
		// Every file of the bundle is checked before any is used: the
		// build requirements too, which builds then take from the checked
		// files alone.
		checked, err := m.Verify()
		if err != nil {
			return nil, err
		}
		hashes.Checked()
		vdir, err := link(checked)
		if err != nil {
			return nil, err
		}
		src, err := set.Local(m.Source(), []string{vdir}, m.Dir, s.sourceEnv())
		if err != nil {
			return nil, err
		}
		s.infof("installing the bundle %s (made for %s)", m.Dir, m.Lock.Target.Describe())
		return &restored{names: names, hashes: hashes, src: src}, nil
	}
	return nil, nil
}

// fetchProgress adds up the bytes of the downloads running into one
// TaskFetch: received of expected (files whose size the server does not
// say count only as received), ended when every download has finished
// (its last report, complete or failed) or has all its bytes. Events are
// sent in order.
func (s *Session) fetchProgress(p fetch.Progress) {
	s.fetchMu.Lock()
	defer s.fetchMu.Unlock()
	if s.fetching == nil {
		s.fetching = map[string][2]int64{}
	}
	total := p.Total
	if p.Finished {
		total = p.Done // over: what arrived is all there will be
	}
	s.fetching[p.URL] = [2]int64{p.Done, total}
	var done, sum int64
	finished := true
	for _, f := range s.fetching {
		done += f[0]
		if f[1] >= 0 {
			sum += f[1]
			finished = finished && f[0] >= f[1]
		} else {
			finished = false // size unknown, not over yet
		}
	}
	if finished {
		s.fetching = nil
	}
	s.emit(Event{Progress: &Progress{Task: TaskFetch, Name: p.File, Done: int(done), Total: int(sum), Bytes: true, End: finished}})
}
