package testenv

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/minio/minio-go/v7"
)

// PrivateS3Server is an S3 server of one test's own, which the test may
// stop and start again, to see how claimdesk lives through an outage. A
// restart keeps the address, the credentials and the data, so the bucket
// and its objects are still there. The shared server of S3 is never
// stopped: other tests use it.
type PrivateS3Server struct {
	S3Server

	mu      sync.Mutex
	gw      *versitygw
	bin     string
	data    string
	running bool
}

// PrivateS3 starts an S3 server for this test alone, with a bucket in it.
// It stops when the test ends.
func PrivateS3(t testing.TB) *PrivateS3Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), versitygwBuildTimeout)
	defer cancel()
	bin, err := BuildVersitygw(ctx)
	if err != nil {
		unavailable(t, "S3 server (versitygw)", err)
	}
	dir, err := os.MkdirTemp("", "claimdesk-s3-private-")
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		os.RemoveAll(dir)
		t.Fatal(err)
	}
	s := &PrivateS3Server{
		gw: &versitygw{
			accessKey: "claimdesk-" + versitygwSecret(4),
			secretKey: versitygwSecret(20),
			dir:       dir,
			logPath:   filepath.Join(dir, "versitygw.log"),
		},
		bin:  bin,
		data: data,
	}
	t.Cleanup(func() {
		s.Stop()
		os.RemoveAll(dir)
	})
	// Only the first start picks a port; a port taken in between is retried.
	for attempt := 1; ; attempt++ {
		port, err := versitygwPort()
		if err != nil {
			t.Fatal(err)
		}
		err = s.gw.start(bin, data, fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			break
		}
		if attempt == 3 {
			t.Fatalf("start private S3 server: %v", err)
		}
	}
	s.running = true
	bucket := s3BucketName(t.Name(), 1)
	if err := s.gw.client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("create bucket %s: %v\n%s", bucket, err, versitygwLogTail(s.gw.logPath))
	}
	s.S3Server = S3Server{
		Endpoint:  s.gw.endpoint,
		AccessKey: s.gw.accessKey,
		SecretKey: s.gw.secretKey,
		Bucket:    bucket,
		URL:       fmt.Sprintf("s3://%s?endpoint=%s&secure=false", bucket, s.gw.endpoint),
	}
	return s
}

// Stop ends the server; its address refuses connections until Start.
func (s *PrivateS3Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		s.gw.kill()
		s.running = false
	}
}

// Start runs the server again on its address, with its data, and waits
// until it answers. It fails the test if the address was taken meanwhile.
func (s *PrivateS3Server) Start(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running {
		return
	}
	if err := s.gw.start(s.bin, s.data, s.Endpoint); err != nil {
		t.Fatalf("restart private S3 server on %s: %v", s.Endpoint, err)
	}
	s.running = true
}
