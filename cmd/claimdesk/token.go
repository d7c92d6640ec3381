package main

import (
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
		args, err := parseAfterAction(fs, e, args)
		if err != nil || args == nil {
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
			token, hash := web.NewAPIToken()
			if _, err := db.CreateAPIToken(ctx, strings.TrimSpace(*name), hash, 0, time.Now()); err != nil {
				return err
			}
			// The token alone, so that scripts can capture it.
			fmt.Fprintln(e.stdout, token)
			return nil
		case "revoke":
			id, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil {
				return fmt.Errorf("%q is not a token id (claimdesk token list shows them)", args[1])
			}
			if err := db.RevokeAPIToken(ctx, id, time.Now()); errors.Is(err, storage.ErrNotFound) {
				return fmt.Errorf("no valid token with id %d", id)
			} else if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "revoked token %d\n", id)
			return nil
		}
		tokens, err := db.ListAPITokens(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tSTATE")
		for _, t := range tokens {
			state := "valid"
			if !t.RevokedAt.IsZero() {
				state = "revoked " + localTime(t.RevokedAt)
			}
			used := "never"
			if !t.LastUsedAt.IsZero() {
				used = localTime(t.LastUsedAt)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, localTime(t.CreatedAt), used, state)
		}
		return tw.Flush()
	}
}

func localTime(t time.Time) string { return t.Local().Format("2006-01-02 15:04") }
