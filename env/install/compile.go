package install

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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
	// is never timed out; it runs in a process group of its own, says on
	// stderr what it waits for after a second, and what it prints is
	// capped: the answer is at most the staged paths again with the .pyc
	// paths, so about twice the input; stderr keeps its first 64 KiB.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, in.t.Python, "-c", compileScript)
	cmd.Stdin = bytes.NewReader(input)
	proc.Group(cmd)
	cmd.WaitDelay = 2 * time.Second
	stdout := &bounded.Writer{Limit: 3*int64(len(input)) + 1<<20}
	stderr := &bounded.Writer{Limit: 64 << 10}
	cmd.Stdout, cmd.Stderr = stopWriter{stdout, cancel}, stderr
	stop := proc.Announce(func() {
		in.rep.emit(Event{Kind: EventCompile, N: len(pairs),
			Message: fmt.Sprintf("byte-compiling %d modules with %s…", len(pairs), in.t.Python)})
	})
	err := cmd.Run()
	stop()
	proc.KillGroup(cmd) // anything it left behind
	if errors.Is(err, exec.ErrWaitDelay) {
		err = nil // it answered; a leftover held the output open
	}
	if stdout.Over() {
		err = fmt.Errorf("it printed more than %s", bounded.Size(stdout.Limit))
	}
	if err != nil {
		return &Error{Member: in.t.Python, Reason: "byte-compiling failed: " + strings.TrimSpace(string(stderr.Bytes())), Err: err,
			hint: "install without --compile, or check the environment's interpreter"}
	}
	var out [][2]string
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
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

// stopWriter cancels the process once its output passed the cap.
type stopWriter struct {
	w    *bounded.Writer
	stop func()
}

func (s stopWriter) Write(p []byte) (int, error) {
	n, err := s.w.Write(p)
	if s.w.Over() {
		s.stop()
	}
	return n, err
}
