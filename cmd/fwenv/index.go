package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/fwenv/fwenv/archive/printable"
	"github.com/fwenv/fwenv/cmd/internal/config"
	"github.com/fwenv/fwenv/resolver/source/fetch"
	"github.com/fwenv/fwenv/resolver/source/indexer"
)

func init() { register("index", (*app).indexCmd) }

func (a *app) indexCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Make a folder of wheels and sdists a package index (PEP 503/691)",
		Long: `Turn a folder of distributions (wheels, .tar.gz and .zip sdists) into a
package index that pip, uv and fwenv install from with --index-url:

  fwenv index build DIR [-o OUT]   write a static index (HTML and JSON pages)
  fwenv index serve DIR            serve DIR as an index over HTTP

See docs/index.md.`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.indexBuildCmd(), a.indexServeCmd())
	return cmd
}

func (a *app) indexBuildCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "build DIR",
		Short: "Write a static simple index of DIR's distributions",
		Long: `Write a static Simple Repository API index (PEP 503 HTML and PEP 691 JSON)
of the wheels and sdists in DIR into OUT (default: DIR itself):

  OUT/simple/index.html, OUT/simple/index.json
  OUT/simple/NAME/index.html, OUT/simple/NAME/index.json
  OUT/FILE.whl.metadata        the wheel's METADATA (PEP 658)

Links are relative: copy OUT to any web server or object store and give
OUT's simple/ URL to --index-url. When OUT is not DIR the distributions are
hard-linked (or copied) into OUT. Running it again updates the tree and
removes what belonged to distributions that left DIR. Files that cannot be
listed are reported and left out.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			dir := a.abs(argv[0])
			dest := dir
			if out != "" {
				dest = a.abs(out)
			}
			sum, err := indexer.Build(dir, dest, indexer.Options{
				Progress: func(name, skipped string) {
					if skipped == "" {
						a.debugf("read %s\n", name)
					}
				},
			})
			if err != nil {
				return err
			}
			for _, s := range sum.Skipped {
				a.logf("warning: left out %s: %s\n", s.File, s.Reason)
			}
			for _, f := range sum.Copied {
				a.debugf("copied %s\n", f)
			}
			for _, f := range sum.Removed {
				a.debugf("removed %s\n", f)
			}
			a.logf("Indexed %d %s of %d %s into %s\n", sum.Files, plural(sum.Files, "file", "files"),
				len(sum.Projects), plural(len(sum.Projects), "project", "projects"), filepath.Join(dest, "simple")+string(filepath.Separator))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "folder to write the index into (default: DIR)")
	return cmd
}

func (a *app) indexServeCmd() *cobra.Command {
	var addr, upstream, cert string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "serve DIR",
		Short: "Serve DIR's distributions as a simple index over HTTP",
		Long: `Serve the wheels and sdists in DIR as a Simple Repository API index:
/simple/ and /simple/NAME/ in HTML or JSON (negotiated on Accept, as PEP 691
says), the files and their PEP 658 metadata under /files/. The folder is
looked at on every request: files added, changed or removed show at once.

With --upstream URL (an index's simple URL), a project DIR does not have is
fetched from there and served with links to the upstream's files; a project
DIR has is never looked up upstream, so a private name cannot be shadowed.
Upstream pages go through fwenv's HTTP client: HTTPS_PROXY and NO_PROXY,
--cert, and credentials in the URL or ~/.netrc. They are not cached and not
retried (the index's clients retry), and --timeout bounds each page.

It prints the URL it serves and runs until interrupted (Ctrl-C, SIGTERM).
--addr 127.0.0.1:0 picks a free port. Listening on a public address serves
the folder to anyone who can reach it: there is no authentication.`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			dir := a.abs(argv[0])
			opts := indexer.ServeOptions{
				Upstream: upstream,
				Log:      func(msg string) { a.logf("warning: %s\n", msg) },
			}
			if upstream != "" {
				opts.Timeout = timeout
				opts.Network = fetch.Options{CertFile: cert, Timeout: timeout, Getenv: a.getenv, UserAgent: "fwenv/" + version, Waiting: func(msg string) { a.logf("%s\n", printable.Escape(msg)) }}
			}
			h, err := indexer.Handler(dir, opts)
			if err != nil {
				return err
			}
			if a.intr != nil {
				a.intr.own.Store(true) // a signal ends the serving: no interruption
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			go func() { <-ctx.Done(); stop() }() // a second Ctrl-C during the shutdown ends fwenv at once
			ro := indexer.RunOptions{Serving: func(at net.Addr) {
				// Always said, even with --quiet: with port 0 it is the only
				// way to learn the port.
				fmt.Fprintf(a.stderr, "Serving %s at http://%s/simple/\n", dir, at)
			}}
			if a.verbose {
				ro.Request = func(method, uri string, status int) { a.debugf("%s %s %d\n", method, uri, status) }
			}
			if err := indexer.Run(ctx, addr, h, ro); err != nil {
				return err
			}
			a.logf("Stopped\n")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "HOST:PORT to listen on (port 0: a free port)")
	f.StringVar(&upstream, "upstream", "", "index URL asked for projects DIR does not have, e.g. https://pypi.org/simple/")
	f.StringVar(&cert, "cert", "", "PEM file of CA certificates trusted for the upstream, besides the system's")
	config.PositiveDurationVar(f, &timeout, "timeout", 30*time.Second, "give up on an upstream page after this long (more than 0)")
	config.MarkPath(f, "cert")
	return cmd
}
