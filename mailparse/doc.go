// Package mailparse reads mail as senders really write it: MIME with broken
// boundaries and base64, every charset mailers use, RFC 2047 words and
// RFC 2231 parameters, message/rfc822 parts nested in each other, the
// files and text Outlook wraps in a TNEF winmail.dat (its compressed RTF
// too, and the mails forwarded inside it as Outlook items), forwards and
// quoted replies written inline by Gmail, Outlook and Apple Mail, and
// attachment names that try to be paths.
//
// It decides what a message says: its envelope (ReadEnvelope, enough to
// store and thread a message before it is parsed), its addresses, bodies
// and the headers that tell a person's mail from automatic mail, which
// parts are the body, which are documents the sender meant to send and
// which are decoration such as a signature logo, and a safe display name
// for each file (SanitizeFilename).
//
// The package is pure: bytes in, values out. It opens no files and no
// connections and imports none of claimdesk's other packages; attachments
// are streamed to the AttachmentSink the caller hands it, never held whole
// in memory, and ParseOptions bounds the work one message can cost. Broken
// MIME is never an error: what parsed is kept and Message.Warnings says
// what was not. It never classifies a message, stores one or talks to a
// mail server: that is the pipeline's (ingest) and classify's work.
package mailparse
