package requirements

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/fwenv/fwenv/archive/bounded"
	"github.com/fwenv/fwenv/resolver/pep508"
)

// Requirement is one requirement line.
type Requirement struct {
	// Req is the parsed PEP 508 requirement; for a path or URL without a
	// name, Req.Name is empty and Path or URL is set.
	Req pep508.Requirement
	// Path is a local file or folder (absolute), for lines such as
	// "./plugin1" or "pkgs/x-1.0.tar.gz".
	Path string
	// URL is a direct URL without a name (e.g. "https://h/x-1.0.whl").
	URL string
	// Editable marks -e lines.
	Editable bool
	// Hashes are the --hash values ("sha256:…").
	Hashes []string
	// Constraint marks lines read through -c: they limit versions, they do
	// not ask for installation.
	Constraint bool
	File       string
	Line       int
	// Text is the line as written (after joining continuations).
	Text string
}

// Options are the file-wide options found in the files.
type Options struct {
	FindLinks      []string // folders absolute; URLs as written
	IndexURL       string
	ExtraIndexURLs []string
	NoIndex        bool
	Pre            bool
	// Binary are the --only-binary and --no-binary values in file order
	// (their order matters: a later one overrides an earlier one).
	Binary       []BinaryOption
	PreferBinary bool
	TrustedHosts []string
}

// BinaryOption is one --only-binary (OnlyBinary) or --no-binary value.
type BinaryOption struct {
	OnlyBinary bool
	Value      string
}

// File is the result of reading a requirements file and those it includes.
type File struct {
	Requirements []Requirement
	Options      Options
}

// Error is a line that cannot be read.
type Error struct {
	File string
	Line int
	Msg  string
	hint string // when not the format's hint (a file that cannot be read)
}

func (e *Error) Error() string {
	msg := e.Msg
	if len(msg) > maxMsg {
		// A line of megabytes quoted whole would flood the terminal.
		k := maxMsg
		for k > 0 && !utf8.RuneStart(msg[k]) {
			k--
		}
		msg = fmt.Sprintf("%s… (%d more bytes)", msg[:k], len(msg)-k)
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("%s: %s", e.File, msg)
}

// maxMsg is the most of an error's message shown (the line it quotes may
// be as long as the file's cap).
const maxMsg = 1024

func (e *Error) Hint() string {
	if e.hint != "" {
		return e.hint
	}
	return "requirements files use pip's format: one requirement per line (name[extras] specifiers ; markers, a path, or a URL), with -r, -c, -e, -f, -i, --hash options"
}

// ReadFS reads whole files; nil means the real filesystem. Tests pass an
// in-memory one (afero.Afero fits).
type ReadFS interface {
	ReadFile(name string) ([]byte, error)
}

type osFS struct{}

// ReadFile reads a file the user named, included ones too, at most
// bounded.Requirements bytes: a pipe (-r /dev/stdin, -r <(...)) is read to
// its end, /dev/zero or an endless pipe stops at the cap; a folder, socket
// or block device is refused by type.
func (osFS) ReadFile(name string) ([]byte, error) {
	return bounded.ReadNamed(name, bounded.Requirements)
}

// treeBudget is the most read from all the files of one top-level read
// together (the file given and every file it includes): as much as one
// file may hold. With each file read once, it keeps many distinct large
// files from adding up.
const treeBudget = bounded.Requirements

// readState is what one top-level read keeps while it follows includes.
type readState struct {
	// seen holds the files already read, by absolute path and whether
	// read as constraints: a file included again adds nothing its first
	// reading did not (its requirements keep their file:line), so it is
	// not read again. Without this, a file including the next one twice,
	// thirty deep, would be read 2^30 times.
	seen map[seenKey]bool
	// total is the bytes read so far, at most treeBudget.
	total int64
}

// errTreeBudget says a file would take the files read together past
// treeBudget.
var errTreeBudget = errors.New("over the budget of the whole tree")

type seenKey struct {
	abs        string
	constraint bool
}

// Reader reads requirement files from a filesystem.
type Reader struct {
	Fs     ReadFS
	Getenv func(string) string
}

// Read parses the file at path (and every file it includes).
func (r *Reader) Read(path string) (*File, error) {
	out := &File{}
	if err := r.read(out, &readState{seen: map[seenKey]bool{}}, path, false, nil, nil); err != nil {
		return nil, err
	}
	return out, nil
}

// ReadConstraints parses a -c file given on the command line.
func (r *Reader) ReadConstraints(path string) (*File, error) {
	out := &File{}
	if err := r.read(out, &readState{seen: map[seenKey]bool{}}, path, true, nil, nil); err != nil {
		return nil, err
	}
	return out, nil
}

var envVarRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\$\{([A-Z0-9_]+)\}`) })

// read reads the file at path into out. from is the -r or -c line that
// names it (nil for a file given on the command line): a file that cannot
// be read is reported at that line. A file already read in the same way
// (both as requirements, or both as constraints) during this top-level
// read is not read again.
func (r *Reader) read(out *File, st *readState, path string, constraint bool, stack []string, from *Error) error {
	if strings.Contains(path, "://") {
		return &Error{File: path, Msg: "requirement files are read from local paths, not URLs"}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return &Error{File: path, Msg: err.Error()}
	}
	for _, s := range stack {
		if s == abs {
			return &Error{File: path, Msg: "includes itself (through " + strings.Join(stack, " -> ") + ")"}
		}
	}
	key := seenKey{abs, constraint}
	if st.seen[key] {
		return nil
	}
	st.seen[key] = true
	fsys := r.Fs
	if fsys == nil {
		fsys = osFS{}
	}
	data, err := fsys.ReadFile(abs)
	if err == nil && st.total+int64(len(data)) > treeBudget {
		err = errTreeBudget
	}
	if err != nil {
		return readError(path, err, from)
	}
	st.total += int64(len(data))
	dir := filepath.Dir(abs)
	stack = append(stack, abs)
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		lineNo := i + 1
		text := lines[i]
		for strings.HasSuffix(text, `\`) && i+1 < len(lines) {
			i++
			text = strings.TrimSuffix(text, `\`) + lines[i]
		}
		text = stripComment(text)
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		text = envVarRE().ReplaceAllStringFunc(text, func(m string) string {
			if r.Getenv == nil {
				return m
			}
			return r.Getenv(m[2 : len(m)-1])
		})
		if err := r.line(out, st, path, lineNo, dir, text, constraint, stack); err != nil {
			return err
		}
	}
	return nil
}

// readError is the error for a requirements file that cannot be read: at
// the line that includes it, when one does.
func readError(path string, err error, from *Error) error {
	e := &Error{File: path, Msg: err.Error()}
	var tl *bounded.TooLargeError
	var nr *bounded.NotRegularError
	switch {
	case os.IsNotExist(err):
		e.Msg = "no such file"
	case err == errTreeBudget:
		e.Msg = fmt.Sprintf("the requirements files included from the one given would add up to more than %s, the most fwenv reads of them together", bounded.Size(treeBudget))
		e.hint = "requirements files are text, one requirement per line; check the -r and -c lines for files that are not requirements files (a device, an endless stream, a data file)"
	case errors.As(err, &tl):
		e.Msg = fmt.Sprintf("larger than %s, the most fwenv reads of a requirements file", bounded.Size(tl.Limit))
		e.hint = "a requirements file is text, one requirement per line; check that the path names the file you meant (not a device or an endless stream)"
	case errors.As(err, &nr):
		e.Msg = "is " + nr.Kind + ", not a file"
		e.hint = "give the path of a requirements file (a regular file, or a pipe such as /dev/stdin)"
	default:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			e.Msg = pe.Err.Error()
		}
	}
	if from != nil {
		from.Msg += ": " + e.Error()
		from.hint = e.hint
		return from
	}
	return e
}

// stripComment removes a comment: '#' at the start or after whitespace.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

// optionArg splits "-f DIR", "-fDIR", "--find-links=DIR" and
// "--find-links DIR" into the option's value.
func optionArg(text string, short string, long ...string) (string, bool) {
	for _, l := range long {
		if v, ok := strings.CutPrefix(text, l+"="); ok {
			return strings.TrimSpace(v), true
		}
		if v, ok := strings.CutPrefix(text, l); ok && (v == "" || v[0] == ' ' || v[0] == '\t') {
			return strings.TrimSpace(v), true
		}
	}
	if short != "" {
		if v, ok := strings.CutPrefix(text, short); ok {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}

func (r *Reader) line(out *File, st *readState, file string, lineNo int, dir, text string, constraint bool, stack []string) error {
	errf := func(format string, a ...any) error {
		return &Error{File: file, Line: lineNo, Msg: fmt.Sprintf(format, a...)}
	}
	need := func(v, opt string) error {
		if v == "" {
			return errf("%s needs a value", opt)
		}
		return nil
	}
	if strings.HasPrefix(text, "-") {
		switch {
		case strings.HasPrefix(text, "-r") || strings.HasPrefix(text, "--requirement"):
			v, _ := optionArg(text, "-r", "--requirement")
			if err := need(v, "-r"); err != nil {
				return err
			}
			return r.read(out, st, includePath(dir, v), constraint, stack, errf("-r %s", v).(*Error))
		case strings.HasPrefix(text, "-c") || strings.HasPrefix(text, "--constraint"):
			v, _ := optionArg(text, "-c", "--constraint")
			if err := need(v, "-c"); err != nil {
				return err
			}
			return r.read(out, st, includePath(dir, v), true, stack, errf("-c %s", v).(*Error))
		case strings.HasPrefix(text, "-e") || strings.HasPrefix(text, "--editable"):
			v, _ := optionArg(text, "-e", "--editable")
			if err := need(v, "-e"); err != nil {
				return err
			}
			req, err := parseTarget(v, dir)
			if err != nil {
				return errf("%v", err)
			}
			req.Editable, req.File, req.Line, req.Text, req.Constraint = true, file, lineNo, text, constraint
			out.Requirements = append(out.Requirements, req)
			return nil
		}
		if v, ok := optionArg(text, "-f", "--find-links"); ok {
			if err := need(v, "--find-links"); err != nil {
				return err
			}
			if !strings.Contains(v, "://") {
				v = joinPath(dir, v)
			}
			out.Options.FindLinks = append(out.Options.FindLinks, v)
			return nil
		}
		if v, ok := optionArg(text, "-i", "--index-url"); ok {
			if err := need(v, "--index-url"); err != nil {
				return err
			}
			out.Options.IndexURL = v
			return nil
		}
		if v, ok := optionArg(text, "", "--extra-index-url"); ok {
			if err := need(v, "--extra-index-url"); err != nil {
				return err
			}
			out.Options.ExtraIndexURLs = append(out.Options.ExtraIndexURLs, v)
			return nil
		}
		if v, ok := optionArg(text, "", "--trusted-host"); ok {
			out.Options.TrustedHosts = append(out.Options.TrustedHosts, v)
			return nil
		}
		if v, ok := optionArg(text, "", "--only-binary"); ok {
			out.Options.Binary = append(out.Options.Binary, BinaryOption{OnlyBinary: true, Value: v})
			return nil
		}
		if v, ok := optionArg(text, "", "--no-binary"); ok {
			out.Options.Binary = append(out.Options.Binary, BinaryOption{Value: v})
			return nil
		}
		switch text {
		case "--no-index":
			out.Options.NoIndex = true
			return nil
		case "--pre":
			out.Options.Pre = true
			return nil
		case "--prefer-binary":
			out.Options.PreferBinary = true
			return nil
		}
		return errf("unknown option %q", strings.Fields(text)[0])
	}
	// A requirement, possibly followed by per-requirement options.
	reqText, hashes, err := splitReqOptions(text)
	if err != nil {
		return errf("%v", err)
	}
	req, err := parseTarget(reqText, dir)
	if err != nil {
		return errf("%v", err)
	}
	req.Hashes, req.File, req.Line, req.Text, req.Constraint = hashes, file, lineNo, text, constraint
	out.Requirements = append(out.Requirements, req)
	return nil
}

// splitReqOptions separates "name==1.0 --hash=sha256:… --hash sha256:…".
func splitReqOptions(text string) (string, []string, error) {
	idx := strings.Index(text, " --")
	if idx < 0 {
		idx = strings.Index(text, "\t--")
	}
	if idx < 0 {
		return text, nil, nil
	}
	req := strings.TrimSpace(text[:idx])
	fields := strings.Fields(text[idx:])
	var hashes []string
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		var v string
		switch {
		case strings.HasPrefix(f, "--hash="):
			v = strings.TrimPrefix(f, "--hash=")
		case f == "--hash" && i+1 < len(fields):
			i++
			v = fields[i]
		case strings.HasPrefix(f, "--config-settings") || strings.HasPrefix(f, "--global-option") || strings.HasPrefix(f, "--install-option"):
			return "", nil, fmt.Errorf("per-requirement option %s is not supported", strings.SplitN(f, "=", 2)[0])
		default:
			return "", nil, fmt.Errorf("unknown per-requirement option %q", f)
		}
		algo, hex, ok := strings.Cut(v, ":")
		if !ok || hex == "" {
			return "", nil, fmt.Errorf("--hash %q: expected ALGORITHM:HEX such as sha256:…", v)
		}
		switch algo {
		case "sha256", "sha384", "sha512":
		default:
			return "", nil, fmt.Errorf("--hash %q: unsupported algorithm %q (use sha256, sha384 or sha512)", v, algo)
		}
		hashes = append(hashes, v)
	}
	return req, hashes, nil
}

var archiveSuffixes = []string{".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar"}

// parseTarget reads a requirement, a local path or a URL.
func parseTarget(s, dir string) (Requirement, error) {
	if looksLikePath(s) {
		p, marker, _ := strings.Cut(s, ";")
		req := Requirement{Path: joinPath(dir, strings.TrimSpace(strings.TrimPrefix(p, "file://")))}
		if base, extras, ok := pep508.CutExtras(req.Path); ok && !strings.HasPrefix(p, "file://") {
			req.Path, req.Req.Extras = base, extras // pip's "./proj[dev]"
		}
		if strings.TrimSpace(marker) != "" {
			m, err := pep508.ParseMarker(strings.TrimSpace(marker))
			if err != nil {
				return req, err
			}
			req.Req.Marker = m
		}
		return req, nil
	}
	if strings.Contains(s, "://") && !strings.Contains(strings.SplitN(s, "://", 2)[0], "@") && !strings.Contains(strings.SplitN(s, "://", 2)[0], " ") {
		u, _, _ := strings.Cut(s, ";")
		return Requirement{URL: strings.TrimSpace(u)}, nil
	}
	r, err := pep508.ParseRequirement(s)
	if err != nil {
		return Requirement{}, err
	}
	return Requirement{Req: r}, nil
}

func looksLikePath(s string) bool {
	if strings.HasPrefix(s, "file://") {
		return true
	}
	if h, _, ok := strings.Cut(s, "://"); ok && !strings.ContainsAny(h, " @") {
		return false
	}
	head := strings.Fields(s)
	if len(head) == 0 {
		return false
	}
	h := strings.TrimSuffix(head[0], ";")
	if base, _, ok := pep508.CutExtras(h); ok {
		h = base // "x-1.0-py3-none-any.whl[cli]"
	}
	if strings.HasPrefix(h, ".") || strings.HasPrefix(h, "/") || strings.HasPrefix(h, "~") {
		return true
	}
	if strings.Contains(h, "/") && !strings.Contains(h, "://") && !strings.Contains(s, "@") {
		return true
	}
	for _, suf := range archiveSuffixes {
		if strings.HasSuffix(h, suf) && !strings.Contains(s, "@") {
			return true
		}
	}
	return false
}

func joinPath(dir, p string) string {
	if strings.HasPrefix(p, "~/") {
		if h, err := os.UserHomeDir(); err == nil {
			return filepath.Join(h, p[2:])
		}
	}
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

func includePath(dir, p string) string {
	if strings.Contains(p, "://") {
		return p
	}
	return joinPath(dir, p)
}
