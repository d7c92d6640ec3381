package outbox

import (
	"slices"
	"strings"
	"sync"

	"github.com/claimdesk/claimdesk/mailbox"
)

// SentFolders are the mailboxes whose Sent folders keep the replies sent
// from the dashboard, by account name.
type SentFolders struct {
	mu    sync.Mutex
	accts []mailbox.Account
}

// Add makes acct's Sent folder known.
func (s *SentFolders) Add(acct mailbox.Account) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accts = append(s.accts, acct)
}

// Remove forgets the mailbox named name (removed while serve runs).
func (s *SentFolders) Remove(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accts = slices.DeleteFunc(s.accts, func(a mailbox.Account) bool { return a.Name() == name })
}

// empty reports whether no mailbox is known.
func (s *SentFolders) empty() bool {
	if s == nil {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.accts) == 0
}

// lookup returns the account named name, else the first one: a reply
// not tied to a mailbox (an update starting a thread) goes to the
// office's first mailbox.
func (s *SentFolders) lookup(name string) (mailbox.Account, bool) {
	if s == nil {
		return mailbox.Account{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accts {
		if a.Name() == name {
			return a, true
		}
	}
	if len(s.accts) > 0 {
		return s.accts[0], true
	}
	return mailbox.Account{}, false
}

// oauthFor returns the OAuth2 login of the mailbox whose user is user, for
// an XOAUTH2 submission as that mailbox; nil when none has one.
func (s *SentFolders) oauthFor(user string) *mailbox.OAuthLogin {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.accts {
		if a.OAuth != nil && strings.EqualFold(a.User, user) {
			return a.OAuth
		}
	}
	return nil
}
