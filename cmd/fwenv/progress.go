package main

import (
	"io"
	"sync"

	"github.com/fwenv/fwenv/cmd/internal/progress"
	"github.com/fwenv/fwenv/env/ops"
)

// bars draws the operations' progress events on a terminal
// (cmd/internal/progress): one bar per kind of task while it runs (the
// files of a download, the files an install moves into place), one per
// build. Events may come from several goroutines.
type bars struct {
	d     *progress.Display
	mu    sync.Mutex
	tasks map[barKey]*bar
}

// barKey names a running bar: downloads and installs have one each, builds
// one per thing built (Name).
type barKey struct {
	task ops.Task
	name string
}

// bar is a task of the display and what it has shown: the events carry
// running totals, the display takes steps.
type bar struct {
	t           *progress.Task
	done, total int
	name        string
}

// barLabels are the bars' labels when an event has none.
var barLabels = map[ops.Task]string{
	ops.TaskDownload: "Downloading",
	ops.TaskInstall:  "Installing",
	ops.TaskBuild:    "Building",
	ops.TaskFetch:    "Fetching",
}

func newBars(d *progress.Display) *bars {
	return &bars{d: d, tasks: map[barKey]*bar{}}
}

// update shows p: the first event of a task begins its bar, Done and a
// growing Total move it on, End removes it.
func (b *bars) update(p *ops.Progress) {
	if b == nil {
		return // no session: nothing draws
	}
	k := barKey{task: p.Task}
	if p.Task == ops.TaskBuild {
		k.name = p.Name
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	cur := b.tasks[k]
	if cur == nil {
		label := p.Label
		if label == "" {
			label = barLabels[p.Task]
		}
		total := p.Total
		if p.Task == ops.TaskBuild && total == 0 {
			total = 1 // a build is one thing, done when it ends: 0/1
		}
		unit := progress.Count
		if p.Bytes {
			unit = progress.Bytes
		}
		cur = &bar{t: b.d.Begin(label, int64(total), unit), total: total}
		b.tasks[k] = cur
	}
	if p.Total > cur.total {
		cur.t.AddTotal(int64(p.Total - cur.total))
		cur.total = p.Total
	}
	if step := p.Done - cur.done; step > 0 || (p.Name != "" && p.Name != cur.name) {
		cur.t.Advance(int64(max(step, 0)), p.Name)
		cur.done = max(p.Done, cur.done)
		if p.Name != "" {
			cur.name = p.Name
		}
	}
	if p.End {
		cur.t.End()
		delete(b.tasks, k)
	}
}

// display makes the command's progress display on stderr, once (the
// session's first use: flags are parsed by then); it is closed when the
// command ends, before an error is printed.
func (a *app) display() *progress.Display {
	if a.disp == nil {
		a.disp = progress.New(a.stderr, a.quiet, a.getenv)
		a.bars = newBars(a.disp)
		a.cleanups = append(a.cleanups, a.disp.Close)
	}
	return a.disp
}

// messages is where fwenv's messages go: through the display while it
// draws bars (so a line is printed above them, not through them), else
// straight to stderr. Children's output (fwenv run) does not go here: they
// keep the terminal itself.
func (a *app) messages() io.Writer {
	if a.disp != nil && a.disp.Enabled() {
		return a.disp
	}
	return a.stderr
}
