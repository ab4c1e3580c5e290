package simple

import (
	"fmt"
	"strings"
)

// anchor is one <a> element as the tokenizer saw it.
type anchor struct {
	attrs map[string]string // first value of each attribute, unescaped
	text  string
}

// scanAnchors returns the page's anchors and the first <base href>.
func scanAnchors(body []byte) (anchors []anchor, base string, hasBase bool, err error) {
	var cur *anchor
	var text strings.Builder
	finish := func() {
		if cur != nil {
			cur.text = strings.TrimSpace(text.String())
			anchors = append(anchors, *cur)
			cur = nil
		}
		text.Reset()
	}
	for _, t := range tokenize(body) {
		switch t.kind {
		case startTag, selfClosingTag:
			switch t.name {
			case "a":
				finish()
				a := anchor{attrs: map[string]string{}}
				for _, at := range t.attrs {
					if _, seen := a.attrs[at.key]; !seen {
						a.attrs[at.key] = at.val
					}
				}
				if t.kind == selfClosingTag {
					anchors = append(anchors, a)
				} else {
					cur = &a
				}
			case "base":
				for _, at := range t.attrs {
					if at.key == "href" && !hasBase {
						base, hasBase = at.val, true
					}
				}
			}
		case endTag:
			if t.name == "a" {
				finish()
			}
		case textToken:
			if cur != nil {
				text.WriteString(t.text)
			}
		}
	}
	finish()
	return anchors, base, hasBase, nil
}

// ParseHTML reads a PEP 503 project page (or any HTML page of links, e.g. a
// pip --find-links page): one File per <a href>, in page order.
func ParseHTML(body []byte, pageURL string) (*Project, error) {
	r, err := newResolver(pageURL)
	if err != nil {
		return nil, err
	}
	anchors, base, hasBase, err := scanAnchors(body)
	if err != nil {
		return nil, pageError(pageURL, "unreadable HTML: %v", err)
	}
	if hasBase {
		r.rebase(base)
	}
	p := &Project{}
	for _, a := range anchors {
		href, ok := a.attrs["href"]
		if !ok {
			continue
		}
		abs, frag, name, err := r.resolve(href)
		if err != nil {
			p.Warnings = append(p.Warnings, fmt.Sprintf("link %q left out: its href is not a URL", a.text))
			continue
		}
		if name == "" {
			name = a.text
		}
		hashes, bad := fragmentHashes(frag)
		if bad != "" {
			return nil, brokenHash(pageURL, name, "its hash fragment", "#"+bad)
		}
		f := File{Filename: name, URL: abs, Hashes: hashes}
		f.RequiresPython = strings.TrimSpace(a.attrs["data-requires-python"])
		if reason, ok := a.attrs["data-yanked"]; ok {
			f.Yanked, f.YankedReason = true, reason
		}
		meta, ok := a.attrs["data-core-metadata"]
		if !ok {
			meta, ok = a.attrs["data-dist-info-metadata"]
		}
		if ok && !strings.EqualFold(strings.TrimSpace(meta), "false") {
			f.CoreMetadata = true
			if f.MetadataHashes, bad = fragmentHashes(strings.TrimSpace(meta)); bad != "" {
				return nil, brokenHash(pageURL, name, "its core-metadata hash", bad)
			}
		}
		p.Files = append(p.Files, f)
	}
	return p, nil
}

// ParseIndexHTML reads the root page of a PEP 503 index: the project names
// as the anchors' texts give them (or the last component of the href when
// an anchor has no text), in page order.
func ParseIndexHTML(body []byte) ([]string, error) {
	anchors, _, _, err := scanAnchors(body)
	if err != nil {
		return nil, &Error{Reason: "unreadable HTML: " + err.Error()}
	}
	var names []string
	for _, a := range anchors {
		name := a.text
		if name == "" {
			href, ok := a.attrs["href"]
			if !ok {
				continue
			}
			if i := strings.IndexAny(href, "?#"); i >= 0 {
				href = href[:i]
			}
			href = strings.TrimRight(href, "/")
			name = href[strings.LastIndex(href, "/")+1:]
		}
		if name != "" {
			names = append(names, name)
		}
	}
	return names, nil
}
