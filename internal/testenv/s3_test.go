package testenv

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

func TestS3Smoke(t *testing.T) {
	t.Parallel()
	a, b := S3(t), S3(t)
	if a.Bucket == b.Bucket {
		t.Fatalf("two calls share bucket %s", a.Bucket)
	}
	if a.Endpoint != b.Endpoint {
		t.Errorf("two servers: %s and %s", a.Endpoint, b.Endpoint)
	}
	if want := "s3://" + a.Bucket + "?endpoint=" + a.Endpoint + "&secure=false"; a.URL != want {
		t.Errorf("URL = %q, want %q", a.URL, want)
	}
	if os.Getenv("AWS_ACCESS_KEY_ID") != a.AccessKey || os.Getenv("AWS_SECRET_ACCESS_KEY") != a.SecretKey {
		t.Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not the server's")
	}

	c, err := minio.New(a.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(a.AccessKey, a.SecretKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, bucket := range []string{a.Bucket, b.Bucket} {
		ok, err := c.BucketExists(ctx, bucket)
		if err != nil || !ok {
			t.Errorf("BucketExists(%s) = %v, %v; want true", bucket, ok, err)
		}
	}
	const body = "From: adjuster@carrier.example\r\n\r\nhello\r\n"
	if _, err := c.PutObject(ctx, a.Bucket, "raw/1.eml", strings.NewReader(body), int64(len(body)), minio.PutObjectOptions{}); err != nil {
		t.Fatalf("PutObject: %v", err)
	}
	if _, err := c.StatObject(ctx, b.Bucket, "raw/1.eml", minio.StatObjectOptions{}); minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		t.Errorf("object visible in the other bucket: %v", err)
	}
}

func TestBuildVersitygwCached(t *testing.T) {
	t.Parallel()
	S3(t) // builds it, or skips when it cannot be built
	path, err := BuildVersitygw(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, "/versitygw-"+VersitygwVersion+"/versitygw") || !isExecutableFile(path) {
		t.Errorf("BuildVersitygw = %q, want an executable in versitygw-%s", path, VersitygwVersion)
	}
}

func TestS3BucketName(t *testing.T) {
	t.Parallel()
	valid := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	tests := map[string]string{
		"TestS3Store/RoundTrip":               "t7-tests3store-roundtrip",
		"TestX/Ünïcode_and__SPACES  ":         "t7-testx-n-code-and-spaces",
		"TestLong" + strings.Repeat("A", 100): "t7-testlong" + strings.Repeat("a", 52),
		"":                                    "t7-s3",
	}
	for test, want := range tests {
		got := s3BucketName(test, 7)
		if got != want {
			t.Errorf("s3BucketName(%q) = %q, want %q", test, got, want)
		}
		if !valid.MatchString(got) || strings.Contains(got, "--") {
			t.Errorf("s3BucketName(%q) = %q: not a valid bucket name", test, got)
		}
	}
}
