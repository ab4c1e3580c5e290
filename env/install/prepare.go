package install

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/entrypoints"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
)

// prepared is one wheel opened, checked, unpacked and staged.
type prepared struct {
	req     Request
	stage   int
	wheel   *wheel.Wheel
	sha     string
	hit     bool
	name    string // from METADATA
	key     string // normalised
	version string
	siteDir string // folder holding the .dist-info: RECORD paths are relative to it
	infoDir string // absolute final .dist-info folder
	files   []instFile
	// staged and finished: stage and finishDistInfo are done (a cache hit
	// is staged while the other wheels are still being checked).
	staged, finished bool
}

// instFile is one file of a distribution, at its final place.
type instFile struct {
	dest string // absolute destination
	rel  string // relative to the root, '/'-separated
	hash record.Hash
	size int64
	py   bool // a module to byte-compile
}

// readWholeMax is the largest wheel read into memory at once, and
// memoryBudget bounds all of them together (they are kept until the install
// ends); larger wheels, and wheels past the budget, are hashed and then read
// member by member from the file.
const (
	readWholeMax = 16 << 20
	memoryBudget = 256 << 20
)

// generated dist-info files: written by the installer, never taken from a wheel.
var generated = map[string]bool{"INSTALLER": true, "REQUESTED": true, "direct_url.json": true, "RECORD": true}

// Opener opens wheels the way the install engine does: each file read once
// (sha256, the cache key, and the members from the same bytes; large ones,
// and any past a memory budget shared by everything one Opener opened, are
// hashed first and then read member by member) and validated completely
// except for the members' contents, which are checked as they are unpacked.
// A caller that must read a wheel before installing it (a resolver wanting
// its METADATA) opens it with an Opener and hands the result to Install in
// Request.Opened, so the wheel is validated before anything else happens
// and not a second time.
type Opener struct {
	// inMemory counts the bytes of the wheels held whole in memory (they
	// stay until the install ends); see memoryBudget.
	inMemory atomic.Int64
}

// Opened is a wheel an Opener validated.
type Opened struct {
	Path   string // absolute
	SHA256 string // hex, of the whole file
	Wheel  *wheel.Wheel
}

// Close releases the wheel.
func (o *Opened) Close() error { return o.Wheel.Close() }

// Open reads and validates the wheel at path. Nothing is written.
func (op *Opener) Open(path string) (*Opened, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, &Error{Wheel: path, Reason: "bad path", Err: err}
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, &Error{Wheel: abs, Reason: "cannot read the wheel", Err: err, hint: "check the path"}
	}
	o := &Opened{Path: abs}
	var w *wheel.Wheel
	if st.Mode().IsRegular() && st.Size() <= readWholeMax && op.inMemory.Add(st.Size()) <= memoryBudget {
		// Read once: the sha256 (the cache key) and the members come from
		// the same bytes.
		var data []byte
		if data, err = os.ReadFile(abs); err != nil {
			return nil, &Error{Wheel: abs, Reason: "cannot read the wheel", Err: err, hint: "check the path"}
		}
		sum := sha256.Sum256(data)
		o.SHA256 = hex.EncodeToString(sum[:])
		w, err = wheel.New(bytes.NewReader(data), int64(len(data)), filepath.Base(abs), &wheel.Options{DeferContentCheck: true})
	} else if !st.Mode().IsRegular() {
		// A folder, FIFO or device: refused without reading it (a FIFO
		// would block the read).
		w, err = wheel.Open(abs, &wheel.Options{DeferContentCheck: true})
		if err == nil {
			w.Close()
			err = fmt.Errorf("%s: not a regular file", abs)
		}
	} else {
		// A large wheel is hashed, then read member by member.
		if o.SHA256, err = source.FileSHA256(abs); err != nil {
			return nil, &Error{Wheel: abs, Reason: "cannot read the wheel", Err: err, hint: "check the path"}
		}
		w, err = wheel.Open(abs, &wheel.Options{DeferContentCheck: true})
	}
	if err != nil {
		e := &Error{Wheel: abs, Reason: "refused", Err: err}
		if e.Hint() == "" {
			e.hint = "the file is not a valid wheel: download or build it again"
		}
		return nil, e
	}
	o.Wheel = w
	return o, nil
}

// open validates a wheel (or takes the one the caller opened) and
// everything about where it would go. Nothing is written.
func (in *installer) open(p *prepared) error {
	o := p.req.Opened
	if o == nil {
		var err error
		if o, err = in.opener.Open(p.req.Path); err != nil {
			return err
		}
	}
	p.req.Path, p.sha = o.Path, o.SHA256
	w := o.Wheel
	p.wheel = w
	if err := in.t.checkCompatible(w); err != nil {
		return err
	}
	p.name, p.version = w.Metadata.Name, w.Metadata.Version
	p.key = wheelname.Normalize(p.name)
	l := in.t.Layout
	if w.Info.RootIsPurelib {
		p.siteDir = l.Purelib
	} else {
		p.siteDir = l.Platlib
	}
	p.infoDir = filepath.Join(p.siteDir, filepath.FromSlash(w.DistInfo))
	for _, ep := range scriptEntryPoints(w, p.key, in.t.Info) {
		if err := entrypoints.CheckScriptName(ep.Name, p.name); err != nil {
			return &Error{Wheel: w.Filename, Member: "entry_points.txt [" + ep.Group + "] " + ep.Name, Reason: "refused script name", Err: err,
				hint: "this wheel would replace or escape the environment's own files; do not install it"}
		}
		if ep.Attr == "" {
			return &Error{Wheel: w.Filename, Member: "entry_points.txt [" + ep.Group + "] " + ep.Name, Reason: "a script entry point must name a function (module:function), not " + ep.Value,
				hint: "fix the project's entry point and rebuild the wheel"}
		}
		if _, err := in.destination(p, wheel.Scripts, ep.Name, w.Filename, "entry point "+ep.Name); err != nil {
			return err
		}
	}
	for _, f := range w.Files() {
		if f.Scheme == wheel.Scripts {
			if strings.Contains(f.Path, "/") {
				return &Error{Wheel: w.Filename, Member: f.Name, Reason: "a script must be a plain file name in the scripts folder",
					hint: "this wheel would write outside bin/; do not install it"}
			}
			if err := entrypoints.CheckScriptName(f.Path, p.name); err != nil {
				return &Error{Wheel: w.Filename, Member: f.Name, Reason: "refused script name", Err: err,
					hint: "this wheel would replace or escape the environment's own files; do not install it"}
			}
		}
		if _, err := in.destination(p, f.Scheme, f.Path, w.Filename, f.Name); err != nil {
			return err
		}
	}
	return nil
}

// destination maps a scheme path to its absolute place and refuses any
// place outside the root or on the environment's own files.
func (in *installer) destination(p *prepared, s wheel.Scheme, rel, wheelFile, member string) (string, error) {
	l := in.t.Layout
	var base string
	switch s {
	case wheel.Purelib:
		base = l.Purelib
	case wheel.Platlib:
		base = l.Platlib
	case wheel.Scripts:
		base = l.Scripts
	case wheel.Headers:
		base = filepath.Join(l.Headers, p.name)
	case wheel.Data:
		base = l.Data
	default:
		return "", &Error{Wheel: wheelFile, Member: member, Reason: "unknown install scheme " + string(s)}
	}
	if rel == "" || path.IsAbs(rel) || strings.Contains(rel, "\\") || strings.ContainsRune(rel, 0) {
		return "", &Error{Wheel: wheelFile, Member: member, Reason: "unsafe path " + rel, hint: "this wheel is malformed or hostile; do not install it"}
	}
	dest := filepath.Join(base, filepath.FromSlash(rel))
	if !under(l.Root, dest) || !under(base, dest) {
		return "", &Error{Wheel: wheelFile, Member: member, Reason: "would be written outside the environment, at " + dest, hint: "this wheel is malformed or hostile; do not install it"}
	}
	r := relTo(l.Root, dest)
	first, _, _ := strings.Cut(r, "/")
	if first == stateDir || r == "pyvenv.cfg" {
		return "", &Error{Wheel: wheelFile, Member: member, Reason: "would replace the environment's own file " + dest, hint: "this wheel is malformed or hostile; do not install it"}
	}
	if filepath.Dir(dest) == l.Scripts {
		if err := entrypoints.CheckScriptName(filepath.Base(dest), p.name); err != nil {
			return "", &Error{Wheel: wheelFile, Member: member, Reason: "would replace " + dest, Err: err, hint: "this wheel would replace the environment's own files; do not install it"}
		}
	}
	// The same on what the kernel sees: no linked folder on the way, and
	// the environment's own files recognised by identity (guard.go).
	if r := in.x.guard.check(dest, p.name); r != nil {
		return "", guardError(wheelFile, member, r)
	}
	return dest, nil
}

// guardError is the refusal of a destination, naming the wheel and member.
func guardError(wheelFile, member string, r *refusal) *Error {
	return &Error{Wheel: wheelFile, Member: member, Reason: r.Reason, Err: r.Err, hint: r.Hint}
}

// stage unpacks (or finds) the wheel in the cache and stages every file of
// the distribution in the transaction folder.
func (in *installer) stage(p *prepared) error {
	_, err := in.stageFrom(p, true)
	return err
}

// stageCached stages p only if the cache holds it intact already; it
// reports whether it did. It never unpacks into the cache (it may renew
// an entry's seal: cache/verify.go).
func (in *installer) stageCached(p *prepared) (bool, error) {
	return in.stageFrom(p, false)
}

func (in *installer) stageFrom(p *prepared, unpack bool) (bool, error) {
	w := p.wheel
	var entry *cache.Entry
	// Lookup marks the entry used (for fwenv cache prune) even when
	// another wheel of the batch is refused later: a prune running meanwhile
	// must not take an entry that is being linked from.
	// The entry is checked before anything is linked from it: quickly
	// (sizes, stamps, and a hash of what changed since its seal), or
	// every file against RECORD with --force-reinstall (cache/verify.go).
	e := in.cache.Lookup(p.sha)
	var damage error
	if e != nil {
		damage = in.cache.Verify(e, w.Files(), in.o.Reinstall, w.Filename)
	}
	if e != nil && damage == nil {
		entry = e
		p.hit = true
		in.rep.emit(Event{Kind: EventCached, Dist: p.name, Version: p.version, Wheel: w.Filename})
	} else if !unpack {
		return false, nil
	} else {
		if e != nil {
			// A cached file changed since it was unpacked: unpack afresh.
			why := ""
			if d, ok := damage.(*cache.DamageError); ok {
				why = d.Member + ": " + d.Reason + "; "
			}
			in.rep.emit(Event{Kind: EventCacheRepair, Dist: p.name, Version: p.version, Wheel: w.Filename,
				Message: "the cached copy of " + w.Filename + " was modified (" + why + "an installed file edited in place?); unpacking it again"})
			if err := in.cache.Evict(e); err != nil {
				return false, &Error{Wheel: w.Filename, Reason: "cannot replace a damaged cache entry", Err: err}
			}
		}
		e, err := in.cache.Unpack(w, p.sha)
		if err != nil {
			return false, &Error{Wheel: w.Filename, Reason: "cannot unpack", Err: err}
		}
		entry = e
		in.rep.emit(Event{Kind: EventUnpack, Dist: p.name, Version: p.version, Wheel: w.Filename, N: len(w.Files())})
	}
	mk := newMkdirs()
	l := in.t.Layout
	type job struct {
		f      wheel.File
		src    string
		staged string
		i      int // index in p.files
	}
	var jobs []job
	for _, f := range w.Files() {
		if f.DistInfo && generated[path.Base(f.Path)] && path.Dir(f.Path) == w.DistInfo {
			continue
		}
		dest, err := in.destination(p, f.Scheme, f.Path, w.Filename, f.Name)
		if err != nil {
			return false, err
		}
		rel := relTo(l.Root, dest)
		staged := in.x.staged(p.stage, rel)
		if err := mk.make(filepath.Dir(staged)); err != nil {
			return false, &Error{Wheel: w.Filename, Member: f.Name, Reason: "cannot stage", Err: err}
		}
		src := entry.Path(f.Name)
		fi := instFile{dest: dest, rel: rel, hash: f.Hash, size: f.Size}
		if f.Scheme == wheel.Scripts {
			// Scripts are always private copies: executable, shebang fixed.
			// A cached file is read only when it is a regular file, and
			// no further than RECORD's size allows.
			data, err := bounded.ReadRegular(src, max(f.Size, 0))
			if err != nil {
				return false, &Error{Wheel: w.Filename, Member: f.Name, Reason: "cannot read from the cache", Err: err, hint: "delete the cache entry " + entry.Dir}
			}
			if int64(len(data)) != f.Size || (f.Hash.Algorithm == "sha256" && !record.Sum(data).Equal(f.Hash)) {
				return false, &Error{Wheel: w.Filename, Member: f.Name, Reason: "the cached copy does not match RECORD", hint: "delete the cache entry " + entry.Dir}
			}
			data, _ = RewriteShebang(data, in.t.Python)
			if err := os.WriteFile(staged, data, 0o755); err != nil {
				return false, &Error{Wheel: w.Filename, Member: f.Name, Reason: "cannot stage", Err: err}
			}
			fi.hash, fi.size = record.Sum(data), int64(len(data))
			in.staged()
		} else {
			fi.py = strings.HasSuffix(f.Path, ".py") && (f.Scheme == wheel.Purelib || f.Scheme == wheel.Platlib)
			jobs = append(jobs, job{f: f, src: src, staged: staged, i: len(p.files)})
		}
		p.files = append(p.files, fi)
	}
	// Link (or copy) the rest in parallel: on most file systems the cost
	// is metadata latency, not bandwidth.
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	var stop atomic.Bool
	for range min(cache.Workers(), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				j := jobs[k]
				if err := in.linker.Link(j.src, j.staged, j.f.Executable()); err != nil {
					errs[k] = &Error{Wheel: w.Filename, Member: j.f.Name, Reason: "cannot stage", Err: err}
					stop.Store(true)
					continue
				}
				if j.f.Hash.Algorithm != "sha256" {
					h, n, err := hashFile(j.staged)
					if err != nil {
						errs[k] = &Error{Wheel: w.Filename, Member: j.f.Name, Reason: "cannot hash", Err: err}
						stop.Store(true)
						continue
					}
					p.files[j.i].hash, p.files[j.i].size = h, n
				}
				in.staged()
			}
		}()
	}
	for k := range jobs {
		if stop.Load() {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return false, err
		}
	}
	if in.linker.Used() != cache.Copy {
		// Hard links (and clones) changed the ctime of the entry's files:
		// its seal is renewed once the commit is done (the commit's
		// renames change the ctime of the files moved one by one too), so
		// the next install's quick check trusts them.
		in.mu.Lock()
		in.toSeal = append(in.toSeal, entry)
		in.mu.Unlock()
	}
	for _, ep := range scriptEntryPoints(w, p.key, in.t.Info) {
		dest, err := in.destination(p, wheel.Scripts, ep.Name, w.Filename, "entry point "+ep.Name)
		if err != nil {
			return false, err
		}
		data, err := Launcher(in.t.Python, ep)
		if err != nil {
			return false, &Error{Wheel: w.Filename, Member: "entry_points.txt", Reason: "cannot write a launcher", Err: err}
		}
		if err := in.writeStaged(p, mk, dest, data, 0o755); err != nil {
			return false, err
		}
	}
	in.rep.emit(Event{Kind: EventStaged, Dist: p.name, Version: p.version, Wheel: w.Filename, N: len(p.files)})
	return true, nil
}

// writeStaged stages a generated file and records it (replacing a wheel file
// of the same destination).
func (in *installer) writeStaged(p *prepared, mk *mkdirs, dest string, data []byte, perm os.FileMode) error {
	rel := relTo(in.t.Layout.Root, dest)
	staged := in.x.staged(p.stage, rel)
	if err := mk.make(filepath.Dir(staged)); err != nil {
		return &Error{Wheel: p.wheel.Filename, Member: rel, Reason: "cannot stage", Err: err}
	}
	os.Remove(staged) // a wheel member of the same name loses to the generated file
	if err := os.WriteFile(staged, data, perm); err != nil {
		return &Error{Wheel: p.wheel.Filename, Member: rel, Reason: "cannot stage", Err: err}
	}
	fi := instFile{dest: dest, rel: rel, hash: record.Sum(data), size: int64(len(data))}
	for i := range p.files {
		if p.files[i].dest == dest {
			p.files[i] = fi
			return nil
		}
	}
	p.files = append(p.files, fi)
	return nil
}

// finishDistInfo writes INSTALLER, REQUESTED, direct_url.json and RECORD.
func (in *installer) finishDistInfo(p *prepared) error {
	mk := newMkdirs()
	put := func(name string, data []byte) error {
		return in.writeStaged(p, mk, filepath.Join(p.infoDir, name), data, 0o644)
	}
	if err := put("INSTALLER", []byte("fwenv\n")); err != nil {
		return err
	}
	if p.req.Requested {
		if err := put("REQUESTED", nil); err != nil {
			return err
		}
	}
	if p.req.DirectURL || p.req.Dir != "" || p.req.VCS != nil {
		var data []byte
		if p.req.VCS != nil && !p.req.Editable {
			data = vcsURLJSON(p.req.VCS)
		} else if p.req.Dir != "" {
			data = dirURLJSON(source.FileURL(p.req.Dir), p.req.Editable)
		} else {
			u, sha := p.req.URL, p.req.ArchiveSHA256
			if u == "" {
				u = source.FileURL(p.req.Path)
			}
			if sha == "" {
				sha = p.sha
			}
			data = directURLJSON(u, sha)
		}
		if err := put("direct_url.json", data); err != nil {
			return err
		}
	}
	entries := make([]record.Entry, 0, len(p.files)+1)
	recordPath := filepath.Join(p.infoDir, "RECORD")
	for _, f := range p.files {
		if f.dest == recordPath {
			continue
		}
		r, err := filepath.Rel(p.siteDir, f.dest)
		if err != nil {
			return &Error{Wheel: p.wheel.Filename, Member: f.dest, Reason: "cannot express the path relative to site-packages", Err: err}
		}
		entries = append(entries, record.Entry{Path: filepath.ToSlash(r), Hash: f.hash, Size: f.size})
	}
	r, _ := filepath.Rel(p.siteDir, recordPath)
	entries = append(entries, record.Entry{Path: filepath.ToSlash(r), Size: -1})
	var buf bytes.Buffer
	if err := record.Write(&buf, entries); err != nil {
		return &Error{Wheel: p.wheel.Filename, Member: "RECORD", Reason: "cannot write", Err: err}
	}
	// RECORD's own row has no hash; keep it out of p.files' hashes but
	// stage it like the others.
	if err := put("RECORD", buf.Bytes()); err != nil {
		return err
	}
	for i := range p.files {
		if p.files[i].dest == recordPath {
			p.files[i].hash, p.files[i].size = record.Hash{}, -1
		}
	}
	return nil
}

// hashFile hashes the regular file at p; anything else (a FIFO, a device, a
// link to one) is refused before reading, and the open never blocks.
func hashFile(p string) (record.Hash, int64, error) {
	f, _, err := bounded.OpenRegular(p)
	if err != nil {
		return record.Hash{}, 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return record.Hash{}, 0, err
	}
	return record.Hash{Algorithm: "sha256", Digest: h.Sum(nil)}, n, nil
}

// directURLJSON is direct_url.json for an archive, as pip writes it (keys
// sorted, Python's json.dumps separators).
func directURLJSON(url, sha string) []byte {
	return []byte(fmt.Sprintf(`{"archive_info": {"hash": "sha256=%s", "hashes": {"sha256": "%s"}}, "url": %s}`, sha, sha, jsonString(url)))
}

// dirURLJSON is direct_url.json for a project folder, as pip writes it.
func dirURLJSON(url string, editable bool) []byte {
	if editable {
		return []byte(fmt.Sprintf(`{"dir_info": {"editable": true}, "url": %s}`, jsonString(url)))
	}
	return []byte(fmt.Sprintf(`{"dir_info": {}, "url": %s}`, jsonString(url)))
}

// vcsURLJSON is direct_url.json for a version-control install, as pip
// writes it (keys sorted, optional keys left out when empty).
func vcsURLJSON(v *VCSInfo) []byte {
	var b strings.Builder
	b.WriteByte('{')
	if v.Subdirectory != "" {
		b.WriteString(`"subdirectory": ` + jsonString(v.Subdirectory) + ", ")
	}
	b.WriteString(`"url": ` + jsonString(secret.ForDirectURL(v.URL, v.VCS == "git")) + `, "vcs_info": {"commit_id": ` + jsonString(v.CommitID))
	if v.RequestedRevision != "" {
		b.WriteString(`, "requested_revision": ` + jsonString(v.RequestedRevision))
	}
	b.WriteString(`, "vcs": ` + jsonString(v.VCS) + "}}")
	return []byte(b.String())
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			if r > 0xffff {
				r1, r2 := utf16Pair(r)
				fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}
