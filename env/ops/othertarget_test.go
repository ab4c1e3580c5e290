package ops

import (
	"strings"
	"testing"

	"github.com/fwenv/fwenv/resolver/source"
)

// TestOtherTargetFormats: for another machine's interpreter, sdists are no
// longer refused outright (one with static metadata may be used), the
// versions with wheels come first, and --no-binary is still a usage error.
func TestOtherTargetFormats(t *testing.T) {
	sdist := source.File{Project: "demo", Filename: "demo-1.0.tar.gz", Kind: source.Sdist}
	tests := []struct {
		name       string
		ff         Formats
		allows     bool
		prefer     bool
		usageError string
	}{
		{"this machine", Formats{}, true, false, ""},
		{"another machine", Formats{OtherTarget: true}, true, true, ""},
		{"another machine, --only-binary :all:", Formats{OtherTarget: true, Options: []source.FormatOption{{OnlyBinary: true, Value: ":all:"}}}, false, true, ""},
		{"another machine, --no-binary demo", Formats{OtherTarget: true, Options: []source.FormatOption{{Value: "demo"}}}, false, false, "--no-binary demo"},
	}
	for _, tt := range tests {
		f, prefer, err := tt.ff.resolve()
		if tt.usageError != "" {
			if _, ok := err.(UsageError); !ok || !strings.Contains(err.Error(), tt.usageError) {
				t.Errorf("%s: %v, want a usage error naming %q", tt.name, err, tt.usageError)
			}
			continue
		}
		if err != nil || f.Allows(sdist) != tt.allows || prefer != tt.prefer {
			t.Errorf("%s: allows sdist %v, prefer %v, %v; want %v %v", tt.name, f.Allows(sdist), prefer, err, tt.allows, tt.prefer)
		}
	}
}

func TestPureWheel(t *testing.T) {
	for _, tt := range []struct {
		wheel string
		pure  bool
	}{
		{"/tmp/x/demo-1.0-py3-none-any.whl", true},
		{"/tmp/x/demo-1.0-py2.py3-none-any.whl", true},
		{"/tmp/x/demo-1.0-cp311-cp311-linux_x86_64.whl", false},
		{"/tmp/x/demo-1.0-cp311-abi3-any.whl", false},
		{"/tmp/x/demo-1.0-py3-none-manylinux2014_x86_64.whl", false},
	} {
		err := pureWheel("/src/demo-1.0.tar.gz", tt.wheel)
		if (err == nil) != tt.pure || err != nil && !strings.Contains(err.Error(), "demo-1.0.tar.gz: its wheel is not pure Python") {
			t.Errorf("%s: %v, want pure %v", tt.wheel, err, tt.pure)
		}
	}
}
