package requirements

import (
	"slices"
	"testing"
)

// Paths with pip's "[extras]" keep them; a file: URL and a bare name do not
// take this form.
func TestPathExtras(t *testing.T) {
	r := reader(map[string]string{"/p/reqs.txt": `./proj[dev, test]
-e ./proj[dev]
pkgs/x-1.0-py3-none-any.whl[cli] ; python_version >= "3"
x-1.0-py3-none-any.whl[cli]
requests[socks]
`})
	f, err := r.Read("/p/reqs.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		path   string
		extras []string
	}{
		{"/p/proj", []string{"dev", "test"}},
		{"/p/proj", []string{"dev"}},
		{"/p/pkgs/x-1.0-py3-none-any.whl", []string{"cli"}},
		{"/p/x-1.0-py3-none-any.whl", []string{"cli"}},
		{"", []string{"socks"}},
	}
	if len(f.Requirements) != len(want) {
		t.Fatalf("got %d requirements, want %d", len(f.Requirements), len(want))
	}
	for i, w := range want {
		q := f.Requirements[i]
		if q.Path != w.path || !slices.Equal(q.Req.Extras, w.extras) {
			t.Errorf("line %d: path %q extras %q; want %q %q", i+1, q.Path, q.Req.Extras, w.path, w.extras)
		}
	}
	if f.Requirements[4].Req.Name != "requests" {
		t.Errorf("requests[socks] read as %+v", f.Requirements[4])
	}
}
