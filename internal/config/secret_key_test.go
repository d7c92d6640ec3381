package config

import (
	"bytes"
	"flag"
	"strings"
	"testing"

	"github.com/claimdesk/claimdesk/internal/secrets"
)

func TestSecretKeyFromEnvStaysOutOfHelp(t *testing.T) {
	key, _ := secrets.GenerateKey()
	encoded := secrets.EncodeKey(key)
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var help bytes.Buffer
	fs.SetOutput(&help)
	c := Register(fs, func(k string) string {
		return map[string]string{"CLAIMDESK_SECRET_KEY": encoded, "CLAIMDESK_DATA_DIR": "/srv/cd"}[k]
	})
	fs.PrintDefaults()
	if strings.Contains(help.String(), encoded) {
		t.Fatal("help output shows the secret key")
	}
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.SecretKey, key) || c.SecretSource().DefaultFile != "/srv/cd/secret.key" {
		t.Fatalf("secret source %+v: want the variable's key", c.SecretSource())
	}
}

func TestSecretKeyErrors(t *testing.T) {
	for _, env := range []map[string]string{
		{"CLAIMDESK_SECRET_KEY": "c2hvcnQ="},
		{"CLAIMDESK_SECRET_KEY": secrets.EncodeKey(make([]byte, 32)), "CLAIMDESK_SECRET_KEY_FILE": "/etc/claimdesk/key"},
	} {
		_, err := load(t, env)
		if err == nil || !strings.Contains(err.Error(), "CLAIMDESK_SECRET_KEY") {
			t.Errorf("%v: error %v, want one naming CLAIMDESK_SECRET_KEY", env, err)
		}
	}
}
