package site

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"sync"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// ProblemKind classifies what Check found.
type ProblemKind string

const (
	ProblemMissing        ProblemKind = "missing"         // a requirement is not installed
	ProblemConflict       ProblemKind = "conflict"        // a requirement's version does not match
	ProblemBadMetadata    ProblemKind = "bad-metadata"    // a Requires-Dist line or a version cannot be read
	ProblemNoRecord       ProblemKind = "no-record"       // RECORD is absent or damaged
	ProblemFileMissing    ProblemKind = "file-missing"    // a RECORD file is gone
	ProblemFileModified   ProblemKind = "file-modified"   // a RECORD file's hash or size differs
	ProblemFileOutside    ProblemKind = "file-outside"    // a RECORD path leaves the environment
	ProblemFileUnreadable ProblemKind = "file-unreadable" // a RECORD file cannot be read, or is not a regular file
	// ProblemDamaged: a metadata file fwenv refused to read (not a regular
	// file, over its cap) or an entry_points.txt importlib.metadata raises
	// on (Dist.Damaged); with Dist nil, a metadata folder that could not be
	// read at all (DB.Problems), named by Path.
	ProblemDamaged ProblemKind = "damaged"
)

// Problem is one finding of Check.
type Problem struct {
	Kind ProblemKind
	Dist *Dist
	// Requirement is the requirement as written (missing, conflict,
	// bad-metadata); Installed the version found (conflict).
	Requirement, Installed string
	Dependency             string // normalised name of the required distribution
	// Path is the RECORD path as written (file problems).
	Path string
	// Expected and Actual are RECORD hashes ("sha256=...") and sizes.
	Expected, Actual string
	Detail           string // the underlying error, when there is one
}

// String words the problem like pip check does for requirements
// ("a 1.0 requires b, which is not installed.", "a 1.0 has requirement
// b>=2, but you have b 1.0.") and names the file, the expected and the
// actual hash for files.
//
// Text from the environment (paths, requirements, details) is escaped with
// archive/printable: one problem is one line, without control characters.
func (p Problem) String() string { return printable.Escape(p.text()) }

func (p Problem) text() string {
	if p.Dist == nil {
		return p.Detail
	}
	name, ver := p.Dist.Key, p.Dist.DisplayVersion()
	switch p.Kind {
	case ProblemDamaged:
		return fmt.Sprintf("%s %s: %s", name, ver, p.Detail)
	case ProblemMissing:
		return fmt.Sprintf("%s %s requires %s, which is not installed.", name, ver, p.Dependency)
	case ProblemConflict:
		return fmt.Sprintf("%s %s has requirement %s, but you have %s %s.", name, ver, p.Requirement, p.Dependency, p.Installed)
	case ProblemBadMetadata:
		return fmt.Sprintf("%s %s: %s", name, ver, p.Detail)
	case ProblemNoRecord:
		return fmt.Sprintf("%s %s: %s", name, ver, p.Detail)
	case ProblemFileMissing:
		return fmt.Sprintf("%s %s: %s is missing (RECORD expects %s)", name, ver, p.Path, p.Expected)
	case ProblemFileModified:
		return fmt.Sprintf("%s %s: %s was modified: expected %s, actual %s", name, ver, p.Path, p.Expected, p.Actual)
	case ProblemFileOutside:
		return fmt.Sprintf("%s %s: RECORD path %s points outside the environment", name, ver, p.Path)
	case ProblemFileUnreadable:
		return fmt.Sprintf("%s %s: %s cannot be read: %s", name, ver, p.Path, p.Detail)
	}
	return fmt.Sprintf("%s %s: %s", name, ver, p.Kind)
}

// Check reports metadata that could not be read (CheckMetadata), broken
// requirements (CheckRequirements) and damaged files (CheckFiles), in that
// order.
func Check(db *DB, markers pep508.Environment) []Problem {
	out := CheckMetadata(db)
	out = append(out, CheckRequirements(db, markers)...)
	return append(out, CheckFiles(db)...)
}

// CheckMetadata reports what Open could not use (DB.Problems: a metadata
// folder that could not be read, a shadowed distribution) and every
// distribution's damaged metadata files (Dist.Damaged).
func CheckMetadata(db *DB) []Problem {
	var out []Problem
	for _, err := range db.Problems {
		detail := err.Error()
		if e, ok := err.(*Error); ok {
			detail = e.message()
		}
		out = append(out, Problem{Kind: ProblemDamaged, Detail: detail})
	}
	for _, d := range db.dists {
		for _, msg := range d.Damaged {
			out = append(out, Problem{Kind: ProblemDamaged, Dist: d, Detail: msg})
		}
	}
	return out
}

// CheckRequirements evaluates every installed distribution's Requires-Dist
// with markers (extra-marked requirements are ignored, as pip check does)
// and reports the missing ones and those whose installed version does not
// match (pre-releases accepted, as pip does). As pip check prints them:
// unreadable metadata first, then every missing requirement, then every
// conflict, each by distribution and requirement text.
func CheckRequirements(db *DB, markers pep508.Environment) []Problem {
	var out, allMissing, allConflict []Problem
	for _, d := range db.dists {
		deps, bad := d.Dependencies(markers)
		for _, err := range bad {
			out = append(out, Problem{Kind: ProblemBadMetadata, Dist: d, Detail: err.(*Error).Reason})
		}
		var missing, conflict []Problem
		for _, dep := range deps {
			r := dep.Requirement
			key := normalize(r.Name)
			got := db.byKey[key]
			if got == nil {
				missing = append(missing, Problem{Kind: ProblemMissing, Dist: d, Requirement: r.String(), Dependency: key})
				continue
			}
			if r.URL != "" || r.Specifier.Len() == 0 {
				continue
			}
			v, err := pep440.Parse(got.Version)
			if err != nil {
				out = append(out, Problem{Kind: ProblemBadMetadata, Dist: got, Detail: fmt.Sprintf("version %q is not a PEP 440 version; %s's requirement %s cannot be checked", got.Version, d.Name, r.String())})
				continue
			}
			if !r.Specifier.ContainsPre(v, pep440.PreInclude) {
				conflict = append(conflict, Problem{Kind: ProblemConflict, Dist: d, Requirement: r.String(), Dependency: key, Installed: got.DisplayVersion()})
			}
		}
		sort.SliceStable(missing, func(i, j int) bool { return missing[i].Requirement < missing[j].Requirement })
		sort.SliceStable(conflict, func(i, j int) bool { return conflict[i].Requirement < conflict[j].Requirement })
		allMissing = append(allMissing, missing...)
		allConflict = append(allConflict, conflict...)
	}
	out = append(out, allMissing...)
	return append(out, allConflict...)
}

// CheckFiles re-hashes every file a RECORD lists with a hash (rows without
// one, such as RECORD itself and the .pyc files pip adds, are skipped) and
// reports missing and modified files with the expected and actual hash and
// size, RECORD paths outside the environment and missing RECORD files.
// Legacy egg-info distributions have no hashes and are skipped. Sorted by
// distribution and RECORD order.
func CheckFiles(db *DB) []Problem {
	type job struct {
		d *Dist
		f File
		i int
	}
	var perDist [][]Problem
	var jobs []job
	for di, d := range db.dists {
		perDist = append(perDist, nil)
		if d.Legacy {
			continue
		}
		files, err := d.Files()
		if err != nil {
			detail := err.Error()
			if e, ok := err.(*Error); ok {
				detail = e.Reason
			}
			perDist[di] = append(perDist[di], Problem{Kind: ProblemNoRecord, Dist: d, Detail: detail})
			continue
		}
		for _, f := range files {
			if f.Outside {
				perDist[di] = append(perDist[di], Problem{Kind: ProblemFileOutside, Dist: d, Path: f.Rel})
				continue
			}
			if f.Hash.IsZero() {
				continue
			}
			jobs = append(jobs, job{d, f, di})
		}
	}
	results := make([]*Problem, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = checkFile(jobs[i].d, jobs[i].f)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, p := range results {
		if p != nil {
			perDist[jobs[i].i] = append(perDist[jobs[i].i], *p)
		}
	}
	var out []Problem
	for _, ps := range perDist {
		out = append(out, ps...)
	}
	return out
}

func describe(h record.Hash, size int64) string {
	if size < 0 {
		return h.String()
	}
	return fmt.Sprintf("%s (%d bytes)", h, size)
}

// maxHashUnsized bounds the hashing of a RECORD file whose row gives no
// size (pip always writes sizes; the largest files of real wheels, shared
// libraries, stay under 2 GiB).
const maxHashUnsized int64 = 4 << 30

// hashSlack is how far past its RECORD size a file is still hashed, so a
// small edit is reported with its actual hash.
const hashSlack int64 = 64 << 10

// checkFile hashes one RECORD file. Only a regular file is read (a FIFO,
// a device or a link to one is reported, never opened for reading in a way
// that blocks), and at most its RECORD size plus hashSlack (a longer file
// is reported modified by its size, unhashed) or maxHashUnsized bytes.
func checkFile(d *Dist, f File) *Problem {
	fh, size, err := bounded.OpenRegular(f.Abs)
	if err != nil {
		if os.IsNotExist(err) {
			return &Problem{Kind: ProblemFileMissing, Dist: d, Path: f.Rel, Expected: describe(f.Hash, f.Size)}
		}
		var nr *bounded.NotRegularError
		if errors.As(err, &nr) {
			return &Problem{Kind: ProblemFileUnreadable, Dist: d, Path: f.Rel, Detail: "it is " + nr.Kind + ", not a regular file; it was not read"}
		}
		return &Problem{Kind: ProblemFileUnreadable, Dist: d, Path: f.Rel, Detail: unwrapPath(err).Error()}
	}
	defer fh.Close()
	if f.Size >= 0 && size > f.Size+hashSlack {
		// The size alone says it was changed; the content is not read.
		return &Problem{Kind: ProblemFileModified, Dist: d, Path: f.Rel, Expected: describe(f.Hash, f.Size), Actual: fmt.Sprintf("%d bytes (not hashed)", size)}
	}
	h, err := record.NewHasher(f.Hash.Algorithm)
	if err != nil {
		return &Problem{Kind: ProblemFileUnreadable, Dist: d, Path: f.Rel, Detail: err.Error()}
	}
	limit := maxHashUnsized
	if f.Size >= 0 {
		limit = f.Size + hashSlack + 1
	}
	n, err := io.Copy(h, io.LimitReader(fh, limit))
	if err == nil && n >= limit {
		if f.Size >= 0 { // it grew while being read
			return &Problem{Kind: ProblemFileModified, Dist: d, Path: f.Rel, Expected: describe(f.Hash, f.Size), Actual: fmt.Sprintf("more than %d bytes (not hashed)", limit-1)}
		}
		return &Problem{Kind: ProblemFileUnreadable, Dist: d, Path: f.Rel, Detail: fmt.Sprintf("larger than %s, the most fwenv hashes of a RECORD file without a size", bounded.Size(limit))}
	}
	if err != nil {
		return &Problem{Kind: ProblemFileUnreadable, Dist: d, Path: f.Rel, Detail: unwrapPath(err).Error()}
	}
	got := record.Hash{Algorithm: f.Hash.Algorithm, Digest: h.Sum(nil)}
	if !got.Equal(f.Hash) || (f.Size >= 0 && n != f.Size) {
		return &Problem{Kind: ProblemFileModified, Dist: d, Path: f.Rel, Expected: describe(f.Hash, f.Size), Actual: describe(got, n)}
	}
	return nil
}
