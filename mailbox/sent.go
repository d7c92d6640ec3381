package mailbox

import (
	"context"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// sentTimeout bounds one search of or append to a Sent folder.
const sentTimeout = time.Minute

// withSent runs fn on a connection to acct's server, bounded by
// sentTimeout.
func (a Account) withSent(ctx context.Context, fn func(c *imapclient.Client, folder string) error) error {
	ctx, cancel := context.WithTimeout(ctx, sentTimeout)
	defer cancel()
	c, err := a.Connect(ctx, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := fn(c, cmpOr(a.Sent, "Sent")); err != nil {
		return err
	}
	return c.Logout().Wait()
}

// InSent reports whether acct's Sent folder holds a message with
// messageID (angle brackets included, as the header has it).
func (a Account) InSent(ctx context.Context, messageID string) (bool, error) {
	var found bool
	err := a.withSent(ctx, func(c *imapclient.Client, folder string) error {
		if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
			return fmt.Errorf("open %s: %w", folder, err)
		}
		data, err := c.UIDSearch(&imap.SearchCriteria{
			Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: messageID}},
		}, nil).Wait()
		if err != nil {
			return fmt.Errorf("search %s for %s: %w", folder, messageID, err)
		}
		found = len(data.AllUIDs()) > 0
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("look in the Sent folder of %s: %w", a.Name(), err)
	}
	return found, nil
}

// AppendSent files raw, read, in acct's Sent folder, as a mail client does
// after sending.
func (a Account) AppendSent(ctx context.Context, raw []byte, at time.Time) error {
	err := a.withSent(ctx, func(c *imapclient.Client, folder string) error {
		cmd := c.Append(folder, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: at})
		if _, err := cmd.Write(raw); err != nil {
			cmd.Close()
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		_, err := cmd.Wait()
		return err
	})
	if err != nil {
		return fmt.Errorf("put the message in the Sent folder of %s: %w", a.Name(), err)
	}
	return nil
}
