package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/claimdesk/claimdesk/storage"
	"github.com/claimdesk/claimdesk/web"
)

// stdin is where user add reads a chosen password.
var stdin io.Reader = os.Stdin

func bindUser(fs *flag.FlagSet) runFunc {
	email := fs.String("email", "", "the user's email, which is also their login")
	name := fs.String("name", "", "the user's name, as the dashboard shows it")
	admin := fs.Bool("admin", false, "make the user an administrator (the first user always is)")
	return func(ctx context.Context, e *env, args []string) error {
		args, err := parseAfterAction(fs, e, args)
		if err != nil || args == nil {
			return err
		}
		if args[0] != "add" || len(args) > 1 {
			return fmt.Errorf("unknown action %q: want add", strings.Join(args, " "))
		}
		if strings.TrimSpace(*email) == "" || !strings.Contains(*email, "@") {
			return errors.New("--email: want the user's email address")
		}
		password, generated, err := readPassword(stdin)
		if err != nil {
			return err
		}
		hash, err := web.HashPassword(password)
		if err != nil {
			return err
		}
		db, closeDB, err := openMigratedDatabase(ctx, e)
		if err != nil {
			return err
		}
		defer closeDB()
		u, err := db.CreateUser(ctx, storage.User{Email: *email, Name: strings.TrimSpace(*name), PasswordHash: hash, IsAdmin: *admin})
		if errors.Is(err, storage.ErrConflict) {
			return fmt.Errorf("a user with email %s already exists", strings.TrimSpace(*email))
		}
		if err != nil {
			return err
		}
		role := "user"
		if u.IsAdmin {
			role = "administrator"
		}
		fmt.Fprintf(e.stdout, "added %s %s\n", role, u.Email)
		if generated {
			fmt.Fprintf(e.stdout, "password: %s\n", password)
		}
		return nil
	}
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

// parseAfterAction parses the flags that follow a command's action word
// (claimdesk user add --email ...), which the first parse stops at, and
// checks the settings again since those flags may include them. nil args
// means there is nothing more to do (help was asked for).
func parseAfterAction(fs *flag.FlagSet, e *env, args []string) ([]string, error) {
	if len(args) == 0 {
		fs.Usage()
		return nil, errors.New("missing action")
	}
	action := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, err
	}
	if err := e.cfg.Validate(); err != nil {
		return nil, err
	}
	return append([]string{action}, fs.Args()...), nil
}
