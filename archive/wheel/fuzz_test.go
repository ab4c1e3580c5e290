package wheel

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzParseInfo(f *testing.F) {
	f.Add([]byte(validWheelFile))
	f.Add([]byte("Wheel-Version: 2.0\nRoot-Is-Purelib: true\n"))
	f.Add([]byte("Wheel-Version: 1.\nRoot-Is-Purelib: TRUE\nTag: a.b-c-d\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, _, err := ParseInfo(data)
		if err == nil && info.Major != 1 {
			t.Fatalf("accepted Wheel-Version %q", info.WheelVersion)
		}
	})
}

// FuzzNew feeds mutated archives to the whole validator: it must refuse or
// accept without panicking, and what it accepts must have safe paths.
func FuzzNew(f *testing.F) {
	for _, fx := range []fixture{
		{},
		{members: []member{{name: "demo-1.0.data/scripts/tool", data: "#!python\n"}}, entryPoints: "[console_scripts]\ndemo = demo:main\n"},
		{members: []member{{name: "demo/x.txt", data: "stored", stored: true}}},
	} {
		_, data := fx.build(f)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := New(bytes.NewReader(data), int64(len(data)), "demo-1.0-py3-none-any.whl", &Options{MaxTotalSize: 1 << 20})
		if err != nil {
			return
		}
		for _, file := range w.Files() {
			if _, reason, _ := checkName(file.Name); reason != "" || file.Path == "" {
				t.Fatalf("accepted %q -> %s/%q", file.Name, file.Scheme, file.Path)
			}
		}
	})
}

// FuzzMemberName builds a valid wheel with one extra member of a fuzzed name
// (and a fuzzed console script name): whatever is accepted must install
// inside its scheme.
func FuzzMemberName(f *testing.F) {
	for _, s := range []string{"demo/x.py", "../x", "demo-1.0.data/scripts/t", "demo-1.0.data/data/../x", "C:x", "a\\b", "Demo/X.py", "demo-1.0.data/headers/h.h"} {
		f.Add(s, "demo")
	}
	f.Fuzz(func(t *testing.T, name, script string) {
		data := "x"
		if strings.HasSuffix(name, "/") {
			data = "" // a folder entry; the zip writer refuses content
		}
		fx := fixture{members: []member{{name: name, data: data}}, entryPoints: "[console_scripts]\n" + script + " = demo:main\n"}
		w, err := fx.open(t, nil)
		if err != nil {
			return
		}
		for _, file := range w.Files() {
			if file.Path == "" || strings.HasPrefix(file.Path, "/") || strings.Contains("/"+file.Path+"/", "/../") || strings.ContainsAny(file.Path, "\\\x00") {
				t.Fatalf("accepted %q -> %s/%q", file.Name, file.Scheme, file.Path)
			}
			if file.Scheme == Scripts && strings.Contains(file.Path, "/") {
				t.Fatalf("script %q in a subfolder", file.Path)
			}
		}
		for _, ep := range w.EntryPoints {
			if strings.ContainsAny(ep.Name, "/\\") || ep.Name == "python" {
				t.Fatalf("accepted console script %q", ep.Name)
			}
		}
	})
}
