// Package tags computes wheel compatibility tags (PEP 425, PEP 600, PEP 656,
// macOS platform tags) for a target interpreter, and ranks a wheel's tags
// against them.
//
// What it does: from the facts an interpreter probe reports (see [Target]), it
// derives the ordered list of tags the interpreter accepts, best first, in the
// order of packaging.tags.sys_tags() (packaging >= 22): the interpreter's own
// ABIs, abi3 (except free-threaded builds), none for each platform, abi3 for
// older minors, then the compatible tags pyXY/pyX with each platform, the
// interpreter with "any", and pyXY/pyX with "any". Platforms are expanded from
// the facts: manylinux_2_X from the glibc version down to 2_17 (2_5 on
// x86_64/i686) with the legacy manylinux2014/2010/1 aliases, musllinux_1_X,
// linux_ARCH, macosx_X_Y with the binary formats of that architecture
// (universal2, intel, fat...), or the normalised sysconfig platform elsewhere.
// No platform list is hard-coded.
//
// What it does not do: it never runs an interpreter or reads the machine (the
// probe lives in env/python); it does not inspect ELF headers, so a 32-bit ARM
// or i686 glibc target is assumed to be hard-float / compatible as reported;
// it does not resolve the macOS "10.16" compatibility version (the probe must
// report the real macOS version; without one, the deployment target of
// Platform, e.g. 11.0 in macosx-11.0-arm64, is used as a lower bound); Windows, iOS and Android platforms are not
// expanded (the normalised sysconfig platform is used as is).
package tags
