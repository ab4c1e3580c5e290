// Package caps holds the caps archive/wheel and archive/sdist share, and
// fills in their defaults: each format's Options has the same fields for
// one member's size, the whole archive's size, the number of members, the
// compression ratio (and the size below which it is not checked), the
// metadata read into memory, and the comparison of the versions an
// archive states in several places. Members, ratio and metadata have one
// default for both formats (metadata's is archive/bounded's, the cap of
// core metadata everywhere in fwenv); the sizes have a default per format,
// which the format passes in.
//
// It does not enforce a cap (each reader does, where it reads) and does
// not hold a format's own caps (a wheel's RECORD, an sdist's link
// targets).
package caps
