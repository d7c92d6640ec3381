package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	// maxSinglePut is S3's limit on one PUT. Up to it a blob streams in a
	// single request: no part buffers in memory, and the conditional write
	// makes the blob appear at once. Beyond it minio-go uploads parts.
	maxSinglePut = 5 << 30
	// pingKey lives in the reserved namespace no valid key can reach.
	pingKey = ".claimdesk/ping"
	// codeConditionalConflict is what AWS answers when two conditional
	// writes of one key race; minio-go has no constant for it.
	codeConditionalConflict = "ConditionalRequestConflict"
)

var _ Store = (*S3Store)(nil)

// S3Config says which S3 bucket an S3Store uses and how to reach it.
type S3Config struct {
	// Endpoint is the server's host:port, without a scheme.
	Endpoint string
	// Secure selects HTTPS.
	Secure bool
	// Region is the bucket's region; empty lets the client discover it.
	Region string
	// Bucket is created when missing.
	Bucket string
	// AccessKey, SecretKey and SessionToken are the credentials; the
	// session token only comes with temporary credentials.
	AccessKey    string
	SecretKey    string
	SessionToken string
}

func (c S3Config) validate() error {
	switch {
	case c.Bucket == "":
		return errors.New("missing bucket: want s3://bucket?endpoint=host:port")
	case c.Endpoint == "":
		return errors.New("endpoint required: want s3://bucket?endpoint=host:port")
	case strings.Contains(c.Endpoint, "://") || strings.Contains(c.Endpoint, "/"):
		return fmt.Errorf("endpoint %q: want host:port, without scheme or path (secure=false selects HTTP)", c.Endpoint)
	}
	return nil
}

// S3Store keeps blobs as objects of one S3 bucket, the key being the
// object name.
type S3Store struct {
	client *minio.Client
	core   minio.Core
	bucket string
}

// NewS3Store connects to the bucket cfg names, creating it when missing.
func NewS3Store(ctx context.Context, cfg S3Config) (*S3Store, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.SessionToken),
		Secure: cfg.Secure,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("S3 client: %w", err)
	}
	s := &S3Store{client: client, core: minio.Core{Client: client}, bucket: cfg.Bucket}
	if err := s.ensureBucket(ctx, cfg.Region); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *S3Store) ensureBucket(ctx context.Context, region string) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("check bucket %s: %w", s.bucket, err)
	}
	if ok {
		return nil
	}
	err = s.client.MakeBucket(ctx, s.bucket, minio.MakeBucketOptions{Region: region})
	if err == nil {
		return nil
	}
	// Another claimdesk process may have created it since we looked.
	if code := minio.ToErrorResponse(err).Code; code == minio.BucketAlreadyOwnedByYou || code == minio.BucketAlreadyExists {
		if ok, _ := s.client.BucketExists(ctx, s.bucket); ok {
			return nil
		}
	}
	return fmt.Errorf("create bucket %s: %w", s.bucket, err)
}

// Put implements Store. It checks for the key first, which is cheap and
// the usual answer for deduplicated content, then writes conditionally
// (If-None-Match: *) so that of concurrent writers only the first commits.
func (s *S3Store) Put(ctx context.Context, key string, r io.Reader, size int64) error {
	if err := validateKey(key); err != nil {
		return err
	}
	if size < 0 {
		return fmt.Errorf("put %s: negative size %d", key, size)
	}
	if _, err := s.Stat(ctx, key); err == nil {
		return nil
	} else if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("put %s: %w", key, err)
	}
	er := newExactReader(ctx, r, size)
	if size == 0 {
		// An empty body is never read, so check r's end here.
		if err := er.checkEnd(); err != nil {
			return fmt.Errorf("put %s: %w", key, err)
		}
	}
	opts := minio.PutObjectOptions{DisableMultipart: size <= maxSinglePut}
	if opts.DisableMultipart {
		// Servers differ on conditions for multipart uploads; the rare
		// blob beyond 5 GiB does without, as the content is the same.
		opts.SetMatchETagExcept("*")
	}
	_, err := s.client.PutObject(ctx, s.bucket, key, er, size, opts)
	if er.err != nil {
		// The reader's own failure says more than the transport's.
		return fmt.Errorf("put %s: %w", key, er.err)
	}
	if err != nil {
		switch minio.ToErrorResponse(err).Code {
		case minio.PreconditionFailed, codeConditionalConflict:
			// A concurrent writer committed first, or is about to.
			if _, serr := s.Stat(ctx, key); serr == nil {
				return nil
			}
		}
		return fmt.Errorf("put %s: %w", key, s3Err(ctx, err))
	}
	return nil
}

// Get implements Store.
func (s *S3Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := validateKey(key); err != nil {
		return nil, err
	}
	// Core.GetObject answers with the response, so a missing key is an
	// error here rather than on the first Read.
	body, _, _, err := s.core.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", key, s3Err(ctx, err))
	}
	return body, nil
}

// Stat implements Store.
func (s *S3Store) Stat(ctx context.Context, key string) (Info, error) {
	if err := validateKey(key); err != nil {
		return Info{}, err
	}
	oi, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{})
	if err != nil {
		return Info{}, fmt.Errorf("stat %s: %w", key, s3Err(ctx, err))
	}
	return Info{Key: key, Size: oi.Size, ModTime: oi.LastModified}, nil
}

// Delete implements Store.
func (s *S3Store) Delete(ctx context.Context, key string) error {
	if err := validateKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
	if err != nil && !errors.Is(s3Err(ctx, err), ErrNotFound) {
		return fmt.Errorf("delete %s: %w", key, s3Err(ctx, err))
	}
	return nil
}

// Copy implements Store with a server-side copy: the bytes never pass
// through claimdesk. One CopyObject request takes blobs up to 5 GiB.
func (s *S3Store) Copy(ctx context.Context, src, dst string) error {
	if err := validateKey(src); err != nil {
		return err
	}
	if err := validateKey(dst); err != nil {
		return err
	}
	if _, err := s.Stat(ctx, dst); err == nil {
		return nil
	} else if !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	_, err := s.client.CopyObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: dst},
		minio.CopySrcOptions{Bucket: s.bucket, Object: src})
	if err != nil {
		return fmt.Errorf("copy %s to %s: %w", src, dst, s3Err(ctx, err))
	}
	return nil
}

// Ping implements Store: it overwrites one small object and reads it back.
// Overwriting, rather than creating and deleting, leaves nothing behind
// when a check is cut short.
func (s *S3Store) Ping(ctx context.Context) error {
	data := []byte(pingData)
	_, err := s.client.PutObject(ctx, s.bucket, pingKey, bytes.NewReader(data), int64(len(data)), minio.PutObjectOptions{})
	if err != nil {
		return fmt.Errorf("ping: %w", s3Err(ctx, err))
	}
	body, _, _, err := s.core.GetObject(ctx, s.bucket, pingKey, minio.GetObjectOptions{})
	if err != nil {
		return fmt.Errorf("ping: %w", s3Err(ctx, err))
	}
	defer body.Close()
	got, err := io.ReadAll(io.LimitReader(body, int64(len(data))+1))
	if err != nil {
		return fmt.Errorf("ping: %w", s3Err(ctx, err))
	}
	if !bytes.Equal(got, data) {
		return errors.New("ping: read back different bytes")
	}
	return nil
}

// s3Err translates minio-go's errors into the store's: a missing key is
// ErrNotFound, and a cancelled context stays recognisable with errors.Is
// even where minio-go reports it in its own words.
func s3Err(ctx context.Context, err error) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return ErrNotFound
	}
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}
