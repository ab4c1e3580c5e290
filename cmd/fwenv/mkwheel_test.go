package main

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// mkwheel DIR NAME VERSION [flags] [DEST=SRC]... writes a wheel built from
// files of the script's work folder: DEST is the path inside the wheel, SRC
// a file in $WORK. Flags: -tag TAG (default py3-none-any), -ep GROUP:NAME=REF,
// -req REQUIREMENT, -data SCHEME/PATH=SRC for .data files.
func mkwheel(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: mkwheel DIR NAME VERSION [-tag T] [-ep G:N=REF] [-req R] [-requires-python SPEC] [DEST=SRC]...")
	}
	dir, name, version := ts.MkAbs(args[0]), args[1], args[2]
	tag := "py3-none-any"
	eps := map[string][]string{}
	var groups, reqs []string
	requiresPython := ""
	type file struct{ dest, src string }
	var files []file
	rest := args[3:]
	for i := 0; i < len(rest); i++ {
		switch rest[i] {
		case "-tag":
			i++
			tag = rest[i]
		case "-ep":
			i++
			g, ep, _ := strings.Cut(rest[i], ":")
			if eps[g] == nil {
				groups = append(groups, g)
			}
			eps[g] = append(eps[g], ep)
		case "-req":
			i++
			reqs = append(reqs, rest[i])
		case "-requires-python":
			i++
			requiresPython = rest[i]
		case "-data":
			i++
			d, s, _ := strings.Cut(rest[i], "=")
			files = append(files, file{dest: "@data/" + d, src: s})
		default:
			d, s, ok := strings.Cut(rest[i], "=")
			if !ok {
				ts.Fatalf("mkwheel: %q is not DEST=SRC", rest[i])
			}
			files = append(files, file{dest: d, src: s})
		}
	}
	escaped := strings.ReplaceAll(strings.ReplaceAll(name, "-", "_"), ".", "_")
	distInfo := escaped + "-" + version + ".dist-info"
	dataDir := escaped + "-" + version + ".data"
	ts.Check(os.MkdirAll(dir, 0o755))
	path := filepath.Join(dir, escaped+"-"+version+"-"+tag+".whl")
	out, err := os.Create(path)
	ts.Check(err)
	zw := zip.NewWriter(out)
	var record strings.Builder
	add := func(name string, data []byte, mode os.FileMode) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		ts.Check(err)
		_, err = w.Write(data)
		ts.Check(err)
		sum := sha256.Sum256(data)
		fmt.Fprintf(&record, "%s,sha256=%s,%d\n", name, base64.RawURLEncoding.EncodeToString(sum[:]), len(data))
	}
	for _, f := range files {
		data, err := os.ReadFile(ts.MkAbs(f.src))
		ts.Check(err)
		dest := f.dest
		mode := os.FileMode(0o644)
		if d, ok := strings.CutPrefix(dest, "@data/"); ok {
			dest = dataDir + "/" + d
			if strings.HasPrefix(d, "scripts/") {
				mode = 0o755
			}
		}
		add(dest, data, mode)
	}
	var meta strings.Builder
	fmt.Fprintf(&meta, "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test fixture %s\n", name, version, name)
	if requiresPython != "" {
		fmt.Fprintf(&meta, "Requires-Python: %s\n", requiresPython)
	}
	for _, r := range reqs {
		fmt.Fprintf(&meta, "Requires-Dist: %s\n", r)
	}
	add(distInfo+"/METADATA", []byte(meta.String()), 0o644)
	add(distInfo+"/WHEEL", []byte("Wheel-Version: 1.0\nGenerator: fwenv-tests\nRoot-Is-Purelib: true\nTag: "+tag+"\n"), 0o644)
	if len(groups) > 0 {
		var b strings.Builder
		for _, g := range groups {
			fmt.Fprintf(&b, "[%s]\n%s\n\n", g, strings.Join(eps[g], "\n"))
		}
		add(distInfo+"/entry_points.txt", []byte(b.String()), 0o644)
	}
	fmt.Fprintf(&record, "%s/RECORD,,\n", distInfo)
	w, err := zw.Create(distInfo + "/RECORD")
	ts.Check(err)
	_, err = w.Write([]byte(record.String()))
	ts.Check(err)
	ts.Check(zw.Close())
	ts.Check(out.Close())
}
