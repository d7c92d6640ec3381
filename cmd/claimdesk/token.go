package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/web"
)

func bindToken(fs *flag.FlagSet) runFunc {
	name := fs.String("name", "", "what the token is for (create)")
	return func(ctx context.Context, e *env, args []string) error {
		if err := needAction(fs, args); err != nil {
			return err
		}
		switch {
		case args[0] == "create" && len(args) == 1:
			if strings.TrimSpace(*name) == "" {
				return errors.New("--name: say what the token is for")
			}
		case args[0] == "list" && len(args) == 1:
		case args[0] == "revoke" && len(args) == 2:
		default:
			return fmt.Errorf("unknown action %q: want create --name NAME, list or revoke ID", strings.Join(args, " "))
		}
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		switch args[0] {
		case "create":
			return tokenCreate(ctx, e, db, strings.TrimSpace(*name))
		case "revoke":
			return tokenRevoke(ctx, e, db, args[1])
		}
		return tokenList(ctx, e, db)
	}
}

// tokenCreate makes a server token named name and prints it.
func tokenCreate(ctx context.Context, e *env, db *storage.DB, name string) error {
	token, hash := web.NewAPIToken()
	if _, err := db.CreateAPIToken(ctx, name, hash, 0, time.Now()); err != nil {
		return err
	}
	// The token alone, so that scripts can capture it.
	fmt.Fprintln(e.stdout, token)
	return nil
}

// tokenRevoke revokes the token of the id arg.
func tokenRevoke(ctx context.Context, e *env, db *storage.DB, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil {
		return fmt.Errorf("%q is not a token id (claimdesk token list shows them)", arg)
	}
	if err := db.RevokeAPIToken(ctx, id, time.Now()); errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("no valid token with id %d", id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "revoked token %d\n", id)
	return nil
}

// tokenList shows every token, revoked ones too, with who made it and
// when it was last used, on the default office's clock. Never the tokens
// themselves: only their hashes are kept.
func tokenList(ctx context.Context, e *env, db *storage.DB) error {
	tokens, err := db.ListAPITokens(ctx)
	if err != nil {
		return err
	}
	makers, err := tokenMakers(ctx, db)
	if err != nil {
		return err
	}
	zone, err := defaultOfficeZone(ctx, e.cfg, db)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tMADE BY\tCREATED\tLAST USED\tSTATE")
	for _, t := range tokens {
		state := "valid"
		if !t.RevokedAt.IsZero() {
			state = "revoked " + zone.format(t.RevokedAt)
		}
		used := "never"
		if !t.LastUsedAt.IsZero() {
			used = zone.format(t.LastUsedAt)
		}
		by := "server" // made here, with token create: no user's, every office
		if t.UserID != 0 {
			by = cmp.Or(makers[t.UserID], fmt.Sprintf("user %d", t.UserID))
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, by, zone.format(t.CreatedAt), used, state)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return sayZones(e, map[string]bool{zone.words: true})
}

// tokenMakers maps the users who may have made tokens (on the dashboard's
// Settings → API tokens) to their addresses.
func tokenMakers(ctx context.Context, db *storage.DB) (map[int64]string, error) {
	users, err := db.ListUsers(ctx, storage.AllOffices)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(users))
	for _, u := range users {
		out[u.ID] = u.Email
	}
	return out, nil
}
