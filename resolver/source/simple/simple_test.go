package simple

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

const page = "https://user:secret@idx.example/simple/demo/"

func TestParseHTML(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	tests := []struct {
		name string
		body string
		page string
		want []File
		warn int
	}{
		{
			name: "relative link with hash, requires-python entities, metadata hash",
			body: `<a href="../../files/demo-1.0-py3-none-any.whl#sha256=` + strings.ToUpper(sha) + `" data-requires-python="&gt;=3.8,&lt;4" data-core-metadata="sha256=` + sha + `">demo-1.0-py3-none-any.whl</a>`,
			page: page,
			want: []File{{
				Filename: "demo-1.0-py3-none-any.whl", URL: "https://idx.example/files/demo-1.0-py3-none-any.whl",
				Hashes: map[string]string{"sha256": sha}, RequiresPython: ">=3.8,<4",
				CoreMetadata: true, MetadataHashes: map[string]string{"sha256": sha},
			}},
		},
		{
			name: "yanked with and without a reason; legacy dist-info-metadata; core-metadata false",
			body: `<html><body>
<a href="demo-1.0.tar.gz" data-yanked="">demo-1.0.tar.gz</a><br>
<a href="demo-1.1.tar.gz" data-yanked="broken &amp; bad" data-dist-info-metadata="true">demo-1.1.tar.gz</a>
<a href="demo-1.2.tar.gz" data-core-metadata="false" data-dist-info-metadata="true">demo-1.2.tar.gz</a>
</body></html>`,
			page: "https://idx.example/simple/demo/",
			want: []File{
				{Filename: "demo-1.0.tar.gz", URL: "https://idx.example/simple/demo/demo-1.0.tar.gz", Yanked: true},
				{Filename: "demo-1.1.tar.gz", URL: "https://idx.example/simple/demo/demo-1.1.tar.gz", Yanked: true, YankedReason: "broken & bad", CoreMetadata: true},
				{Filename: "demo-1.2.tar.gz", URL: "https://idx.example/simple/demo/demo-1.2.tar.gz"},
			},
		},
		{
			name: "base href, upper-case tags, unquoted attributes, anchors without href, md5",
			body: `<HTML><HEAD><BASE HREF="https://cdn.example/pkgs/"></HEAD><BODY>
<A NAME=top>top</A>
<A HREF=demo-2.0.zip#md5=0123456789ABCDEF0123456789abcdef>demo</A>
</BODY>`,
			page: "https://idx.example/simple/demo/",
			want: []File{{Filename: "demo-2.0.zip", URL: "https://cdn.example/pkgs/demo-2.0.zip", Hashes: map[string]string{"md5": "0123456789abcdef0123456789abcdef"}}},
		},
		{
			name: "find-links page: absolute links, unclosed anchors, a link with no file name, escaped names",
			body: `<p>files<a href="https://h.example/a/demo_x-1.0-py3-none-any.whl">one<a href="https://h.example/a/">two</a><a href="https://h.example/a/demo%2Bx-1.0.tar.gz#egg=demo">three</a>`,
			page: "",
			want: []File{
				{Filename: "demo_x-1.0-py3-none-any.whl", URL: "https://h.example/a/demo_x-1.0-py3-none-any.whl"},
				{Filename: "two", URL: "https://h.example/a/"},
				{Filename: "demo+x-1.0.tar.gz", URL: "https://h.example/a/demo%2Bx-1.0.tar.gz"},
			},
		},
		{
			name: "credentials in the page URL and in a link are not kept",
			body: `<a href="https://u:p@other.example/x-1.0.tar.gz">x</a><a href="y-1.0.tar.gz">y</a>`,
			page: page,
			want: []File{
				{Filename: "x-1.0.tar.gz", URL: "https://other.example/x-1.0.tar.gz"},
				{Filename: "y-1.0.tar.gz", URL: "https://idx.example/simple/demo/y-1.0.tar.gz"},
			},
		},
		{
			name: "an href that is not a URL is left out with a warning",
			body: `<a href="http://[::1">bad</a><a href="ok-1.0.tar.gz">ok</a>`,
			page: "https://idx.example/simple/ok/",
			want: []File{{Filename: "ok-1.0.tar.gz", URL: "https://idx.example/simple/ok/ok-1.0.tar.gz"}},
			warn: 1,
		},
		{
			name: "links inside scripts and comments are not links",
			body: `<script>var s = '<a href="evil-1.0.tar.gz">';</script><!-- <a href="c-1.0.tar.gz"> --><a href="real-1.0.tar.gz">real</a>`,
			page: "https://idx.example/simple/real/",
			want: []File{{Filename: "real-1.0.tar.gz", URL: "https://idx.example/simple/real/real-1.0.tar.gz"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParseHTML([]byte(tc.body), tc.page)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Files, tc.want) {
				t.Errorf("files:\n got %#v\nwant %#v", p.Files, tc.want)
			}
			if len(p.Warnings) != tc.warn {
				t.Errorf("warnings %q, want %d", p.Warnings, tc.warn)
			}
			if p.Name != "" {
				t.Errorf("name %q from an HTML page", p.Name)
			}
		})
	}
}

func TestParseJSON(t *testing.T) {
	body := `{"meta": {"api-version": "1.1", "_last-serial": 3}, "name": "demo",
 "files": [
  {"filename": "demo-1.0-py3-none-any.whl", "url": "../../files/demo-1.0-py3-none-any.whl", "hashes": {"SHA256": "ABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCDABCD"},
   "requires-python": ">=3.8", "core-metadata": {"sha256": "EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01EF01"}, "size": 1234, "yanked": false, "upload-time": "2024-01-01T00:00:00Z"},
  {"filename": "demo-0.9.tar.gz", "url": "https://files.example/demo-0.9.tar.gz#sha256=beefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeef", "hashes": {},
   "dist-info-metadata": true, "yanked": "security hole"},
  {"filename": "demo-0.8.tar.gz", "url": "https://files.example/demo-0.8.tar.gz", "hashes": {}, "yanked": true, "core-metadata": false, "dist-info-metadata": true}
 ],
 "versions": ["0.8", "0.9", "1.0"]}`
	p, err := ParseJSON([]byte(body), page)
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{Name: "demo", Versions: []string{"0.8", "0.9", "1.0"}, Files: []File{
		{Filename: "demo-1.0-py3-none-any.whl", URL: "https://idx.example/files/demo-1.0-py3-none-any.whl", Hashes: map[string]string{"sha256": "abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd"},
			RequiresPython: ">=3.8", CoreMetadata: true, MetadataHashes: map[string]string{"sha256": "ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01ef01"}, Size: 1234},
		{Filename: "demo-0.9.tar.gz", URL: "https://files.example/demo-0.9.tar.gz", Hashes: map[string]string{"sha256": "beefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeefbeef"}, CoreMetadata: true, Yanked: true, YankedReason: "security hole"},
		{Filename: "demo-0.8.tar.gz", URL: "https://files.example/demo-0.8.tar.gz", Yanked: true},
	}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %#v\nwant %#v", p, want)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"meta": {"api-version": "2.0"}, "name": "x", "files": []}`, "meta.api-version 2.0 is not supported"},
		{`{"meta": {"api-version": "one"}, "files": []}`, `meta.api-version "one" is not a version`},
		{`{"name": "x", "files": [}`, "malformed JSON at line 1, column 25"},
		{"{\"name\": \"x\",\n \"files\": 3}", "files is a JSON number, expected []simple.jsonFile"},
		{`{"files": [{"filename": "a-1.tar.gz"}]}`, `files[0] ("a-1.tar.gz") has no url`},
		{`{"files": [{"filename": "a-1.tar.gz", "url": "a-1.tar.gz", "yanked": 3}]}`, "yanked: 3 is neither a boolean nor a string"},
		{`{"files": [{"filename": "a-1.tar.gz", "url": "a-1.tar.gz", "core-metadata": "yes"}]}`, "neither a boolean nor a table of hashes"},
		{`{"files": []} {"files": []}`, "data after the JSON object"},
		{`<html></html>`, "malformed JSON"},
	}
	for _, tc := range tests {
		_, err := ParseJSON([]byte(tc.body), page)
		if err == nil {
			t.Errorf("%s: no error", tc.body)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) || !strings.HasPrefix(msg, "index page https://***@idx.example/simple/demo/: ") {
			t.Errorf("%s: error %q, want the page and %q", tc.body, msg, tc.want)
		}
		if strings.Contains(msg, "secret") {
			t.Errorf("credentials in %q", msg)
		}
		var e *Error
		if !errors.As(err, &e) || e.Hint() == "" {
			t.Errorf("%s: no hint", tc.body)
		}
	}
}

func TestParseChoosesByContentType(t *testing.T) {
	jsonBody := []byte(`{"meta": {"api-version": "1.0"}, "name": "x", "files": [{"filename": "x-1.tar.gz", "url": "x-1.tar.gz", "hashes": {}}]}`)
	htmlBody := []byte(`<a href="x-1.tar.gz">x-1.tar.gz</a>`)
	for _, tc := range []struct {
		ct   string
		body []byte
		name string
	}{
		{JSONType, jsonBody, "x"},
		{JSONType + "; charset=utf-8", jsonBody, "x"},
		{"application/vnd.pypi.simple.latest+json", jsonBody, "x"},
		{HTMLType, htmlBody, ""},
		{"text/html; charset=utf-8", htmlBody, ""},
		{"", htmlBody, ""},
	} {
		p, err := Parse(tc.body, tc.ct, "https://idx.example/simple/x/")
		if err != nil {
			t.Fatalf("%q: %v", tc.ct, err)
		}
		if p.Name != tc.name || len(p.Files) != 1 || p.Files[0].URL != "https://idx.example/simple/x/x-1.tar.gz" {
			t.Errorf("%q: %#v", tc.ct, p)
		}
	}
}

func TestIndexPages(t *testing.T) {
	names, err := ParseIndexHTML([]byte(`<html><body><a href="/simple/demo-pkg/">Demo_Pkg</a><a href="other/"></a><a>no href</a></body></html>`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Demo_Pkg", "other", "no href"}; !reflect.DeepEqual(names, want) {
		t.Errorf("html names %q, want %q", names, want)
	}
	names, err = ParseIndexJSON([]byte(`{"meta": {"api-version": "1.0"}, "projects": [{"name": "Demo_Pkg"}, {"name": "b"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Demo_Pkg", "b"}; !reflect.DeepEqual(names, want) {
		t.Errorf("json names %q, want %q", names, want)
	}
	if _, err := ParseIndexJSON([]byte(`{"meta": {"api-version": "3.0"}, "projects": []}`)); err == nil {
		t.Error("api-version 3 accepted")
	}

	in := []string{"zeta", "Demo_Pkg", "alpha.b", "demo-pkg"}
	var hb, jb bytes.Buffer
	if err := WriteIndexHTML(&hb, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hb.String(), `<a href="alpha-b/">alpha.b</a>`) || !strings.Contains(hb.String(), `<a href="demo-pkg/">Demo_Pkg</a>`) {
		t.Errorf("index page:\n%s", hb.String())
	}
	want := []string{"alpha.b", "Demo_Pkg", "zeta"}
	if got, _ := ParseIndexHTML(hb.Bytes()); !reflect.DeepEqual(got, want) {
		t.Errorf("html round trip %q, want %q", got, want)
	}
	if err := WriteIndexJSON(&jb, in); err != nil {
		t.Fatal(err)
	}
	if got, _ := ParseIndexJSON(jb.Bytes()); !reflect.DeepEqual(got, want) {
		t.Errorf("json round trip %q, want %q", got, want)
	}
}

// sample is a project using every field.
func sample() *Project {
	sha := strings.Repeat("0f", 32)
	return &Project{
		Name:     "demo-pkg",
		Versions: []string{"0.9", "1.0"},
		Files: []File{
			{Filename: "demo_pkg-1.0-py3-none-any.whl", URL: "https://idx.example/files/demo_pkg-1.0-py3-none-any.whl",
				Hashes: map[string]string{"sha256": sha}, RequiresPython: ">=3.8,<4", CoreMetadata: true,
				MetadataHashes: map[string]string{"sha256": strings.Repeat("1e", 32)}, Size: 2048},
			{Filename: "demo_pkg-0.9.tar.gz", URL: "https://idx.example/files/demo_pkg-0.9.tar.gz",
				Hashes: map[string]string{"sha512": strings.Repeat("aa", 64)}, Yanked: true, YankedReason: `"quotes" & <tags>`, Size: 10},
			{Filename: "demo_pkg-0.9-py2.py3-none-any.whl", URL: "https://idx.example/files/demo_pkg-0.9-py2.py3-none-any.whl", Yanked: true, CoreMetadata: true},
		},
	}
}

func TestRoundTrip(t *testing.T) {
	p := sample()
	sorted := &Project{Name: p.Name, Versions: p.Versions, Files: sortedFiles(p.Files)}

	var jb bytes.Buffer
	if err := WriteProjectJSON(&jb, p); err != nil {
		t.Fatal(err)
	}
	got, err := ParseJSON(jb.Bytes(), "https://idx.example/simple/demo-pkg/")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sorted) {
		t.Errorf("JSON round trip:\n got %#v\nwant %#v\n%s", got, sorted, jb.String())
	}

	var hb bytes.Buffer
	if err := WriteProjectHTML(&hb, p); err != nil {
		t.Fatal(err)
	}
	got, err = ParseHTML(hb.Bytes(), "https://idx.example/simple/demo-pkg/")
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{}
	for _, f := range sorted.Files {
		f.Size = 0 // HTML carries no size
		want.Files = append(want.Files, f)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("HTML round trip:\n got %#v\nwant %#v\n%s", got, want, hb.String())
	}

	// Deterministic: the same project in another order writes the same bytes.
	rev := sample()
	rev.Files[0], rev.Files[2] = rev.Files[2], rev.Files[0]
	var jb2, hb2 bytes.Buffer
	WriteProjectJSON(&jb2, rev)
	WriteProjectHTML(&hb2, rev)
	if jb.String() != jb2.String() || hb.String() != hb2.String() {
		t.Error("pages depend on the order of Files")
	}
}

func TestRoundTripRelativeLinks(t *testing.T) {
	p := &Project{Files: []File{{Filename: "a-1.0.tar.gz", URL: "../../a-1.0.tar.gz", Hashes: map[string]string{"sha256": "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff"}, CoreMetadata: true}}}
	var hb bytes.Buffer
	WriteProjectHTML(&hb, p)
	got, err := ParseHTML(hb.Bytes(), "http://127.0.0.1:8000/simple/a/")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 1 || got.Files[0].URL != "http://127.0.0.1:8000/a-1.0.tar.gz" || got.Files[0].MetadataURL() != "http://127.0.0.1:8000/a-1.0.tar.gz.metadata" {
		t.Errorf("%#v", got.Files)
	}
}

func TestWriteHTMLShape(t *testing.T) {
	var b bytes.Buffer
	WriteProjectHTML(&b, sample())
	s := b.String()
	for _, want := range []string{
		`<meta name="pypi:repository-version" content="1.1">`,
		`<title>Links for demo-pkg</title>`,
		`href="https://idx.example/files/demo_pkg-0.9.tar.gz#sha512=` + strings.Repeat("aa", 64) + `"`,
		`data-requires-python="&gt;=3.8,&lt;4"`,
		`data-dist-info-metadata="sha256=` + strings.Repeat("1e", 32) + `" data-core-metadata="sha256=` + strings.Repeat("1e", 32) + `"`,
		`data-yanked="&#34;quotes&#34; &amp; &lt;tags&gt;"`,
		`data-dist-info-metadata="true" data-core-metadata="true" data-yanked="">demo_pkg-0.9-py2.py3-none-any.whl</a>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s:\n%s", want, s)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	var b bytes.Buffer
	WriteProjectHTML(&b, sample())
	f.Add(b.String(), "https://idx.example/simple/demo/")
	f.Add(`<base href="//x"><a href="?#sha256=zz" data-core-metadata="md5=">`, "")
	f.Add(`<a href="%zz">`, "http://[::1]:80/")
	f.Fuzz(func(t *testing.T, body, pageURL string) {
		p, err := ParseHTML([]byte(body), pageURL)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteProjectHTML(&out, p); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	var b bytes.Buffer
	WriteProjectJSON(&b, sample())
	f.Add(b.String(), "https://idx.example/simple/demo/")
	f.Add(`{"meta":{"api-version":"1"},"files":[{"url":"","yanked":"","core-metadata":{}}]}`, "")
	f.Add(`{"files":[{"url":"%zz"}]}`, "")
	f.Fuzz(func(t *testing.T, body, pageURL string) {
		p, err := ParseJSON([]byte(body), pageURL)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteProjectJSON(&out, p); err != nil {
			t.Fatal(err)
		}
	})
}

// A hash announced for a file that is not hex of its algorithm's length is
// an error naming the page and the link, never a file without a hash.
func TestBrokenHashes(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	const whl = "demo-1.0-py3-none-any.whl"
	html := func(attrs string) string { return `<a href="` + whl + attrs + `">` + whl + `</a>` }
	bad := map[string]func() (*Project, error){
		"#sha256=zz":     func() (*Project, error) { return ParseHTML([]byte(html("#sha256=zz")), page) },
		"#sha256=":       func() (*Project, error) { return ParseHTML([]byte(html("#sha256=")), page) },
		"#sha256=0000":   func() (*Project, error) { return ParseHTML([]byte(html("#sha256=0000")), page) },
		"#md5=00":        func() (*Project, error) { return ParseHTML([]byte(html("#md5=00")), page) },
		"#SHA512=" + sha: func() (*Project, error) { return ParseHTML([]byte(html("#SHA512="+sha)), page) },
		"core-metadata": func() (*Project, error) {
			return ParseHTML([]byte(html(`#sha256=`+sha+`" data-core-metadata="sha256=zz`)), page)
		},
		"json hashes": func() (*Project, error) { return ParseJSON([]byte(jsonPage(`"hashes": {"sha256": ""}`)), page) },
		"json fragment": func() (*Project, error) {
			return ParseJSON([]byte(`{"meta": {"api-version": "1.0"}, "name": "demo", "files": [{"filename": "`+whl+`", "url": "`+whl+`#sha256=zz", "hashes": {}}]}`), page)
		},
		"json metadata": func() (*Project, error) {
			return ParseJSON([]byte(jsonPage(`"hashes": {}, "core-metadata": {"sha256": "x"}`)), page)
		},
	}
	for name, parse := range bad {
		p, err := parse()
		var pe *Error
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), whl) || !strings.Contains(err.Error(), "idx.example") || !strings.Contains(pe.Hint(), "broken hash") {
			t.Errorf("%s: got %v, %v; want an error naming the page and the link", name, p, err)
		}
	}
	// Well-formed: md5 and sha1 are kept (and not checked by fwenv, which
	// treats a file with only those as one without a hash); keys that are
	// not hashes are ignored.
	p, err := ParseHTML([]byte(html("#md5="+sha[:32]+"&egg=demo&sha1="+sha[:40])), page)
	if err != nil || p.Files[0].Hashes["md5"] != sha[:32] || p.Files[0].Hashes["sha1"] != sha[:40] || len(p.Files[0].Hashes) != 2 {
		t.Errorf("got %+v, %v", p, err)
	}
}

func jsonPage(fileFields string) string {
	return `{"meta": {"api-version": "1.0"}, "name": "demo", "files": [{"filename": "demo-1.0-py3-none-any.whl", "url": "demo-1.0-py3-none-any.whl", ` + fileFields + `}]}`
}
