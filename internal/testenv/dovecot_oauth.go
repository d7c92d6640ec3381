package testenv

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"text/template"
)

// DovecotOAuthServer is one test's account on a second Dovecot instance
// that also takes OAuth2 bearer tokens (SASL XOAUTH2 and OAUTHBEARER): its
// oauth2 passdb asks an introspection endpoint served by the test binary
// whether a token is valid, and for whom. The account's password still
// works, for putting mail in place.
type DovecotOAuthServer struct {
	DovecotServer
	// Tokens decides which tokens Dovecot accepts, for every account.
	Tokens *OAuthTokens
	conf   string // the instance's dovecot.conf, for doveadm
}

// DovecotOAuth returns a new account on the token-taking Dovecot, which
// starts on the first call in a test binary (the shared Dovecot of
// Dovecot is left as it is).
func DovecotOAuth(t testing.TB) DovecotOAuthServer {
	t.Helper()
	inst, err := sharedOAuthDovecot()
	if err != nil {
		unavailable(t, "Dovecot with OAuth2", err)
	}
	s, err := inst.d.addUser()
	if err != nil {
		t.Fatalf("dovecot: add user: %v", err)
	}
	return DovecotOAuthServer{DovecotServer: s, Tokens: inst.tokens, conf: filepath.Join(inst.d.dir, "dovecot.conf")}
}

// Kick ends every session of the account, the way Exchange Online ends a
// session whose token expired.
func (s DovecotOAuthServer) Kick(t testing.TB) {
	t.Helper()
	out, err := exec.Command(doveadmBinary(), "-c", s.conf, "kick", s.User).CombinedOutput()
	if err != nil {
		t.Fatalf("doveadm kick %s: %v: %s", s.User, err, out)
	}
}

func doveadmBinary() string {
	if p, err := exec.LookPath("doveadm"); err == nil {
		return p
	}
	return "/usr/bin/doveadm"
}

// OAuthTokens is the token store behind the introspection endpoint.
type OAuthTokens struct {
	mu     sync.Mutex
	users  map[string]string // token -> user; revoked tokens are removed
	asked  map[string]int    // token -> introspections
	active map[string]int    // user -> introspections that said yes
}

// NewOAuthTokens returns an empty token store, for a token endpoint that
// no Dovecot asks about.
func NewOAuthTokens() *OAuthTokens {
	return &OAuthTokens{users: map[string]string{}, asked: map[string]int{}, active: map[string]int{}}
}

// Issue returns a new random token that Dovecot accepts for user.
func (o *OAuthTokens) Issue(user string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	token := "at-" + hex.EncodeToString(b)
	o.mu.Lock()
	defer o.mu.Unlock()
	o.users[token] = user
	return token
}

// Revoke makes Dovecot refuse token from now on (expired or revoked).
func (o *OAuthTokens) Revoke(token string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.users, token)
}

// Asked counts Dovecot's questions about token.
func (o *OAuthTokens) Asked(token string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.asked[token]
}

// Accepted counts the tokens of user that Dovecot was told are valid.
func (o *OAuthTokens) Accepted(user string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.active[user]
}

// introspect answers RFC 7662 token introspection as Dovecot's
// introspection_mode = post asks it: a form with the token.
func (o *OAuthTokens) introspect(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	token := r.PostForm.Get("token")
	o.mu.Lock()
	o.asked[token]++
	user, ok := o.users[token]
	if ok {
		o.active[user]++
	}
	o.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !ok {
		_ = json.NewEncoder(w).Encode(map[string]any{"active": false})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"active": true, "username": user})
}

type oauthDovecot struct {
	d      *dovecotInstance
	tokens *OAuthTokens
}

var sharedOAuthDovecot = sync.OnceValues(startOAuthDovecot)

func startOAuthDovecot() (*oauthDovecot, error) {
	bin, major, minor, err := findDovecot()
	if err != nil {
		return nil, err
	}
	if major != 2 || minor != 3 {
		// 2.4 renamed every oauth2 setting; only the 2.3 form is written here.
		return nil, fmt.Errorf("dovecot %d.%d: the OAuth2 test server is configured for Dovecot 2.3", major, minor)
	}
	tokens := NewOAuthTokens()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("introspection endpoint: %w", err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(tokens.introspect)}
	go func() { _ = srv.Serve(ln) }()
	introspectURL := "http://" + ln.Addr().String() + "/introspect"

	d, err := runDovecot("claimdesk-dovecot-oauth-", func() { srv.Close() }, func(d *dovecotInstance, users dovecotUsers) (*dovecotProcess, error) {
		return d.startOAuth(bin, users, introspectURL)
	})
	if err != nil {
		return nil, err
	}
	return &oauthDovecot{d: d, tokens: tokens}, nil
}

// startOAuth starts the instance with the passwd-file users and, after
// them, the oauth2 passdb: a token is no user's password, so the
// passwd-file turns it down and the oauth2 passdb decides.
func (d *dovecotInstance) startOAuth(bin string, users dovecotUsers, introspectURL string) (*dovecotProcess, error) {
	port, err := dovecotFreePort()
	if err != nil {
		return nil, err
	}
	d.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	oauthConf := filepath.Join(d.dir, "dovecot-oauth2.conf.ext")
	ext := "introspection_mode = post\n" +
		"introspection_url = " + introspectURL + "\n" +
		"username_attribute = username\n" +
		"active_attribute = active\n" +
		"active_value = true\n"
	if err := os.WriteFile(oauthConf, []byte(ext), 0o644); err != nil {
		return nil, fmt.Errorf("dovecot oauth2 config: %w", err)
	}
	var conf bytes.Buffer
	err = dovecotOAuth23Config.Execute(&conf, struct {
		dovecotUsers
		Dir, PasswdDir, OAuthConf string
		Port, MailUID, MailGID    int
	}{users, d.dir, d.passwdDir, oauthConf, port, d.uid, d.gid})
	if err != nil {
		return nil, fmt.Errorf("dovecot config: %w", err)
	}
	return d.run(bin, conf.Bytes())
}

// dovecotOAuth23Config is the shared instance's 2.3 configuration plus the
// token mechanisms and the oauth2 passdb. The userdb is static: the oauth2
// passdb names the user, and every user's mail lives under mail/.
var dovecotOAuth23Config = template.Must(template.New("oauth-2.3").Parse(`# claimdesk OAuth2 test server (Dovecot 2.3)
disable_plaintext_auth = no
auth_verbose = yes
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {{.PasswdDir}}/%u
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {{.OAuthConf}}
}
userdb {
  driver = static
  args = uid={{.MailUID}} gid={{.MailGID}} home={{.Dir}}/mail/%u allow_all_users=yes
}
` + dovecotCommon + `auth_mechanisms = plain login xoauth2 oauthbearer
`))
