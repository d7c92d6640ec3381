package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimdesk/claimdesk/classify"
	"github.com/claimdesk/claimdesk/storage"
)

// officeThings is one office's claim and one of everything a URL can name.
type officeThings struct {
	office                                                int64
	claim, message, unfiled, document, request, equipment int64
	outbox, draft, proposal, user, person, update         int64
	// apiToken is the API token user made.
	apiToken int64
	mailbox  string
}

// eastMarker is in every name, subject and number of office B's things: a
// body that holds it shows B's data.
const eastMarker = "zanzibar"

// seedThings stores a claim of the default office with a filed message
// (with an image part), an unfiled one awaiting acknowledgment, a document,
// a request, an equipment line, a failed outbox mail, a draft, a proposal,
// a sender dismissed from the claim's suggestions, a daily-update note, a
// technician on the people list and a watched mailbox, every name carrying
// tag.
func (b *pageBundle) seedThings(t *testing.T, tag, job string) officeThings {
	t.Helper()
	ctx := context.Background()
	var o officeThings
	o.claim = b.addClaim(t, claimSeed{Job: job, Number: strings.ToUpper(tag) + "-4471", Carrier: tag + " Mutual",
		Insured: tag + " Insured", Address: "1 " + tag + " Way", Status: "open"})
	due := b.clock.Now().Add(-1)
	o.message = b.addMessage(t, msgSeed{Subject: tag + " water loss", From: "adjuster@" + tag + ".example",
		ClaimID: o.claim, Status: storage.StatusFiled, BodyText: tag + " body", NeedsAck: true, Due: &due})
	b.addPart(t, o.message, partSeed{Path: "2", ContentType: "image/png", Filename: tag + ".png", Attachment: true,
		Data: onePixelPNG})
	o.unfiled = b.addMessage(t, msgSeed{Subject: tag + " new loss", From: "intake@" + tag + ".example",
		BodyText: tag + " unfiled", Status: "triage", NeedsAck: true, Due: &due})
	o.document = b.addDocument(t, o.claim, docSeed{Filename: tag + "-estimate.pdf", ContentType: "application/pdf",
		DocType: "estimate", Folder: "estimates", Data: []byte("%PDF-1.4 " + tag), Stamped: true})
	exec := func(sql string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := b.sql.QueryRow(ctx, sql, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return id
	}
	now := b.clock.Now()
	o.request = exec(`INSERT INTO requests (claim_id, message_id, from_addr, text, asked_at, office_id)
		VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`, o.claim, o.message, "adjuster@"+tag+".example", tag+" asks for photos", now)
	o.equipment = exec(`INSERT INTO equipment (claim_id, kind, count, placed_at, vendor, approval, office_id)
		VALUES ($1, 'dehumidifier', 2, $2, $3, 'not_needed', 1) RETURNING id`, o.claim, now, tag+" Rentals")
	o.outbox = exec(`INSERT INTO outbox (message_id, kind, claim_id, reply_to, from_address, recipients, subject, body,
		                    raw, raw_sha256, state, error, office_id)
		VALUES ($1, 'ack', $2, $3, 'claims@office.example', $4, $5, $6, $7, $8, 'failed', 'refused', 1)
		RETURNING id`, "<"+tag+"@office.example>", o.claim, o.message, []string{"adjuster@" + tag + ".example"},
		"Re: "+tag, tag+" ack", []byte(tag), strings.Repeat("a", 64))
	o.draft = exec(`INSERT INTO outbox_drafts (kind, claim_id, document_id, reply_to, language, recipients, subject, body)
		VALUES ('form_rejected', $1, $2, $3, 'en', $4, $5, $6) RETURNING id`,
		o.claim, o.document, o.message, []string{"adjuster@" + tag + ".example"}, tag+" form", tag+" please sign")
	if _, err := b.sql.Exec(ctx, `INSERT INTO claim_dismissed_senders (claim_id, email, name) VALUES ($1, $2, $3)`,
		o.claim, "billing@"+tag+".example", tag+" Billing"); err != nil {
		t.Fatal(err)
	}
	o.proposal = exec(`INSERT INTO equipment_proposals (claim_id, message_id, seq, action, kind, count, at, text)
		VALUES ($1, $2, 1, 'placed', 'air_mover', 3, $3, $4) RETURNING id`, o.claim, o.message, now, tag+" placed 3 fans")
	o.update = exec(`INSERT INTO claim_updates (claim_id, at, source, author, note)
		VALUES ($1, $2, 'note', 'dana@office.example', $3) RETURNING id`, o.claim, now, tag+" called the adjuster")
	person, err := b.db.SavePerson(ctx, storage.Person{OfficeID: storage.DefaultOfficeID, Name: tag + " Tech",
		Email: "tech@" + tag + ".example", Role: "technician"})
	if err != nil {
		t.Fatal(err)
	}
	o.person = person.ID
	o.mailbox = "claims@" + tag + ".example"
	if _, err := b.db.EnsureMailbox(ctx, o.mailbox, "INBOX", storage.RoleInbox); err != nil {
		t.Fatal(err)
	}
	// Failing: every page warns of it.
	if err := b.db.RecordMailboxFailure(ctx, o.mailbox, "INBOX", "", tag+" refused the login", now, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	return o
}

// moveThings puts o's claim, and with it everything filed in it, o's
// unfiled message and o's person in office, and gives office an
// acknowledgment of its own wording, carrying the office's name.
func (b *pageBundle) moveThings(t *testing.T, o *officeThings, office int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := b.sql.Exec(ctx, `UPDATE claims SET office_id = $2 WHERE id = $1`, o.claim, office); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET office_id = $2 WHERE id = $1`, o.unfiled, office); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE mailboxes SET office_id = $2 WHERE account = $1`, o.mailbox, office); err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE people SET office_id = $2 WHERE id = $1`, o.person, office); err != nil {
		t.Fatal(err)
	}
	var name string
	b.query(t, `SELECT name FROM offices WHERE id = $1`, []any{office}, &name)
	if err := b.db.SaveReplyTemplate(ctx, storage.ReplyTemplate{OfficeID: office, Kind: storage.ReplyAck, Language: "en",
		Subject: name + " received your mail", Body: "Thank you, " + name + "."}); err != nil {
		t.Fatal(err)
	}
	o.office = office
}

// fingerprint sums every row of the office's things, and of its user: a
// refused write changes none of them.
func (b *pageBundle) fingerprint(t *testing.T, o officeThings) string {
	t.Helper()
	var sum string
	b.query(t, `
		WITH c AS (SELECT id FROM claims WHERE office_id = $1)
		SELECT md5(concat_ws('|',
			(SELECT json_agg(x ORDER BY id)::text FROM claims x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM messages x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM documents x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM requests x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM equipment x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM equipment_hauls x
			 WHERE equipment_id IN (SELECT id FROM equipment WHERE office_id = $1)),
			(SELECT json_agg(x ORDER BY id)::text FROM outbox x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM people x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY kind, language)::text FROM reply_templates x WHERE office_id = $1),
			(SELECT json_agg(x ORDER BY id)::text FROM outbox_drafts x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM equipment_proposals x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM claim_updates x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM claim_changes x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM claim_reminders x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY claim_id, request_key)::text FROM claim_reminder_keys x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM claim_participants x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY claim_id, email)::text FROM claim_dismissed_senders x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY claim_id, stage, source)::text FROM claim_stage_records x WHERE claim_id IN (SELECT id FROM c)),
			(SELECT json_agg(x ORDER BY id)::text FROM message_moves x
			 WHERE message_id IN (SELECT id FROM messages WHERE office_id = $1)),
			(SELECT json_agg(x)::text FROM (SELECT id, email, name, password_hash, disabled_at FROM users WHERE id = $2) x),
			-- Tokens revoked: a user makes new ones of their own.
			(SELECT count(*) FROM api_tokens WHERE user_id = $2 AND revoked_at IS NOT NULL)::text))`,
		[]any{o.office, o.user}, &sum)
	return sum
}

// isolation says how a route is checked against office B's things, called
// by an administrator of office A.
type isolation int

const (
	// hidden: the route names one of B's things; it is not found and, for
	// a write, nothing of B's changes.
	hidden isolation = iota + 1
	// unleaked: a list, search, page or feed of A's own; it shows nothing
	// of B's.
	unleaked
	// shared: what belongs to no office (a new user who joins none yet);
	// checked to show nothing of B's.
	shared
)

// isolationCase is how to call a route: its path, with {claim},
// {message}... standing for B's ids, and how it is checked.
type isolationCase struct {
	path string
	how  isolation
}

// isolationCases maps every declared route to its check. A route missing
// here fails TestEveryRouteKeepsOfficesApart with its name.
var isolationCases = map[string]isolationCase{
	"GET /healthz":          {"/healthz", unleaked},
	"GET /readyz":           {"/readyz", unleaked},
	"GET /metrics":          {"/metrics", unleaked},
	"GET /static/{name}":    {staticURL("app.js"), unleaked},
	"GET /login":            {"/login", unleaked},
	"POST /login":           {"/login", unleaked},
	"GET /calendar/{token}": {"{feed}", unleaked},

	"POST /logout":                              {"/logout", unleaked},
	"POST /office":                              {"/office?office={office}", unleaked},
	"POST /mine":                                {"/mine?show=mine", unleaked},
	"GET /{$}":                                  {"/", unleaked},
	"GET /board":                                {"/board", unleaked},
	"GET /morning":                              {"/morning", unleaked},
	"GET /events":                               {"/events", unleaked},
	"GET /claims":                               {"/claims?status=all", unleaked},
	"GET /claims/{id}":                          {"/claims/{claim}", hidden},
	"GET /claims/new":                           {"/claims/new", unleaked},
	"POST /claims":                              {"/claims?office_id={office}&insured_name=Ann+Smith", hidden},
	"GET /calendar":                             {"/calendar", unleaked},
	"POST /calendar":                            {"/calendar", unleaked},
	"POST /calendar/revoke":                     {"/calendar/revoke", unleaked},
	"POST /claims/{id}/updates":                 {"/claims/{claim}/updates", hidden},
	"POST /updates/{id}":                        {"/updates/{update}?note=Called+back", hidden},
	"POST /updates/{id}/delete":                 {"/updates/{update}/delete", hidden},
	"POST /claims/{id}/stages":                  {"/claims/{claim}/stages", hidden},
	"POST /claims/{id}/record":                  {"/claims/{claim}/record", hidden},
	"POST /claims/{id}/participants":            {"/claims/{claim}/participants?role=technician&name=Pat+Tech&email=pat@office.example", hidden},
	"POST /claims/{id}/senders/dismiss":         {"/claims/{claim}/senders/dismiss?email=adjuster@" + eastMarker + ".example", hidden},
	"POST /claims/{id}/senders/restore":         {"/claims/{claim}/senders/restore?email=billing@" + eastMarker + ".example", hidden},
	"POST /claims/{id}/close":                   {"/claims/{claim}/close", hidden},
	"POST /claims/{id}/reopen":                  {"/claims/{claim}/reopen", hidden},
	"POST /claims/{id}/remind":                  {"/claims/{claim}/remind", hidden},
	"POST /claims/{id}/reminders/sent":          {"/claims/{claim}/reminders/sent?kind=chase_upload&to=tech@" + eastMarker + ".example", hidden},
	"GET /triage":                               {"/triage", unleaked},
	"GET /messages":                             {"/messages", unleaked},
	"GET /search":                               {"/search?q=loss", unleaked},
	"GET /messages/{id}":                        {"/messages/{message}", hidden},
	"GET /messages/{id}/body":                   {"/messages/{message}/body", hidden},
	"GET /messages/{id}/parts/{path}":           {"/messages/{message}/parts/2", hidden},
	"GET /messages/{id}/parts/{path}/thumbnail": {"/messages/{message}/parts/2/thumbnail", hidden},
	"POST /messages/{id}/acknowledge":           {"/messages/{unfiled}/acknowledge", hidden},
	"POST /messages/{id}/unacknowledge":         {"/messages/{unfiled}/unacknowledge", hidden},
	"POST /messages/{id}/assign":                {"/messages/{unfiled}/assign", hidden},
	"POST /messages/{id}/office":                {"/messages/{unfiled}/office", hidden},
	"GET /messages/{id}/claim":                  {"/messages/{unfiled}/claim", hidden},
	"POST /messages/{id}/claim":                 {"/messages/{unfiled}/claim", hidden},
	"POST /messages/{id}/retry":                 {"/messages/{unfiled}/retry", hidden},
	"GET /messages/{id}/reply":                  {"/messages/{unfiled}/reply", hidden},
	"POST /messages/{id}/reply":                 {"/messages/{unfiled}/reply", hidden},
	"POST /board/acknowledge":                   {"/board/acknowledge?id={unfiled}&id={message}", unleaked},
	"GET /claims/{id}/update":                   {"/claims/{claim}/update", hidden},
	"POST /claims/{id}/update":                  {"/claims/{claim}/update", hidden},
	"POST /outbox/{id}/retry":                   {"/outbox/{outbox}/retry", hidden},
	"GET /documents/{id}/thumbnail":             {"/documents/{document}/thumbnail", hidden},
	"POST /documents/{id}/verify":               {"/documents/{document}/verify", hidden},
	"POST /documents/{id}/unverify":             {"/documents/{document}/unverify", hidden},
	"POST /documents/{id}/type":                 {"/documents/{document}/type?doc_type=cos", hidden},
	"POST /drafts/{id}/send":                    {"/drafts/{draft}/send", hidden},
	"POST /requests/{id}/done":                  {"/requests/{request}/done", hidden},
	"POST /requests/{id}/reopen":                {"/requests/{request}/reopen", hidden},
	"POST /claims/{id}/equipment":               {"/claims/{claim}/equipment", hidden},
	"GET /equipment/{id}":                       {"/equipment/{equipment}", hidden},
	"POST /equipment/{id}":                      {"/equipment/{equipment}", hidden},
	"GET /equipment/{id}/approval-request":      {"/equipment/{equipment}/approval-request", hidden},
	"POST /equipment/{id}/approval-request":     {"/equipment/{equipment}/approval-request", hidden},
	"POST /equipment-proposals/{id}":            {"/equipment-proposals/{proposal}", hidden},
	"POST /equipment-proposals/{id}/restore":    {"/equipment-proposals/{proposal}/restore", hidden},
	"/":                                         {"/no-such-thing", unleaked},
	"GET /settings":                             {"/settings", unleaked},
	"GET /settings/digest":                      {"/settings/digest", unleaked},
	"POST /settings/digest":                     {"/settings/digest", unleaked},
	"GET /settings/templates":                   {"/settings/templates?office={office}", hidden},
	"POST /settings/templates":                  {"/settings/templates?office={office}&kind=ack&language=en&subject=Hi&body=Hello", hidden},
	"GET /settings/calendars":                   {"/settings/calendars", unleaked},
	"POST /settings/calendars":                  {"/settings/calendars?office={office}", hidden},
	"GET /settings/users":                       {"/settings/users", unleaked},
	"POST /settings/users":                      {"/settings/users", shared},
	"POST /settings/users/{id}/password":        {"/settings/users/{user}/password", hidden},
	"POST /settings/users/{id}/disable":         {"/settings/users/{user}/disable", hidden},
	"POST /settings/users/{id}/enable":          {"/settings/users/{user}/enable", hidden},
	"POST /settings/users/{id}/remove":          {"/settings/users/{user}/remove", hidden},
	"POST /settings/users/{id}/role":            {"/settings/users/{user}/role?role=readonly", hidden},
	"GET /settings/people":                      {"/settings/people?office={office}", hidden},
	"POST /settings/people":                     {"/settings/people?office={office}&name=Pat&role=technician", hidden},
	"POST /settings/people/{id}/remove":         {"/settings/people/{person}/remove", hidden},
	"GET /settings/mailboxes":                   {"/settings/mailboxes", unleaked},
	"GET /settings/tokens":                      {"/settings/tokens", unleaked},
	"POST /settings/tokens":                     {"/settings/tokens?name=Job+sync", unleaked},
	"POST /settings/tokens/{id}/revoke":         {"/settings/tokens/{apitoken}/revoke", hidden},
	"GET /api/messages":                         {"/api/messages", unleaked},
	"GET /api/search":                           {"/api/search?q=loss", unleaked},
	"POST /api/messages/{id}/assign":            {"/api/messages/{unfiled}/assign", hidden},
	"POST /api/messages/{id}/office":            {"/api/messages/{unfiled}/office", hidden},
	"POST /api/messages/{id}/acknowledge":       {"/api/messages/{unfiled}/acknowledge", hidden},
	"POST /api/messages/{id}/unacknowledge":     {"/api/messages/{unfiled}/unacknowledge", hidden},
	"GET /api/claims":                           {"/api/claims", unleaked},
	"GET /api/claims.csv":                       {"/api/claims.csv?status=all", unleaked},
	"GET /api/claims.xlsx":                      {"/api/claims.xlsx?status=all", unleaked},
	"POST /api/claims":                          {"/api/claims", unleaked},
	"POST /api/claims/import":                   {"/api/claims/import", unleaked},
	"GET /api/claims/{id}":                      {"/api/claims/{claim}", hidden},
	"PATCH /api/claims/{id}":                    {"/api/claims/{claim}", hidden},
	"POST /api/claims/{id}/close":               {"/api/claims/{claim}/close", hidden},
	"POST /api/claims/{id}/reopen":              {"/api/claims/{claim}/reopen", hidden},
	"GET /api/claims/{id}/documents":            {"/api/claims/{claim}/documents", hidden},
	"GET /api/claims/{id}/packet.zip":           {"/api/claims/{claim}/packet.zip", hidden},
	"GET /api/claims/{id}/notes.txt":            {"/api/claims/{claim}/notes.txt", hidden},
	"GET /api/updates.txt":                      {"/api/updates.txt", unleaked},
	"GET /api/claims/{id}/requests":             {"/api/claims/{claim}/requests", hidden},
	"POST /api/requests/{id}/done":              {"/api/requests/{request}/done", hidden},
	"GET /api/claims/{id}/reminders":            {"/api/claims/{claim}/reminders", hidden},
	"POST /api/claims/{id}/reminders":           {"/api/claims/{claim}/reminders", hidden},
	"POST /api/claims/{id}/reminders/sent":      {"/api/claims/{claim}/reminders/sent", hidden},
	"GET /api/sla":                              {"/api/sla", unleaked},
	"GET /api/sla/stats":                        {"/api/sla/stats?by=carrier", unleaked},
	"GET /api/mailboxes":                        {"/api/mailboxes", unleaked},
	"GET /api/offices":                          {"/api/offices", unleaked},
	"POST /api/documents/{id}/verify":           {"/api/documents/{document}/verify", hidden},
	"POST /api/documents/{id}/type":             {"/api/documents/{document}/type", hidden},
	"GET /api/claims/{id}/drafts":               {"/api/claims/{claim}/drafts", hidden},
	"POST /api/drafts/{id}/send":                {"/api/drafts/{draft}/send", hidden},
	"GET /api/claims/{id}/stages":               {"/api/claims/{claim}/stages", hidden},
	"POST /api/claims/{id}/stages":              {"/api/claims/{claim}/stages", hidden},
	"GET /api/claims/{id}/equipment":            {"/api/claims/{claim}/equipment", hidden},
	"POST /api/claims/{id}/equipment":           {"/api/claims/{claim}/equipment", hidden},
	"PATCH /api/equipment/{id}":                 {"/api/equipment/{equipment}", hidden},
	"POST /api/equipment/{id}/pickup":           {"/api/equipment/{equipment}/pickup", hidden},
	"POST /api/equipment/{id}/approval-request": {"/api/equipment/{equipment}/approval-request", hidden},
	"GET /api/claims/{id}/equipment/proposals":  {"/api/claims/{claim}/equipment/proposals", hidden},
	"POST /api/equipment-proposals/{id}":        {"/api/equipment-proposals/{proposal}", hidden},
	"GET /documents/{id}/original":              {"/documents/{document}/original", hidden},
	"GET /documents/{id}/stamped":               {"/documents/{document}/stamped", hidden},
	"GET /messages/{id}/pdf":                    {"/messages/{message}/pdf", hidden},
	"GET /api/openapi.json":                     {"/api/openapi.json", unleaked},
	"/api/":                                     {"/api/no-such-thing", unleaked},

	// An equipment line's swaps, and its approval request marked sent.
	"POST /api/equipment/{id}/hauls":                 {"/api/equipment/{equipment}/hauls", hidden},
	"POST /api/equipment/{id}/hauls/remove":          {"/api/equipment/{equipment}/hauls/remove", hidden},
	"POST /api/equipment/{id}/approval-request/sent": {"/api/equipment/{equipment}/approval-request/sent", hidden},
}

// fill puts o's ids (and A's calendar feed) in a case's path.
func (o officeThings) fill(path, feed string) string {
	n := func(id int64) string { return strconv.FormatInt(id, 10) }
	return strings.NewReplacer("{claim}", n(o.claim), "{message}", n(o.message), "{unfiled}", n(o.unfiled),
		"{document}", n(o.document), "{request}", n(o.request), "{equipment}", n(o.equipment),
		"{outbox}", n(o.outbox), "{draft}", n(o.draft), "{proposal}", n(o.proposal), "{user}", n(o.user), "{person}", n(o.person), "{update}", n(o.update), "{office}", n(o.office), "{apitoken}", n(o.apiToken),
		"{feed}", feed).Replace(path)
}

// TestEveryRouteKeepsOfficesApart calls every declared route as an
// administrator of office A with the ids of office B's things: B's things
// are not found and unchanged, and no list, search, page or export shows
// them.
func TestEveryRouteKeepsOfficesApart(t *testing.T) {
	t.Parallel()
	b := setupPages(t) // dana, the first user: administrator of the default office, A
	ctx := context.Background()
	main := b.seedThings(t, "kestrel", "26-0001-KST")
	east := b.seedThings(t, eastMarker, "26-0002-ZZB")
	office, err := b.db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "Zanzibar East", Domain: "zanzibar.example"})
	if err != nil {
		t.Fatal(err)
	}
	b.moveThings(t, &east, office.ID)
	// A decision made before B's claim moved names it beside A's, and so
	// does its reason, as the classifier writes it.
	decision, err := json.Marshal(classify.Decision{Outcome: classify.OutcomeTriage,
		Reason: "strong evidence points to different claims: 26-0001-KST, 26-0002-ZZB (claim ZANZIBAR-4471) " +
			"(claim number KESTREL-4471 in the subject -> 26-0001-KST; claim number ZANZIBAR-4471 in the body -> 26-0002-ZZB (claim ZANZIBAR-4471))",
		Candidates: []classify.Claim{{ID: main.claim, JobNumber: "26-0001-KST"},
			{ID: east.claim, JobNumber: "26-0002-ZZB", ClaimNumber: "ZANZIBAR-4471", InsuredName: "zanzibar Insured"}},
		Evidence: []classify.Evidence{
			{Rule: classify.RuleClaimNumber, Matched: "KESTREL-4471", Where: "subject", ClaimID: main.claim, Strength: classify.StrengthStrong},
			{Rule: classify.RuleClaimNumber, Matched: "ZANZIBAR-4471", Where: "body", ClaimID: east.claim, Strength: classify.StrengthStrong}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.sql.Exec(ctx, `UPDATE messages SET decision = $2 WHERE id = $1`, main.unfiled, decision); err != nil {
		t.Fatal(err)
	}
	bob := b.addUser(t, "bob@"+eastMarker+".example", "bob-password-1")
	if err := b.db.SetOfficeRole(ctx, bob.ID, office.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	east.user = bob.ID
	_, bobsHash := NewAPIToken()
	bobsToken, err := b.db.CreateAPIToken(ctx, eastMarker+" sync", bobsHash, bob.ID, b.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	east.apiToken = bobsToken.ID
	feed := strings.TrimPrefix(b.makeFeed(t), b.ts.URL)
	dana, err := b.db.GetUserByEmail(ctx, b.email)
	if err != nil {
		t.Fatal(err)
	}
	token, hash := NewAPIToken()
	if _, err := b.db.CreateAPIToken(ctx, "dana-script", hash, dana.ID, b.clock.Now()); err != nil {
		t.Fatal(err)
	}

	seen := map[string]bool{}
	for _, r := range b.srv.routes {
		seen[r.pattern] = true
		c, ok := isolationCases[r.pattern]
		if !ok {
			t.Errorf("route %q has no isolation case: say how to call it with office B's ids", r.pattern)
			continue
		}
		method, _, _ := strings.Cut(r.pattern, " ")
		if !strings.Contains(r.pattern, " ") {
			method = http.MethodGet
		}
		t.Run(r.pattern, func(t *testing.T) {
			b.checkIsolated(t, r, method, east.fill(c.path, feed), c.how, east, "")
		})
		if r.access == api {
			// A token sees what its maker sees.
			t.Run(r.pattern+" with a token", func(t *testing.T) {
				b.checkIsolated(t, r, method, east.fill(c.path, feed), c.how, east, token)
			})
		}
	}
	for p := range isolationCases {
		if !seen[p] {
			t.Errorf("isolation case for %q, which is no route", p)
		}
	}

	b.checkCrossOfficeFiling(t, main, east)
}

// checkCrossOfficeFiling checks that A's message in triage offers none of
// B's claims and cannot be filed into one, named by id or by number, from
// a page or the API.
func (b *pageBundle) checkCrossOfficeFiling(t *testing.T, main, east officeThings) {
	t.Helper()
	// A's own message shows A's candidate and not B's.
	page := b.get(t, fmt.Sprintf("/messages/%d", main.unfiled), http.StatusOK)
	if strings.Contains(strings.ToLower(page), eastMarker) || !strings.Contains(page, "26-0001-KST") {
		t.Errorf("A's message in triage shows B's claim, or not A's:\n%s", page)
	}

	// A's own message cannot be filed into B's claim, named by id or by
	// number, from a page or the API.
	before := b.fingerprint(t, east)
	assign := fmt.Sprintf("/messages/%d/assign", main.unfiled)
	for _, form := range []url.Values{{"claim_id": {strconv.FormatInt(east.claim, 10)}}, {"claim": {"ZANZIBAR-4471"}}} {
		if resp, body := b.post(t, assign, form); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s %v: %d, want 404\n%.300s", assign, form, resp.StatusCode, body)
		}
	}
	req, err := http.NewRequest("POST", b.ts.URL+"/api"+assign, strings.NewReader(fmt.Sprintf(`{"claim_id": %d}`, east.claim)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(csrfHeader, b.csrf)
	if resp, body := send(t, b.c, req); resp.StatusCode != http.StatusNotFound {
		t.Errorf("POST /api%s into B's claim: %d, want 404\n%.300s", assign, resp.StatusCode, body)
	}
	if b.fingerprint(t, east) != before {
		t.Error("filing A's message into B's claim changed B's things")
	}
}

// checkIsolated calls one route as A's administrator and checks it shows
// and changes nothing of B's.
//
// With a token, the route is called with it alone, no session.
func (b *pageBundle) checkIsolated(t *testing.T, r route, method, target string, how isolation, east officeThings, token string) {
	t.Helper()
	path, query, _ := strings.Cut(target, "?")
	form := url.Values{}
	if v, err := url.ParseQuery(query); err == nil && method != http.MethodGet {
		form = v
	} else if query != "" {
		path += "?" + query
	}
	client, header := b.c, http.Header{csrfHeader: {b.csrf}}
	switch {
	case token != "":
		client, header = b.client(t), http.Header{"Authorization": {"Bearer " + token}}
	case r.access == public:
		client = b.client(t)
	case r.pattern == "POST /logout":
		client = b.client(t)
		form.Set("csrf_token", b.login(t, client, b.email, "correct horse battery"))
	default:
		form.Set("csrf_token", b.csrf)
	}
	if method == http.MethodGet {
		form = nil
	}
	before := b.fingerprint(t, east)
	resp, body := b.do(t, client, method, path, form, header)
	if after := b.fingerprint(t, east); after != before {
		t.Errorf("%s %s changed office B's things: %d %s", method, path, resp.StatusCode, body)
	}
	if name, _, _ := strings.Cut(path, "?"); strings.HasSuffix(name, ".xlsx") || strings.HasSuffix(name, ".zip") {
		if resp.StatusCode == http.StatusOK {
			files, _ := unzip(t, body)
			var all strings.Builder
			for _, data := range files {
				all.Write(data)
			}
			body = all.String()
		}
	}
	if how == hidden && resp.StatusCode != http.StatusNotFound {
		t.Errorf("%s %s: %d, want 404 for office B's thing\n%.300s", method, path, resp.StatusCode, body)
	}
	if resp.StatusCode >= 500 {
		t.Errorf("%s %s: %d\n%.300s", method, path, resp.StatusCode, body)
	}
	if strings.Contains(strings.ToLower(body), eastMarker) {
		i := strings.Index(strings.ToLower(body), eastMarker)
		t.Errorf("%s %s shows office B's things: …%s…", method, path, body[max(0, i-120):min(len(body), i+120)])
	}
}

// onePixelPNG is the smallest image a thumbnail can be made of.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

// TestReadOnlyMembersChangeNothing calls every route that changes things
// as a read-only member of the office whose things it names: each is
// refused with 403 and changes nothing, while reading still works and the
// member's own settings (sign-out, calendar feed, digest, API tokens) stay
// theirs. An API route is called with a token they made on the settings
// page too: it may do no more than they may.
func TestReadOnlyMembersChangeNothing(t *testing.T) {
	t.Parallel()
	b := setupPages(t)
	ctx := context.Background()
	main := b.seedThings(t, "kestrel", "26-0001-KST")
	main.office = storage.DefaultOfficeID
	rita := b.addUser(t, "rita@office.example", "rita-password-1")
	if err := b.db.SetOfficeRole(ctx, rita.ID, storage.DefaultOfficeID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	main.user = rita.ID
	reader := &pageBundle{office: b.office, email: rita.Email}
	reader.c = b.client(t)
	reader.csrf = reader.login(t, reader.c, rita.Email, "rita-password-1")
	feed := strings.TrimPrefix(reader.makeFeed(t), b.ts.URL)
	token := b.makeToken(t, reader.c, reader.csrf, "Rita's report")

	if body := reader.get(t, fmt.Sprintf("/claims/%d", main.claim), http.StatusOK); !strings.Contains(body, "26-0001-KST") {
		t.Errorf("a read-only member does not see the claim:\n%.300s", body)
	}
	for _, r := range b.srv.routes {
		method, _, _ := strings.Cut(r.pattern, " ")
		c := isolationCases[r.pattern]
		if r.access == public || safeMethod(method) || !strings.Contains(r.pattern, " ") {
			continue
		}
		t.Run(r.pattern, func(t *testing.T) {
			path, query, _ := strings.Cut(main.fill(c.path, feed), "?")
			form, _ := url.ParseQuery(query)
			client := reader.c
			if r.pattern == "POST /logout" {
				client = b.client(t)
				form.Set("csrf_token", reader.login(t, client, rita.Email, "rita-password-1"))
			} else {
				form.Set("csrf_token", reader.csrf)
			}
			before := b.fingerprint(t, main)
			resp, body := b.do(t, client, method, path, form, http.Header{csrfHeader: {form.Get("csrf_token")}})
			if after := b.fingerprint(t, main); after != before {
				t.Errorf("%s %s by a read-only member changed things: %d", method, path, resp.StatusCode)
			}
			if personalRoutes[r.pattern] {
				if resp.StatusCode == http.StatusForbidden {
					t.Errorf("%s %s: 403, but it changes only the member's own settings", method, path)
				}
				return
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s by a read-only member: %d, want 403\n%.300s", method, path, resp.StatusCode, body)
			}
		})
		if r.access != api {
			continue
		}
		t.Run(r.pattern+" with their token", func(t *testing.T) {
			path, query, _ := strings.Cut(main.fill(c.path, feed), "?")
			form, _ := url.ParseQuery(query)
			before := b.fingerprint(t, main)
			resp, body := b.do(t, b.client(t), method, path, form, http.Header{"Authorization": {"Bearer " + token}})
			if after := b.fingerprint(t, main); after != before {
				t.Errorf("%s %s with a read-only member's token changed things: %d", method, path, resp.StatusCode)
			}
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s with a read-only member's token: %d, want 403\n%.300s", method, path, resp.StatusCode, body)
			}
		})
	}
}

// TestRouteWithUnplacedIDStopsTheServer checks that a route naming a row
// the office check cannot place is refused when declared, rather than
// served unchecked.
func TestRouteWithUnplacedIDStopsTheServer(t *testing.T) {
	t.Parallel()
	for _, pattern := range []string{"GET /widgets/{id}", "POST /api/claims/{claim}/notes", "GET /settings/offices/{slug}"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s was declared without an office check", pattern)
				}
			}()
			targetOf(pattern)
		}()
	}
	if got := targetOf("POST /api/equipment-proposals/{id}"); got.kind != storage.KindProposal {
		t.Errorf("equipment proposals' {id}: %+v", got)
	}
	if got := targetOf("GET /messages/{id}/parts/{path}"); got.kind != storage.KindMessage {
		t.Errorf("a message part's {id}: %+v", got)
	}
}
