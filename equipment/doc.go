// Package equipment is what the equipment log of a claim is made of and
// what mail says about it: the kinds of equipment (drying equipment,
// dumpsters, pods), the approval states of an item, the days an item is
// billed for, and the proposals read from a message's own words ("set 6 air
// movers, 3 dehumidifiers", "container delivered to 12 Oak St", "recogimos 4
// ventiladores") and from an adjuster's answer to an approval request.
//
// It is a pure decision over text and times: it never reads mail, a
// database or a clock. A proposal is only a proposal: a person confirms it
// before it changes the log.
package equipment
