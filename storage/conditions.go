package storage

import (
	"strconv"
	"strings"
)

// conditions builds the WHERE clause of a query from optional conditions,
// and gathers the arguments they take: the lists filter this way.
type conditions struct {
	conds []string
	args  []any
}

// arg keeps an argument and returns its placeholder ($1, $2, ...).
func (c *conditions) arg(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// and adds a condition every row must meet.
func (c *conditions) and(cond string) { c.conds = append(c.conds, cond) }

// where returns the WHERE clause; empty without conditions.
func (c *conditions) where() string {
	if len(c.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(c.conds, " AND ")
}
