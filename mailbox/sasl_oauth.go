package mailbox

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// SASL mechanisms that log in with an OAuth2 access token.
const (
	// MechXOAuth2 is Google's and Microsoft's XOAUTH2, the one Exchange
	// Online offers.
	MechXOAuth2 = "XOAUTH2"
	// MechOAuthBearer is the standard OAUTHBEARER (RFC 7628).
	MechOAuthBearer = "OAUTHBEARER"
)

// tokenSASL is an XOAUTH2 or OAUTHBEARER client. A server refusing the
// token answers with a JSON challenge and waits for a dummy response
// before it sends NO; refusal keeps that challenge so the login error can
// say why.
type tokenSASL struct {
	mech, user, token string
	host              string
	port              int
	refusal           *tokenRefusal
}

var _ sasl.Client = (*tokenSASL)(nil)

// NewTokenClient is the SASL client that logs user in with an access token
// by mech (MechXOAuth2 or MechOAuthBearer) on the server at host:port: for
// logins other than IMAP's (a submission server), which go as IMAP's do.
func NewTokenClient(mech, user, token, host string, port int) sasl.Client {
	return &tokenSASL{mech: mech, user: user, token: token, host: host, port: port}
}

// tokenRefusal is the server's JSON reason for refusing a token.
type tokenRefusal struct {
	Status  string `json:"status"`
	Schemes string `json:"schemes"`
	Scope   string `json:"scope"`
}

func (r *tokenRefusal) String() string {
	if r == nil || r.Status == "" {
		return ""
	}
	return "token status " + r.Status
}

func (c *tokenSASL) Start() (string, []byte, error) {
	if c.mech == MechOAuthBearer {
		_, ir, err := sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: c.user, Token: c.token, Host: c.host, Port: c.port,
		}).Start()
		return MechOAuthBearer, ir, err
	}
	return MechXOAuth2, []byte("user=" + c.user + "\x01auth=Bearer " + c.token + "\x01\x01"), nil
}

func (c *tokenSASL) Next(challenge []byte) ([]byte, error) {
	if c.refusal != nil {
		return nil, fmt.Errorf("%s: unexpected second challenge", c.mech)
	}
	c.refusal = &tokenRefusal{}
	_ = json.Unmarshal(challenge, c.refusal) // a reason that does not parse is still a refusal
	// RFC 7628's dummy response. XOAUTH2 asks for an empty one, but the
	// IMAP client writes that as "=", which Dovecot rejects as bad base64;
	// servers take ^A for both.
	return []byte{0x01}, nil
}

// chooseMechanism picks the token mechanism: the one configured, else
// OAUTHBEARER when the server offers it and XOAUTH2 otherwise (servers that
// take tokens without advertising a mechanism take XOAUTH2).
func chooseMechanism(configured string, offers func(mech string) bool) string {
	if m := strings.ToUpper(configured); m != "" {
		return m
	}
	if offers(MechOAuthBearer) {
		return MechOAuthBearer
	}
	return MechXOAuth2
}
