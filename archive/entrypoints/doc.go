// Package entrypoints reads entry_points.txt files (the entry points
// specification: INI-style groups of "name = module:attr [extras]").
//
// What it does: parses groups and entries in file order; checks group names
// (dotted words), entry names (no '=', no surrounding whitespace, not
// starting with '['), object references (a dotted module path, optionally
// ':' and a dotted attribute path, every part an identifier) and the
// deprecated extras list; refuses a name given twice in one group; offers
// [CheckScriptName] for console_scripts and gui_scripts names, which become
// files in the environment's bin/ folder.
//
// What it does not do: it does not import anything or check that the object
// exists (that needs the environment's interpreter: env/site), and it does
// not write the launchers.
package entrypoints
