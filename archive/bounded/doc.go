// Package bounded reads whole files and streams with a size cap, and refuses
// files that are not regular files before reading them.
//
// Every read of a file whose size fwenv does not control goes through it:
// metadata in an environment (METADATA, RECORD, entry_points.txt,
// direct_url.json, pyvenv.cfg), requirement, constraint and lock files, and
// the output of helper processes. A file larger than its cap is an error that
// names the file and the cap (TooLargeError), so a sparse 3 GB METADATA or a
// link to /dev/zero cannot exhaust memory.
//
// Two kinds of file are told apart:
//
//   - ReadRegular is for files fwenv finds in an environment, the cache or a
//     project: anything but a regular file (a FIFO, a device, a folder, a
//     link to one of those) is refused by type before a byte is read
//     (NotRegularError), and the open itself never blocks on a FIFO.
//   - ReadNamed is for files the user names on the command line (`-r
//     /dev/stdin`, `-r <(...)`): pipes and character devices are read, up to
//     the cap; folders are refused.
//
// The caps of what is read whole into memory live here, in one place, so
// the documentation can state them and two readers of the same file cannot
// disagree (Metadata, Record, WheelRecord, Requirements, Lock, Settings,
// Interpreter, ProcessOutput, Journal, CacheRef; what is kept of a
// process's output: StderrTail, GitQueryOutput; what a build log keeps on
// disk: BuildLogHead, BuildLogTail). The
// wheel and sdist readers take their metadata defaults from here, so that
// what fwenv installs it can read back from the environment.
//
// Bounds of another kind stay with the code they bound: archive limits on
// members, total size and compression ratio (archive/wheel, archive/sdist
// Options), how much of a .tar.gz is decompressed to check that it is
// complete (resolver/source/fetch, streamed and discarded, not kept), the
// longest partial line a build hook's output is buffered for (env/build),
// and the caps a caller passes to a bounded.Head for a process whose
// output size follows its input (env/install's byte-compiling).
//
// It does not decide where a file may be (containment is the caller's) and
// it keeps no state. It imports nothing of fwenv's, so every other folder
// may use it.
package bounded
