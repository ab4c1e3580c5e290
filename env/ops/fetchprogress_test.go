package ops

import (
	"testing"

	"github.com/fwenv/fwenv/resolver/source/fetch"
)

func TestFetchProgressAddsUpDownloads(t *testing.T) {
	var got []Progress
	s := &Session{Events: func(e Event) {
		if e.Progress != nil {
			got = append(got, *e.Progress)
		}
	}}
	s.fetchProgress(fetch.Progress{URL: "u/a", File: "a.whl", Done: 0, Total: 100})
	s.fetchProgress(fetch.Progress{URL: "u/b", File: "b.whl", Done: 10, Total: 50})
	s.fetchProgress(fetch.Progress{URL: "u/c", File: "c.whl", Done: 7, Total: -1}) // size unknown
	s.fetchProgress(fetch.Progress{URL: "u/a", File: "a.whl", Done: 100, Total: 100, Finished: true})
	s.fetchProgress(fetch.Progress{URL: "u/b", File: "b.whl", Done: 20, Total: 50, Finished: true}) // failed
	s.fetchProgress(fetch.Progress{URL: "u/c", File: "c.whl", Done: 9, Total: -1, Finished: true})
	want := []Progress{
		{Task: TaskFetch, Name: "a.whl", Done: 0, Total: 100, Bytes: true},
		{Task: TaskFetch, Name: "b.whl", Done: 10, Total: 150, Bytes: true},
		{Task: TaskFetch, Name: "c.whl", Done: 17, Total: 150, Bytes: true},
		{Task: TaskFetch, Name: "a.whl", Done: 117, Total: 150, Bytes: true},
		{Task: TaskFetch, Name: "b.whl", Done: 127, Total: 120, Bytes: true}, // a failed download counts what arrived; c, of unknown size, only in Done
		{Task: TaskFetch, Name: "c.whl", Done: 129, Total: 129, Bytes: true, End: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d events: %+v", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	// After the end, a new download starts a new count.
	s.fetchProgress(fetch.Progress{URL: "u/d", File: "d.whl", Done: 1, Total: 2})
	if p := got[len(got)-1]; p.Done != 1 || p.Total != 2 || p.End {
		t.Errorf("new download: %+v", p)
	}
}
