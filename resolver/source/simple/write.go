package simple

import (
	"bufio"
	"encoding/json"
	"html"
	"io"
	"sort"

	"github.com/fwenv/fwenv/archive/wheelname"
)

// apiVersion is the version the writers declare: 1.1 has PEP 700's
// versions and sizes.
const apiVersion = "1.1"

func sortedFiles(files []File) []File {
	out := append([]File(nil), files...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Filename < out[j].Filename })
	return out
}

// sortedNames returns the names sorted by normalised name, each normalised
// name once (the first spelling given wins).
func sortedNames(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		k := wheelname.Normalize(n)
		if n == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, n)
	}
	sort.SliceStable(out, func(i, j int) bool { return wheelname.Normalize(out[i]) < wheelname.Normalize(out[j]) })
	return out
}

// hashAttr formats one hash as "algo=hex".
func hashAttr(h map[string]string) string {
	a, v := bestHash(h)
	if a == "" {
		return ""
	}
	return a + "=" + v
}

// WriteProjectHTML writes a PEP 503 project page: one link per file,
// sorted by filename, with the hash fragment, data-requires-python,
// data-yanked, data-core-metadata and data-dist-info-metadata.
func WriteProjectHTML(w io.Writer, p *Project) error {
	bw := bufio.NewWriter(w)
	title := "Links"
	if p.Name != "" {
		title = "Links for " + html.EscapeString(p.Name)
	}
	bw.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"" + apiVersion + "\">\n")
	bw.WriteString("    <title>" + title + "</title>\n  </head>\n  <body>\n    <h1>" + title + "</h1>\n")
	for _, f := range sortedFiles(p.Files) {
		href := f.URL
		if h := hashAttr(f.Hashes); h != "" {
			href += "#" + h
		}
		bw.WriteString(`    <a href="` + html.EscapeString(href) + `"`)
		if f.RequiresPython != "" {
			bw.WriteString(` data-requires-python="` + html.EscapeString(f.RequiresPython) + `"`)
		}
		if f.CoreMetadata {
			v := hashAttr(f.MetadataHashes)
			if v == "" {
				v = "true"
			}
			v = html.EscapeString(v)
			bw.WriteString(` data-dist-info-metadata="` + v + `" data-core-metadata="` + v + `"`)
		}
		if f.Yanked {
			bw.WriteString(` data-yanked="` + html.EscapeString(f.YankedReason) + `"`)
		}
		bw.WriteString(">" + html.EscapeString(f.Filename) + "</a><br>\n")
	}
	bw.WriteString("  </body>\n</html>\n")
	return bw.Flush()
}

type outMeta struct {
	APIVersion string `json:"api-version"`
}

type outFile struct {
	Filename         string            `json:"filename"`
	URL              string            `json:"url"`
	Hashes           map[string]string `json:"hashes"`
	RequiresPython   string            `json:"requires-python,omitempty"`
	CoreMetadata     any               `json:"core-metadata,omitempty"`
	DistInfoMetadata any               `json:"dist-info-metadata,omitempty"`
	Yanked           any               `json:"yanked,omitempty"`
	Size             int64             `json:"size"`
}

type outProject struct {
	Meta     outMeta   `json:"meta"`
	Name     string    `json:"name"`
	Files    []outFile `json:"files"`
	Versions []string  `json:"versions"`
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(v)
}

// WriteProjectJSON writes a PEP 691 project page, api-version 1.1 (PEP 700
// versions and sizes), files sorted by filename, the name normalised.
func WriteProjectJSON(w io.Writer, p *Project) error {
	out := outProject{Meta: outMeta{apiVersion}, Name: wheelname.Normalize(p.Name), Files: []outFile{}, Versions: p.Versions}
	if out.Versions == nil {
		out.Versions = []string{}
	}
	for _, f := range sortedFiles(p.Files) {
		of := outFile{Filename: f.Filename, URL: f.URL, Hashes: f.Hashes, RequiresPython: f.RequiresPython, Size: f.Size}
		if of.Hashes == nil {
			of.Hashes = map[string]string{}
		}
		if f.CoreMetadata {
			if len(f.MetadataHashes) > 0 {
				of.CoreMetadata = f.MetadataHashes
			} else {
				of.CoreMetadata = true
			}
			of.DistInfoMetadata = of.CoreMetadata
		}
		if f.Yanked {
			if f.YankedReason != "" {
				of.Yanked = f.YankedReason
			} else {
				of.Yanked = true
			}
		}
		out.Files = append(out.Files, of)
	}
	return writeJSON(w, out)
}

// WriteIndexHTML writes the root page: one link "NORMALISED/" per project,
// sorted by normalised name.
func WriteIndexHTML(w io.Writer, names []string) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"" + apiVersion + "\">\n")
	bw.WriteString("    <title>Simple index</title>\n  </head>\n  <body>\n")
	for _, n := range sortedNames(names) {
		bw.WriteString(`    <a href="` + html.EscapeString(wheelname.Normalize(n)) + `/">` + html.EscapeString(n) + "</a><br>\n")
	}
	bw.WriteString("  </body>\n</html>\n")
	return bw.Flush()
}

// WriteIndexJSON writes the root page in PEP 691 JSON, projects sorted by
// normalised name.
func WriteIndexJSON(w io.Writer, names []string) error {
	type proj struct {
		Name string `json:"name"`
	}
	out := struct {
		Meta     outMeta `json:"meta"`
		Projects []proj  `json:"projects"`
	}{Meta: outMeta{apiVersion}, Projects: []proj{}}
	for _, n := range sortedNames(names) {
		out.Projects = append(out.Projects, proj{n})
	}
	return writeJSON(w, out)
}
