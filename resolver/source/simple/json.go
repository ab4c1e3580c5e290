package simple

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

type jsonMeta struct {
	APIVersion *string `json:"api-version"`
}

type jsonFile struct {
	Filename         string            `json:"filename"`
	URL              *string           `json:"url"`
	Hashes           map[string]string `json:"hashes"`
	RequiresPython   *string           `json:"requires-python"`
	CoreMetadata     json.RawMessage   `json:"core-metadata"`
	DistInfoMetadata json.RawMessage   `json:"dist-info-metadata"`
	Yanked           json.RawMessage   `json:"yanked"`
	Size             *int64            `json:"size"`
}

type jsonProject struct {
	Meta     *jsonMeta  `json:"meta"`
	Name     string     `json:"name"`
	Files    []jsonFile `json:"files"`
	Versions []string   `json:"versions"`
}

type jsonIndex struct {
	Meta     *jsonMeta `json:"meta"`
	Projects []struct {
		Name string `json:"name"`
	} `json:"projects"`
}

// checkAPIVersion accepts a missing version (as 1.0) and any 1.x.
func checkAPIVersion(pageURL string, m *jsonMeta) error {
	if m == nil || m.APIVersion == nil {
		return nil
	}
	v := strings.TrimSpace(*m.APIVersion)
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil {
		return pageError(pageURL, "meta.api-version %q is not a version", v)
	}
	if n != 1 {
		return pageError(pageURL, "meta.api-version %s is not supported (fwenv reads version 1.x of the Simple Repository API)", v)
	}
	return nil
}

// jsonProblem turns a decoding error into words with the position.
func jsonProblem(body []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(body, se.Offset)
		return fmt.Sprintf("malformed JSON at line %d, column %d: %v", line, col, se)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the page"
		}
		return fmt.Sprintf("%s is a JSON %s, expected %s", field, te.Value, te.Type)
	}
	return "malformed JSON: " + err.Error()
}

func position(body []byte, off int64) (line, col int) {
	if off > int64(len(body)) {
		off = int64(len(body))
	}
	// Offset counts the bytes read, the offending one included.
	if off > 0 {
		off--
	}
	before := body[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func decode(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	if err := d.Decode(v); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return fmt.Errorf("data after the JSON object")
	}
	return nil
}

// ParseJSON reads a PEP 691 project page; an api-version major other than 1
// is an error.
func ParseJSON(body []byte, pageURL string) (*Project, error) {
	r, err := newResolver(pageURL)
	if err != nil {
		return nil, err
	}
	var jp jsonProject
	if err := decode(body, &jp); err != nil {
		return nil, pageError(pageURL, "%s", jsonProblem(body, err))
	}
	if err := checkAPIVersion(pageURL, jp.Meta); err != nil {
		return nil, err
	}
	p := &Project{Name: jp.Name}
	if len(jp.Versions) > 0 {
		p.Versions = jp.Versions
	}
	for i, jf := range jp.Files {
		if jf.URL == nil {
			return nil, pageError(pageURL, "files[%d] (%q) has no url", i, jf.Filename)
		}
		abs, frag, name, err := r.resolve(*jf.URL)
		if err != nil {
			return nil, pageError(pageURL, "files[%d] url %q is not a URL", i, *jf.URL)
		}
		f := File{Filename: jf.Filename, URL: abs}
		if f.Filename == "" {
			f.Filename = name
		}
		var bad string
		if f.Hashes, bad = checkHashes(jf.Hashes); bad != "" {
			return nil, brokenHash(pageURL, f.Filename, "its hashes entry", bad)
		}
		if fh, fbad := fragmentHashes(frag); fbad != "" {
			return nil, brokenHash(pageURL, f.Filename, "its hash fragment", "#"+fbad)
		} else if f.Hashes == nil {
			f.Hashes = fh
		}
		if jf.RequiresPython != nil {
			f.RequiresPython = strings.TrimSpace(*jf.RequiresPython)
		}
		if jf.Size != nil {
			f.Size = *jf.Size
		}
		if f.Yanked, f.YankedReason, err = boolOrString(jf.Yanked); err != nil {
			return nil, pageError(pageURL, "files[%d] (%q) yanked: %v", i, jf.Filename, err)
		}
		meta := jf.CoreMetadata
		if len(meta) == 0 || string(meta) == "null" {
			meta = jf.DistInfoMetadata
		}
		if f.CoreMetadata, f.MetadataHashes, err = boolOrHashes(meta); err != nil {
			return nil, pageError(pageURL, "files[%d] (%q) core-metadata: %v", i, jf.Filename, err)
		}
		if _, bad := checkHashes(f.MetadataHashes); bad != "" {
			return nil, brokenHash(pageURL, f.Filename, "its core-metadata hash", bad)
		}
		p.Files = append(p.Files, f)
	}
	return p, nil
}

// boolOrString reads PEP 592's yanked: false, true or a reason.
func boolOrString(raw json.RawMessage) (bool, string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return false, "", nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err == nil {
		return b, "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return true, s, nil
	}
	return false, "", fmt.Errorf("%s is neither a boolean nor a string", raw)
}

// boolOrHashes reads PEP 714's core-metadata: false, true or a hash table.
func boolOrHashes(raw json.RawMessage) (bool, map[string]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return false, nil, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err == nil {
		return b, nil, nil
	}
	var h map[string]string
	if err := json.Unmarshal(raw, &h); err == nil {
		var out map[string]string
		for k, v := range h {
			if out == nil {
				out = map[string]string{}
			}
			out[strings.ToLower(k)] = strings.ToLower(v)
		}
		return true, out, nil
	}
	return false, nil, fmt.Errorf("%s is neither a boolean nor a table of hashes", raw)
}

// ParseIndexJSON reads the root page of a PEP 691 index: the project names
// as given, in page order.
func ParseIndexJSON(body []byte) ([]string, error) {
	var ji jsonIndex
	if err := decode(body, &ji); err != nil {
		return nil, &Error{Reason: jsonProblem(body, err)}
	}
	if err := checkAPIVersion("", ji.Meta); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(ji.Projects))
	for _, p := range ji.Projects {
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	return names, nil
}
