package sdist

import "github.com/fwenv/fwenv/archive/metadata"

// StaticMetadata returns the sdist's PKG-INFO when it fixes the
// dependencies of every wheel built from the sdist (PEP 643: Metadata-Version
// 2.2 or later, neither Requires-Dist nor Requires-Python marked Dynamic),
// so that they can be read without a build. Otherwise md is nil and why
// says what is missing: no PKG-INFO, one that cannot be read, an older
// Metadata-Version, or a Dynamic dependency field.
func (s *Sdist) StaticMetadata() (md *metadata.Metadata, why string) {
	md, err := s.PKGINFO()
	if err != nil {
		if !s.HasPKGINFO {
			return nil, "it has no PKG-INFO, so its dependencies are known only by building it"
		}
		return nil, "its PKG-INFO cannot be read (" + err.Error() + ")"
	}
	if ok, why := md.StaticDependencies(); !ok {
		return nil, why
	}
	return md, ""
}
