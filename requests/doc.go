// Package requests reads what a person's message asks the office to send or
// do: the document types named in any wording ("the signed work
// authorization", "moisture map", "las fotos"), other asks the office must
// answer (the equipment list, the dry-out or removal date) and the due time
// ("by Thursday", "within 24 hours", "EOD", "ASAP", "mañana"), counted on
// the office's business calendar: one business day when none is given.
//
// It is a pure decision over text: the message's own words in, a request
// out. Quoted replies, forwards and signatures are not the sender's ask and
// are cut off first. It never reads mail, a database or a clock: the
// message's arrival time is an argument.
package requests
