// Package officerules answers what each office counts its deadlines by:
// its business calendar (time zone, hours, holidays) and its milestone
// deadlines. An office's own settings win; what it leaves empty is the
// configuration's, so one office with no settings of its own counts
// exactly as the configuration says.
//
// A Registry keeps every office and its rules in memory, loaded from the
// database once and again whenever an office is added or changed (the
// database announces it), so that processing a message never asks the
// database for its office or the office's calendar.
package officerules
