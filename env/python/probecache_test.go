package python

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// decodeCacheEntry must read back exactly what json.Unmarshal reads from
// what store writes, field by field.
func TestDecodeCacheEntryMatchesEncodingJSON(t *testing.T) {
	full := cacheEntry{
		Key: cacheKey{Path: "/usr/bin/python3.11", Size: 17584, MTime: 1778311822123456789, Probe: "8d845d31a4bd31aa"},
		Info: &Info{
			Path: "/usr/bin/python3.11", VersionInfo: []int{3, 11, 7, 0}, Implementation: "cpython",
			Executable: "/e", BaseExecutable: "/b", Prefix: "/p", BasePrefix: "/bp", ExecPrefix: "/ep", BaseExecPrefix: "/bep",
			Is64: true, ABIFlags: "d", SchemeName: "venv", Scheme: map[string]string{"purelib": "lib/python3.11/site-packages", "scripts": "bin"},
			DebianScheme: true, Stdlib: "/s", SOABI: "cpython-311-x86_64-linux-gnu", ExtSuffix: ".cpython-311-x86_64-linux-gnu.so",
			Shared: true, LDLibrary: "libpython3.11.a", LibDir: "/l", Platform: "linux-x86_64", Machine: "x86_64",
			Libc: []any{"glibc", 2.0, 36.0}, MacOS: "14.1", Markers: map[string]string{"sys_platform": "linux", "quote": "a\"b\\c\u00e9\u2028"},
		},
	}
	// Every field is set, so a field added to Info and forgotten by the
	// decoder shows up here.
	v := reflect.ValueOf(*full.Info)
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.Tag.Get("json") != "-" && v.Field(i).IsZero() {
			t.Fatalf("the fixture leaves Info.%s empty", f.Name)
		}
	}
	cases := [][]byte{}
	for _, e := range []cacheEntry{full, {Key: full.Key}, {Key: full.Key, Info: &Info{}}} {
		data, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, data)
	}
	// Real probe files, when this machine has some.
	if home, err := os.UserCacheDir(); err == nil {
		files, _ := filepath.Glob(filepath.Join(home, "fwenv", "interpreters", "*.json"))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				cases = append(cases, data)
			}
		}
	}
	for _, data := range cases {
		var want cacheEntry
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		got, err := decodeCacheEntry(data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("decoded\n%+v %+v\nencoding/json\n%+v %+v", got.Key, got.Info, want.Key, want.Info)
		}
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"key": 1}`, `{"key": {"size": "x"}}`, `{"key": {}, "info": {"version_info": ["3"]}}`,
		`{"key": {}, "info": {"scheme": {"a": 1}}}`, `{"key": {}, "info": 3}`, `{"key": {}, "info": {"is64": "yes"}}`, `{"key":`,
		`{"key": {}, "info": {"path": "/p"}, "version_info": [3]}}`, `{"key": {}}{"key": {}}`, `{"key": {}} garbage{`} {
		if _, err := decodeCacheEntry([]byte(bad)); err == nil {
			t.Errorf("%s was read without an error", bad)
		}
	}
}
