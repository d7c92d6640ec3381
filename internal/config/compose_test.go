package config

import (
	"flag"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// composeFile is the part of docker-compose.yml the checks below read.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
		Ports       []string          `yaml:"ports"`
		DependsOn   map[string]any    `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// TestComposeFile checks docker-compose.yml without Docker: it parses, every
// claimdesk setting in it is one claimdesk knows and accepts (with the
// Dockerfile's own settings), its hosts are services of the file, and the
// files it mounts exist.
func TestComposeFile(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "docker-compose.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var cf composeFile
	if err := yaml.Unmarshal(raw, &cf); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	for _, want := range []string{"postgres", "minio", "dovecot", "claimdesk"} {
		if _, ok := cf.Services[want]; !ok {
			t.Errorf("docker-compose.yml has no %s service", want)
		}
	}
	for name, svc := range cf.Services {
		if svc.Image == "" && svc.Build == nil {
			t.Errorf("service %s has neither image nor build", name)
		}
		for dep := range svc.DependsOn {
			if _, ok := cf.Services[dep]; !ok {
				t.Errorf("service %s depends on unknown service %s", name, dep)
			}
		}
		for _, v := range svc.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if strings.HasPrefix(src, ".") {
				if _, err := os.Stat(filepath.Join(root, src)); err != nil {
					t.Errorf("service %s mounts %s: %v", name, src, err)
				}
			} else if _, ok := cf.Volumes[src]; !ok {
				t.Errorf("service %s mounts undeclared volume %s", name, src)
			}
		}
	}

	env := dockerfileEnv(t, filepath.Join(root, "Dockerfile"))
	for k, v := range cf.Services["claimdesk"].Environment {
		env[k] = v
	}
	known := map[string]bool{}
	for _, s := range (&Config{}).settings() {
		known[s.env] = true
	}
	for k := range env {
		if strings.HasPrefix(k, "CLAIMDESK_") && !known[k] {
			t.Errorf("docker-compose.yml or Dockerfile sets %s, which claimdesk does not read", k)
		}
	}
	fs := flag.NewFlagSet("compose", flag.ContinueOnError)
	c := Register(fs, func(k string) string { return env[k] })
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the compose settings do not validate: %v", err)
	}

	// Every host claimdesk is told to reach is a service of the file.
	db, err := url.Parse(c.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := url.Parse(c.BlobURL)
	if err != nil {
		t.Fatal(err)
	}
	hosts := []string{db.Host, blob.Query().Get("endpoint")}
	for _, a := range c.IMAP {
		hosts = append(hosts, a.Host)
	}
	for _, h := range hosts {
		host, _, err := net.SplitHostPort(h)
		if err != nil {
			t.Errorf("claimdesk is told to reach %q: %v", h, err)
			continue
		}
		if _, ok := cf.Services[host]; !ok {
			t.Errorf("claimdesk is told to reach %s, which is not a service", host)
		}
	}
	// The dashboard listens where the port is published.
	_, port, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil || strings.HasPrefix(c.HTTPAddr, "127.") {
		t.Errorf("inside a container claimdesk must listen on all interfaces, not %q", c.HTTPAddr)
	}
	published := false
	for _, p := range cf.Services["claimdesk"].Ports {
		published = published || strings.HasSuffix(p, ":"+port)
	}
	if !published {
		t.Errorf("port %s of claimdesk is not published: %v", port, cf.Services["claimdesk"].Ports)
	}
}

var dockerfileENV = regexp.MustCompile(`(?m)^ENV\s+(.+)$`)

// dockerfileEnv reads the KEY=value pairs of the Dockerfile's ENV lines.
func dockerfileEnv(t *testing.T, path string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, m := range dockerfileENV.FindAllStringSubmatch(string(raw), -1) {
		for _, kv := range strings.Fields(m[1]) {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("Dockerfile: ENV %q is not KEY=value", m[1])
			}
			env[k] = v
		}
	}
	return env
}
