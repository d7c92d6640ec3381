package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A LocalStore files a content key "sha256/ab/cd/abcd…" as the file
// "sha256/ab/abcd…": one level of 256 directories, as git keeps its
// objects. Older stores kept it at the key's own path, two levels deep,
// where nearly every blob of a young store made a directory of its own (a
// mkdir and two directory flushes). One level has made its directories
// within a few hundred blobs, and ext4's hashed directories hold the tens
// of thousands of files each then gathers without cost.
//
// Such a store is read as it is, and MigrateLayout moves its blobs up one
// level. The file layoutFile says that a store holds no blob two levels
// deep (it was made with one level, or migrated), which spares each new
// blob a look in the old place; reads that miss look there whatever it
// says.
const (
	layoutFile     = ".layout"
	oneLevelLayout = "sha256/ab/abcd…\n"
)

// localPath maps a validated key to the path of its file under root.
func localPath(root, key string) string {
	if sum, ok := contentSum(key); ok {
		return filepath.Join(root, "sha256", sum[:2], sum)
	}
	return filepath.Join(root, filepath.FromSlash(key))
}

// twoLevelPath is where stores written before the one-level layout kept a
// content key: the key's own path.
func twoLevelPath(root, key string) (string, bool) {
	if _, ok := contentSum(key); !ok {
		return "", false
	}
	return filepath.Join(root, filepath.FromSlash(key)), true
}

// openLayout reads which layout the store at s.root has, and marks a store
// without blobs as one-level. It fails on a layout it does not know: that
// of a later claimdesk, whose blobs it might not find.
func (s *LocalStore) openLayout() error {
	got, err := os.ReadFile(filepath.Join(s.root, layoutFile))
	switch {
	case err == nil && string(got) == oneLevelLayout:
		return nil
	case err == nil:
		return fmt.Errorf("blob store layout %q is not one this claimdesk knows", strings.TrimSpace(string(got)))
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("read blob store layout: %w", err)
	}
	if _, err := os.Lstat(filepath.Join(s.root, "sha256")); err == nil {
		s.twoLevel.Store(true)
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("read blob store layout: %w", err)
	}
	return s.writeLayout()
}

func (s *LocalStore) writeLayout() error {
	if err := s.writeNew(filepath.Join(s.root, layoutFile), strings.NewReader(oneLevelLayout)); err != nil {
		return fmt.Errorf("write blob store layout: %w", err)
	}
	return nil
}

// lookup returns the path of key's blob and whether it is stored: where
// it is, or where a new one goes.
func (s *LocalStore) lookup(key string) (string, bool, error) {
	path := localPath(s.root, key)
	found, err := s.exists(path)
	if found || err != nil || !s.twoLevel.Load() {
		return path, found, err
	}
	if old, ok := twoLevelPath(s.root, key); ok {
		if found, err := s.exists(old); found || err != nil {
			return old, found, err
		}
	}
	return path, false, nil
}

// inAnyLayout runs read on the path of key's file; for a content key not
// found there, on its two-level path, and then once more on the first, as
// MigrateLayout may have moved the file between the two.
func (s *LocalStore) inAnyLayout(key string, read func(path string) error) error {
	path := localPath(s.root, key)
	err := read(path)
	old, ok := twoLevelPath(s.root, key)
	if !ok || !errors.Is(notFound(err), ErrNotFound) {
		return err
	}
	if err := read(old); !errors.Is(notFound(err), ErrNotFound) {
		return err
	}
	return read(path)
}

// MigrateLayout moves the blobs of a store written with two levels of
// directories (sha256/ab/cd/abcd…) to one level (sha256/ab/abcd…) and
// reports how many it moved. It is safe to stop at any point and to run
// again, also while the store is in use: a blob is linked at its new path
// and the link flushed to disk before its old name is removed.
func MigrateLayout(ctx context.Context, s Store) (int, error) {
	if r, ok := s.(*Retrying); ok {
		s = r.Store
	}
	if l, ok := s.(*LocalStore); ok {
		return l.MigrateLayout(ctx)
	}
	return 0, nil // other stores keep content keys as they are
}

// MigrateLayout implements the package's MigrateLayout for a LocalStore.
func (s *LocalStore) MigrateLayout(ctx context.Context) (int, error) {
	if !s.twoLevel.Load() {
		return 0, nil
	}
	top := filepath.Join(s.root, "sha256")
	prefixes, err := os.ReadDir(top)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, fmt.Errorf("migrate blob layout: %w", err)
	}
	moved := 0
	for _, p := range prefixes {
		if !p.IsDir() {
			continue
		}
		n, err := s.migratePrefix(ctx, filepath.Join(top, p.Name()))
		moved += n
		if err != nil {
			return moved, fmt.Errorf("migrate blob layout: %w", err)
		}
	}
	if err := s.writeLayout(); err != nil {
		return moved, err
	}
	s.twoLevel.Store(false)
	return moved, nil
}

// migratePrefix moves the blobs below dir (sha256/ab/cd/abcd…) into dir
// (sha256/ab/abcd…): all linked, then dir flushed once, then the old
// names and their directories removed.
func (s *LocalStore) migratePrefix(ctx context.Context, dir string) (int, error) {
	subs, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var placed, emptied []string
	for _, sub := range subs {
		if !sub.IsDir() {
			continue // a blob in the new layout
		}
		subDir := filepath.Join(dir, sub.Name())
		blobs, err := s.linkUp(ctx, subDir, dir)
		if err != nil {
			return 0, err // nothing removed: the next run takes it up
		}
		placed = append(placed, blobs...)
		emptied = append(emptied, subDir)
	}
	if len(placed) == 0 && len(emptied) == 0 {
		return 0, nil
	}
	if err := syncDir(dir); err != nil {
		return 0, err
	}
	for _, old := range placed {
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
	}
	for _, d := range emptied {
		// Anything but a blob is left where it is, with its directory.
		_ = os.Remove(d)
	}
	return len(placed), nil
}

// linkUp links each content blob in subDir to its name in dir, unless a
// blob is there already, and returns the old paths. The links are not
// flushed yet.
func (s *LocalStore) linkUp(ctx context.Context, subDir, dir string) ([]string, error) {
	entries, err := os.ReadDir(subDir)
	if err != nil {
		return nil, err
	}
	keyDir := "sha256/" + filepath.Base(dir) + "/" + filepath.Base(subDir) + "/"
	var placed []string
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return placed, err
		}
		if _, ok := contentSum(keyDir + e.Name()); !ok || !e.Type().IsRegular() {
			continue
		}
		old := filepath.Join(subDir, e.Name())
		path := filepath.Join(dir, e.Name())
		found, err := s.exists(path)
		if err == nil && !found {
			_, err = s.link(ctx, old, path, syncDir)
		}
		if err != nil {
			return placed, fmt.Errorf("move %s: %w", old, err)
		}
		placed = append(placed, old)
	}
	return placed, nil
}
