package wheel

import (
	"bytes"
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
