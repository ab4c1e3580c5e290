// Package progress shows the command layer's progress on stderr: one bar
// per running task (a download, an install of many files, a build) on a
// terminal, and fwenv's messages (warnings, "building X") as whole lines
// above the bars.
//
// A Display is made from the command's stderr, its --quiet flag and its
// environment. It draws bars only when stderr is an *os.File that is a
// terminal, --quiet was not given, TERM is not "dumb" and NO_COLOR is unset
// or empty. Otherwise it is plain: tasks show nothing and every byte written
// to it goes to stderr unchanged. Enabled or not, what is written while no
// bar is on the screen reaches stderr byte for byte as it was written, so a
// command can route all its messages through a Display.
//
// While bars are shown, written text is passed on line by line above the
// bars (a line without its newline waits for the rest, or for the last bar
// to go); a task's bar shows its label, how far it is (3/10, or 1.2 MiB /
// 5.0 MiB) and the name of the item it is at, with control characters
// escaped (archive/printable: names come from indexes and metadata). When a
// task ends its bar is removed; when the last one goes the bar lines are
// cleared and the cursor is back where the first bar was drawn. Close ends
// every task left (a failing command) and returns only when the screen is
// clean and the bar library's goroutines are done (none is left waiting or
// ticking). The cursor is never hidden, so a killed fwenv cannot leave it
// hidden.
//
// Drawing is done by github.com/vbauerster/mpb/v8 (several bars at once,
// lines printed above them, width taken from the terminal at each redraw);
// a container is running only while a task is.
//
// It does not decide what is worth a bar, read events of the operations, or
// print anything on its own; the command layer maps events onto Begin,
// Advance and End and writes its messages. It does not colour anything.
// The sub-package ptytest runs programs under a pseudo-terminal for tests.
package progress
