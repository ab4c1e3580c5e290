// Package prepare turns what a plan needs into local wheels, before anything
// is installed: it fetches files from the sources into the cache (checking
// announced and required hashes), builds sdists and project folders into
// wheels with env/build (each sdist once per command, by its sha256), reads
// an sdist's dependencies when the resolution asks (SdistMetadata, which
// resolver/solver declares): from its PKG-INFO when PEP 643 makes them
// static (StaticRequires), else through a build; checks out git
// requirements, opens and validates the user's own wheels, and makes the
// install requests that record where each came from (PEP 610).
//
// What it does not do: resolve (resolver/solver, env/plan), change an
// environment (env/install), or print: it reports through Options.Events,
// typed events the operations (env/ops) turn into messages and progress. Build
// environments are filled through build.Populate, which the caller gives.
// The temporary folders it makes are registered with Options.TempDir's
// owner and removed when the command ends.
package prepare
