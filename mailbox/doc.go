// Package mailbox talks to the office's mail servers as the owner of a
// mailbox account: it connects (TLS, STARTTLS or plain, with the kernel's
// keepalive watching the connection), logs in with a password or with an
// OAuth2 access token over SASL XOAUTH2 or OAUTHBEARER, gets and renews those
// tokens (a Microsoft 365 app, a Google service account, or a person's
// refresh token), probes what a server can do, and looks for or files a
// message in the Sent folder.
//
// An Account is one mailbox's login; the same name is used for the
// mailboxes of CLAIMDESK_IMAP_URL (config.MailboxAccount) and of the
// database (storage.MailboxAccount). A token the server refuses is replaced
// once before a login fails; a provider refusing the credentials themselves
// is ErrCredentialsRefused, with the provider's reason and nothing else from
// its answer. Passwords, secrets and tokens are never logged or put in an
// error.
//
// The package never decides what happens to mail: it does not watch folders,
// store or parse messages (ingest does), and it sends nothing (outbox does,
// and files what it sent through AppendSent). How an account's logins went is
// told to its HealthRecorder; DBHealth keeps that in the database for the API
// and the metrics.
package mailbox
