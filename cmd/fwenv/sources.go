package main

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/ops"
	"github.com/fwenv/fwenv/resolver/source"
	"github.com/fwenv/fwenv/resolver/source/set"
)

// sourceFlags choose where distributions come from (install, download).
type sourceFlags struct {
	indexURL       string
	extraIndexURLs []string
	noIndex        bool
	findLinks      []string
	indexStrategy  string
	offline        bool
	cert           string
	timeout        time.Duration
	retries        int
}

func (s *sourceFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVarP(&s.indexURL, "index-url", "i", "", "the package index (PEP 503/691 simple API; default "+set.DefaultIndex+")")
	f.StringArrayVar(&s.extraIndexURLs, "extra-index-url", nil, "more indexes, asked in order after --index-url (repeatable)")
	f.BoolVar(&s.noIndex, "no-index", false, "use no package index, only -f folders and pages")
	f.StringArrayVarP(&s.findLinks, "find-links", "f", nil, "a folder of wheels and sdists, or a page of links to them (repeatable)")
	f.StringVar(&s.indexStrategy, "index-strategy", "first-index", "first-index: the first index that has a project provides all its versions; unsafe-best-match: merge every index")
	f.BoolVar(&s.offline, "offline", false, "use no network at all: only local folders and the cache")
	f.StringVar(&s.cert, "cert", "", "a PEM file of CA certificates to trust as well (private indexes)")
	config.PositiveDurationVar(f, &s.timeout, "timeout", 20*time.Second, "give up on one network request after this long (more than 0)")
	config.CountVar(f, &s.retries, "retries", 3, "retry a request this many times on errors that can heal (5xx, timeouts; 0: no retries)")
	config.MarkPath(f, "find-links")
	config.MarkPath(f, "cert")
}

// config is the sources the flags choose.
func (s sourceFlags) config() set.Config {
	return set.Config{IndexURL: s.indexURL, ExtraIndexURLs: s.extraIndexURLs, NoIndex: s.noIndex, FindLinks: s.findLinks,
		Strategy: s.indexStrategy, Offline: s.offline, CertFile: s.cert, Timeout: s.timeout, Retries: s.retries}
}

// formatFlags are --only-binary, --no-binary and --prefer-binary. The
// first two share their lists, so their values keep their order across the
// two options: values from FWENV_* variables and configuration files first,
// then the command line's, as pip does.
type formatFlags struct {
	configured   []source.FormatOption // from the environment and configuration files
	binary       []source.FormatOption // from the command line, in order
	preferBinary bool
}

// binaryValue is the pflag.Value of --only-binary or --no-binary. It is a
// SliceValue, so configuration files and FWENV_* variables can give lists.
type binaryValue struct {
	ff   *formatFlags
	only bool
}

func (v binaryValue) Type() string   { return "names" }
func (v binaryValue) String() string { return strings.Join(v.GetSlice(), ",") }
func (v binaryValue) Set(s string) error {
	v.ff.binary = append(v.ff.binary, source.FormatOption{OnlyBinary: v.only, Value: s})
	return nil
}
func (v binaryValue) Append(s string) error { return v.Set(s) }

// Replace takes the values of a configuration file or variable (only ever
// for a flag the command line did not give).
func (v binaryValue) Replace(vals []string) error {
	for _, s := range vals {
		v.ff.configured = append(v.ff.configured, source.FormatOption{OnlyBinary: v.only, Value: s})
	}
	return nil
}

func (v binaryValue) GetSlice() []string {
	var out []string
	for _, list := range [][]source.FormatOption{v.ff.configured, v.ff.binary} {
		for _, o := range list {
			if o.OnlyBinary == v.only {
				out = append(out, o.Value)
			}
		}
	}
	return out
}

func (ff *formatFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Var(binaryValue{ff, true}, "only-binary", "use wheels only for these projects (:all:, :none:, or names separated by commas)")
	f.Var(binaryValue{ff, false}, "no-binary", "use sdists only for these projects (:all:, :none:, or names separated by commas)")
	f.BoolVar(&ff.preferBinary, "prefer-binary", false, "prefer an older version with a wheel to a newer one with only an sdist")
}

// choice is what the flags chose, in order: configured values first, then
// the command line's.
func (ff formatFlags) choice() ops.Formats {
	return ops.Formats{Options: append(append([]source.FormatOption(nil), ff.configured...), ff.binary...), PreferBinary: ff.preferBinary}
}
