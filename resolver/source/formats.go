package source

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
)

// Formats is pip's format control: which projects may use only wheels
// (--only-binary) and which only sdists (--no-binary). Each option value is
// ":all:", ":none:" or a comma-separated list of project names. The values
// are applied in the order given, across the two options, as pip does: a
// name moves from one set to the other, ":all:" clears both and covers every
// project, ":none:" clears its own option's set.
type Formats struct {
	onlyAll, noAll bool
	only, no       map[string]bool
}

// FormatsError is an option value that cannot be read.
type FormatsError struct{ Option, Value string }

func (e *FormatsError) Error() string {
	return fmt.Sprintf("%s %q: expected :all:, :none: or project names separated by commas", e.Option, e.Value)
}
func (e *FormatsError) Hint() string {
	return "for example --only-binary :all: or --no-binary framework,plugin1"
}

// FormatOption is one --only-binary or --no-binary value, as given.
type FormatOption struct {
	OnlyBinary bool // --only-binary; false is --no-binary
	Value      string
}

// ParseFormats reads --only-binary values, then --no-binary values.
func ParseFormats(onlyBinary, noBinary []string) (Formats, error) {
	var opts []FormatOption
	for _, v := range onlyBinary {
		opts = append(opts, FormatOption{OnlyBinary: true, Value: v})
	}
	for _, v := range noBinary {
		opts = append(opts, FormatOption{Value: v})
	}
	return ParseFormatOptions(opts)
}

// ParseFormatOptions applies the values in the order given.
func ParseFormatOptions(opts []FormatOption) (Formats, error) {
	f := Formats{only: map[string]bool{}, no: map[string]bool{}}
	apply := func(option, value string, set, other map[string]bool, all, otherAll *bool) error {
		for _, part := range strings.Split(value, ",") {
			part = strings.TrimSpace(part)
			switch part {
			case ":all:":
				*all, *otherAll = true, false
				clear(set)
				clear(other)
			case ":none:":
				*all = false
				clear(set)
			case "":
				return &FormatsError{option, value}
			default:
				if strings.ContainsAny(part, " :;=<>") {
					return &FormatsError{option, value}
				}
				n := wheelname.Normalize(part)
				set[n] = true
				delete(other, n)
			}
		}
		return nil
	}
	for _, o := range opts {
		var err error
		if o.OnlyBinary {
			err = apply("--only-binary", o.Value, f.only, f.no, &f.onlyAll, &f.noAll)
		} else {
			err = apply("--no-binary", o.Value, f.no, f.only, &f.noAll, &f.onlyAll)
		}
		if err != nil {
			return f, err
		}
	}
	return f, nil
}

// NoBinaryNames lists what --no-binary still covers: ":all:" and the
// normalised project names, sorted.
func (f Formats) NoBinaryNames() []string {
	var out []string
	if f.noAll {
		out = append(out, ":all:")
	}
	for n := range f.no {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// OnlyBinary says whether sdists are refused for project.
func (f Formats) OnlyBinary(project string) bool {
	n := wheelname.Normalize(project)
	if f.no[n] {
		return false
	}
	return f.only[n] || f.onlyAll
}

// NoBinary says whether wheels are refused for project.
func (f Formats) NoBinary(project string) bool {
	n := wheelname.Normalize(project)
	if f.only[n] {
		return false
	}
	return f.no[n] || f.noAll
}

// Allows says whether file may be used.
func (f Formats) Allows(file File) bool {
	if file.Kind == Wheel {
		return !f.NoBinary(file.Project)
	}
	return !f.OnlyBinary(file.Project)
}

// AllBinary is the format control of --only-binary :all:.
func AllBinary() Formats { return Formats{onlyAll: true} }
