// Package lockio holds what the two lock formats (lockfile/fwlock and
// lockfile/pylock) share: writing a file atomically, and finding, stripping
// and redacting credentials in URLs, which a lock file must never hold.
//
// It knows nothing of either format and prints nothing.
package lockio
