package install

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/proc"
)

// compileScript byte-compiles the staged modules it reads from stdin
// ([[staged, final], ...]) so that the .pyc files name the final paths, and
// prints [[staged, pyc], ...] for those that compiled. Modules that do not
// compile (Python 2 code in a test folder...) are skipped, as pip does.
const compileScript = `
import json, py_compile, sys
out = []
for src, final in json.load(sys.stdin):
    try:
        out.append([src, py_compile.compile(src, dfile=final, doraise=True)])
    except Exception:
        pass
json.dump(out, sys.stdout)
`

// compile runs the environment's python once over every staged module and
// adds the .pyc files to their distributions.
func (in *installer) compile(ps []*prepared) error {
	var pairs [][2]string
	owner := map[string]*prepared{}
	for _, p := range ps {
		for _, f := range p.files {
			if f.py {
				s := in.x.staged(p.stage, f.rel)
				pairs = append(pairs, [2]string{s, f.dest})
				owner[s] = p
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	in.rep.emit(Event{Kind: EventCompile, N: len(pairs)})
	input, _ := json.Marshal(pairs)
	// Byte-compiling may rightly take long (thousands of modules), so it
	// is never timed out; it runs in a process group of its own (what it
	// leaves behind is killed when it ends), says on stderr what it waits
	// for after a second, and what it prints is capped: the answer is at
	// most the staged paths again with the .pyc paths, so about twice the
	// input; of stderr the last bounded.StderrTail is kept (a traceback's
	// end).
	res, err := proc.Run(context.Background(), in.t.Python, []string{"-c", compileScript}, proc.Options{
		Stdin:      bytes.NewReader(input),
		NoTimeout:  true,
		MaxOutput:  3*int64(len(input)) + 1<<20,
		StderrTail: bounded.StderrTail,
		Announce: func() {
			in.rep.emit(Event{Kind: EventCompile, N: len(pairs),
				Message: fmt.Sprintf("byte-compiling %d modules with %s…", len(pairs), in.t.Python)})
		},
	})
	if err != nil {
		var stderr string
		if res != nil {
			stderr = strings.TrimSpace(string(res.Stderr))
		}
		var pe *proc.Error
		if errors.As(err, &pe) {
			err = pe.Err
			if errors.Is(err, proc.ErrTooMuchOutput) {
				err = fmt.Errorf("it printed more than %s", bounded.Size(pe.Max))
			}
		}
		return &Error{Member: in.t.Python, Reason: "byte-compiling failed: " + stderr, Err: err,
			hint: "install without --compile, or check the environment's interpreter"}
	}
	var out [][2]string
	if err := json.Unmarshal(res.Stdout, &out); err != nil {
		return &Error{Member: in.t.Python, Reason: "byte-compiling gave unreadable output", Err: err}
	}
	for _, o := range out {
		p := owner[o[0]]
		if p == nil {
			continue
		}
		prefix := filepath.Join(in.x.dir, "new", strconv.Itoa(p.stage)) + string(filepath.Separator)
		if !strings.HasPrefix(o[1], prefix) {
			continue
		}
		rel := filepath.ToSlash(strings.TrimPrefix(o[1], prefix))
		h, n, err := hashFile(o[1])
		if err != nil {
			return &Error{Member: o[1], Reason: "cannot hash a compiled file", Err: err}
		}
		p.files = append(p.files, instFile{dest: filepath.Join(in.t.Layout.Root, filepath.FromSlash(rel)), rel: rel, hash: h, size: n})
	}
	return nil
}
