// Package rawio reads and writes whole small files with the bare system
// calls: open, read or write, close.
//
// os.File registers every descriptor with the runtime's network poller,
// sets and clears O_NONBLOCK around it and stats the file before a whole
// read. For a file that is read whole or written once that is three to six
// extra system calls, and the first file a process opens also sets the
// poller up (an epoll instance and an eventfd). Short commands such as
// `fwenv create`, and readers of hundreds of metadata files, use this
// package instead.
//
// A Dir is an open folder under which names are created and read
// relative to its descriptor, so the kernel does not walk the whole
// absolute path again for every file. Where descriptor-relative calls are
// not available (anything but Linux and macOS), the same functions fall
// back to the os package (there a FIFO read blocks).
//
// ReadFile is for regular files: it opens with O_NONBLOCK, so that a FIFO
// planted under a file's name cannot hang the reader, refuses anything but
// a regular file (a FIFO, /dev/zero or a link to it, a folder) by one fstat
// on the descriptor it already has, before reading, and takes a short read
// as the end. Every read is capped: ReadFile and Dir.ReadFile at
// DefaultLimit (archive/bounded's Metadata cap), ReadFileLimit and
// Dir.ReadFileLimit at the caller's cap. The errors are archive/bounded's
// NotRegularError and TooLargeError, so messages read the same wherever
// fwenv refuses a file. Files a user may give as a pipe (a configuration
// file from <(...) or /dev/stdin) are read with bounded.ReadNamed instead.
package rawio
