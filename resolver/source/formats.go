package source

import (
	"fmt"
	"strings"

	"github.com/fwenv/fwenv/archive/wheelname"
)

// Formats is pip's format control: which projects may use only wheels
// (--only-binary) and which only sdists (--no-binary). Each option value is
// ":all:", ":none:" or a comma-separated list of project names. The values
// of each option are applied in order, so ":all:" then "name" or ":none:"
// narrow or clear what came before, as in pip; but all --only-binary values
// are applied before all --no-binary values (pip follows the command-line
// order across the two options).
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

// ParseFormats reads the --only-binary and --no-binary values.
func ParseFormats(onlyBinary, noBinary []string) (Formats, error) {
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
	for _, v := range onlyBinary {
		if err := apply("--only-binary", v, f.only, f.no, &f.onlyAll, &f.noAll); err != nil {
			return f, err
		}
	}
	for _, v := range noBinary {
		if err := apply("--no-binary", v, f.no, f.only, &f.noAll, &f.onlyAll); err != nil {
			return f, err
		}
	}
	return f, nil
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
