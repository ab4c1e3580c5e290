// Package standin is the one place that knows the pip stand-ins: the small
// POSIX sh launchers an environment without pip has in bin/ under every name
// a user types for that interpreter's pip (pip, pipX, pipX.Y — the same rule
// pip applies to its own launchers). Run, a stand-in says on stderr that the
// environment has no pip, that without it `pip` would have run another
// interpreter's pip (first on PATH after activation), and how to get pip;
// it exits 1.
//
// env/venv writes them into a new environment; env/install replaces them
// when pip is installed (they belong to no distribution, so freeze and list
// never show them) and puts them back when pip is uninstalled; it also names
// pip's own launchers by the same rule. The package only produces and
// recognises the files; it writes nothing.
package standin
