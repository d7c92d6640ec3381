package web

import "net/http"

// access says who may call a route.
type access int

const (
	// public routes answer anyone: health, metrics, sign-in, assets.
	public access = iota
	// page routes need a signed-in person; others are sent to sign in.
	page
	// api routes need an API token (or a dashboard session); others get 401.
	api
	// admin routes need a signed-in administrator of at least one office:
	// managing users, reply templates, hours and deadlines. Others signed
	// in get 403; the rest are sent to sign in.
	admin
)

// route is one declared pattern and who may call it.
type route struct {
	pattern string
	access  access
}

// declareRoutes declares every route, in this file alone.
func (s *Server) declareRoutes() {
	s.declarePublicRoutes()
	s.declarePageRoutes()
	s.declareSettingsRoutes()
	s.declareAPIRoutes()
}

// declarePublicRoutes declares what answers without signing in.
func (s *Server) declarePublicRoutes() {
	s.handle("GET /healthz", public, s.handleHealth)
	s.handle("GET /readyz", public, s.handleReady)
	s.handle("GET /metrics", public, s.handleMetrics)
	s.handle("GET /static/{name}", public, s.handleStatic)
	s.handle("GET /login", public, s.handleLoginForm)
	s.handle("POST /login", public, s.handleLogin)
	// A calendar program sends no credentials: the feed's token is in its
	// address, and revocable.
	s.handle("GET /calendar/{token}", public, s.handleCalendarFeed)
}

// declarePageRoutes declares the dashboard's pages and forms.
func (s *Server) declarePageRoutes() {
	s.handle("POST /logout", page, s.handleLogout)
	s.handle("POST /office", page, s.handleOfficeSwitch)
	s.handle("POST /mine", page, s.handleMineSwitch)
	s.handle("GET /{$}", page, s.handleSLABoard)
	s.handle("GET /board", page, s.handleSLABoardFragment)
	s.handle("GET /morning", page, s.handleMorningPage)
	s.handle("GET /events", page, s.handleEvents)
	s.handle("GET /claims", page, s.handleClaims)
	s.handle("POST /claims", page, s.handleClaimCreateForm)
	s.handle("GET /claims/new", page, s.handleClaimCreatePage)
	s.handle("GET /claims/{id}", page, s.handleClaimPage)
	s.handle("GET /calendar", page, s.handleCalendarPage)
	s.handle("POST /calendar", page, s.handleCalendarCreate)
	s.handle("POST /calendar/revoke", page, s.handleCalendarRevoke)
	s.handle("POST /claims/{id}/updates", page, s.handleClaimNoteForm)
	s.handle("POST /updates/{id}", page, s.handleUpdateNoteEdit)
	s.handle("POST /updates/{id}/delete", page, s.handleUpdateNoteDelete)
	s.handle("POST /claims/{id}/stages", page, s.handleClaimStageForm)
	s.handle("POST /claims/{id}/record", page, s.handleClaimRecordForm)
	s.handle("POST /claims/{id}/participants", page, s.handleClaimParticipantAdd)
	s.handle("POST /claims/{id}/senders/dismiss", page, s.handleClaimSenderDismiss)
	s.handle("POST /claims/{id}/senders/restore", page, s.handleClaimSenderRestore)
	s.handle("POST /claims/{id}/close", page, s.handleClaimCloseForm)
	s.handle("POST /claims/{id}/reopen", page, s.handleClaimReopenForm)
	s.handle("POST /claims/{id}/remind", page, s.handleRemindForm)
	s.handle("POST /claims/{id}/reminders/sent", page, s.handleReminderSentForm)
	s.handle("GET /triage", page, s.handleTriage)
	s.handle("GET /messages", page, s.handleMessages)
	s.handle("GET /search", page, s.handleSearch)
	s.handle("GET /messages/{id}", page, s.handleMessagePage)
	s.handle("GET /messages/{id}/body", page, s.handleMessageBody)
	s.handle("GET /messages/{id}/parts/{path}", page, s.handleMessagePart)
	s.handle("GET /messages/{id}/parts/{path}/thumbnail", page, s.handlePartThumbnail)
	s.handle("POST /messages/{id}/acknowledge", page, s.handleAcknowledgeForm)
	s.handle("POST /messages/{id}/unacknowledge", page, s.handleUndoAcknowledgeForm)
	s.handle("POST /messages/{id}/assign", page, s.handleAssignForm)
	s.handle("POST /messages/{id}/office", page, s.handleMoveOfficeForm)
	s.handle("GET /messages/{id}/claim", page, s.handleNewClaimFromMailPage)
	s.handle("POST /messages/{id}/claim", page, s.handleNewClaimForm)
	s.handle("POST /messages/{id}/retry", page, s.handleRetry)
	s.handle("GET /messages/{id}/reply", page, s.handleReplyForm)
	s.handle("POST /messages/{id}/reply", page, s.handleReplySend)
	s.handle("POST /board/acknowledge", page, s.handleBulkAcknowledge)
	s.handle("GET /claims/{id}/update", page, s.handleUpdateForm)
	s.handle("POST /claims/{id}/update", page, s.handleUpdateSend)
	s.handle("POST /outbox/{id}/retry", page, s.handleOutboxRetry)
	s.handle("GET /documents/{id}/thumbnail", page, s.handleThumbnail)
	s.handle("POST /documents/{id}/verify", page, s.handleVerifyDocumentForm)
	s.handle("POST /documents/{id}/unverify", page, s.handleUnverifyDocumentForm)
	s.handle("POST /documents/{id}/type", page, s.handleDocumentTypeForm)
	s.handle("POST /drafts/{id}/send", page, s.handleSendDraftForm)
	s.handle("POST /requests/{id}/done", page, s.handleRequestDoneForm)
	s.handle("POST /requests/{id}/reopen", page, s.handleRequestReopenForm)
	s.handle("POST /claims/{id}/equipment", page, s.handleEquipmentAddForm)
	s.handle("GET /equipment/{id}", page, s.handleEquipmentPage)
	s.handle("POST /equipment/{id}", page, s.handleEquipmentForm)
	s.handle("GET /equipment/{id}/approval-request", page, s.handleApprovalRequestForm)
	s.handle("POST /equipment/{id}/approval-request", page, s.handleApprovalRequestSend)
	s.handle("POST /equipment-proposals/{id}", page, s.handleProposalForm)
	s.handle("POST /equipment-proposals/{id}/restore", page, s.handleProposalRestoreForm)
	// Everything else: unknown pages are not found, but only to people who
	// are signed in, so the site's shape stays private.
	s.handle("/", page, s.handleNotFound)
}

// declareSettingsRoutes declares the settings pages: users and templates
// for administrators, the people list, mailboxes, digest and API tokens
// for everyone.
func (s *Server) declareSettingsRoutes() {
	s.handle("GET /settings", page, s.handleSettings)
	s.handle("GET /settings/digest", page, s.handleDigestPage)
	s.handle("POST /settings/digest", page, s.handleDigestSave)
	s.handle("GET /settings/templates", admin, s.handleTemplatesPage)
	s.handle("POST /settings/templates", admin, s.handleTemplateSave)
	s.handle("GET /settings/calendars", admin, s.handleOfficeCalendarsPage)
	s.handle("POST /settings/calendars", admin, s.handleOfficeCalendarSave)
	s.handle("GET /settings/users", admin, s.handleUsersPage)
	s.handle("POST /settings/users", admin, s.handleUserAdd)
	s.handle("POST /settings/users/{id}/password", admin, s.handleUserPassword)
	s.handle("POST /settings/users/{id}/disable", admin, s.handleUserDisable)
	s.handle("POST /settings/users/{id}/enable", admin, s.handleUserEnable)
	s.handle("POST /settings/users/{id}/remove", admin, s.handleUserRemove)
	s.handle("POST /settings/users/{id}/role", admin, s.handleUserRole)
	// The people list is the coordinators' own: whoever enters claims
	// keeps the names they pick from.
	s.handle("GET /settings/people", page, s.handlePeoplePage)
	s.handle("POST /settings/people", page, s.handlePersonSave)
	s.handle("POST /settings/people/{id}/remove", page, s.handlePersonRemove)
	// The mailboxes are shown to everyone, read only: whether the office's
	// mail arrives is everyone's concern; they change on the server.
	s.handle("GET /settings/mailboxes", page, s.handleMailboxesPage)
	// Everyone makes their own API tokens, which act as them; an
	// administrator also revokes those made on the server.
	s.handle("GET /settings/tokens", page, s.handleAPITokensPage)
	s.handle("POST /settings/tokens", page, s.handleAPITokenCreate)
	s.handle("POST /settings/tokens/{id}/revoke", page, s.handleAPITokenRevoke)
}

// declareAPIRoutes declares the REST API and the downloads it links.
func (s *Server) declareAPIRoutes() {
	s.handle("GET /api/messages", api, s.handleAPIMessages)
	s.handle("GET /api/search", api, s.handleAPISearch)
	s.handle("POST /api/messages/{id}/assign", api, s.handleAPIAssign)
	s.handle("POST /api/messages/{id}/office", api, s.handleAPIMoveOffice)
	s.handle("POST /api/messages/{id}/acknowledge", api, s.handleAPIAcknowledge)
	s.handle("POST /api/messages/{id}/unacknowledge", api, s.handleAPIUnacknowledge)
	s.handle("GET /api/claims", api, s.handleAPIClaims)
	s.handle("GET /api/claims.csv", api, s.handleAPIClaimsCSV)
	s.handle("GET /api/claims.xlsx", api, s.handleAPIClaimsXLSX)
	s.handle("POST /api/claims", api, s.handleAPICreateClaim)
	s.handle("POST /api/claims/import", api, s.handleAPIImportClaims)
	s.handle("GET /api/claims/{id}", api, s.handleAPIClaim)
	s.handle("PATCH /api/claims/{id}", api, s.handleAPIPatchClaim)
	s.handle("POST /api/claims/{id}/close", api, s.handleAPICloseClaim)
	s.handle("POST /api/claims/{id}/reopen", api, s.handleAPIReopenClaim)
	s.handle("GET /api/claims/{id}/documents", api, s.handleAPIClaimDocuments)
	s.handle("GET /api/claims/{id}/packet.zip", api, s.handleAPIClaimPacket)
	s.handle("GET /api/claims/{id}/notes.txt", api, s.handleAPIClaimNotes)
	s.handle("GET /api/updates.txt", api, s.handleAPIUpdatesText)
	s.handle("GET /api/claims/{id}/requests", api, s.handleAPIClaimRequests)
	s.handle("POST /api/requests/{id}/done", api, s.handleAPIRequestDone)
	s.handle("GET /api/claims/{id}/reminders", api, s.handleAPIClaimReminders)
	s.handle("POST /api/claims/{id}/reminders", api, s.handleAPIRemind)
	s.handle("POST /api/claims/{id}/reminders/sent", api, s.handleAPIReminderSent)
	s.handle("GET /api/sla", api, s.handleAPISLA)
	s.handle("GET /api/sla/stats", api, s.handleAPISLAStats)
	s.handle("GET /api/mailboxes", api, s.handleAPIMailboxes)
	s.handle("GET /api/offices", api, s.handleAPIOffices)
	s.handle("POST /api/documents/{id}/verify", api, s.handleAPIVerifyDocument)
	s.handle("POST /api/documents/{id}/type", api, s.handleAPIDocumentType)
	s.handle("GET /api/claims/{id}/drafts", api, s.handleAPIClaimDrafts)
	s.handle("POST /api/drafts/{id}/send", api, s.handleAPISendDraft)
	s.handle("GET /api/claims/{id}/stages", api, s.handleAPIClaimStages)
	s.handle("POST /api/claims/{id}/stages", api, s.handleAPIClaimStage)
	s.handle("GET /api/claims/{id}/equipment", api, s.handleAPIClaimEquipment)
	s.handle("POST /api/claims/{id}/equipment", api, s.handleAPIAddEquipment)
	s.handle("PATCH /api/equipment/{id}", api, s.handleAPIPatchEquipment)
	s.handle("POST /api/equipment/{id}/pickup", api, s.handleAPIPickUpEquipment)
	s.handle("POST /api/equipment/{id}/approval-request", api, s.handleAPIApprovalRequest)
	s.handle("POST /api/equipment/{id}/approval-request/sent", api, s.handleAPIApprovalSent)
	s.handle("POST /api/equipment/{id}/hauls", api, s.handleAPIAddHaul)
	s.handle("POST /api/equipment/{id}/hauls/remove", api, s.handleAPIRemoveHaul)
	s.handle("GET /api/claims/{id}/equipment/proposals", api, s.handleAPIEquipmentProposals)
	s.handle("POST /api/equipment-proposals/{id}", api, s.handleAPIDecideProposal)
	// Downloads answer API tokens (download_url) and dashboard sessions alike.
	s.handle("GET /documents/{id}/original", api, s.handleDownloadOriginal)
	s.handle("GET /documents/{id}/stamped", api, s.handleDownloadStamped)
	s.handle("GET /messages/{id}/pdf", api, s.handleMessagePDF)
	s.handle("GET /api/openapi.json", api, s.handleOpenAPI)
	s.handle("/api/", api, s.handleNotFound)
}

// handle registers h for pattern behind the checks its access needs (who
// the caller is, then what their offices let them see and do), and counts
// its requests under the pattern.
func (s *Server) handle(pattern string, a access, h http.HandlerFunc) {
	s.routes = append(s.routes, route{pattern, a})
	var next http.Handler = h
	switch a {
	case page:
		next = s.requireSession(s.withScope(s.guardTarget(pattern, next)))
	case admin:
		next = s.requireSession(s.withScope(s.requireAdmin(s.guardTarget(pattern, next))))
	case api:
		next = s.requireAPIAuth(s.withScope(s.guardTarget(pattern, s.onlyDeclaredParams(pattern, next))))
	}
	s.mux.Handle(pattern, s.metrics.instrument(pattern, next))
}
