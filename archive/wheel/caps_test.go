package wheel

import (
	"errors"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/archive/bounded"
)

// The wheel reader's default caps come from archive/bounded, the caps of
// the installed-database reader: a wheel fwenv installs must stay readable
// in the environment (a METADATA the database refuses would make the
// distribution invisible to list, uninstall and check), and the RECORD an
// install writes, larger than the wheel's, must fit bounded.Record.
func TestDefaultCapsMatchInstalledDatabase(t *testing.T) {
	if bounded.WheelRecord*5/2 >= bounded.Record {
		t.Fatalf("bounded.WheelRecord %d leaves no room under bounded.Record %d for the rows an install adds", bounded.WheelRecord, bounded.Record)
	}
	const di = "demo-1.0.dist-info/"
	over := func(limit int64, line string) string {
		return strings.Repeat(line, int(limit)/len(line)+1)
	}
	tests := []struct {
		name   string
		fx     fixture
		member string
	}{
		{"METADATA over bounded.Metadata", fixture{metadata: strp(validMetadata + over(bounded.Metadata, "Classifier: Programming Language :: Python\n"))}, di + "METADATA"},
		{"entry_points.txt over bounded.Metadata", fixture{entryPoints: "[console_scripts]\n" + over(bounded.Metadata, "# a comment line that pads the file\n")}, di + "entry_points.txt"},
		{"RECORD over bounded.WheelRecord", fixture{extraRecord: over(bounded.WheelRecord, "demo/__pycache__/padding.cpython-312.pyc,,\n")}, di + "RECORD"},
	}
	// Repetitive padding compresses far better than real text: only the
	// ratio cap is lifted, the size caps keep their defaults.
	opts := &Options{MaxRatio: 1 << 30}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.fx.open(t, opts)
			checkRefusal(t, err, ErrTooLarge, tt.member, false)
		})
	}

	t.Run("ReadDistInfo over bounded.Metadata", func(t *testing.T) {
		w, err := fixture{members: []member{{name: di + "LICENSE", data: over(bounded.Metadata, "all rights reserved\n")}}}.open(t, opts)
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.ReadDistInfo("LICENSE")
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "16 MiB") {
			t.Fatalf("ReadDistInfo of a file over the cap: %v; want ErrTooLarge naming 16 MiB", err)
		}
	})

	t.Run("just under the caps", func(t *testing.T) {
		md := validMetadata + over(bounded.Metadata-int64(len(validMetadata))-200, "Classifier: x\n")
		if _, err := (fixture{metadata: strp(md)}).open(t, opts); err != nil {
			t.Fatalf("a METADATA of %d bytes refused: %v", len(md), err)
		}
	})
}
