package config

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestRefusedValues(t *testing.T) {
	tests := []struct {
		flag, value string
		ok          bool
	}{
		{"timeout", "20s", true},
		{"timeout", "1ns", true},
		{"timeout", "0", false},
		{"timeout", "0s", false},
		{"timeout", "-5s", false},
		{"retries", "0", true},
		{"retries", "7", true},
		{"retries", "-1", false},
		{"retries", "two", false},
		{"lock-timeout", "0", true},
		{"lock-timeout", "30s", true},
		{"lock-timeout", "-1s", false},
	}
	for _, tt := range tests {
		t.Run(tt.flag+"="+tt.value, func(t *testing.T) {
			// The command line.
			fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
			var d, lock time.Duration
			var n int
			PositiveDurationVar(fs, &d, "timeout", 20*time.Second, "")
			CountVar(fs, &n, "retries", 3, "")
			WaitDurationVar(fs, &lock, "lock-timeout", 0, "")
			err := fs.Parse([]string{"--" + tt.flag + "=" + tt.value})
			if tt.ok != (err == nil) {
				t.Fatalf("flag: %v", err)
			}
			if err != nil && !strings.Contains(err.Error(), "--"+tt.flag) {
				t.Errorf("the error does not name the flag: %v", err)
			}
			if !tt.ok && (d != 20*time.Second || n != 3 || lock != 0) {
				t.Errorf("a refused value changed the flag: %v %v", d, n)
			}
			// A variable: refused with its name, never the default instead.
			fs = pflag.NewFlagSet("x", pflag.ContinueOnError)
			PositiveDurationVar(fs, &d, "timeout", 20*time.Second, "")
			CountVar(fs, &n, "retries", 3, "")
			WaitDurationVar(fs, &lock, "lock-timeout", 0, "")
			ev := EnvVar(tt.flag)
			c := &Config{Getenv: func(k string) string {
				if k == ev {
					return tt.value
				}
				return ""
			}}
			_, err = c.Apply(fs)
			if tt.ok != (err == nil) {
				t.Fatalf("variable: %v", err)
			}
			if err != nil {
				var ce *Error
				if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), ev+": ") {
					t.Errorf("the error does not name %s: %v", ev, err)
				}
			}
		})
	}
}
