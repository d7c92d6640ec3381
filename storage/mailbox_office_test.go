package storage

import "testing"

// TestMailboxOffice: a mailbox is its first folder's office, whatever
// other mailboxes' folders say, and the default office's while none of
// its folders was read; the mailboxes page and `claimdesk mailbox list`
// both ask it.
func TestMailboxOffice(t *testing.T) {
	t.Parallel()
	folders := []MailboxFolder{
		{Account: "claims@east.example", Folder: "INBOX", Role: RoleInbox, OfficeID: 3},
		{Account: "claims@east.example", Folder: "Sent", Role: RoleSent, OfficeID: 4},
		{Account: "claims@main.example", Folder: "INBOX", Role: RoleInbox, OfficeID: 2},
	}
	for _, tc := range []struct {
		account string
		want    int64
	}{
		{"claims@east.example", 3},
		{"claims@main.example", 2},
		{"new@main.example", DefaultOfficeID},
	} {
		if got := MailboxOffice(tc.account, folders); got != tc.want {
			t.Errorf("MailboxOffice(%q) = %d, want %d", tc.account, got, tc.want)
		}
	}
}
