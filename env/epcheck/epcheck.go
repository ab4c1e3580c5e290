package epcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/env/proc"
	"github.com/fwenv/fwenv/env/site"
)

const script = `
import importlib, json, sys
out = []
for module, attr in json.load(sys.stdin):
    try:
        obj = importlib.import_module(module)
        for part in attr.split(".") if attr else []:
            obj = getattr(obj, part)
        out.append(None)
    except BaseException as e:
        out.append("%s: %s" % (type(e).__name__, e))
sys.stdout = sys.__stdout__
print("\n@@fwenv@@" + json.dumps(out))
`

// Error says the checker itself could not run.
type Error struct {
	Python string
	Err    error
	Stderr string
}

func (e *Error) Error() string {
	return fmt.Sprintf("cannot check entry points with %s: %v %s", e.Python, e.Err, strings.TrimSpace(e.Stderr))
}
func (e *Error) Hint() string {
	return "check that the environment's interpreter runs: `fwenv run -- python -V`"
}

// Timeout bounds one check: importing every entry point's module.
var Timeout = 5 * time.Minute

// Check imports every row's object with python and returns the failures by
// row index.
func Check(python string, rows []site.EntryPointRow) (map[int]string, error) {
	refs := make([][2]string, len(rows))
	for i, r := range rows {
		mod, attr, _ := strings.Cut(r.Value, ":")
		refs[i] = [2]string{strings.TrimSpace(mod), strings.TrimSpace(attr)}
	}
	in, _ := json.Marshal(refs)
	// A short helper (env/proc): its own process group, killed as a whole
	// at the timeout, so a module that blocks on import cannot hang check.
	// Imported modules may print without end: fwenv keeps the last
	// bounded.ProcessOutput of stdout (the answer is the last line, so what
	// an imported module printed first is what is dropped) and the last
	// bounded.StderrTail of stderr (a traceback's end).
	res0, err := proc.Run(context.Background(), python, []string{"-c", script}, proc.Options{
		Stdin: bytes.NewReader(in), Timeout: Timeout,
		MaxOutput: bounded.ProcessOutput, StdoutTail: true, StderrTail: bounded.StderrTail})
	if err != nil {
		var stderr string
		if res0 != nil {
			stderr = string(res0.Stderr)
		}
		if errors.Is(err, proc.ErrTimeout) {
			err = fmt.Errorf("no answer within %s (importing the entry points' modules)", Timeout)
		} else if pe := (*proc.Error)(nil); errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Python: python, Err: err, Stderr: stderr}
	}
	// Imported modules may print; the answer is the last marked line.
	out := string(res0.Stdout)
	i := strings.LastIndex(out, "\n@@fwenv@@")
	if i < 0 {
		return nil, &Error{Python: python, Err: fmt.Errorf("no answer"), Stderr: string(res0.Stderr)}
	}
	var res []*string
	if err := json.Unmarshal([]byte(strings.TrimSpace(out[i+len("\n@@fwenv@@"):])), &res); err != nil || len(res) != len(rows) {
		return nil, &Error{Python: python, Err: fmt.Errorf("unreadable answer: %v", err)}
	}
	broken := map[int]string{}
	for i, r := range res {
		if r != nil {
			broken[i] = *r
		}
	}
	return broken, nil
}
