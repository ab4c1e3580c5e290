//go:build unix

package ptytest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/term"
)

// TestMain lets the test binary play the program Run starts.
func TestMain(m *testing.M) {
	switch os.Getenv("PTYTEST_CHILD") {
	case "":
		if t, err := Open(Size{}); err != nil {
			fmt.Println("skipped: no pseudo-terminal:", err)
			os.Exit(0)
		} else {
			t.Close()
		}
		os.Exit(m.Run())
	case "size":
		w, h, err := term.GetSize(2)
		fmt.Fprintf(os.Stderr, "stderr tty=%v size=%dx%d err=%v\n", term.IsTerminal(2), w, h, err)
		fmt.Fprintf(os.Stdout, "stdout tty=%v\n", term.IsTerminal(1))
		os.Exit(3)
	case "echo":
		line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		fmt.Printf("read %q\n", strings.TrimSpace(line))
		os.Exit(0)
	case "hang":
		fmt.Println("hanging")
		time.Sleep(time.Hour)
	case "leave":
		// Start a process that keeps the terminal open, and exit.
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), "PTYTEST_CHILD=hang")
		c.Stdout, c.Stderr = os.Stdout, os.Stderr
		if err := c.Start(); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("left", c.Process.Pid)
		os.Exit(0)
	case "much":
		// More than a terminal buffers, written fast, then exit at once.
		line := strings.Repeat("x", 99) + "\n"
		w := bufio.NewWriter(os.Stdout)
		for i := 0; i < 2000; i++ {
			w.WriteString(line)
		}
		w.WriteString("end\n")
		w.Flush()
		os.Exit(0)
	}
	os.Exit(100)
}

func child(mode string) Command {
	return Command{
		Path: os.Args[0],
		Args: []string{"-test.run=^$"},
		Env:  append(os.Environ(), "PTYTEST_CHILD="+mode),
	}
}

// openFDs counts this process's open descriptors (Linux only).
func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(entries)
}

// settle fails t unless the goroutine count falls to at most want.
func settle(t *testing.T, want int) {
	t.Helper()
	if err := Goroutines(want, 5*time.Second); err != nil {
		t.Error(err)
	}
}

func TestRunSizeAndExitCode(t *testing.T) {
	fds, goroutines := openFDs(t), runtime.NumGoroutine()
	c := child("size")
	c.Size = Size{Cols: 120, Rows: 40}
	r, err := Run(c)
	if err != nil {
		t.Fatal(err)
	}
	out := string(r.Output)
	for _, want := range []string{"stderr tty=true size=120x40 err=<nil>\r\n", "stdout tty=true\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output %q lacks %q", out, want)
		}
	}
	if r.ExitCode != 3 {
		t.Errorf("exit code %d, want 3", r.ExitCode)
	}
	if n := openFDs(t); n != fds {
		t.Errorf("%d descriptors open after Run, %d before", n, fds)
	}
	settle(t, goroutines)
}

func TestRunInput(t *testing.T) {
	c := child("echo")
	c.Input = []byte("hello\n")
	r, err := Run(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.Output), `read "hello"`) {
		t.Errorf("output %q", r.Output)
	}
}

func TestRunTimeout(t *testing.T) {
	fds, goroutines := openFDs(t), runtime.NumGoroutine()
	c := child("hang")
	c.Timeout = 500 * time.Millisecond
	start := time.Now()
	r, err := Run(c)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Run took %v", d)
	}
	if !strings.Contains(string(r.Output), "hanging") {
		t.Errorf("output %q lacks what was written before the limit", r.Output)
	}
	if r.ExitCode != -1 {
		t.Errorf("exit code %d, want -1 (killed)", r.ExitCode)
	}
	if n := openFDs(t); n != fds {
		t.Errorf("%d descriptors open after Run, %d before", n, fds)
	}
	settle(t, goroutines)
}

func TestRunKillsWhatTheProgramLeft(t *testing.T) {
	start := time.Now()
	r, err := Run(child("leave"))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Run took %v: it waited for the process left holding the terminal", d)
	}
	var pid int
	for _, l := range strings.Split(string(r.Output), "\n") {
		if _, err := fmt.Sscanf(strings.TrimSpace(l), "left %d", &pid); err == nil {
			break
		}
	}
	if pid == 0 {
		t.Fatalf("output %q", r.Output)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !gone(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("process %d still running", pid)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// gone reports whether process pid ended (a zombie counts as ended: who
// reaps it is not ours to say).
func gone(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		if os.IsNotExist(err) {
			return true
		}
		p, _ := os.FindProcess(pid) // no /proc: signal 0 asks whether it is there
		return p.Signal(syscall.Signal(0)) != nil
	}
	i := strings.LastIndexByte(string(stat), ')')
	return i > 0 && i+2 < len(stat) && stat[i+2] == 'Z'
}

func TestRunReadsEverything(t *testing.T) {
	r, err := Run(child("much"))
	if err != nil {
		t.Fatal(err)
	}
	s := Emulate(r.Output, Size{Cols: 120, Rows: 24})
	if n := len(s.Lines); n != 2001 || s.Lines[n-1] != "end" {
		t.Errorf("%d lines, the last %q; want 2001 ending with end", n, s.Lines[n-1])
	}
}

func TestTerminalWaitForAndClose(t *testing.T) {
	fds, goroutines := openFDs(t), runtime.NumGoroutine()
	term, err := Open(Size{Cols: 40, Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(term.TTY(), "first\n")
	if _, err := term.WaitFor("first", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if _, err := term.WaitFor("never", 100*time.Millisecond); err == nil {
		t.Error("WaitFor found what was never written")
	}
	fmt.Fprint(term.TTY(), "second\n")
	out := term.Close()
	if got := Emulate(out, Size{Cols: 40, Rows: 10}).Lines; strings.Join(got, "|") != "first|second" {
		t.Errorf("lines %q", got)
	}
	term.Close()
	if n := openFDs(t); n != fds {
		t.Errorf("%d descriptors open after Close, %d before", n, fds)
	}
	settle(t, goroutines)
}
