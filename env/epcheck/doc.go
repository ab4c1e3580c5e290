// Package epcheck loads entry points in an environment's own interpreter to
// find the broken ones: a module that does not import, an attribute that is
// missing. It runs one Python process for all of them. It only reads; the
// listing itself comes from env/site.
package epcheck
