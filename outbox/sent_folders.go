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
	// onFiled is called with a mailbox's name once a reply is in its
	// Sent folder.
	onFiled func(account string)
}

// OnFiled makes the send worker call fn with a mailbox's name each time it
// has filed a reply in that mailbox's Sent folder (or had the provider
// file it): the Sent folder's watcher may look at once.
func (s *SentFolders) OnFiled(fn func(account string)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onFiled = fn
}

// filed reports a reply filed in the Sent folder of account.
func (s *SentFolders) filed(account string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	fn := s.onFiled
	s.mu.Unlock()
	if fn != nil {
		fn(account)
	}
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
