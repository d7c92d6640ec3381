package classify

// OfficeMail reports whether a message is the office's own: sent by it
// (direction out, read from Sent) or from an address of officeDomain. An
// invoice in any other message is a vendor's.
func OfficeMail(direction, from, officeDomain string) bool {
	return direction == "out" || inDomain(from, officeDomain)
}
