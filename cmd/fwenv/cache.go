package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/env/cachedir"
)

func init() { register("cache", (*app).cacheCmd) }

// userCacheDir is the user's cache folder (cachedir.UserDir).
func (a *app) userCacheDir() string { return cachedir.UserDir(a.cacheDir, a.cwd, a.getenv) }

// tempCacheRoot is the cache of a --no-cache command, made on first use and
// removed when the command ends (Main runs a.cleanups).
func (a *app) tempCacheRoot() string {
	if a.noCacheDir != "" {
		return a.noCacheDir
	}
	d, remove, err := cachedir.Temp()
	if err != nil {
		a.logf("warning: --no-cache: cannot make a temporary cache folder: %v\n", err)
		return ""
	}
	a.noCacheDir = d
	a.cleanups = append(a.cleanups, func() {
		if err := remove(); err != nil {
			a.logf("warning: --no-cache: cannot remove the temporary cache %s: %v\n", d, err)
		}
	})
	a.debugf("cache: temporary folder %s (--no-cache)\n", d)
	return d
}

// cacheFolder is the folder the cache commands act on, without making it.
func (a *app) cacheFolder() (string, error) {
	if a.noCache {
		return a.tempCacheRoot(), nil
	}
	if d := a.userCacheDir(); d != "" {
		return d, nil
	}
	return "", cachedir.NoFolderError{}
}

func (a *app) cacheCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show, clean or prune fwenv's cache folder",
		Long: `fwenv keeps derived data in a cache folder: interpreter probes, unpacked
wheels, build environments, built wheels, downloaded files. Everything in it is
rebuilt on demand, so deleting it is always safe; environments keep working
(their files are hard links or copies, not references into the cache).

The folder is --cache-dir, else $FWENV_CACHE_DIR, else $XDG_CACHE_HOME/fwenv,
else ~/.cache/fwenv. --no-cache makes any command use a fresh temporary cache
removed when it ends. See docs/cache.md for the layout.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.cacheDirCmd(), a.cacheInfoCmd(), a.cacheCleanCmd(), a.cachePruneCmd())
	return cmd
}

func (a *app) cacheDirCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "dir",
		Short: "Print the cache folder",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := a.cacheFolder()
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, root)
			return nil
		},
	}
}

func (a *app) cacheInfoCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "info",
		Short: "Show the cache's areas and their sizes",
		Long: `Show each area of the cache folder: how many entries it holds and how much
space it takes. Files of the wheel cache that environments hard-link are
counted once, and "linked" tells how much of an area removing it would not
free (the environments keep those files).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("unknown --format %q (want text or json)", format)}
			}
			root, err := a.cacheFolder()
			if err != nil {
				return err
			}
			info, err := cachedir.Measure(root)
			if err != nil {
				return err
			}
			if format == "json" {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(info)
			}
			a.printCacheInfo(info)
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

func (a *app) printCacheInfo(info *cachedir.Info) {
	fmt.Fprintf(a.stdout, "Cache folder: %s", info.Root)
	if !info.Exists {
		fmt.Fprint(a.stdout, " (not made yet)")
	}
	fmt.Fprintln(a.stdout)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AREA\tENTRIES\tSIZE\tLINKED\tWHAT")
	for _, ar := range info.Areas {
		linked := "-"
		if ar.Linked > 0 {
			linked = printable.Size(ar.Linked)
		}
		entries, size := "-", "-"
		if ar.Exists {
			entries, size = strconv.Itoa(ar.Entries), printable.Size(ar.Bytes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ar.Name, entries, size, linked, ar.Description)
	}
	linked := "-"
	if info.Linked > 0 {
		linked = printable.Size(info.Linked)
	}
	fmt.Fprintf(tw, "total\t\t%s\t%s\t\n", printable.Size(info.Bytes), linked)
	tw.Flush()
}

func (a *app) cacheCleanCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "clean [-y] [AREA...]",
		Short: "Delete everything in the cache, or the areas named",
		Long: `Delete the cache's content, or only the areas named (` + strings.Join(cachedir.AreaNames(), ", ") + `).
A folder that does not look like a fwenv cache (no CACHEDIR.TAG written by
fwenv, and something in it fwenv does not make) is refused. A fwenv running at
the same time never sees half an area. On a terminal fwenv asks first unless -y.`,
		ValidArgs: cachedir.AreaNames(),
		RunE: func(cmd *cobra.Command, areas []string) error {
			for _, n := range areas {
				if _, ok := cachedir.AreaByName(n); !ok {
					return usageError{fmt.Errorf("unknown cache area %q (the areas are %s)", n, strings.Join(cachedir.AreaNames(), ", "))}
				}
			}
			root, err := a.cacheFolder()
			if err != nil {
				return err
			}
			if err := cachedir.Check(root); err != nil {
				return err
			}
			if !yes && a.stdin == os.Stdin && term.IsTerminal(int(os.Stdin.Fd())) {
				info, err := cachedir.Measure(root)
				if err != nil {
					return err
				}
				var total int64
				for _, ar := range info.Areas {
					if !ar.Exists || (len(areas) > 0 && !contains(areas, ar.Name)) {
						continue
					}
					a.logf("  would remove %s (%d entries, %s)\n", ar.Path, ar.Entries, printable.Size(ar.Bytes-ar.Linked))
					total += ar.Bytes - ar.Linked
				}
				if total == 0 && info.Bytes == 0 {
					a.logf("The cache at %s is empty.\n", root)
					return nil
				}
				a.logf("Proceed (Y/n)? ")
				var answer string
				answer = a.readAnswer()
				if s := strings.ToLower(strings.TrimSpace(answer)); s != "" && s != "y" && s != "yes" {
					return errors.New("cancelled; nothing was removed")
				}
			}
			rep, err := cachedir.Clean(root, areas...)
			a.reportCacheRemoval(rep, "")
			return err
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (a *app) cachePruneCmd() *cobra.Command {
	olderThan := config.Days(cachedir.DefaultOlderThan)
	cmd := &cobra.Command{
		Use:   "prune [--older-than 30d]",
		Short: "Delete what the cache no longer needs",
		Long: `Delete what is provably unneeded: leftovers of interrupted work older than an
hour, logs of failed builds older than --older-than, probes of interpreters
that are gone or changed, and unpacked wheels, build environments, built
files, index pages and downloaded files not used for --older-than (30 days by
default). --older-than takes Go durations (36h, 90m) or days (30d).`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := a.cacheFolder()
			if err != nil {
				return err
			}
			rep, err := cachedir.Prune(root, time.Duration(olderThan))
			a.reportCacheRemoval(rep, fmt.Sprintf("; kept %d", rep.Kept))
			return err
		},
	}
	cmd.Flags().Var(&olderThan, "older-than", "remove entries unused for this long (30d, 36h, ...)")
	return cmd
}

// reportCacheRemoval prints what Clean or Prune did (stderr: messages).
func (a *app) reportCacheRemoval(rep *cachedir.Report, extra string) {
	if rep == nil {
		return
	}
	for _, r := range rep.Removed {
		why := ""
		if r.Reason != "clean" {
			why = ": " + r.Reason
		}
		a.debugf("removed %s (%s)%s\n", r.Path, printable.Size(r.Bytes), why)
	}
	if len(rep.Removed) == 0 {
		a.logf("Nothing to remove in %s%s\n", rep.Root, extra)
		return
	}
	a.logf("Removed %d %s from %s, freed %s%s\n", rep.Entries, plural(rep.Entries, "entry", "entries"), rep.Root, printable.Size(rep.Bytes), extra)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
