package cachedir

import "strings"

// Rule says how Prune treats an area.
type Rule int

const (
	// Keep: Prune leaves the area alone (Clean still empties it).
	Keep Rule = iota
	// Unused: entries whose last use (Touch stamp, else modification
	// time) is older than the cut-off are removed.
	Unused
	// Expire: entries whose modification time is older than the cut-off
	// are removed (logs).
	Expire
	// Work: entries untouched for an hour (newest modification time of
	// anything inside) are removed: work folders of killed processes.
	Work
	// Probes: interpreter probes whose interpreter is gone or changed are
	// removed.
	Probes
)

// Area is one top-level folder of the cache.
type Area struct {
	Name        string // folder name under the cache root
	Description string // one line, for `fwenv cache info`
	// Depth is where the entries are below the area's folder: 1 for
	// AREA/ENTRY, 2 for AREA/XX/ENTRY; 0 means every regular file at
	// any depth is an entry.
	Depth int
	Rule  Rule
}

// Areas is the cache layout, in the order `fwenv cache info` shows it. A new
// area is added here and nowhere else.
var Areas = []Area{
	{"interpreters", "interpreter probes (version, paths, tags), one per interpreter file", 1, Probes},
	{"wheels", "unpacked wheels, hard-linked or cloned into environments", 2, Unused},
	{"build-envs", "isolated build environments holding build requirements", 1, Unused},
	{"built", "wheels and sdists built from source, by build inputs", 1, Unused},
	{"build-logs", "logs of failed builds", 1, Expire},
	{"tmp", "work folders of builds in progress", 1, Work},
	{"http", "index and find-links pages (HTTP responses)", 0, Unused},
	{"files", "downloaded distribution files, by sha256", 0, Unused},
	{"git", "mirrors of version-control repositories", 1, Keep},
}

// TagName is the cache-directory tag file at the root of the cache.
const TagName = "CACHEDIR.TAG"

// StampSuffix ends the name of an entry's use stamp (Touch).
const StampSuffix = ".used"

// SealSuffix ends the name of an unpacked wheel's seal, the sibling file
// whose inode change time says up to when every change to the entry's
// files was fwenv's own or was checked (env/install/cache). Like a use
// stamp, it belongs to its entry: it is not an entry itself, and goes
// when its entry goes.
const SealSuffix = ".seal"

// isSidecar is a file that belongs to the entry named base beside it.
func isSidecar(name string) (base string, ok bool) {
	if base, ok = strings.CutSuffix(name, StampSuffix); ok {
		return base, true
	}
	return strings.CutSuffix(name, SealSuffix)
}

// leftoverPrefixes start the names of half-done work: temporary folders and
// files renamed into place when complete, and entries renamed aside to be
// deleted.
var leftoverPrefixes = []string{".tmp-", ".trash-", ".evict-", ".probe-"}

// AreaByName returns the area called name.
func AreaByName(name string) (Area, bool) {
	for _, a := range Areas {
		if a.Name == name {
			return a, true
		}
	}
	return Area{}, false
}

// AreaNames lists the areas' names in table order.
func AreaNames() []string {
	out := make([]string, len(Areas))
	for i, a := range Areas {
		out[i] = a.Name
	}
	return out
}

func isLeftover(name string) bool {
	for _, p := range leftoverPrefixes {
		if len(name) > len(p) && name[:len(p)] == p {
			return true
		}
	}
	return false
}
