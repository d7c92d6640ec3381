package storage_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/claimdesk/claimdesk/storage"
)

// The default office takes the configuration's settings at every start
// until a person changes them; from then on it keeps its own.
func TestDefaultOfficeFollowsTheConfigurationUntilSet(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	offices, err := db.ListOffices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(offices) != 1 || offices[0].ID != storage.DefaultOfficeID || offices[0].Slug != "main" ||
		!offices[0].ConfiguredAt.IsZero() || !offices[0].SettingsSetAt.IsZero() {
		t.Fatalf("offices of a new database: %+v, want the default office, never configured", offices)
	}
	conf := storage.Office{Domain: "smrestore.example", TimeZone: "America/Chicago",
		BusinessHours: "mon-fri 07:00-17:00", Holidays: "12-25", JobPattern: "YYYY-NNNN", Phone: "(612) 555-0100"}
	if n, err := db.ConfigureOffices(ctx, conf); err != nil || n != 1 {
		t.Fatalf("first start: filled %d offices, %v; want 1", n, err)
	}
	if n, err := db.ConfigureOffices(ctx, conf); err != nil || n != 0 {
		t.Fatalf("a start with the same configuration: changed %d offices, %v; want 0", n, err)
	}
	conf.TimeZone, conf.BusinessHours = "America/Denver", "mon-fri 08:00-16:00"
	if n, err := db.ConfigureOffices(ctx, conf); err != nil || n != 1 {
		t.Fatalf("a start with other hours: changed %d offices, %v; want 1", n, err)
	}
	main := officeBySlug(t, db, "main")
	if main.Domain != conf.Domain || main.TimeZone != conf.TimeZone || main.BusinessHours != conf.BusinessHours ||
		main.Holidays != conf.Holidays || main.JobPattern != conf.JobPattern || main.Phone != conf.Phone || main.ConfiguredAt.IsZero() ||
		!main.SettingsSetAt.IsZero() {
		t.Errorf("default office following the configuration: %+v", main)
	}

	// A rename alone leaves the settings following the configuration.
	main.Name = "SM Restore"
	if main, err = db.UpdateOffice(ctx, main); err != nil || !main.SettingsSetAt.IsZero() {
		t.Fatalf("renamed: %+v, %v; want settings still as configured", main, err)
	}
	conf.Phone = "(612) 555-0199"
	if n, err := db.ConfigureOffices(ctx, conf); err != nil || n != 1 || officeBySlug(t, db, "main").Phone != conf.Phone {
		t.Fatalf("a start with another phone: changed %d offices, %v; want 1", n, err)
	}
	main = officeBySlug(t, db, "main")
	main.Phone = "(612) 555-0142"
	if main, err = db.UpdateOffice(ctx, main); err != nil || main.SettingsSetAt.IsZero() || main.Phone != "(612) 555-0142" {
		t.Fatalf("phone set by a person: %+v, %v; want it kept, settings set here", main, err)
	}
	main.BusinessHours = "mon-sat 07:00-18:00"
	if main, err = db.UpdateOffice(ctx, main); err != nil || main.SettingsSetAt.IsZero() {
		t.Fatalf("hours set by a person: %+v, %v; want settings set here", main, err)
	}
	if n, err := db.ConfigureOffices(ctx, storage.Office{Domain: "other.example", TimeZone: "UTC"}); err != nil || n != 0 {
		t.Fatalf("a start after the office was set: changed %d offices, %v; want 0", n, err)
	}
	if got := officeBySlug(t, db, "main"); got.TimeZone != "America/Denver" || got.BusinessHours != "mon-sat 07:00-18:00" ||
		got.Domain != conf.Domain || got.Phone != "(612) 555-0142" {
		t.Errorf("office set by a person after a start with other variables: %+v", got)
	}
}

func officeBySlug(t *testing.T, db *storage.DB, slug string) storage.Office {
	t.Helper()
	o, err := db.OfficeBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestCreateAndUpdateOffices(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	east, err := db.CreateOffice(ctx, storage.Office{Slug: " east ", Name: "SM Restore East", Domain: "east.example",
		TimeZone: "America/New_York", JobPattern: "E-YY-NNNN"})
	if err != nil {
		t.Fatal(err)
	}
	if east.ID == storage.DefaultOfficeID || east.Slug != "east" || east.JobSequenceStart != 1 || east.ConfiguredAt.IsZero() ||
		east.SettingsSetAt.IsZero() {
		t.Errorf("created office: %+v", east)
	}
	if _, err := db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "Again"}); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("second office with slug east: %v, want ErrConflict", err)
	}
	for _, bad := range []storage.Office{{Slug: "East Side", Name: "x"}, {Slug: "-east", Name: "x"}, {Slug: "west", Name: " "},
		{Slug: "west", Name: "West", Domain: "claims@west.example"}, {Slug: "west", Name: "West", JobSequenceStart: -1}} {
		if _, err := db.CreateOffice(ctx, bad); !errors.Is(err, storage.ErrInvalid) {
			t.Errorf("create %+v: %v, want ErrInvalid", bad, err)
		}
	}
	if _, err := db.OfficeBySlug(ctx, "west"); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("office west: %v, want ErrNotFound", err)
	}

	east.Name, east.BusinessHours, east.JobSequenceStart = "East Territory", "mon-sat 08:00-17:00", 1001
	if _, err := db.UpdateOffice(ctx, east); err != nil {
		t.Fatal(err)
	}
	got, err := db.OfficeBySlug(ctx, "east")
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "East Territory" || got.BusinessHours != "mon-sat 08:00-17:00" || got.JobSequenceStart != 1001 ||
		got.Domain != "east.example" || got.TimeZone != "America/New_York" {
		t.Errorf("updated office: %+v", got)
	}
	east.Slug = "main"
	if _, err := db.UpdateOffice(ctx, east); !errors.Is(err, storage.ErrConflict) {
		t.Errorf("renaming east to main: %v, want ErrConflict", err)
	}
	if _, err := db.UpdateOffice(ctx, storage.Office{ID: 999, Slug: "gone", Name: "Gone"}); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("update a missing office: %v, want ErrNotFound", err)
	}
	offices, err := db.ListOffices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(offices) != 2 || offices[0].Slug != "main" || offices[1].Slug != "east" {
		t.Errorf("offices: %+v, want main then east", offices)
	}
}

func TestOfficeMembership(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	// With one office, a new user joins it with the role they are given.
	ana, err := db.CreateUser(ctx, storage.User{Email: "ana@office.example", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	carl, err := db.CreateUser(ctx, storage.User{Email: "carl@office.example", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	wantOffices := func(u storage.User, want ...string) {
		t.Helper()
		ms, err := db.UserOffices(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.Office.Slug+":"+string(m.Role))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s's offices: %v, want %v", u.Email, got, want)
		}
	}
	wantOffices(ana, "main:administrator") // the first user is an administrator
	wantOffices(carl, "main:coordinator")

	east, err := db.CreateOffice(ctx, storage.Office{Slug: "east", Name: "East"})
	if err != nil {
		t.Fatal(err)
	}
	// With several, a new user waits to be given an office.
	eve, err := db.CreateUser(ctx, storage.User{Email: "eve@office.example", PasswordHash: "x"})
	if err != nil {
		t.Fatal(err)
	}
	wantOffices(eve)

	if err := db.SetOfficeRole(ctx, eve.ID, east.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	if err := db.SetOfficeRole(ctx, carl.ID, east.ID, storage.RoleReadOnly); err != nil {
		t.Fatal(err)
	}
	if err := db.SetOfficeRole(ctx, carl.ID, east.ID, storage.RoleCoordinator); err != nil {
		t.Fatal(err)
	}
	wantOffices(eve, "east:readonly")
	wantOffices(carl, "main:coordinator", "east:coordinator")
	members, err := db.OfficeMembers(ctx, east.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != 2 || members[0].Email != "carl@office.example" || members[0].Role != storage.RoleCoordinator ||
		members[1].UserID != eve.ID || members[1].Role != storage.RoleReadOnly {
		t.Errorf("east's members: %+v", members)
	}

	if err := db.RemoveFromOffice(ctx, carl.ID, storage.DefaultOfficeID); err != nil {
		t.Fatal(err)
	}
	wantOffices(carl, "east:coordinator")
	if err := db.RemoveFromOffice(ctx, carl.ID, storage.DefaultOfficeID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("removing carl again: %v, want ErrNotFound", err)
	}
	if err := db.SetOfficeRole(ctx, 999, east.ID, storage.RoleCoordinator); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("role of a missing user: %v, want ErrNotFound", err)
	}
	if err := db.SetOfficeRole(ctx, eve.ID, east.ID, "owner"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("role owner: %v, want ErrInvalid", err)
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]storage.Role{"administrator": storage.RoleAdministrator,
		" Coordinator ": storage.RoleCoordinator, "readonly": storage.RoleReadOnly, "read-only": storage.RoleReadOnly} {
		if got, err := storage.ParseRole(in); err != nil || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := storage.ParseRole("admin"); !errors.Is(err, storage.ErrInvalid) {
		t.Errorf("ParseRole(admin): %v, want ErrInvalid", err)
	}
}

// TestCreateAndUpdateStoreAnOfficeAlike: an office typed with spaces
// around its slug, name and phone and no first job number is stored the
// same, created or updated.
func TestCreateAndUpdateStoreAnOfficeAlike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openDB(t)
	typed := storage.Office{Slug: " north ", Name: " SM Restore North ", Phone: " (319) 555-0100 ", TimeZone: "America/Chicago"}
	created, err := db.CreateOffice(ctx, typed)
	if err != nil {
		t.Fatal(err)
	}
	typed.ID = created.ID
	updated, err := db.UpdateOffice(ctx, typed)
	if err != nil {
		t.Fatal(err)
	}
	want := [4]string{"north", "SM Restore North", "(319) 555-0100", "1"}
	for name, o := range map[string]storage.Office{"created": created, "updated": updated} {
		if got := [4]string{o.Slug, o.Name, o.Phone, fmt.Sprint(o.JobSequenceStart)}; got != want {
			t.Errorf("%s office: %q, want %q", name, got, want)
		}
	}
}
