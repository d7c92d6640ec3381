package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/web"
)

// stdin is where user add and user passwd read a chosen password.
var stdin io.Reader = os.Stdin

func bindUser(fs *flag.FlagSet) runFunc {
	email := fs.String("email", "", "the user's email, which is also their login")
	name := fs.String("name", "", "the user's name, as the dashboard shows it (add)")
	admin := fs.Bool("admin", false, "make the user an administrator (add; the first user always is)")
	return func(ctx context.Context, e *env, args []string) error {
		if err := needAction(fs, args); err != nil {
			return err
		}
		action := args[0]
		if len(args) > 1 || !slices.Contains([]string{"add", "passwd", "disable", "enable", "remove", "digest-on", "digest-off"}, action) {
			return fmt.Errorf("unknown action %q: want add, passwd, disable, enable, remove, digest-on or digest-off", strings.Join(args, " "))
		}
		if strings.TrimSpace(*email) == "" || !strings.Contains(*email, "@") {
			return errors.New("--email: want the user's email address")
		}
		var password, hash string
		var generated bool
		var err error
		if action == "add" || action == "passwd" {
			if password, generated, err = readPassword(stdin); err != nil {
				return err
			}
			if hash, err = web.HashPassword(password); err != nil {
				return err
			}
		}
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		if action == "add" {
			err = addUser(ctx, e, db, storage.User{Email: *email, Name: strings.TrimSpace(*name), PasswordHash: hash, IsAdmin: *admin})
		} else {
			err = changeUser(ctx, e, db, action, *email, hash)
		}
		if err == nil && generated {
			fmt.Fprintf(e.stdout, "password: %s\n", password)
		}
		return err
	}
}

func addUser(ctx context.Context, e *env, db *storage.DB, want storage.User) error {
	u, err := db.CreateUser(ctx, want)
	if errors.Is(err, storage.ErrConflict) {
		return fmt.Errorf("a user with email %s already exists", strings.TrimSpace(want.Email))
	}
	if err != nil {
		return err
	}
	role := "user"
	if u.IsAdmin {
		role = "administrator"
	}
	fmt.Fprintf(e.stdout, "added %s %s\n", role, u.Email)
	return nil
}

// changeUser offboards (or reinstates) the user with email: a new
// password, disabled, enabled or removed; or turns their morning digest
// on or off. Their sessions end at once with
// all but enable, and disable and remove end the API tokens they made;
// tokens made with claimdesk token create belong to no user and stay.
func changeUser(ctx context.Context, e *env, db *storage.DB, action, email, hash string) error {
	u, err := db.GetUserByEmail(ctx, email)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("no user with email %s (claimdesk user add makes one)", strings.TrimSpace(email))
	}
	if err != nil {
		return err
	}
	var off storage.Offboarded
	switch action {
	case "passwd":
		off.Sessions, err = db.SetUserPassword(ctx, u.ID, hash, 0)
	case "disable":
		off, err = db.DisableUser(ctx, u.ID, time.Now())
	case "enable":
		err = db.EnableUser(ctx, u.ID)
	case "remove":
		off, err = db.RemoveUser(ctx, u.ID)
	case "digest-on", "digest-off":
		err = db.SetUserDigest(ctx, u.ID, action == "digest-on")
	}
	if errors.Is(err, storage.ErrLastAdmin) {
		return fmt.Errorf("%s is the last administrator who can sign in: add or enable another first", u.Email)
	}
	if err != nil {
		return err
	}
	switch action {
	case "passwd":
		fmt.Fprintf(e.stdout, "new password for %s; %d sessions ended\n", u.Email, off.Sessions)
	case "disable":
		fmt.Fprintf(e.stdout, "disabled %s; %d sessions ended, %d API tokens revoked\n", u.Email, off.Sessions, off.Tokens)
	case "enable":
		fmt.Fprintf(e.stdout, "enabled %s\n", u.Email)
	case "remove":
		fmt.Fprintf(e.stdout, "removed %s; %d sessions ended, %d API tokens deleted\n", u.Email, off.Sessions, off.Tokens)
	case "digest-on":
		fmt.Fprintf(e.stdout, "%s gets the morning digest\n", u.Email)
	case "digest-off":
		fmt.Fprintf(e.stdout, "%s no longer gets the morning digest\n", u.Email)
	}
	return nil
}

// readPassword takes the password from the first line of r when r is a
// pipe or a file, and generates one when r is a terminal or empty: a
// password typed at a terminal would be echoed and kept in its scrollback.
func readPassword(r io.Reader) (password string, generated bool, err error) {
	if f, ok := r.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
			return web.GeneratePassword(), true, nil
		}
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return web.GeneratePassword(), true, nil
	}
	return line, false, nil
}

// needAction refuses a command that needs an action word but was given
// none, with its usage.
func needAction(fs *flag.FlagSet, args []string) error {
	if len(args) == 0 {
		fs.Usage()
		return errors.New("missing action")
	}
	return nil
}
