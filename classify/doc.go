// Package classify decides, without any I/O, what an incoming message is about:
// which claim it belongs to (with the evidence for that decision), whether it
// needs a person's acknowledgment, whether it hands the office a new claim, and
// what kind of document each attachment is.
//
// The package receives an already-parsed Message and a Registry of known
// claims, and returns values. Precision comes first: a document filed to the
// wrong claim is the worst failure, so anything uncertain is sent to triage
// with its candidate claims instead of being guessed.
package classify
