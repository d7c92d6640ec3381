// Package sla is the office's clock: business calendars, acknowledgment
// and daily-update deadlines, claim milestones and the paperwork checklist.
//
// Everything here is a pure decision over values: a Calendar built from
// configuration (a zone, weekly hours, holidays from configuration or an
// iCal file) answers when business time runs, and the deadline functions
// take the current time as an argument instead of reading a clock, so the
// pipeline, periodic sweeps and tests replaying history all get the same
// answer for the same instant. Business time is counted in the office's
// zone across DST changes, holidays and lunch breaks.
package sla
