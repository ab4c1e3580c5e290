package index

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/archive/wheelname"
	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/pep508"
	"github.com/fwenv/fwenv/resolver/secret"
	"github.com/fwenv/fwenv/resolver/source"
)

// MetadataMismatchError is a wheel whose own METADATA says something else
// than the PEP 658 metadata file its index served for it, which the
// resolution used: its dependencies (or its name or version) were decided on
// data the wheel does not carry.
type MetadataMismatchError struct {
	Index string // the index or find-links page, without credentials
	File  string // the wheel's file name
	// Differences says what differs, one field per entry
	// (`Requires-Dist "lib>=1" only in the wheel`).
	Differences []string
}

func (e *MetadataMismatchError) Error() string {
	from := ""
	if e.Index != "" {
		from = e.Index + ": "
	}
	return fmt.Sprintf("%sthe metadata file served for %s does not match the wheel's own METADATA: %s",
		from, e.File, strings.Join(e.Differences, "; "))
}

func (e *MetadataMismatchError) Hint() string {
	return "the index serves inconsistent metadata (its PEP 658 .metadata file and the wheel disagree), so the resolution cannot be trusted and nothing was changed; " +
		"report it to the index's operator; if the index has been fixed since, run again with --no-cache, or install from another index"
}

// CheckMetadata compares the METADATA inside the wheel at path with used,
// the PEP 658 metadata a resolution read for the wheel f: name, version,
// Requires-Dist, Requires-Python and Provides-Extra, each parsed, so that
// spelling that means the same (spaces, order, name case, "1.0" and
// "1.0.0") is no difference. A difference is a *MetadataMismatchError; a
// wheel that cannot be read is its own error.
func CheckMetadata(f source.File, used *metadata.Metadata, path string) error {
	w, err := wheel.Open(path, &wheel.Options{DeferContentCheck: true})
	if err != nil {
		return err
	}
	own := w.Metadata
	w.Close()
	diffs := DiffMetadata(used, own)
	if len(diffs) == 0 {
		return nil
	}
	return &MetadataMismatchError{Index: secret.StripCredentials(f.Origin), File: f.Filename, Differences: diffs}
}

// DiffMetadata lists what differs between a metadata file (meta) and a
// wheel's own METADATA (own), in the fields a resolution reads. Values are
// compared parsed: sets of requirements and extras, versions and
// specifiers by meaning.
func DiffMetadata(meta, own *metadata.Metadata) []string {
	var out []string
	if wheelname.Normalize(meta.Name) != wheelname.Normalize(own.Name) {
		out = append(out, fmt.Sprintf("Name is %q in the metadata file, %q in the wheel", meta.Name, own.Name))
	}
	if !sameVersion(meta.Version, own.Version) {
		out = append(out, fmt.Sprintf("Version is %q in the metadata file, %q in the wheel", meta.Version, own.Version))
	}
	if specKey(meta.RequiresPython) != specKey(own.RequiresPython) {
		out = append(out, fmt.Sprintf("Requires-Python is %q in the metadata file, %q in the wheel", meta.RequiresPython, own.RequiresPython))
	}
	out = append(out, setDiff("Requires-Dist", meta.RequiresDist, own.RequiresDist, requirementKey)...)
	out = append(out, setDiff("Provides-Extra", meta.ProvidesExtra, own.ProvidesExtra, wheelname.Normalize)...)
	return out
}

func sameVersion(a, b string) bool {
	va, erra := pep440.Parse(strings.TrimSpace(a))
	vb, errb := pep440.Parse(strings.TrimSpace(b))
	if erra != nil || errb != nil {
		return strings.TrimSpace(a) == strings.TrimSpace(b)
	}
	return va.Equal(vb)
}

// specKey is a Requires-Python value in a form where order and spaces do
// not count.
func specKey(s string) string {
	s = strings.TrimSpace(s)
	set, err := pep440.ParseSpecifierSet(s)
	if err != nil {
		return strings.Join(strings.Fields(s), "")
	}
	return set.String()
}

// requirementKey is a Requires-Dist value in a form where spaces, name
// spelling, the order of extras and specifiers do not count.
func requirementKey(s string) string {
	r, err := pep508.ParseRequirement(s)
	if err != nil {
		return strings.Join(strings.Fields(s), "")
	}
	extras := make([]string, len(r.Extras))
	for i, x := range r.Extras {
		extras[i] = wheelname.Normalize(x)
	}
	sort.Strings(extras)
	key := r.NormalizedName() + "[" + strings.Join(extras, ",") + "]" + r.Specifier.String()
	if r.URL != "" {
		key += " @ " + r.URL
	}
	if !r.Marker.IsZero() {
		key += "; " + r.Marker.String()
	}
	return key
}

// setDiff lists the values of a multiple-use field found on one side only,
// compared by key; each is shown as written.
func setDiff(field string, meta, own []string, key func(string) string) []string {
	inMeta, inOwn := map[string]bool{}, map[string]bool{}
	for _, v := range meta {
		inMeta[key(v)] = true
	}
	for _, v := range own {
		inOwn[key(v)] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, v := range own {
		if k := key(v); !inMeta[k] && !seen[k] {
			seen[k] = true
			out = append(out, fmt.Sprintf("%s %q only in the wheel", field, strings.TrimSpace(v)))
		}
	}
	for _, v := range meta {
		if k := key(v); !inOwn[k] && !seen[k] {
			seen[k] = true
			out = append(out, fmt.Sprintf("%s %q only in the metadata file", field, strings.TrimSpace(v)))
		}
	}
	return out
}
