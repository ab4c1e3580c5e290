package cache

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"

	"github.com/fwenv/fwenv/archive/atomicfile"
	"github.com/fwenv/fwenv/archive/record"
	"github.com/fwenv/fwenv/archive/wheel"
	"github.com/fwenv/fwenv/env/cachedir"
)

// How an entry is trusted (docs/cache.md, "What an install trusts").
//
// Hashing every cached file on every install would cost a warm install
// most of its speed, and comparing sizes and modification times alone
// misses an edit that keeps both (an in-place write through a hard link
// in some environment, followed by `touch -d`). The signal used instead is
// the one a process cannot set at will: the inode change time (ctime). The
// kernel sets it to "now" on every change to a file's content or metadata,
// writes, chmod, utimes and link counts included.
//
// Each entry has a seal, the sibling file ENTRY.seal, whose own ctime says
// "every change to the entry's files up to this moment was fwenv's own or
// was checked". Unpack writes it once every file is written; an install
// writes it again after hard-linking or cloning the entry's files (a hard
// link bumps the ctime of the inode it shares, and so would every install's
// check otherwise). A cached file whose ctime is later than its seal's (or
// that is writable, or whose entry has no seal) has changed since in a way
// fwenv did not make: it is hashed against RECORD before anything is
// linked from the entry. A wrong size, type or modification time needs no
// hashing to be known as damage.
//
// Removing a hard link bumps the ctime too, and environments are deleted
// all the time (rm -rf .venv, then a fresh one). A file whose ctime moved
// is hashed all the same, whatever happened to its link count: the inode
// keeps only its latest ctime, so "an environment was deleted" and "an
// environment was deleted, then the file was edited in another one" look
// alike to stat (the edit keeps the link count, and its size, mode and
// modification time can be put back). A deleted environment therefore
// costs the next install one hash of the files it had linked; the seal is
// then renewed and later installs hash nothing again.
//
// What this does not catch: a change made between an install's linking
// (or hashing) and its renewal of the seal (a write racing an install of
// the same wheel), and a deliberate rewrite of the cache's own bookkeeping
// (the seal). Verify with full set (install --force-reinstall) hashes every
// file whatever the seal says.

// fileState is what the check needs of a cached file (lstatFile).
type fileState struct {
	regular      bool
	size         int64
	perm         uint32
	mtime, ctime int64 // nanoseconds
	hasCtime     bool  // false: the platform gives no ctime; hash the file
}

// DamageError is an entry that no longer holds its wheel's members as they
// were unpacked.
type DamageError struct {
	Wheel  string // the wheel's file name
	Entry  string // the entry's folder
	Member string // the first member found wrong
	Reason string
}

func (e *DamageError) Error() string {
	return fmt.Sprintf("cache entry %s of %s: %s: %s", e.Entry, e.Wheel, e.Member, e.Reason)
}

// Hint says what repairs it.
func (e *DamageError) Hint() string {
	return "install the wheel again (fwenv unpacks a damaged entry afresh), or delete " + e.Entry
}

// sealPath is the seal of the entry in folder dir.
func sealPath(dir string) string { return dir + cachedir.SealSuffix }

// Seal renews the seal of entry e after an install linked or cloned from
// it (which bumps the ctime of its files): every change made to them so far
// is taken as checked. Call it only after Verify (or Unpack) returned e,
// and never after a change that was not verified. Best effort: an entry
// whose seal cannot be renewed is hashed on its next use.
func (c *Cache) Seal(e *Entry) error {
	return writeSeal(sealPath(e.Dir))
}

// writeSeal writes the seal at p, an empty file, as a new file renamed into
// place: its ctime is then later than every change made before. Only its
// ctime counts. A seal written by an earlier fwenv, which lists the link
// count each file should have, is read the same way (its content is
// ignored, never read); an earlier fwenv that reads an empty seal trusts
// its ctime only, so it too hashes what a deleted environment touched.
func writeSeal(p string) error {
	return atomicfile.WriteFile(p, nil, atomicfile.Options{Perm: 0o600, Temp: ".tmp-seal-*"})
}

// readSeal returns the seal's ctime; ok is false without a usable seal.
func readSeal(p string) (ctime int64, ok bool) {
	st, err := lstatFile(p)
	if err != nil || !st.regular || !st.hasCtime {
		return 0, false
	}
	return st.ctime, true
}

// Intact reports whether entry e holds files as they were unpacked, with
// the quick check (Verify with full false).
func (c *Cache) Intact(e *Entry, files []wheel.File) bool {
	return c.Verify(e, files, false, "") == nil
}

// Verify checks that entry e still holds files (a wheel's members, with
// their RECORD sizes and hashes) as Unpack wrote them. It returns nil or a
// *DamageError naming the first member found wrong.
//
// The quick check (full false) reads no file it need not read: every
// member must be a regular file with its RECORD size and the cache's
// modification time stamp; one whose inode changed after the entry's seal
// (see above), or that is writable, is hashed against RECORD (members
// RECORD gives no hash, such as signatures, are compared with the wheel's
// own bytes). The full check (install --force-reinstall) hashes every
// member. When all that was hashed matched, the seal is renewed, so the
// next install does not hash it again.
func (c *Cache) Verify(e *Entry, files []wheel.File, full bool, wheelName string) error {
	damage := func(member, reason string) error {
		return &DamageError{Wheel: wheelName, Entry: e.Dir, Member: member, Reason: reason}
	}
	sealC, sealed := readSeal(sealPath(e.Dir))
	stamp := Stamp.UnixNano()
	var suspect []int
	for i, f := range files {
		st, err := lstatFile(e.Path(f.Name))
		switch {
		case err != nil:
			return damage(f.Name, "missing from the entry ("+err.Error()+")")
		case !st.regular:
			return damage(f.Name, "not a regular file")
		case st.size != f.Size:
			return damage(f.Name, fmt.Sprintf("%d bytes, RECORD says %d", st.size, f.Size))
		case st.mtime != stamp:
			return damage(f.Name, "changed since it was unpacked (its modification time is no longer the cache's stamp)")
		case full || !sealed || !st.hasCtime || st.perm&0o222 != 0:
			suspect = append(suspect, i)
		case st.ctime > sealC:
			// Changed since the seal: edited, or linked or unlinked (an
			// install killed before its seal, an environment deleted).
			// Stat cannot tell these apart: hash it.
			suspect = append(suspect, i)
		}
	}
	if len(suspect) == 0 {
		return nil
	}
	errs := make([]error, len(suspect))
	var stop atomic.Bool
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(Workers(), len(suspect)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				f := files[suspect[k]]
				if reason := checkMember(e.Path(f.Name), f); reason != "" {
					errs[k] = damage(f.Name, reason)
					stop.Store(true)
				}
			}
		}()
	}
	for k := range suspect {
		if stop.Load() {
			break
		}
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	// Sound: made read-only again where someone had made it writable
	// (which changes its ctime: before the seal), then sealed.
	for _, i := range suspect {
		f := files[i]
		p := e.Path(f.Name)
		if st, err := lstatFile(p); err == nil && st.perm&0o222 != 0 {
			os.Chmod(p, fs.FileMode(st.perm&0o555))
		}
	}
	writeSeal(sealPath(e.Dir))
	return nil
}

// checkMember compares the cached file at p with member f: its RECORD hash,
// or, when RECORD gives none, the wheel's own bytes. It returns why they
// differ, "" when they do not.
func checkMember(p string, f wheel.File) string {
	in, err := os.Open(p)
	if err != nil {
		return "cannot be read: " + err.Error()
	}
	defer in.Close()
	if f.Hash.IsZero() {
		r, err := f.Open()
		if err != nil {
			return "cannot read the wheel's copy to compare: " + err.Error()
		}
		defer r.Close()
		same, err := sameContent(in, r)
		if err != nil {
			return "cannot be compared with the wheel's copy: " + err.Error()
		}
		if !same {
			return "content differs from the wheel's"
		}
		return ""
	}
	h, err := record.NewHasher(f.Hash.Algorithm)
	if err != nil {
		return err.Error()
	}
	if _, err := io.Copy(h, in); err != nil {
		return "cannot be read: " + err.Error()
	}
	if got := (record.Hash{Algorithm: f.Hash.Algorithm, Digest: h.Sum(nil)}); !got.Equal(f.Hash) {
		return fmt.Sprintf("content changed since it was unpacked (%s, RECORD says %s)", got, f.Hash)
	}
	return ""
}

// sameContent reports whether a and b read the same bytes.
func sameContent(a, b io.Reader) (bool, error) {
	bufA, bufB := make([]byte, 32<<10), make([]byte, 32<<10)
	for {
		na, errA := io.ReadFull(a, bufA)
		nb, errB := io.ReadFull(b, bufB)
		if errA != nil && errA != io.EOF && errA != io.ErrUnexpectedEOF {
			return false, errA
		}
		if errB != nil && errB != io.EOF && errB != io.ErrUnexpectedEOF {
			return false, errB
		}
		if !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		if errA != nil || errB != nil {
			return errA != nil && errB != nil, nil
		}
	}
}
