// Package build is fwenv's PEP 517/518/660 build frontend: it turns a source
// tree into a wheel, an editable wheel or an sdist by calling the project's
// build backend.
//
// What it does:
//
//   - reads pyproject.toml's [build-system] (PEP 518): requires,
//     build-backend and backend-path (in-tree backends, which must stay inside
//     the project); without the file or the table, the project builds with
//     setuptools.build_meta:__legacy__ and setuptools>=40.8.0 and wheel, as
//     pip does (ReadBuildSystem);
//   - calls the hooks (get_requires_for_build_wheel/sdist/editable,
//     prepare_metadata_for_build_wheel/editable, build_wheel, build_sdist,
//     build_editable) through a small hook runner embedded in the binary
//     (runner.py), one subprocess of the build environment's interpreter per
//     hook, the project as working directory, JSON request and result in
//     files (the runner runs on Python 2.7 and 3.6+); missing optional
//     hooks are handled as PEP 517 and 660 say, a missing build_editable is
//     an error (no setup.py develop). The
//     backend's output goes to a log file (and to Options.Verbose); it is
//     removed after a success and kept after a failure, whose error
//     (HookError) shows the last lines and the log's path;
//   - builds setuptools projects the legacy way when the PEP 517/660 hooks
//     cannot work (no `wheel` for the target, as on Python 2.7 and 3.6
//     offline; setuptools older than 64 for editable wheels): the
//     project's setup_requires (read by the runner, less `wheel`)
//     installed first, then setup.py
//     egg_info and a staged setup.py install run by the hook runner, packed
//     into a wheel (or an editable wheel with a .pth file) by fwenv;
//     Result.Legacy says why (legacy.go);
//   - isolates builds: a build environment made with env/venv and filled by
//     Options.Populate (the install engine) with wheels for the build
//     requirements and their dependencies, plus what get_requires_for_build_*
//     adds. Wheels come from the find-links folders, then from the
//     ensurepip/_bundled folders of every discovered interpreter (the newest
//     wheel whose tags and Requires-Python suit the target), then from
//     Debian's /usr/share/python-wheels, from which setuptools is taken only
//     for Debian's own interpreter, then, last, the setuptools and wheel
//     wheels CPython 3.12+ ships as test data (Pools). A setuptools wheel
//     known by its contents not to work on the target (Debian's
//     install_layout patch, pkgutil.ImpImporter on 3.12+) is passed over,
//     wherever it comes from (unfit.go); a dependency no source offers is
//     reported with the chain of wheels that asked for it. Each Resolved
//     wheel says which source served it. Build environments are cached under
//     CacheDir/build-envs by the interpreter and the sha256 of every wheel
//     (EnvKey), made once under a file lock and reused by later builds and
//     other fwenv processes; NoIsolation builds in the target environment,
//     after checking that it holds the build requirements (and what
//     get_requires_for_build_* adds), read with env/site;
//   - caches built files under CacheDir/built by a key made of the kind of
//     build, the interpreter, the build environment, the backend, the
//     config settings, the digest of the project's build inputs (HashInputs)
//     and, for editable wheels, the project's path: an unchanged project is
//     not built again; the requirements the backend added are kept beside
//     the built file, so a cache hit reports every wheel the build needs;
//   - offers BuildWheel, BuildEditable, BuildSdist, PrepareMetadata,
//     BuildWheelFromSdist (unpacked with archive/sdist, which refuses unsafe
//     members before writing) and Build (what `python -m build` does: the
//     sdist, then the wheel from it) to env/prepare and env/ops; progress goes to
//     Options.Events, never to the terminal.
//
// What it does not do: it does not install the built wheels (env/install),
// resolve a project's own dependencies (the resolver), download anything
// (build requirements come from local folders; Options.Provide lets the
// caller fetch them into one first), or backtrack when build requirements conflict (the first
// choice wins and a conflict is an error).
package build
