package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/site"
	"github.com/fwenv/fwenv/lockfile/lock"
)

func TestChangeString(t *testing.T) {
	for _, tt := range []struct {
		c    Change
		want string
	}{
		{Change{Action: "install", Name: "framework", To: "1.0", What: "framework-1.0-py3-none-any.whl"}, "install framework 1.0 (framework-1.0-py3-none-any.whl)"},
		{Change{Action: "downgrade", Name: "framework", From: "2.0", To: "1.0", What: "f.whl"}, "downgrade framework 2.0 -> 1.0 (f.whl)"},
		{Change{Action: "upgrade", Name: "x", From: "1", To: "2"}, "upgrade x 1 -> 2"},
		{Change{Action: Reinstall, Name: "proj", From: "0.3", To: "0.3", What: "/src/proj"}, "reinstall proj 0.3 (/src/proj)"},
		{Change{Action: Remove, Name: "extra-thing", From: "1.0"}, "remove extra-thing 1.0"},
	} {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v: got %q, want %q", tt.c, got, tt.want)
		}
	}
	for from, to := range map[[2]string]string{{"1.0", "2.0"}: "upgrade", {"2.0", "1.0"}: "downgrade", {"1.0", "1.0"}: Reinstall, {"1.0", ""}: Reinstall} {
		if got := versionAction(from[0], from[1]); got != to {
			t.Errorf("versionAction(%q, %q) = %q, want %q", from[0], from[1], got, to)
		}
	}
}

func TestFromLockEditables(t *testing.T) {
	src := t.TempDir()
	fw, other := filepath.Join(src, "framework"), filepath.Join(src, "other")
	os.MkdirAll(fw, 0o755)
	os.MkdirAll(other, 0o755)
	// framework is installed in place from fw; plugin is a built copy.
	db := installedDB(t, map[string][]string{"framework 0.0.1": nil, "plugin 1.0": nil})
	du := `{"url": "file://` + fw + `", "dir_info": {"editable": true}}`
	os.WriteFile(filepath.Join(db.Layout.Purelib, "framework-0.0.1.dist-info", "direct_url.json"), []byte(du), 0o644)
	db, err := site.Open(db.Layout)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		l    lock.Entry
		want string // the change, "" when kept
	}{
		{"editable, same folder and version: kept", lock.Entry{Name: "framework", Version: "0.0.1", Dir: fw + "/", Editable: true}, ""},
		{"editable, another folder: installed again", lock.Entry{Name: "framework", Version: "0.0.1", Dir: other, Editable: true}, "reinstall framework 0.0.1 (" + other + ")"},
		{"editable, another version", lock.Entry{Name: "framework", Version: "0.0.2", Dir: fw, Editable: true}, "upgrade framework 0.0.1 -> 0.0.2 (" + fw + ")"},
		{"a wheel over the editable", lock.Entry{Name: "framework", Version: "0.0.1", File: "framework-0.0.1-py3-none-any.whl"}, "~ framework 0.0.1 (editable → wheel)"},
		{"a folder, not editable, over the editable", lock.Entry{Name: "framework", Version: "0.0.1", Dir: fw}, "~ framework 0.0.1 (editable → wheel)"},
		{"editable over a built copy", lock.Entry{Name: "plugin", Version: "1.0", Dir: other, Editable: true}, "~ plugin 1.0 (wheel → editable)"},
		{"a wheel over a built copy: kept", lock.Entry{Name: "plugin", Version: "1.0", File: "plugin-1.0-py3-none-any.whl"}, ""},
	} {
		p := FromLock([]lock.Entry{tt.l}, db, false)
		var got string
		if len(p.Changes) > 0 {
			got = p.Changes[0].String()
		}
		if got != tt.want || len(p.Changes) != len(p.Install) || len(p.Changes) > 1 {
			t.Errorf("%s: got %q (%d to install), want %q", tt.name, got, len(p.Install), tt.want)
		}
		if sw := p.Switches(); (len(sw) == 1) != strings.HasPrefix(tt.want, "~") {
			t.Errorf("%s: switches %v", tt.name, sw)
		}
	}
}
