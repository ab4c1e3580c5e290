package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Flags whose zero or negative values would make no sense are declared with
// the value types below, which refuse such values wherever they come from:
// on the command line (a usage error naming the flag), in a FWENV_*
// variable or in a configuration file (an error naming the variable or
// file:line). Nothing is silently replaced by a default.
//
//   - network timeouts (--timeout) must be more than zero: a timeout cannot
//     be switched off, by accident or on purpose;
//   - counts such as --retries must be 0 or more;
//   - waits that may be unbounded on purpose (--lock-timeout, where 0 means
//     wait as long as it takes) must not be negative.

// ValueError is a value a flag refuses; Hint says what it takes.
type ValueError struct {
	Value string
	Msg   string
	hint  string
}

func (e *ValueError) Error() string { return fmt.Sprintf("%q: %s", e.Value, e.Msg) }
func (e *ValueError) Hint() string  { return e.hint }

// positiveDuration is a duration that must be more than zero.
type positiveDuration struct{ p *time.Duration }

func (d positiveDuration) String() string { return d.p.String() }
func (d positiveDuration) Type() string   { return "duration" }
func (d positiveDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v <= 0 {
		return &ValueError{Value: s, Msg: "must be more than zero",
			hint: "a network timeout cannot be switched off; give a longer one, such as 2m"}
	}
	*d.p = v
	return nil
}

// PositiveDurationVar defines a duration flag that refuses zero and
// negative values (network timeouts).
func PositiveDurationVar(fs *pflag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	*p = def
	fs.Var(positiveDuration{p}, name, usage)
}

// waitDuration is a duration that may be 0 (wait for ever) but not
// negative.
type waitDuration struct{ p *time.Duration }

func (d waitDuration) String() string { return d.p.String() }
func (d waitDuration) Type() string   { return "duration" }
func (d waitDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v < 0 {
		return &ValueError{Value: s, Msg: "must not be negative",
			hint: "give how long to wait, such as 30s, or 0 to wait as long as it takes"}
	}
	*d.p = v
	return nil
}

// WaitDurationVar defines a duration flag where 0 means no bound and
// negative values are refused (--lock-timeout).
func WaitDurationVar(fs *pflag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	*p = def
	fs.Var(waitDuration{p}, name, usage)
}

// countValue is an integer that must be 0 or more.
type countValue struct{ p *int }

func (c countValue) String() string { return strconv.Itoa(*c.p) }
func (c countValue) Type() string   { return "int" }
func (c countValue) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", s)
	}
	if v < 0 {
		return &ValueError{Value: s, Msg: "must be 0 or more", hint: "give 0 or more (0: no retries)"}
	}
	*c.p = v
	return nil
}

// CountVar defines an integer flag that refuses negative values
// (--retries).
func CountVar(fs *pflag.FlagSet, p *int, name string, def int, usage string) {
	*p = def
	fs.Var(countValue{p}, name, usage)
}

// Days is a duration flag that also takes whole days ("30d").
type Days time.Duration

func (d *Days) String() string {
	v := time.Duration(*d)
	if v > 0 && v%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", v/(24*time.Hour))
	}
	return v.String()
}

func (d *Days) Set(s string) error {
	v, err := parseDays(s)
	if err != nil {
		return err
	}
	*d = Days(v)
	return nil
}

func (d *Days) Type() string { return "duration" }

// parseDays reads "30d", "1.5d" or a Go duration ("36h", "90m"); it must not
// be negative.
func parseDays(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var v time.Duration
	if n, ok := strings.CutSuffix(s, "d"); ok {
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number of days or a duration (30d, 36h, 90m)", s)
		}
		v = time.Duration(f * float64(24*time.Hour))
	} else {
		var err error
		if v, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("%q is not a number of days or a duration (30d, 36h, 90m)", s)
		}
	}
	if v <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration (to remove everything, use fwenv cache clean)", s)
	}
	return v, nil
}
