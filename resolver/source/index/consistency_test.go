package index

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source/fetch"
)

// realWheel is a valid wheel of name 1.0 whose METADATA is meta.
func realWheel(t *testing.T, name, meta string) []byte {
	t.Helper()
	info := name + "-1.0.dist-info"
	files := []struct{ path, body string }{
		{name + ".py", "X = 1\n"},
		{info + "/METADATA", meta},
		{info + "/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var record strings.Builder
	for _, f := range files {
		w, err := zw.Create(f.path)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(f.body))
		sum := sha256.Sum256([]byte(f.body))
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", f.path, base64.RawURLEncoding.EncodeToString(sum[:]), len(f.body))
	}
	fmt.Fprintf(&record, "%s/RECORD,,\n", info)
	w, _ := zw.Create(info + "/RECORD")
	w.Write([]byte(record.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const ownMeta = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.8,<4\n" +
	"Requires-Dist: lib>=1\nRequires-Dist: extra-dep; extra == \"cli\"\nProvides-Extra: cli\n"

// When a wheel arrives whose PEP 658 metadata the resolution read, its own
// METADATA must say the same in every field a resolution reads; spelling
// that means the same passes.
func TestMetadataMismatch(t *testing.T) {
	for _, tc := range []struct {
		name, meta string
		want       []string // "" = no error
	}{
		{"same", ownMeta, nil},
		{"same, spelled otherwise",
			"Metadata-Version: 2.3\nName: Demo\nVersion: 1.0.0\nRequires-Python: <4, >= 3.8\n" +
				"Provides-Extra: CLI\nRequires-Dist: Extra_Dep ; extra == 'cli'\nRequires-Dist: lib >= 1\n", nil},
		{"drops a dependency", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Python: >=3.8,<4\n" +
			"Requires-Dist: extra-dep; extra == \"cli\"\nProvides-Extra: cli\n",
			[]string{`Requires-Dist "lib>=1" only in the wheel`}},
		{"adds a dependency", ownMeta + "Requires-Dist: evil\n",
			[]string{`Requires-Dist "evil" only in the metadata file`}},
		{"another version", strings.Replace(ownMeta, "Version: 1.0", "Version: 7.0", 1),
			[]string{`Version is "7.0" in the metadata file, "1.0" in the wheel`}},
		{"another name", strings.Replace(ownMeta, "Name: demo", "Name: other", 1),
			[]string{`Name is "other" in the metadata file, "demo" in the wheel`}},
		{"another Requires-Python", strings.Replace(ownMeta, ">=3.8,<4", ">=2.7", 1),
			[]string{`Requires-Python is ">=2.7" in the metadata file, ">=3.8,<4" in the wheel`}},
		{"no extra", strings.Replace(ownMeta, "Provides-Extra: cli\n", "", 1),
			[]string{`Provides-Extra "cli" only in the wheel`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			whl := realWheel(t, "demo", ownMeta)
			fake := newFake(map[string][]dist{"demo": {{name: "demo-1.0-py3-none-any.whl", body: whl, metadata: []byte(tc.meta)}}})
			fake.auth = "user:s3cret"
			srv := httptest.NewServer(fake)
			defer srv.Close()
			c := newClient(t, fetch.Options{Retries: -1})
			base := strings.Replace(srv.URL, "http://", "http://user:s3cret@", 1) + "/simple"
			idx := New(base, c)
			files, err := idx.Files(context.Background(), "demo")
			if err != nil || len(files) != 1 {
				t.Fatalf("%v %v", files, err)
			}
			fe := &Fetcher{Client: c}
			// Without the metadata file read first, nothing is compared.
			if _, err := fe.Fetch(context.Background(), files[0]); err != nil {
				t.Fatalf("fetch before any metadata: %v", err)
			}
			if _, err := fe.Metadata(context.Background(), files[0]); err != nil {
				t.Fatal(err)
			}
			_, err = fe.Fetch(context.Background(), files[0])
			if tc.want == nil {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				return
			}
			var mm *MetadataMismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("want *MetadataMismatchError, got %T %v", err, err)
			}
			if strings.Join(mm.Differences, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("differences:\n%s\nwant:\n%s", strings.Join(mm.Differences, "\n"), strings.Join(tc.want, "\n"))
			}
			msg := err.Error()
			if !strings.Contains(msg, srv.URL+"/simple") || !strings.Contains(msg, "demo-1.0-py3-none-any.whl") || strings.Contains(msg, "s3cret") {
				t.Errorf("message should name the index (no credentials) and the file: %s", msg)
			}
			if h := mm.Hint(); !strings.Contains(h, "operator") || !strings.Contains(h, "--no-cache") {
				t.Errorf("hint: %s", h)
			}
		})
	}
}
