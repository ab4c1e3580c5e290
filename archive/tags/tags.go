package tags

import (
	"fmt"
	"strconv"
	"strings"
)

// Tag is one compatibility tag triple, e.g. cp311-cp311-manylinux_2_17_x86_64.
// Fields are lower case.
type Tag struct{ Interpreter, ABI, Platform string }

// String returns the tag in its usual interpreter-abi-platform form.
func (t Tag) String() string { return t.Interpreter + "-" + t.ABI + "-" + t.Platform }

// Parse expands a possibly compressed tag set such as "py2.py3-none-any" into
// its tags (interpreter-major order: every ABI and platform for the first
// interpreter, then the next). Tags are lower-cased as packaging does.
func Parse(s string) ([]Tag, error) {
	parts := strings.Split(s, "-")
	if len(parts) != 3 {
		return nil, fmt.Errorf("tag set %q: want interpreter-abi-platform (three parts separated by '-')", s)
	}
	var sets [3][]string
	for i, p := range parts {
		for _, v := range strings.Split(p, ".") {
			if v == "" {
				return nil, fmt.Errorf("tag set %q: empty tag in %q", s, p)
			}
			for _, r := range v {
				if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
					return nil, fmt.Errorf("tag set %q: invalid character %q in %q", s, r, v)
				}
			}
			sets[i] = append(sets[i], strings.ToLower(v))
		}
	}
	var out []Tag
	for _, i := range sets[0] {
		for _, a := range sets[1] {
			for _, p := range sets[2] {
				out = append(out, Tag{i, a, p})
			}
		}
	}
	return out, nil
}

// Supported returns the rank of the best of wheelTags in supported (its index:
// lower is better) and whether any of them is supported at all.
func Supported(wheelTags []Tag, supported []Tag) (rank int, ok bool) {
	want := make(map[Tag]bool, len(wheelTags))
	for _, t := range wheelTags {
		want[t] = true
	}
	for i, t := range supported {
		if want[t] {
			return i, true
		}
	}
	return -1, false
}

// Ranker answers Supported for many wheels against one supported list
// without rescanning it.
type Ranker map[Tag]int

// NewRanker indexes supported (first occurrence wins).
func NewRanker(supported []Tag) Ranker {
	r := make(Ranker, len(supported))
	for i, t := range supported {
		if _, dup := r[t]; !dup {
			r[t] = i
		}
	}
	return r
}

// Rank is Supported(wheelTags, supported) for the indexed list.
func (r Ranker) Rank(wheelTags []Tag) (rank int, ok bool) {
	rank = -1
	for _, t := range wheelTags {
		if i, found := r[t]; found && (!ok || i < rank) {
			rank, ok = i, true
		}
	}
	return rank, ok
}

func nodot(major, minor int) string { return strconv.Itoa(major) + strconv.Itoa(minor) }

func normalize(s string) string {
	// tags are lower case (packaging lowers every field of a Tag)
	return strings.ToLower(strings.NewReplacer(".", "_", "-", "_", " ", "_").Replace(s))
}
