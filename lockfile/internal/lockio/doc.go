// Package lockio holds what the two lock formats (lockfile/fwlock and
// lockfile/pylock) share: writing a file atomically, and finding
// credentials in URLs, which a lock file must never hold (CredentialIn;
// removing them is resolver/secret.StripCredentials, hiding them in
// messages resolver/secret.Redact).
// The atomic write itself is archive/atomicfile's; WriteAtomic fixes how a
// lock file is made (mode 0644, flushed to disk).
//
// It knows nothing of either format and prints nothing.
package lockio
