package source

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/fwenv/fwenv/resolver/pep440"
)

// fixed is a source with a fixed answer.
type fixed struct {
	name  string
	files []File
	err   error
}

func (f fixed) Files(context.Context, string) ([]File, error) { return f.files, f.err }
func (f fixed) String() string                                { return f.name }

var errGone = errors.New("cannot reach")

func TestMultiPassesOverUnreachableIndexes(t *testing.T) {
	file := func(origin string) File {
		return File{Project: "a", Version: pep440.MustParse("1.0"), Filename: "a-1.0.tar.gz", Origin: origin}
	}
	gone := fixed{name: "gone", err: errGone}
	broken := fixed{name: "broken", err: errors.New("HTTP 500")}
	local := fixed{name: "pkgs", files: []File{file("pkgs")}}
	other := fixed{name: "other", files: []File{file("other")}}
	empty := fixed{name: "empty"}
	for _, tt := range []struct {
		name       string
		m          Multi
		wantErr    error
		wantFrom   []string
		wantPassed []string
	}{
		{"folder serves", Multi{Local: []Source{local}, Indexes: []Source{gone}}, nil, []string{"pkgs"}, []string{"gone"}},
		{"next index serves", Multi{Indexes: []Source{gone, other}}, nil, []string{"other"}, []string{"gone"}},
		{"an index that answers nothing still answered", Multi{Indexes: []Source{gone, empty}}, nil, nil, []string{"gone"}},
		{"no other source: the failure", Multi{Indexes: []Source{gone}}, errGone, nil, nil},
		{"every index gone: the first failure", Multi{Indexes: []Source{gone, gone}}, errGone, nil, nil},
		{"other failures are not passed over", Multi{Local: []Source{local}, Indexes: []Source{broken}}, broken.err, nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var passed []string
			tt.m.Passable = func(err error) bool { return errors.Is(err, errGone) }
			tt.m.Passed = func(s Source, err error) { passed = append(passed, s.String()) }
			fs, err := tt.m.Files(context.Background(), "a")
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			var from []string
			for _, f := range fs {
				from = append(from, f.Origin)
			}
			if !reflect.DeepEqual(from, tt.wantFrom) || !reflect.DeepEqual(passed, tt.wantPassed) {
				t.Errorf("files from %v, passed over %v; want %v, %v", from, passed, tt.wantFrom, tt.wantPassed)
			}
		})
	}
	// Without Passable every failure is the answer.
	if _, err := (&Multi{Local: []Source{local}, Indexes: []Source{gone}}).Files(context.Background(), "a"); !errors.Is(err, errGone) {
		t.Errorf("without Passable: err %v", err)
	}
}
