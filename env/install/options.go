package install

import (
	"context"
	"sync"
	"time"

	"github.com/fwenv/fwenv/env/install/cache"
	"github.com/fwenv/fwenv/env/site"
)

// Request is one wheel to install.
type Request struct {
	// Path is the wheel file.
	Path string
	// Requested marks what the user named (REQUESTED is written), as
	// opposed to a dependency pulled in by the resolver.
	Requested bool
	// DirectURL writes direct_url.json (PEP 610): set it for wheels the user
	// gave as a file or URL rather than by name from an index.
	DirectURL bool
	// URL is the URL recorded in direct_url.json; "" means Path's file:// URL.
	URL string
	// Dir, when set, is the project folder the wheel was built from:
	// direct_url.json records it with dir_info instead of archive_info, and
	// Editable marks an editable install (PEP 660), as pip writes them.
	Dir      string
	Editable bool
	// ArchiveSHA256 is the sha256 (hex) of the archive URL names when that
	// is not the wheel itself (an sdist that was built); "" means the wheel's.
	ArchiveSHA256 string
	// Reinstall replaces this distribution even at the same version (what
	// Options.Reinstall does for all): a project folder is always
	// reinstalled, since its contents may have changed, as pip does.
	Reinstall bool
	// VCS, for a wheel built from a version-control checkout, records
	// where the checkout came from: direct_url.json gets the vcs_info form
	// instead of archive_info or dir_info. An editable install ignores it
	// (pip records the checkout folder with dir_info, and pip freeze finds
	// the repository from the checkout itself).
	VCS *VCSInfo
	// Opened, when set, is this wheel already opened by the caller with an
	// Opener (Path is then ignored). Install takes it over and closes it.
	Opened *Opened
}

// VCSInfo is the origin of a distribution built from a version-control
// checkout, as PEP 610 records it.
type VCSInfo struct {
	// VCS is the system: "git".
	VCS string
	// URL is the repository without the "git+" prefix, the revision and
	// the fragment. Credentials are dropped when written (a "git" user and
	// ${ENV} placeholders are kept, as PEP 610 allows).
	URL string
	// CommitID is the full commit id installed.
	CommitID string
	// RequestedRevision is the branch, tag or commit the user asked for,
	// "" when none.
	RequestedRevision string
	// Subdirectory is the project's folder in the repository, "" for the
	// root.
	Subdirectory string
}

// Options tune Install and Uninstall. The zero value is usable: no shared
// cache (wheels are unpacked inside the transaction), auto link mode, no
// byte-compiling, wait for the lock for ever.
type Options struct {
	// Cache is the shared cache of unpacked wheels; nil unpacks each wheel
	// into the transaction folder and throws it away.
	Cache *cache.Cache
	// LinkMode is how files get from the cache into the environment.
	LinkMode cache.LinkMode
	// Compile byte-compiles the installed modules with the environment's
	// python and records the .pyc files in RECORD, as pip does.
	Compile bool
	// Reinstall replaces a distribution already installed at the same
	// version (otherwise it is skipped and reported in Result.Skipped).
	Reinstall bool
	// LockTimeout bounds the wait for another fwenv; 0 waits for ever.
	LockTimeout time.Duration
	// Progress receives events. Calls are serialised (never concurrent)
	// but may come from different goroutines.
	Progress func(Event)
	// Context cancels a wait for the lock, the preparation of wheels and a
	// commit not yet begun (the environment is then untouched); a commit
	// under way runs to its end.
	Context context.Context
	// Workers bounds how many wheels are prepared at once; 0 picks a default.
	Workers int
	// Remove names installed distributions to uninstall in the same
	// transaction as the installs (fwenv sync): all of it happens, or
	// nothing.
	Remove []string
	// Committed, when set, is called once the commit marker is written,
	// with the number of distributions the transaction installed and
	// removed, before Committing stops reporting the commit: a caller
	// that says what changed (an interrupted command) has it counted
	// before a second interrupt can look.
	Committed func(installed, removed int)
}

// Change is one distribution installed, skipped or removed.
type Change struct {
	Name       string
	Version    string
	OldVersion string // the version replaced or removed, "" when none
	Wheel      string // the wheel file, for installs
	CacheHit   bool
}

// Result is what Install or Uninstall did.
type Result struct {
	Installed []Change
	Skipped   []Change
	Removed   []Change
	// Warnings are non-fatal findings (a file of another distribution
	// overwritten with different content, wheel doubts, recovered
	// transactions). The library never prints them.
	Warnings []string
	// Kept lists the files of removed (or replaced) distributions left in
	// place because a distribution that stays owns them; Refused lists
	// the RECORD rows never touched: outside the environment, or the
	// environment's own files and folders. Decided on real paths.
	Kept    []site.KeptFile
	Refused []site.RefusedFile
	// LinkMode is the mode actually used to populate the environment.
	LinkMode cache.LinkMode
	// Files is the number of operations (files or whole new folders moved
	// into place, files removed).
	Files int
	// Phases is where the time went, for -v output and benchmarks.
	Phases []Phase
}

// Phase is the duration of one step of Install.
type Phase struct {
	Name string
	Took time.Duration
}

type reporter struct {
	mu sync.Mutex
	fn func(Event)
}

func (r *reporter) emit(e Event) {
	if r == nil || r.fn == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fn(e)
}
