// Package equipmentlog owns the rules of a claim's equipment log: what a
// change to a line may do (its kind, count, placement, pickup and approval
// state), the days a line is billed for, what a confirmed proposal from
// mail does to the log, and the pickup notice sent once per pickup.
//
// It makes each change in one transaction with what follows from it,
// through storage (which keeps the claim's pickup stage in step) and the
// outbox (which sends the notice). It never speaks HTTP: callers translate
// requests into a Change and a Refusal into an answer.
package equipmentlog
