package source

import "testing"

func TestFormats(t *testing.T) {
	for _, c := range []struct {
		only, no     []string
		project      string
		wheel, sdist bool
	}{
		{nil, nil, "x", true, true},
		{[]string{":all:"}, nil, "x", true, false},
		{[]string{":all:"}, []string{"x"}, "x", false, true},
		{[]string{":all:"}, []string{"x"}, "y", true, false},
		{nil, []string{":all:"}, "Some_Thing", false, true},
		{[]string{"some-thing"}, []string{":all:"}, "Some_Thing", false, true}, // :all: later clears
		{[]string{":all:", ":none:"}, nil, "x", true, true},
		{[]string{"a,b"}, nil, "b", true, false},
	} {
		f, err := ParseFormats(c.only, c.no)
		if err != nil {
			t.Fatal(err)
		}
		w := f.Allows(File{Project: c.project, Kind: Wheel})
		s := f.Allows(File{Project: c.project, Kind: Sdist})
		if w != c.wheel || s != c.sdist {
			t.Errorf("only %v no %v %s: wheel %v sdist %v, want %v %v", c.only, c.no, c.project, w, s, c.wheel, c.sdist)
		}
	}
	for _, bad := range []string{"", "a,,b", "x>=1"} {
		if _, err := ParseFormats([]string{bad}, nil); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The two options are applied in the order given, as pip applies them.
func TestFormatOptionsOrder(t *testing.T) {
	only := func(v string) FormatOption { return FormatOption{OnlyBinary: true, Value: v} }
	no := func(v string) FormatOption { return FormatOption{Value: v} }
	for _, c := range []struct {
		opts         []FormatOption
		project      string
		wheel, sdist bool
	}{
		{[]FormatOption{no("x"), only("x")}, "x", true, false},
		{[]FormatOption{only("x"), no("x")}, "x", false, true},
		{[]FormatOption{only(":all:"), no("x")}, "x", false, true},
		{[]FormatOption{no("x"), only(":all:")}, "x", true, false}, // :all: clears the other option
		{[]FormatOption{no(":all:"), only("x")}, "x", true, false}, // a name beats :all:
		{[]FormatOption{no(":all:"), only("x")}, "y", false, true},
		{[]FormatOption{only(":all:"), only(":none:"), no("x")}, "y", true, true},
	} {
		f, err := ParseFormatOptions(c.opts)
		if err != nil {
			t.Fatal(err)
		}
		w := f.Allows(File{Project: c.project, Kind: Wheel})
		s := f.Allows(File{Project: c.project, Kind: Sdist})
		if w != c.wheel || s != c.sdist {
			t.Errorf("%+v %s: wheel %v sdist %v, want %v %v", c.opts, c.project, w, s, c.wheel, c.sdist)
		}
	}
}
