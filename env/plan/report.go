package plan

import (
	"encoding/json"
	"strings"

	"github.com/fwenv/fwenv/archive/metadata"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// ReportItem is one distribution of an installation report.
type ReportItem struct {
	// URL is where the file is (file:// for local files), SHA256 its hash.
	URL, SHA256 string
	// Dir is set instead of URL's archive for a project folder (editable or not).
	Dir       string
	Editable  bool
	Direct    bool // the user named the file or folder itself
	Requested bool
	// Extras are the extras the user asked for with it (pip's
	// requested_extras), declared or not.
	Extras   []string
	Metadata *metadata.Metadata
}

// multiple are the core metadata fields that may appear several times; the
// JSON form (PEP 566) makes them lists.
var multiple = map[string]bool{
	"classifier": true, "dynamic": true, "license_file": true, "obsoletes_dist": true, "platform": true,
	"project_url": true, "provides_dist": true, "provides_extra": true, "requires_dist": true,
	"requires_external": true, "supported_platform": true,
}

// MetadataJSON is core metadata in PEP 566's JSON form, as pip's reports
// write it.
func MetadataJSON(m *metadata.Metadata) map[string]any {
	out := map[string]any{}
	for _, h := range m.Headers {
		key := strings.ReplaceAll(strings.ToLower(h.Name), "-", "_")
		if key == "description" {
			continue
		}
		if key == "keywords" {
			var kws []string
			for _, k := range strings.FieldsFunc(h.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
				kws = append(kws, k)
			}
			out[key] = kws
			continue
		}
		if multiple[key] {
			list, _ := out[key].([]string)
			out[key] = append(list, h.Value)
			continue
		}
		out[key] = h.Value
	}
	if m.Description != "" {
		out["description"] = m.Description
	}
	return out
}

// Report is pip's installation report (format version 1: `pip install
// --report`), so tools that read pip's reports read fwenv's.
func Report(items []ReportItem, env pep508.Environment, fwenvVersion string) ([]byte, error) {
	type archiveInfo struct {
		Hash   string            `json:"hash"`
		Hashes map[string]string `json:"hashes"`
	}
	type dirInfo struct {
		Editable bool `json:"editable,omitempty"`
	}
	type downloadInfo struct {
		URL         string       `json:"url"`
		ArchiveInfo *archiveInfo `json:"archive_info,omitempty"`
		DirInfo     *dirInfo     `json:"dir_info,omitempty"`
	}
	type install struct {
		DownloadInfo    downloadInfo   `json:"download_info"`
		IsDirect        bool           `json:"is_direct"`
		IsYanked        bool           `json:"is_yanked"`
		Requested       bool           `json:"requested"`
		RequestedExtras []string       `json:"requested_extras,omitempty"`
		Metadata        map[string]any `json:"metadata"`
	}
	type report struct {
		Version     string            `json:"version"`
		PipVersion  string            `json:"pip_version"`
		Installer   string            `json:"fwenv_version"`
		Install     []install         `json:"install"`
		Environment map[string]string `json:"environment"`
	}
	r := report{Version: "1", PipVersion: "fwenv " + fwenvVersion, Installer: fwenvVersion, Install: []install{}, Environment: env}
	for _, it := range items {
		in := install{IsDirect: it.Direct, Requested: it.Requested, RequestedExtras: it.Extras, Metadata: MetadataJSON(it.Metadata)}
		if it.Dir != "" {
			in.DownloadInfo = downloadInfo{URL: it.URL, DirInfo: &dirInfo{Editable: it.Editable}}
		} else {
			in.DownloadInfo = downloadInfo{URL: it.URL, ArchiveInfo: &archiveInfo{Hash: "sha256=" + it.SHA256, Hashes: map[string]string{"sha256": it.SHA256}}}
		}
		r.Install = append(r.Install, in)
	}
	return json.MarshalIndent(r, "", "  ")
}
