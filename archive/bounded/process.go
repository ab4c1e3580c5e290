package bounded

// The caps on what fwenv keeps of a subprocess's output (env/proc,
// env/epcheck, env/install's byte-compiling, env/build's hooks and
// resolver/source/vcs's git). ProcessOutput, the cap of a short helper, is
// with the other caps.
const (
	// StderrTail is how much of the end of a process's stderr is kept for
	// its error message: a Python traceback's useful part, or git's error,
	// is at the end; 64 KiB holds hundreds of lines of it.
	StderrTail int64 = 64 << 10
	// GitQueryOutput caps the stdout kept of a git query (rev-parse,
	// cat-file, config, ...): an answer is one line or one small object;
	// commands that move data print nothing fwenv reads.
	GitQueryOutput int64 = 4 << 20
)
