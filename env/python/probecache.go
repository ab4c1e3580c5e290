package python

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// decodeCacheEntry reads a probe cache file without decoding into structs:
// the first reflective decode of a struct type in a process costs a
// quarter of a millisecond (building its view of the type), a tenth of a
// whole `fwenv create`. Decoding into a plain value and picking the fields
// out costs about 16 µs. It reads what store writes (json.Marshal of
// cacheEntry); anything it cannot read makes the caller probe again.
func decodeCacheEntry(data []byte) (cacheEntry, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return cacheEntry{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return cacheEntry{}, errors.New("data after the entry")
	}
	top, ok := v.(map[string]any)
	if !ok {
		return cacheEntry{}, errors.New("not an object")
	}
	r := &jsonFields{}
	var e cacheEntry
	if k, ok := top["key"].(map[string]any); ok {
		e.Key = cacheKey{Path: r.str(k, "path"), Size: r.int(k, "size"), MTime: r.int(k, "mtime_ns"), Probe: r.str(k, "probe")}
	} else {
		return cacheEntry{}, errors.New("no key")
	}
	switch m := top["info"].(type) {
	case nil:
	case map[string]any:
		e.Info = &Info{
			Path:           r.str(m, "path"),
			VersionInfo:    r.ints(m, "version_info"),
			Implementation: r.str(m, "implementation"),
			Executable:     r.str(m, "executable"),
			BaseExecutable: r.str(m, "base_executable"),
			Prefix:         r.str(m, "prefix"),
			BasePrefix:     r.str(m, "base_prefix"),
			ExecPrefix:     r.str(m, "exec_prefix"),
			BaseExecPrefix: r.str(m, "base_exec_prefix"),
			Is64:           r.bool(m, "is64"),
			ABIFlags:       r.str(m, "abiflags"),
			SchemeName:     r.str(m, "scheme_name"),
			Scheme:         r.strMap(m, "scheme"),
			DebianScheme:   r.bool(m, "debian_scheme"),
			Stdlib:         r.str(m, "stdlib"),
			SOABI:          r.str(m, "soabi"),
			ExtSuffix:      r.str(m, "ext_suffix"),
			Shared:         r.bool(m, "shared"),
			LDLibrary:      r.str(m, "ldlibrary"),
			LibDir:         r.str(m, "libdir"),
			Platform:       r.str(m, "platform"),
			Machine:        r.str(m, "machine"),
			Libc:           r.anyList(m, "libc"),
			MacOS:          r.str(m, "macos"),
			Markers:        r.strMap(m, "markers"),
		}
	default:
		return cacheEntry{}, errors.New("info is not an object")
	}
	return e, r.err
}

// jsonFields reads typed fields, remembering the first mismatch.
type jsonFields struct{ err error }

func (r *jsonFields) fail(key string) {
	if r.err == nil {
		r.err = fmt.Errorf("field %q has an unexpected type", key)
	}
}

func (r *jsonFields) str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case nil:
		return ""
	case string:
		return v
	}
	r.fail(key)
	return ""
}

func (r *jsonFields) bool(m map[string]any, key string) bool {
	switch v := m[key].(type) {
	case nil:
		return false
	case bool:
		return v
	}
	r.fail(key)
	return false
}

func (r *jsonFields) int(m map[string]any, key string) int64 {
	switch v := m[key].(type) {
	case nil:
		return 0
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err == nil {
			return n
		}
	}
	r.fail(key)
	return 0
}

func (r *jsonFields) ints(m map[string]any, key string) []int {
	switch v := m[key].(type) {
	case nil:
		return nil
	case []any:
		out := make([]int, 0, len(v))
		for _, x := range v {
			n, ok := x.(json.Number)
			i, err := strconv.Atoi(string(n))
			if !ok || err != nil {
				r.fail(key)
				return nil
			}
			out = append(out, i)
		}
		return out
	}
	r.fail(key)
	return nil
}

func (r *jsonFields) strMap(m map[string]any, key string) map[string]string {
	switch v := m[key].(type) {
	case nil:
		return nil
	case map[string]any:
		out := make(map[string]string, len(v))
		for k, x := range v {
			s, ok := x.(string)
			if !ok {
				r.fail(key)
				return nil
			}
			out[k] = s
		}
		return out
	}
	r.fail(key)
	return nil
}

// anyList is a list of strings and numbers, numbers as float64 (what
// encoding/json gives for []any).
func (r *jsonFields) anyList(m map[string]any, key string) []any {
	switch v := m[key].(type) {
	case nil:
		return nil
	case []any:
		out := make([]any, 0, len(v))
		for _, x := range v {
			switch x := x.(type) {
			case json.Number:
				f, err := x.Float64()
				if err != nil {
					r.fail(key)
					return nil
				}
				out = append(out, f)
			case string, bool, nil:
				out = append(out, x)
			default:
				r.fail(key)
				return nil
			}
		}
		return out
	}
	r.fail(key)
	return nil
}
