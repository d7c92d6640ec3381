// Package outbox is the mail the office sends from the dashboard: an
// acknowledgment in the thread of a message waiting for one, a claim's
// daily update to its adjuster, reminders to the technicians, the request
// to the adjuster to approve equipment or a vendor's document, and the
// notice to the foreman and the estimator that equipment was picked up
// (queued in the transaction that records the pickup, so that it goes
// once).
//
// It decides what a reply says and how it goes out. The office's templates
// (English and Spanish, built-in defaults until the office saves its own)
// are filled with a claim's fields into a Draft the coordinator edits (a
// Writer does that alone, for pages that hand the text to a mail program
// when sending is not set up); Send composes it as a mail program would
// (Re: subject, In-Reply-To and References, a Message-ID of our own) and
// records it with its sending job in one transaction (EnqueueSend). The
// SendWorker then submits it over SMTP (PLAIN, or XOAUTH2 with the sending
// mailbox's token) and files it in that mailbox's Sent folder, recording
// each step before the next, so that a crash or a timeout never sends a
// reply twice as far as the servers let anyone know: an attempt after an
// interrupted one first looks for the reply's Message-ID in Sent.
//
// Reminders to the field (reminders.go) go the same way: a claim's
// technicians and foreman are chased for the first uploads, reminded of the
// COS at equipment pickup and of each day's drying log, in the office's
// reminder templates and each person's language, in their latest thread with
// the office. Each is recorded on its claim with its outbox message under a
// unique occasion, so the periodic ReminderWorker, run by any number of
// processes, sends a due reminder once, and only in business hours.
//
// The package never acknowledges anything and never reads incoming mail: a
// reply counts once it is in the Sent folder, where the pipeline's Sent
// watcher (ingest) finds it as it finds a reply written in any mail client.
// It speaks no SQL (storage keeps the outbox rows and templates) and logs
// in to mail servers through package mailbox.
package outbox
