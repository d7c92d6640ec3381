// Package handoff writes what the office hands to the systems of record
// that take none of our data directly (Restore 365, XactAnalysis, carrier
// portals): a claim's cover sheet and its correspondence as PDF, and the
// plain-text notes coordinators paste into a job's log.
//
// The package takes values and writes to an io.Writer: it never reads the
// database or the blob store, so the web layer decides what a packet holds
// and this package only decides how it reads. The PDFs use the built-in
// Helvetica, whose encoding is Windows-1252: accented Latin text (Peña,
// Müller) prints as written; other characters print as a question mark
// rather than vanish, so a reader sees that something was there.
package handoff
