package site

import (
	"reflect"
	"testing"
)

func TestDuplicatesGroupsFlaggedNames(t *testing.T) {
	a, b, c := &Dist{Name: "plugin-a"}, &Dist{Name: "plugin-b"}, &Dist{Name: "plugin-c"}
	rows := []EntryPointRow{
		{Group: "typeA", Name: "run", Dist: a, Duplicate: true},
		{Group: "typeA", Name: "solo", Dist: a},
		{Group: "typeA", Name: "run", Dist: b, Duplicate: true},
		{Group: "typeB", Name: "run", Dist: c},
		{Group: "console_scripts", Name: "fw", Dist: b, Duplicate: true},
		{Group: "console_scripts", Name: "fw", Dist: c, Duplicate: true},
	}
	want := []DuplicateName{
		{Group: "typeA", Name: "run", Dists: []string{"plugin-a", "plugin-b"}},
		{Group: "console_scripts", Name: "fw", Dists: []string{"plugin-b", "plugin-c"}},
	}
	if got := Duplicates(rows); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if got := Duplicates(rows[1:2]); got != nil {
		t.Errorf("no duplicates: got %+v", got)
	}
}

func TestUnreadEntryPoints(t *testing.T) {
	db := &DB{dists: []*Dist{{Name: "ok"}, {Name: "bad", EntryPointsError: "line 2: no section"}}}
	if got := UnreadEntryPoints(db); !reflect.DeepEqual(got, []string{"bad"}) {
		t.Errorf("got %v", got)
	}
}
