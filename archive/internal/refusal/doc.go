// Package refusal holds what archive/wheel and archive/sdist share about
// refusing an archive: the text of a refusal (file, member, reason or kind,
// cause, hint), its unwrapping to the kind and the cause, the default
// comparison of the versions an archive states in several places.
// Opening the archive file only when it is a regular file is
// archive/bounded's OpenRegular.
package refusal
