package install

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fwenv/fwenv/env/install/lock"
)

// TestRecoverRefusesPlantedJournal: a journal whose operations fwenv would
// never write (paths out of the environment, through a link, onto its own
// files, copies kept outside the transaction folder) is refused whole
// before anything is done: the error names the journal and the operation,
// carries a hint, and nothing changes, in the environment or outside.
func TestRecoverRefusesPlantedJournal(t *testing.T) {
	cases := []struct {
		name  string
		ops   string
		setup func(t *testing.T, tg *Target, txn, outside string)
		want  string
	}{
		{"parent path to a folder", `{"p":true,"r":"../out/victimdir","s":0,"dir":true},{"p":true,"r":"pyvenv.cfg","s":0}`,
			func(t *testing.T, _ *Target, txn, _ string) { os.MkdirAll(filepath.Join(txn, "new", "out"), 0o755) },
			`operation 1 (put "../out/victimdir") is not a clean relative path`},
		{"parent path to a file", `{"p":true,"r":"lib/../../out/f.txt","s":0}`, nil, `operation 1 (put "lib/../../out/f.txt") is not a clean`},
		{"absolute path", `{"r":"/etc/passwd"}`, nil, `operation 1 (delete "/etc/passwd") is not a clean`},
		{"empty path", `{"r":""}`, nil, `is not a clean relative path`},
		{"pyvenv.cfg", `{"p":true,"r":"lib/x.py","s":0},{"p":true,"r":"pyvenv.cfg","s":0}`, nil, `operation 2 (put "pyvenv.cfg") is refused: would replace the environment's own file`},
		{"the interpreter", `{"r":"bin/python"}`, nil, `operation 1 (delete "bin/python") is refused`},
		{"an activation script", `{"p":true,"r":"bin/activate","s":0,"h":true}`, nil, `operation 1 (put "bin/activate") is refused`},
		{".fwenv", `{"r":".fwenv/lock"}`, nil, `operation 1 (delete ".fwenv/lock") is refused`},
		{"the scripts folder", `{"p":true,"r":"bin","s":0,"dir":true}`, nil, `operation 1 (put "bin") is one of the environment's own folders`},
		{"site-packages", `{"r":"lib/python3.11/site-packages"}`, nil, `is one of the environment's own folders`},
		{"through a link", `{"p":true,"r":"lib/python3.11/site-packages/outlink/f.txt","s":0}`,
			func(t *testing.T, tg *Target, _, outside string) {
				if err := os.Symlink(outside, filepath.Join(tg.Layout.Purelib, "outlink")); err != nil {
					t.Fatal(err)
				}
			}, `is refused: would be written through the symbolic link`},
		{"staged copy through a link", `{"p":true,"r":"victimdir","s":0,"dir":true}`,
			func(t *testing.T, _ *Target, txn, outside string) {
				os.Remove(filepath.Join(txn, "new", "0"))
				if err := os.Symlink(outside, filepath.Join(txn, "new", "0")); err != nil {
					t.Fatal(err)
				}
			}, `operation 1 (put "victimdir") keeps its copy`},
		{"saved copy through a link", `{"r":"victimdir"}`,
			func(t *testing.T, _ *Target, txn, outside string) {
				if err := os.Symlink(outside, filepath.Join(txn, "old")); err != nil {
					t.Fatal(err)
				}
			}, `operation 1 (delete "victimdir") keeps its copy`},
		{"negative stage", `{"p":true,"r":"lib/x.py","s":-1}`, nil, `is not an operation fwenv writes`},
		{"staged copy is a link", `{"p":true,"r":"lib/python3.11/site-packages/y","s":0}`,
			func(t *testing.T, _ *Target, txn, outside string) {
				d := filepath.Join(txn, "new", "0", "lib", "python3.11", "site-packages")
				os.MkdirAll(d, 0o755)
				if err := os.Symlink(outside, filepath.Join(d, "y")); err != nil {
					t.Fatal(err)
				}
			}, `has a staged copy that is a symbolic link`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := fakeTarget(t)
			if _, err := Recover(tg, nil); err != nil {
				t.Fatal(err)
			}
			outside := filepath.Join(filepath.Dir(tg.Layout.Root), "out")
			os.MkdirAll(filepath.Join(outside, "victimdir"), 0o755)
			os.WriteFile(filepath.Join(outside, "victimdir", "data.txt"), []byte("precious\n"), 0o644)
			os.WriteFile(filepath.Join(outside, "f.txt"), []byte("precious\n"), 0o644)
			os.WriteFile(filepath.Join(tg.Layout.Root, "victimdir"), []byte("mine\n"), 0o644)
			txn := filepath.Join(txnRoot(tg.Layout.Root), "777")
			os.MkdirAll(filepath.Join(txn, "new", "0"), 0o755)
			if c.setup != nil {
				c.setup(t, tg, txn, outside)
			}
			jpath := filepath.Join(txn, journalName)
			os.WriteFile(jpath, []byte(`{"version":1,"root":"x","started":"x","command":"install","ops":[`+c.ops+`]}`), 0o644)
			before, outBefore, txnBefore := snapshot(t, tg.Layout.Root), snapshot(t, outside), snapshot(t, txn)

			_, err := Recover(tg, nil)
			if err == nil {
				t.Fatal("a planted journal was acted on")
			}
			msg := err.Error()
			if !strings.Contains(msg, jpath+": refusing the journal") || !strings.Contains(msg, c.want) || !strings.Contains(msg, "\nhint: this journal is not one fwenv wrote") {
				t.Errorf("the error does not name the journal %s, the operation (%s) and a hint:\n%s", jpath, c.want, msg)
			}
			if d := diffSnap(before, snapshot(t, tg.Layout.Root)); len(d) > 0 {
				t.Errorf("environment changed: %v", d)
			}
			if d := diffSnap(outBefore, snapshot(t, outside)); len(d) > 0 {
				t.Errorf("outside changed: %v", d)
			}
			if d := diffSnap(txnBefore, snapshot(t, txn)); len(d) > 0 {
				t.Errorf("transaction folder changed: %v", d)
			}
			// An install refuses the same way, and installs nothing.
			whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "good", Version: "1", Files: map[string]string{"good.py": "x\n"}})
			if _, err := Install(tg, []Request{req(whl)}, testOptions(t)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("install: %v", err)
			}
			if _, err := os.Lstat(filepath.Join(tg.Layout.Purelib, "good.py")); err == nil {
				t.Error("installed despite the refused journal")
			}
		})
	}
}

// TestRecoverKeepsGoodJournalsOnlyWhenAllPass: a good interrupted
// transaction is not rolled back while another journal is refused.
func TestRecoverChecksEveryJournalFirst(t *testing.T) {
	tg := fakeTarget(t)
	Recover(tg, nil)
	base := txnRoot(tg.Layout.Root)
	good := filepath.Join(base, "1-good")
	os.MkdirAll(filepath.Join(good, "new", "0"), 0o755)
	os.WriteFile(filepath.Join(tg.Layout.Purelib, "mod.py"), []byte("new\n"), 0o644) // moved in, not committed
	os.WriteFile(filepath.Join(good, journalName), []byte(`{"version":1,"command":"install","ops":[{"p":true,"r":"lib/python3.11/site-packages/mod.py","s":0}]}`), 0o644)
	bad := filepath.Join(base, "2-bad")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, journalName), []byte(`{"version":1,"command":"install","ops":[{"r":"../x"}]}`), 0o644)
	if _, err := Recover(tg, nil); err == nil || !strings.Contains(err.Error(), filepath.Join(bad, journalName)) {
		t.Fatalf("want the bad journal refused: %v", err)
	}
	if _, err := os.Stat(filepath.Join(tg.Layout.Purelib, "mod.py")); err != nil {
		t.Error("the good transaction was rolled back before every journal was checked")
	}
	os.RemoveAll(bad)
	msgs, err := Recover(tg, nil)
	if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0], "rolled back an interrupted install (1 files)") {
		t.Fatalf("%v %v", msgs, err)
	}
	if _, err := os.Lstat(filepath.Join(tg.Layout.Purelib, "mod.py")); err == nil {
		t.Error("the good transaction was not rolled back")
	}
}

// TestStateFolderLinks: a symbolic link (or a file) at .fwenv or
// .fwenv/txn is never followed: the lock and the transactions are not made
// where it leads, a leftover folder there is not deleted, and the error
// names the link with a hint.
func TestStateFolderLinks(t *testing.T) {
	for _, at := range []string{".fwenv", ".fwenv/txn"} {
		for _, kind := range []string{"link", "file"} {
			t.Run(at+" "+kind, func(t *testing.T) {
				tg := fakeTarget(t)
				outside := t.TempDir()
				os.MkdirAll(filepath.Join(outside, "leftover"), 0o755) // looks like a transaction without a journal
				os.WriteFile(filepath.Join(outside, "leftover", "data.txt"), []byte("precious\n"), 0o644)
				p := filepath.Join(tg.Layout.Root, filepath.FromSlash(at))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if kind == "link" {
					if err := os.Symlink(outside, p); err != nil {
						t.Fatal(err)
					}
				} else {
					os.WriteFile(p, []byte("x\n"), 0o644)
				}
				whl := buildWheel(t, t.TempDir(), wheelSpec{Name: "good", Version: "1", Files: map[string]string{"good.py": "x\n"}})
				_, err := Install(tg, []Request{req(whl)}, testOptions(t))
				if err == nil {
					t.Fatal("installed with a linked state folder")
				}
				if !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "\nhint: ") {
					t.Errorf("the error does not name %s with a hint:\n%v", p, err)
				}
				if at == ".fwenv" {
					var le *lock.Error
					if !errors.As(err, &le) || !errors.Is(err, lock.ErrNotFolder) {
						t.Errorf("want a lock error: %v", err)
					}
				}
				if got := dirFiles(t, outside); len(got) != 1 || got[0] != filepath.Join("leftover", "data.txt") {
					t.Errorf("files where the link leads: %v", got)
				}
				if readFile(t, filepath.Join(outside, "leftover", "data.txt")) != "precious\n" {
					t.Error("the folder where the link leads was changed")
				}
				if _, err := os.Lstat(filepath.Join(tg.Layout.Purelib, "good.py")); err == nil {
					t.Error("installed")
				}
			})
		}
	}
}

// TestRecoverUndoJudgesEachStep: undoing one operation may put a link back
// (a saved copy that is a link to a folder outside); the operations undone
// after it are judged on the folders as they are then, so nothing is
// removed through that link.
func TestRecoverUndoJudgesEachStep(t *testing.T) {
	for _, kind := range []string{"folder", "file"} {
		t.Run(kind, func(t *testing.T) {
			tg := fakeTarget(t)
			if _, err := Recover(tg, nil); err != nil {
				t.Fatal(err)
			}
			outside := filepath.Join(filepath.Dir(tg.Layout.Root), "out")
			os.MkdirAll(filepath.Join(outside, "tree", "deep"), 0o755)
			os.WriteFile(filepath.Join(outside, "tree", "deep", "f"), []byte("precious\n"), 0o644)
			os.WriteFile(filepath.Join(outside, "victim"), []byte("precious\n"), 0o644)
			sp, _ := filepath.Rel(tg.Layout.Root, tg.Layout.Purelib)
			sp = filepath.ToSlash(sp)
			txn := filepath.Join(txnRoot(tg.Layout.Root), "777")
			os.MkdirAll(filepath.Join(txn, "new", "0", filepath.FromSlash(sp), "x"), 0o755)
			os.MkdirAll(filepath.Join(txn, "old", filepath.FromSlash(sp)), 0o755)
			if err := os.Symlink(outside, filepath.Join(txn, "old", filepath.FromSlash(sp), "x")); err != nil {
				t.Fatal(err)
			}
			first := `{"p":true,"r":"` + sp + `/x/tree","s":0,"dir":true}`
			if kind == "file" {
				first = `{"p":true,"r":"` + sp + `/x/victim","s":0}`
			}
			os.WriteFile(filepath.Join(txn, journalName), []byte(`{"version":1,"root":"x","started":"x","command":"install","ops":[`+first+`,{"r":"`+sp+`/x"}]}`), 0o644)
			outBefore := snapshot(t, outside)
			_, err := Recover(tg, nil)
			if d := diffSnap(outBefore, snapshot(t, outside)); len(d) > 0 {
				t.Fatalf("removed outside the environment through a restored link: %v (recover: %v)", d, err)
			}
			if err == nil {
				t.Error("recovery reported no problem")
			}
		})
	}
}
