package wheel

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"io/fs"
	"strings"
	"testing"
)

// member is one entry of a test wheel.
type member struct {
	name   string
	data   string
	mode   fs.FileMode // SetMode when non-zero
	attrs  uint32      // raw external attributes (creator FAT) when non-zero
	stored bool        // zip.Store instead of zip.Deflate
	raw    *zip.FileHeader
	// RECORD control
	noRecord   bool   // leave out of the automatic RECORD
	recordHash string // "-" for an empty hash, "" for the real one
	recordSize string // "" for the real one
}

// fixture describes a test wheel; zero fields take the defaults of a valid
// pure wheel "demo-1.0-py3-none-any.whl" with one module.
type fixture struct {
	filename    string
	distInfo    string // "demo-1.0.dist-info"
	wheelFile   *string
	metadata    *string
	entryPoints string
	members     []member
	noDefault   bool    // no default module
	record      *string // explicit RECORD content
	noRecord    bool    // no RECORD at all
	extraRecord string  // rows appended to the automatic RECORD
	patch       func([]byte) []byte
}

const (
	validWheelFile = "Wheel-Version: 1.0\nGenerator: fwenv-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
	validMetadata  = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: test\n"
)

func strp(s string) *string { return &s }

func recordHash(data string) string {
	d := sha256.Sum256([]byte(data))
	return "sha256=" + base64.RawURLEncoding.EncodeToString(d[:])
}

func (fx fixture) build(t testing.TB) (filename string, data []byte) {
	t.Helper()
	if fx.filename == "" {
		fx.filename = "demo-1.0-py3-none-any.whl"
	}
	if fx.distInfo == "" {
		fx.distInfo = "demo-1.0.dist-info"
	}
	var ms []member
	if !fx.noDefault {
		ms = append(ms, member{name: "demo/__init__.py", data: "print('demo')\n"})
	}
	ms = append(ms, fx.members...)
	if fx.wheelFile == nil {
		fx.wheelFile = strp(validWheelFile)
	}
	if *fx.wheelFile != "" {
		ms = append(ms, member{name: fx.distInfo + "/WHEEL", data: *fx.wheelFile})
	}
	if fx.metadata == nil {
		fx.metadata = strp(validMetadata)
	}
	if *fx.metadata != "" {
		ms = append(ms, member{name: fx.distInfo + "/METADATA", data: *fx.metadata})
	}
	if fx.entryPoints != "" {
		ms = append(ms, member{name: fx.distInfo + "/entry_points.txt", data: fx.entryPoints})
	}
	if !fx.noRecord {
		rec := ""
		if fx.record != nil {
			rec = *fx.record
		} else {
			var b strings.Builder
			for _, m := range ms {
				if m.noRecord || strings.HasSuffix(m.name, "/") {
					continue
				}
				h, size := m.recordHash, m.recordSize
				if h == "" {
					h = recordHash(m.data)
				} else if h == "-" {
					h = ""
				}
				if size == "" {
					size = fmt.Sprint(len(m.data))
				}
				fmt.Fprintf(&b, "%s,%s,%s\n", m.name, h, size)
			}
			b.WriteString(fx.extraRecord)
			fmt.Fprintf(&b, "%s/RECORD,,\n", fx.distInfo)
			rec = b.String()
		}
		ms = append(ms, member{name: fx.distInfo + "/RECORD", data: rec})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		if m.raw != nil {
			h := *m.raw
			h.Name = m.name
			if h.CRC32 == 0 {
				h.CRC32 = crc32.ChecksumIEEE([]byte(m.data))
			}
			if h.CompressedSize64 == 0 {
				h.CompressedSize64 = uint64(len(m.data))
			}
			if h.UncompressedSize64 == 0 {
				h.UncompressedSize64 = uint64(len(m.data))
			}
			w, err := zw.CreateRaw(&h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(m.data))
			continue
		}
		h := &zip.FileHeader{Name: m.name, Method: zip.Deflate}
		if m.stored || strings.HasSuffix(m.name, "/") {
			h.Method = zip.Store
		}
		if m.mode != 0 {
			h.SetMode(m.mode)
		} else {
			h.SetMode(0o644)
		}
		if m.attrs != 0 {
			h.CreatorVersion = 0 // FAT: no unix mode for zip.FileHeader.Mode
			h.ExternalAttrs = m.attrs
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(m.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if fx.patch != nil {
		return fx.filename, fx.patch(buf.Bytes())
	}
	return fx.filename, buf.Bytes()
}

func (fx fixture) open(t testing.TB, opts *Options) (*Wheel, error) {
	t.Helper()
	name, data := fx.build(t)
	return New(bytes.NewReader(data), int64(len(data)), name, opts)
}
