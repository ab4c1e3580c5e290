package solver

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fwenv/fwenv/resolver/pep440"
	"github.com/fwenv/fwenv/resolver/source"
)

// oneWheel lists one remote wheel with a PEP 658 metadata file.
type oneWheel struct{}

func (oneWheel) Files(context.Context, string) ([]source.File, error) {
	f, ok, why := source.ParseFilename("app-1.0-py3-none-any.whl")
	if !ok {
		panic(why)
	}
	f.URL = "http://index.test/files/" + f.Filename
	f.MetadataURL = f.URL + ".metadata"
	return []source.File{f}, nil
}
func (oneWheel) String() string { return "http://index.test/simple" }

// timingOut answers every metadata request with a timeout of its own
// deadline (the provider's context stays live), counting the requests.
type timingOut struct {
	mu    sync.Mutex
	calls int
}

func (f *timingOut) Fetch(context.Context, source.File) (string, error) {
	return "", errors.New("no wheel")
}
func (f *timingOut) Metadata(_ context.Context, sf source.File) ([]byte, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	return nil, fmt.Errorf("GET %s: %w", sf.MetadataURL, context.DeadlineExceeded)
}

// A speculative metadata fetch that failed by its own timeout is the
// answer: the solver's later request is not made again (retrying is the
// fetch client's policy), and it returns at once.
func TestSpeculationErrorIsFinal(t *testing.T) {
	fe := &timingOut{}
	p := &SourceProvider{Source: oneWheel{}, Fetcher: fe, Speculate: true}
	if _, err := p.Versions("app"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := p.Metadata("app", pep440.MustParse("1.0"))
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("want the speculation's timeout, got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Metadata did not return")
	}
	if fe.calls != 1 {
		t.Errorf("metadata fetched %d times, want 1", fe.calls)
	}
}

// blocking holds every metadata request until its context ends.
type blocking struct{}

func (blocking) Fetch(context.Context, source.File) (string, error) {
	return "", errors.New("no wheel")
}
func (blocking) Metadata(ctx context.Context, _ source.File) ([]byte, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// Waiting for a speculation ends with the provider's context.
func TestSpeculationWaitEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := &SourceProvider{Source: oneWheel{}, Fetcher: blocking{}, Speculate: true, Context: ctx}
	if _, err := p.Versions("app"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := p.Metadata("app", pep440.MustParse("1.0"))
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Metadata did not return after the context ended")
	}
}
