package web

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/claimdesk/claimdesk/sla"
	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/storage/blob"
)

// officeZone is the test office's time zone.
const officeZone = "America/Chicago"

// apiBundle is an office's server on a clock the test sets (a Wednesday
// afternoon in the office unless the test moves it), called with an API
// token.
type apiBundle struct {
	*office
	token string // an API token named "ana-script"
	uid   uint32
}

// apiNow is when the API tests run: Wednesday 4 March 2026, 15:00 in the
// office.
func apiNow(loc *time.Location) time.Time {
	return time.Date(2026, 3, 4, 15, 0, 0, 0, loc)
}

func setupAPI(t *testing.T) *apiBundle {
	t.Helper()
	loc, err := time.LoadLocation(officeZone)
	if err != nil {
		t.Fatal(err)
	}
	b := &apiBundle{office: setupOffice(t, loc, sla.DefaultHours(), "smrestore.example", apiNow(loc))}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(context.Background(), "ana-script", hash, 0, b.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b.token = token
	return b
}

// call sends an API request with the bundle's token and returns the
// response with its body read. A body that is not a string is sent as
// JSON.
func (b *apiBundle) call(t *testing.T, method, path string, body any, header http.Header) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	switch v := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(v)
	default:
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, b.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+b.token)
	if _, isJSON := body.(string); body != nil && !isJSON {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(data)
}

// get is call for a GET that must answer 200 with JSON decoded into out.
func (b *apiBundle) get(t *testing.T, path string, out any) {
	t.Helper()
	resp, body := b.call(t, "GET", path, nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), out); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// wantError checks that a response is status with a JSON error containing
// want.
func wantError(t *testing.T, what string, resp *http.Response, body string, status int, want string) {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if resp.StatusCode != status || json.Unmarshal([]byte(body), &e) != nil || e.Error == "" || !strings.Contains(e.Error, want) {
		t.Errorf("%s: %d %s, want %d with an error saying %q", what, resp.StatusCode, body, status, want)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Errorf("%s: Content-Type %q, want JSON", what, resp.Header.Get("Content-Type"))
	}
}

// walkPages follows next_cursor from path (which has a query) until the
// last page and returns the ids in the order they came, failing on a page
// larger than limit.
func (b *apiBundle) walkPages(t *testing.T, path string, limit int) []int64 {
	t.Helper()
	var ids []int64
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 200 {
			t.Fatal("pagination does not end")
		}
		u := path + "&limit=" + strconv.Itoa(limit)
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		var p struct {
			Items      []map[string]any `json:"items"`
			NextCursor *string          `json:"next_cursor"`
		}
		b.get(t, u, &p)
		if p.Items == nil || p.NextCursor == nil {
			t.Fatalf("%s: page without items or next_cursor", u)
		}
		if len(p.Items) > limit {
			t.Fatalf("%s: %d items on a page of %d", u, len(p.Items), limit)
		}
		for _, it := range p.Items {
			ids = append(ids, int64(it["id"].(float64)))
		}
		if *p.NextCursor == "" {
			return ids
		}
		cursor = *p.NextCursor
	}
}

// addClaim stores a claim the way an import does and returns its id.
func (b *apiBundle) addClaim(t *testing.T, c storage.Claim) int64 {
	t.Helper()
	var id int64
	err := b.db.InTx(context.Background(), func(tx pgx.Tx) error {
		saved, _, err := storage.SaveClaim(context.Background(), tx, c)
		id = saved.ID
		return err
	})
	if err != nil {
		t.Fatalf("add claim %s: %v", c.JobNumber, err)
	}
	return id
}

// testFile is an attachment of a test message.
type testFile struct {
	name, contentType string
	data              []byte
	docType           string
}

// testMessage describes a message to store.
type testMessage struct {
	from     string
	to, cc   []string // none when empty
	body     string   // "body" when empty
	subject  string
	arrived  time.Time
	out      bool // sent by the office
	status   string
	needsAck bool
	files    []testFile
	decision []byte // the classifier's; a triage without evidence when nil
}

// addMessage stores a message with its raw bytes and attachments in the
// blob store, parsed and classified as the pipeline leaves it (status, by
// default triage; attachment types), and returns its id.
func (b *apiBundle) addMessage(t *testing.T, m testMessage) int64 {
	t.Helper()
	ctx := context.Background()
	b.uid++
	raw := []byte(fmt.Sprintf("From: %s\r\nSubject: %s\r\nMessage-ID: <t%d@example.com>\r\n\r\nbody %d\r\n", m.from, m.subject, b.uid, b.uid))
	rawSHA := b.putBlob(t, raw)
	mailbox, direction := b.inbox, "in"
	if m.out {
		mailbox, direction = b.sent, "out"
	}
	var id int64
	err := b.db.InTx(ctx, func(tx pgx.Tx) error {
		var err error
		id, _, err = storage.InsertMessage(ctx, tx, storage.NewMessage{
			MailboxID: mailbox, UIDValidity: 1, UID: b.uid, Direction: direction, RawSHA256: rawSHA,
			RawSize: int64(len(raw)), MessageID: fmt.Sprintf("<t%d@example.com>", b.uid), FromAddress: m.from,
			Subject: m.subject, InternalDate: m.arrived, Status: storage.StatusNew,
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var parts []storage.MessagePart
	types := map[string][2]string{}
	parts = append(parts, storage.MessagePart{Path: "1", ContentType: "text/plain"})
	for i, f := range m.files {
		path := strconv.Itoa(i + 2)
		parts = append(parts, storage.MessagePart{Path: path, ContentType: f.contentType, Disposition: "attachment",
			Filename: f.name, IsAttachment: true, SHA256: b.putBlob(t, f.data), Size: int64(len(f.data))})
		if f.docType != "" {
			types[path] = [2]string{f.docType, "test"}
		}
	}
	if err := b.db.SaveParsed(ctx, id, storage.ParsedMessage{To: m.to, Cc: m.cc, BodyText: cmp.Or(m.body, "body"), Parts: parts}); err != nil {
		t.Fatal(err)
	}
	status := m.status
	if status == "" {
		status = storage.StatusTriage
	}
	if status == storage.StatusNew {
		if err := b.db.SetMessageStatus(ctx, id, storage.StatusNew, ""); err != nil {
			t.Fatal(err)
		}
		return id
	}
	decision := m.decision
	if decision == nil {
		decision = []byte(`{"outcome": "triage", "evidence": []}`)
	}
	err = b.db.InTx(ctx, func(tx pgx.Tx) error {
		if err := storage.SaveClassification(ctx, tx, id, storage.Classification{
			Status: status, NeedsAck: m.needsAck, Decision: decision, DocTypes: types,
		}); err != nil {
			return err
		}
		if m.needsAck {
			return storage.SetAckDue(ctx, tx, id, b.cal.Due(m.arrived, 30))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// putBlob stores data under its content key and returns its SHA-256.
func (b *apiBundle) putBlob(t *testing.T, data []byte) string {
	t.Helper()
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if err := b.store.Put(context.Background(), blob.ContentKey(sha), bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	return sha
}

// at returns a wall-clock time in the office.
func (b *apiBundle) at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, b.loc)
}
