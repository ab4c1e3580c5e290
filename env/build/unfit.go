package build

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/fwenv/fwenv/env/python"
)

// Some setuptools wheels are known by their contents not to work on a
// target, whatever their version says: they are passed over (and named)
// rather than installed into a build environment whose backend then fails.
//
//   - Debian's python3-setuptools-whl (bookworm's 66.1.1, trixie's 78.1.1)
//     carries Debian's install_layout patch: its install_lib and
//     install_egg_info commands ask the install command for an
//     install_layout option that only Debian's own Python has, so
//     build_wheel fails with "AttributeError: install_layout" on every
//     other CPython. The patch is recognised by that option's name in the
//     wheel's command modules, so a copy that arrives through -f, renamed
//     or not, is caught too.
//   - setuptools before the fix of pypa/setuptools#3685 (65.5, the
//     ensurepip bundles' newest) registers pkgutil.ImpImporter
//     unconditionally in pkg_resources, and Python 3.12 removed it: the
//     backend does not import there.

// debianMarker is the option Debian's patch adds.
var debianMarker = []byte("install_layout")

// impImporterLine is pkg_resources' unconditional use of
// pkgutil.ImpImporter (the fixed versions guard it with hasattr, indented).
var impImporterLine = []byte("\nregister_finder(pkgutil.ImpImporter")

// setuptoolsTraits is what the contents of one setuptools wheel say.
type setuptoolsTraits struct {
	debianPatched bool
	needsImp      bool
}

var traitsMemo sync.Map // hashKey -> setuptoolsTraits

// unfitFor says why the wheel at path (of the normalised project name)
// cannot serve target, or "" when nothing is known against it. Only
// setuptools is inspected; an unreadable wheel is left to the install
// engine's checks.
func unfitFor(name, wheelPath string, target *python.Info) string {
	if name != "setuptools" || target == nil {
		return ""
	}
	tr, ok := readSetuptoolsTraits(wheelPath)
	if !ok {
		return ""
	}
	if tr.debianPatched && !target.DebianScheme {
		return "Debian's patched setuptools (the install_layout patch), which works only with Debian's own Python and fails here with AttributeError: install_layout"
	}
	if tr.needsImp && len(target.VersionInfo) >= 2 && (target.VersionInfo[0] > 3 || target.VersionInfo[0] == 3 && target.VersionInfo[1] >= 12) {
		return "a setuptools that does not import on Python 3.12+ (it uses pkgutil.ImpImporter, which 3.12 removed)"
	}
	return ""
}

// maxInspected bounds one member read while inspecting a wheel.
const maxInspected = 4 << 20

func readSetuptoolsTraits(wheelPath string) (setuptoolsTraits, bool) {
	st, err := os.Stat(wheelPath)
	if err != nil {
		return setuptoolsTraits{}, false
	}
	k := hashKey{wheelPath, st.Size(), st.ModTime().UnixNano()}
	if v, ok := traitsMemo.Load(k); ok {
		return v.(setuptoolsTraits), true
	}
	zr, err := zip.OpenReader(wheelPath)
	if err != nil {
		return setuptoolsTraits{}, false
	}
	defer zr.Close()
	var tr setuptoolsTraits
	for _, f := range zr.File {
		dir, base := path.Split(f.Name)
		var marker []byte
		switch {
		case (dir == "setuptools/command/" || dir == "setuptools/_distutils/command/") && strings.HasSuffix(base, ".py"):
			marker = debianMarker
		case f.Name == "pkg_resources/__init__.py":
			marker = impImporterLine
		default:
			continue
		}
		if f.UncompressedSize64 > maxInspected {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(rc, maxInspected))
		rc.Close()
		if err != nil || !bytes.Contains(data, marker) {
			continue
		}
		if f.Name == "pkg_resources/__init__.py" {
			tr.needsImp = true
		} else {
			tr.debianPatched = true
		}
	}
	traitsMemo.Store(k, tr)
	return tr, true
}
