package caps

import "testing"

func TestFill(t *testing.T) {
	var size, total, ratio, min, meta int64 = 0, -1, 7, 0, 0
	files := 0
	var same func(a, b string) bool
	Fill(Fields{&size, &total, &files, &ratio, &min, &meta, &same}, 10, 20)
	if size != 10 || total != 20 || files != DefaultMaxFiles || ratio != 7 || min != DefaultRatioMinSize || meta != DefaultMaxMetadataSize {
		t.Errorf("filled %d %d %d %d %d %d", size, total, files, ratio, min, meta)
	}
	if same == nil || !same("1.0-a", "1.0_A") {
		t.Error("SameVersion is not the loose comparison")
	}
	keep := func(a, b string) bool { return false }
	same = keep
	Fill(Fields{&size, &total, &files, &ratio, &min, &meta, &same}, 1, 2)
	if size != 10 || total != 20 || same("x", "x") {
		t.Error("Fill replaced a value the caller set")
	}
}
