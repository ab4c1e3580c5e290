// Package ptytest runs code and programs under a pseudo-terminal, for
// tests of what fwenv shows on a terminal (progress bars), and interprets
// what they wrote the way a terminal would show it.
//
// Open gives an in-process terminal: its TTY is the file a program would
// have as stderr, and everything written to it is collected. Run starts a
// program (the built fwenv binary) on a new terminal of a given size, as
// its stdin, stdout and stderr and controlling terminal, and returns all it
// wrote once it exited: it reads until the program exited and its terminal
// is drained, kills the program's process group at the time limit (and
// whatever of the group is still running after it exited), and leaves no
// descriptor or goroutine behind. Emulate replays output on a screen of a
// given size (printable text, CR, LF, backspace, tab, cursor movement,
// erase in line and display, cursor visibility; colours and other
// sequences are ignored) and returns its lines. Goroutines waits for a
// test's goroutines to wind down and lists those that did not.
//
// It is for tests only: nothing in the binary imports it. It works on
// POSIX systems (creack/pty); Windows consoles are not supported.
package ptytest
