// Package ingest is the pipeline: it takes mail from the office's mailboxes
// to claim folders, and is the only package that moves a message from one
// state to the next. A message flows like this:
//
//  1. A Watcher (one per mailbox folder, run by the one process whose
//     WatchShare holds the mailbox) notices new mail by IDLE, or by
//     polling where the server lacks it, and fetches it. The raw message
//     goes to the blob store under its SHA-256, and its row (with the
//     envelope mailparse reads from the header) and its processing job are
//     written in one Postgres transaction, with the folder's UID checkpoint.
//  2. Only after that commit is the message marked processed on the server
//     (a keyword, or moved to the folder configured). A crash before it
//     fetches the message again, which the same bytes make the same row.
//  3. The Processor, a River worker, runs the job: it parses the raw
//     message (mailparse), reads the text of its PDFs, classifies it
//     (classify: claim, acknowledgment, document types), creates the claim
//     an assignment hands the office, and files the attachments into the
//     claim's folders (Filer) in the transaction that records the decision.
//     Messages in triage that the new claim or thread settles are matched
//     again.
//  4. Filing queues a StampWorker job per PDF (its own queue, bounded in
//     memory and time) and publishes the documents at their browse keys
//     after the commit, or through a publish job when the blob store fails.
//
// The Sent folder is watched like the inbox, its messages recorded as the
// office's (direction out): processing one acknowledges the messages it
// answers in their thread, and a reply to a claim's adjuster records the
// claim's daily update. The periodic SweepWorker tells the dashboards when
// time alone makes a message due or a claim's paperwork late. Backfill
// imports the mail a folder already holds, and Retry runs failed messages
// again. Each step is idempotent: a crash anywhere repeats work, and never
// loses or duplicates it.
//
// The mail the office sends from the dashboard is package outbox's, not the
// pipeline's: the pipeline only sees those replies when they land in Sent.
// Logins to mail servers are package mailbox's; rows are written through
// storage, and which claim a message belongs to is classify's decision.
package ingest
