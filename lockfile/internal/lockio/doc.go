// Package lockio holds what the lock packages (lockfile/lock, its two
// codecs lockfile/fwlock and lockfile/pylock, lockfile/lockset and
// lockfile/bundle) share: reading a lock file within its cap (ReadNamed,
// ReadRegular, ReadProblem), writing one atomically (WriteAtomic), the
// text of a lock error (ErrorText), the checks both formats make (a URL
// with credentials, which a lock file must never hold: CredentialIn; an
// absolute URL: IsAbsURL; a path that stays inside the lock's folder:
// CheckLocalPath) and their lazily compiled regular expressions
// (LazyRegexp). Removing credentials is resolver/secret.StripCredentials,
// hiding them in messages resolver/secret.Redact. The atomic write itself
// is archive/atomicfile's; WriteAtomic fixes how a lock file is made (mode
// 0666 less the umask, flushed to disk).
//
// It knows nothing of either format or of the lock model, and prints
// nothing.
package lockio
