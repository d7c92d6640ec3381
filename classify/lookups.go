package classify

// lookups is everything gather looks up in the registry for one message,
// found before the first lookup so that a Prefetcher can answer them all
// at once.
type lookups struct {
	forwards []forwardTagAt
	thread   []threadID
	sources  []sourceIdentifiers
}

// forwardTagAt is the tag of a per-claim forward address the message was
// sent to, and the header it was in.
type forwardTagAt struct{ tag, where string }

// threadID is a Message-ID the message replies to, and the header naming it.
type threadID struct{ id, where string }

// sourceIdentifiers are the identifiers found in one source of a message.
type sourceIdentifiers struct {
	where string
	ids   []Identifier
}

// lookupsOf finds what gather looks up for m.
func lookupsOf(m *Message, cfg Config) lookups {
	return lookups{forwards: forwardTags(m, cfg), thread: threadIDs(m), sources: identifiersOf(m)}
}

// forwardTags returns the tags of the per-claim forward addresses among
// m's recipients.
func forwardTags(m *Message, cfg Config) []forwardTagAt {
	type rcpt struct{ addr, where string }
	var rcpts []rcpt
	for _, a := range m.To {
		rcpts = append(rcpts, rcpt{a.Email, "to"})
	}
	for _, a := range m.Cc {
		rcpts = append(rcpts, rcpt{a.Email, "cc"})
	}
	for _, a := range m.DeliveredTo {
		rcpts = append(rcpts, rcpt{a, "delivered_to"})
	}
	var out []forwardTagAt
	for _, r := range rcpts {
		if tag, ok := forwardTag(r.addr, cfg); ok {
			out = append(out, forwardTagAt{tag, r.where})
		}
	}
	return out
}

// identifiersOf returns the identifiers of each of m's sources.
func identifiersOf(m *Message) []sourceIdentifiers {
	srcs := m.sources()
	out := make([]sourceIdentifiers, 0, len(srcs))
	for _, src := range srcs {
		out = append(out, sourceIdentifiers{src.where, ExtractIdentifiers(src.text)})
	}
	return out
}

// numbers lists the normalized numbers the lookups ask about, each once.
func (l lookups) numbers() []string {
	var out []string
	seen := map[string]bool{}
	add := func(n string) {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, t := range l.forwards {
		add(Normalize(t.tag))
	}
	for _, src := range l.sources {
		for _, id := range src.ids {
			add(id.Norm)
		}
	}
	return out
}

// threadIDs lists the Message-IDs the lookups ask about.
func (l lookups) threadIDs() []string {
	out := make([]string, len(l.thread))
	for i, t := range l.thread {
		out[i] = t.id
	}
	return out
}
