package requirements

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
)

func reader(files map[string]string) *Reader {
	fs := afero.NewMemMapFs()
	for p, body := range files {
		afero.WriteFile(fs, p, []byte(body), 0o644)
	}
	return &Reader{Fs: afero.Afero{Fs: fs}, Getenv: func(k string) string {
		if k == "PKGS" {
			return "/srv/pkgs"
		}
		return ""
	}}
}

func TestRead(t *testing.T) {
	r := reader(map[string]string{
		"/p/reqs.txt": `# the framework and plugins
framework==0.0.1
framework.typeA.plugin1 >=0.0.1 ; python_version >= "3.8"   # trailing comment
requests[socks] \
    >=2.8,<3
-e ./typeA_plugin2
./pkgs/framework-0.0.1.tar.gz
pkgs/other-1.0-py3-none-any.whl
flask==2.0 --hash=sha256:abc --hash sha256:def
-f ${PKGS}
--find-links=local
--no-index
--pre
-r sub/more.txt
-c constraints.txt
https://example.invalid/x-1.0.tar.gz
name @ https://example.invalid/name-1.0.whl
`,
		"/p/sub/more.txt":    "six\n-r ../leaf.txt\n",
		"/p/leaf.txt":        "leafpkg\n",
		"/p/constraints.txt": "urllib3<2\n",
	})
	f, err := r.Read("/p/reqs.txt")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range f.Requirements {
		s := q.Req.String()
		if q.Path != "" {
			s = "path:" + q.Path
		}
		if q.URL != "" {
			s = "url:" + q.URL
		}
		if q.Editable {
			s = "-e " + s
		}
		if q.Constraint {
			s = "constraint " + s
		}
		if len(q.Hashes) > 0 {
			s += " hashes=" + strings.Join(q.Hashes, ",")
		}
		got = append(got, s)
	}
	want := []string{
		"framework==0.0.1",
		`framework.typeA.plugin1>=0.0.1; python_version >= "3.8"`,
		"requests[socks]<3,>=2.8",
		"-e path:/p/typeA_plugin2",
		"path:/p/pkgs/framework-0.0.1.tar.gz",
		"path:/p/pkgs/other-1.0-py3-none-any.whl",
		"flask==2.0 hashes=sha256:abc,sha256:def",
		"six",
		"leafpkg",
		"constraint urllib3<2",
		"url:https://example.invalid/x-1.0.tar.gz",
		"name@ https://example.invalid/name-1.0.whl",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d requirements:\n%s", len(got), strings.Join(got, "\n"))
	}
	for i := range want {
		if normalizeSpaces(got[i]) != normalizeSpaces(want[i]) {
			t.Errorf("line %d: got %q, want %q", i, got[i], want[i])
		}
	}
	if strings.Join(f.Options.FindLinks, ",") != "/srv/pkgs,/p/local" || !f.Options.NoIndex || !f.Options.Pre {
		t.Errorf("options: %+v", f.Options)
	}
	if f.Requirements[2].Line != 4 || f.Requirements[8].File != "/p/leaf.txt" {
		t.Errorf("positions: %+v %+v", f.Requirements[2], f.Requirements[8])
	}
}

func normalizeSpaces(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "@", " @ ")), " ")
}

func TestErrors(t *testing.T) {
	for body, want := range map[string]string{
		"ok\nframework==\n":             "/r.txt:2: ",
		"--unknown-option\n":            `/r.txt:1: unknown option "--unknown-option"`,
		"-r\n":                          "/r.txt:1: -r needs a value",
		"-r missing.txt\n":              "/missing.txt: no such file",
		"-r /r.txt\n":                   "includes itself",
		"x==1 --hash=md5:abc\n":         `unsupported algorithm "md5"`,
		"x==1 --hash=abc\n":             "expected ALGORITHM:HEX",
		"x==1 --install-option=--foo\n": "is not supported",
		"-r https://h/r.txt\n":          "not URLs",
	} {
		_, err := reader(map[string]string{"/r.txt": body}).Read("/r.txt")
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want %q", body, err, want)
		}
		if err != nil {
			if h, ok := err.(interface{ Hint() string }); !ok || h.Hint() == "" {
				t.Errorf("%q: no hint", body)
			}
		}
	}
}
