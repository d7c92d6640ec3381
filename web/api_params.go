package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// openAPIQueryParams maps each GET route of web/openapi.json ("GET
// /api/claims") to the query parameters it declares.
var openAPIQueryParams = sync.OnceValues(func() (map[string][]string, error) {
	type param struct {
		Ref  string `json:"$ref"`
		Name string `json:"name"`
		In   string `json:"in"`
	}
	var spec struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		return nil, fmt.Errorf("read openapi.json: %w", err)
	}
	out := map[string][]string{}
	for path, ops := range spec.Paths {
		var op struct {
			Parameters []param `json:"parameters"`
		}
		if raw, ok := ops["get"]; !ok {
			continue
		} else if err := json.Unmarshal(raw, &op); err != nil {
			return nil, fmt.Errorf("read openapi.json's GET %s: %w", path, err)
		}
		names := []string{}
		for _, p := range op.Parameters {
			if p.Ref != "" {
				p = spec.Components.Parameters[p.Ref[strings.LastIndex(p.Ref, "/")+1:]]
			}
			if p.In == "query" {
				names = append(names, p.Name)
			}
		}
		out["GET "+path] = names
	}
	return out, nil
})

// onlyDeclaredParams refuses a GET of the API route pattern with a query
// parameter web/openapi.json does not declare for it: a misspelt or
// unsupported filter (?since=) is an error that names what the route
// takes, rather than a list that silently ignores it.
func (s *Server) onlyDeclaredParams(pattern string, next http.Handler) http.Handler {
	if !strings.HasPrefix(pattern, "GET ") {
		return next
	}
	all, err := openAPIQueryParams()
	if err != nil {
		panic(err) // the embedded file: TestOpenAPIDescribesEveryAPIRoute reads it
	}
	known, ok := all[pattern]
	if !ok {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for name := range r.URL.Query() {
			if !slices.Contains(known, name) {
				s.fail(w, r, badRequest("%s", unknownParam(pattern, name, known)))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// unknownParam says that route pattern takes no parameter name, and what
// it takes.
func unknownParam(pattern, name string, known []string) string {
	takes := "no parameters"
	if len(known) > 0 {
		takes = strings.Join(slices.Sorted(slices.Values(known)), ", ")
	}
	return fmt.Sprintf("unknown parameter %q: %s takes %s", name, pattern, takes)
}
