package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
)

// smallPage is how much of a page body is read freely. Real simple pages
// are far smaller (a project with thousands of files has a page of a few
// MiB); a page that grows past it takes the one large-page slot first, so
// that the index's parallel fetches (8 at a time) hold at most one body
// near the page cap in memory, not eight.
const smallPage = 8 << 20

// largePage is the slot a body past smallPage needs; one for the process.
var largePage = make(chan struct{}, 1)

// readPage reads a page body, at most limit bytes (one more says it is
// larger), waiting for the large-page slot once it passes smallPage.
func readPage(ctx context.Context, r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	first := min(limit+1, smallPage+1)
	if _, err := io.CopyN(&buf, r, first); err != nil {
		if errors.Is(err, io.EOF) {
			return buf.Bytes(), nil
		}
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return buf.Bytes(), nil // the caller sees it is over the cap
	}
	select {
	case largePage <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-largePage }()
	if _, err := io.Copy(&buf, io.LimitReader(r, limit+1-int64(buf.Len()))); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
