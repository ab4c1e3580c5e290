package source

import "testing"

// What pip 23.2.1 (Python 3.7 to 3.13) writes for a path: path_to_url and
// PurePath.as_uri quote every byte but letters, digits, "_.-~" and "/".
func TestFileURL(t *testing.T) {
	for in, want := range map[string]string{
		"/src/my proj":                 "file:///src/my%20proj",
		"/a/b-1.0_x.y~z/w.whl":         "file:///a/b-1.0_x.y~z/w.whl",
		"/tmp/dx+y@z!(1),=:~'/d.whl":   "file:///tmp/dx%2By%40z%21%281%29%2C%3D%3A~%27/d.whl",
		"/a b/x!$&'()*+,;=:@~é%#?[]{}": "file:///a%20b/x%21%24%26%27%28%29%2A%2B%2C%3B%3D%3A%40~%C3%A9%25%23%3F%5B%5D%7B%7D",
		"/bad\xffbyte\n":               "file:///bad%FFbyte%0A",
	} {
		got := FileURL(in)
		if got != want {
			t.Errorf("FileURL(%q) = %q, want %q", in, got, want)
		}
		if back, ok := FileURLPath(got); !ok || back != in {
			t.Errorf("FileURLPath(%q) = %q, %v; want %q", got, back, ok, in)
		}
	}
}

func TestFileURLPath(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"file:///a/b", "/a/b", true},
		{"file://localhost/a/./b/", "/a/b", true},
		{"file:///a/x+y@z", "/a/x+y@z", true},
		{"file://host/a", "", false},
		{"https://host/a", "", false},
		{"file:", "", false},
		{"file:///a%zz", "", false},
	} {
		if got, ok := FileURLPath(c.in); got != c.want || ok != c.ok {
			t.Errorf("FileURLPath(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
