package site

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/resolver/source"
)

// DirectURL is direct_url.json (PEP 610): where a distribution installed
// from a URL, a local folder or a VCS came from. Exactly one of DirInfo,
// ArchiveInfo and VCSInfo is set in a valid file.
type DirectURL struct {
	URL          string       `json:"url"`
	DirInfo      *DirInfo     `json:"dir_info,omitempty"`
	ArchiveInfo  *ArchiveInfo `json:"archive_info,omitempty"`
	VCSInfo      *VCSInfo     `json:"vcs_info,omitempty"`
	Subdirectory string       `json:"subdirectory,omitempty"`
}

// DirInfo is the dir_info of a local folder install.
type DirInfo struct {
	Editable bool `json:"editable,omitempty"`
}

// ArchiveInfo is the archive_info of an sdist or wheel install. Hash is the
// legacy single "algorithm=digest" field; Hashes the newer map.
type ArchiveInfo struct {
	Hash   string            `json:"hash,omitempty"`
	Hashes map[string]string `json:"hashes,omitempty"`
}

// VCSInfo is the vcs_info of a version-control install.
type VCSInfo struct {
	VCS               string `json:"vcs"`
	CommitID          string `json:"commit_id"`
	RequestedRevision string `json:"requested_revision,omitempty"`
}

// ParseDirectURL reads direct_url.json and checks the rules of PEP 610 that
// readers depend on: a url, and exactly one of dir_info, archive_info and
// vcs_info (with vcs and commit_id for vcs_info).
func ParseDirectURL(data []byte) (*DirectURL, error) {
	var d DirectURL
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("direct_url.json: %v", err)
	}
	if d.URL == "" {
		return nil, fmt.Errorf("direct_url.json: no url")
	}
	n := 0
	if d.DirInfo != nil {
		n++
	}
	if d.ArchiveInfo != nil {
		n++
		if h := d.ArchiveInfo.Hash; h != "" && !strings.Contains(h, "=") {
			return nil, fmt.Errorf("direct_url.json: archive_info.hash %q is not algorithm=digest", h)
		}
	}
	if d.VCSInfo != nil {
		n++
		if d.VCSInfo.VCS == "" || d.VCSInfo.CommitID == "" {
			return nil, fmt.Errorf("direct_url.json: vcs_info needs vcs and commit_id")
		}
	}
	if n != 1 {
		return nil, fmt.Errorf("direct_url.json: needs exactly one of dir_info, archive_info, vcs_info (found %d)", n)
	}
	return &d, nil
}

// Marshal writes the JSON form of d (as pip writes it, without extra spaces).
func (d *DirectURL) Marshal() ([]byte, error) { return json.Marshal(d) }

// Editable reports whether d records an editable install of a local folder,
// and that folder.
func (d *DirectURL) Editable() (string, bool) {
	if d == nil || d.DirInfo == nil || !d.DirInfo.Editable {
		return "", false
	}
	p, ok := source.FileURLPath(d.URL)
	return p, ok
}

// Requirement is the PEP 440 direct reference pip freeze prints for a
// non-editable direct URL install: "name @ url", "name @ vcs+url@commit",
// with "#hash" (the legacy archive_info.hash only, as pip does) and
// "subdirectory=" fragments joined by '&'.
//
// Unlike pip, which prints direct_url.json's strings as they are, control
// characters and line breaks in them (C0, DEL, C1, U+2028, U+2029) are
// percent-encoded (escapeControls), so the requirement is always one line: a URL holding "\n--index-url ..."
// cannot add a line to a requirements file. A URL cannot hold such
// characters unencoded, so the encoded form names the same resource.
func (d *DirectURL) Requirement(name string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString(" @ ")
	var frags []string
	u := escapeControls(d.URL)
	switch {
	case d.VCSInfo != nil:
		b.WriteString(escapeControls(d.VCSInfo.VCS) + "+" + u + "@" + escapeControls(d.VCSInfo.CommitID))
	case d.ArchiveInfo != nil:
		b.WriteString(u)
		if d.ArchiveInfo.Hash != "" {
			frags = append(frags, escapeControls(d.ArchiveInfo.Hash))
		}
	default:
		b.WriteString(u)
	}
	if d.Subdirectory != "" {
		frags = append(frags, "subdirectory="+escapeControls(d.Subdirectory))
	}
	if len(frags) > 0 {
		b.WriteString("#" + strings.Join(frags, "&"))
	}
	return b.String()
}

// escapeControls percent-encodes the UTF-8 bytes of every character
// archive/printable would escape: C0 and C1 controls, DEL, the other
// characters Python's str.splitlines ends a line at (U+2028, U+2029:
// printable.IsLineBreak), bidi controls, and bytes that are not UTF-8.
func escapeControls(s string) string {
	if !printable.Needs(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		if printable.Needs(s[i : i+n]) {
			for _, c := range []byte(s[i : i+n]) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
