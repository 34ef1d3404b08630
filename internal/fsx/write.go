package fsx

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Result says what Write did. Each list holds paths relative to the plan's
// Root, sorted.
type Result struct {
	// Written are the files created or replaced.
	Written []string
	// Unchanged are the planned files that already had exactly the planned
	// content; Write did not touch them, so their modification times are
	// unchanged.
	Unchanged []string
	// Removed are the stale generated files deleted from the managed
	// folders.
	Removed []string
}

// rename is os.Rename; tests replace it to make renames fail.
var rename = os.Rename

// Write puts the plan on disk, all or nothing as far as a file system
// allows. It works in four steps:
//
//  1. Validate without touching the disk. Every path must be clean, relative
//     and inside Root; every .go file must start with Header, parse, and be
//     gofmt-formatted; every file to be replaced must pass IsGeneratedFile or
//     be listed in Plan.Owned; every target must be absent or a regular
//     file (not a folder or symbolic link); no file may be planned twice or
//     where a folder must go. If anything is wrong, Write returns an error naming
//     every offending file and what to do, and has written nothing.
//  2. Stage: write the new content of every created or changed file to a
//     temporary file (".<name>.*.tmp", permissions 0o644) in its target's
//     folder, creating folders (0o755) as needed, and copy every file about
//     to be replaced to a backup (".<name>.*.bak") beside it. Files whose
//     content is already right are skipped, so their modification times
//     stay as they were. If staging fails, the temporaries and the folders
//     created are removed and no output file has changed.
//  3. Commit: rename each temporary over its target, in path order. Each
//     rename is atomic, so every file is at all times either wholly old or
//     wholly new. If a rename fails, Write undoes the renames already done,
//     renaming the backups back and removing the files it created, and
//     returns an error; if undoing fails too, the error names each file it
//     could not restore and the backup holding its old content.
//  4. Only when every file is in place, delete the backups and the stale
//     files in the managed folders. A failure here is returned as an error
//     along with a Result saying what was written and removed.
//
// Write does not fsync, so after an operating system crash during step 3
// some files may be old and others new, and temporaries or backups may be
// left behind (their names start with a dot, so the go tool ignores them).
// Write does not guard against other processes changing the output while
// it runs.
func Write(p Plan) (Result, error) {
	inv, err := inspect(p, true)
	if err != nil {
		return Result{}, err
	}
	var res Result
	var changed []*entry
	for i := range inv.files {
		if e := &inv.files[i]; e.act == keep {
			res.Unchanged = append(res.Unchanged, e.path)
		} else {
			changed = append(changed, e)
		}
	}
	errs, err := commit(changed)
	if err != nil {
		return Result{}, err
	}
	for _, e := range changed {
		res.Written = append(res.Written, e.path)
	}
	for _, s := range inv.stale {
		if err := os.Remove(s.full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("removing stale file: %w", err))
			continue
		}
		res.Removed = append(res.Removed, s.path)
	}
	if err := errors.Join(errs...); err != nil {
		return res, fmt.Errorf("all files were written, but cleaning up failed: %w", err)
	}
	return res, nil
}

// staged is one file of a commit.
type staged struct {
	e   *entry
	tmp string // the new content, to be renamed over e.full
	bak string // the old content (a hard link or a copy), for replaced files
}

// commit stages and renames the changed files (steps 2 and 3 of Write). It
// returns an error if no file changed or the changes were undone, and
// otherwise the errors met deleting the backups.
func commit(changed []*entry) (cleanupErrs []error, err error) {
	var files []staged
	var dirs []string // folders created, parents first
	undo := func() {
		for _, s := range files {
			removeIf(s.tmp)
			removeIf(s.bak)
		}
		for i := len(dirs) - 1; i >= 0; i-- {
			os.Remove(dirs[i]) // only if still empty
		}
	}
	for _, e := range changed {
		s, made, err := stage(e)
		dirs = append(dirs, made...)
		if err != nil {
			undo()
			return nil, fmt.Errorf("%s was not written: %w", e.full, err)
		}
		files = append(files, s)
	}
	for i, s := range files {
		if err := rename(s.tmp, s.e.full); err != nil {
			err = fmt.Errorf("%s: %w", s.e.full, err)
			rerr := restore(files[:i])
			undo()
			if rerr != nil {
				return nil, fmt.Errorf("%w; restoring the files already written failed: %w", err, rerr)
			}
			return nil, fmt.Errorf("%w; the files already written were restored", err)
		}
		files[i].tmp = ""
	}
	for _, s := range files {
		if s.bak != "" {
			if err := os.Remove(s.bak); err != nil {
				cleanupErrs = append(cleanupErrs, fmt.Errorf("removing backup: %w", err))
			}
		}
	}
	return cleanupErrs, nil
}

// stage writes e's temporary file and, if e replaces a file, its backup. It
// returns the folders it created, parents first, even on error.
func stage(e *entry) (s staged, made []string, err error) {
	dir := filepath.Dir(e.full)
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		made = append([]string{d}, made...)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return s, made, err
	}
	s.e = e
	base := filepath.Base(e.full)
	if s.tmp, err = writeTemp(dir, "."+base+".*.tmp", e.data, 0o644); err != nil {
		return s, made, err
	}
	if e.act == replace {
		if s.bak, err = backup(dir, base, e); err != nil {
			removeIf(s.tmp)
			return staged{}, made, err
		}
	}
	return s, made, nil
}

// backup keeps a replaced file's old content until the renames are done:
// a hard link to it (the content is not read), or a copy where the file
// system has no hard links.
func backup(dir, base string, e *entry) (string, error) {
	f, err := os.CreateTemp(dir, "."+base+".*.bak")
	if err != nil {
		return "", err
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	if err := os.Link(e.full, name); err == nil {
		return name, nil
	}
	old := e.old
	if old == nil {
		if old, err = os.ReadFile(e.full); err != nil {
			return "", err
		}
	}
	return writeTemp(dir, "."+base+".*.bak", old, e.mode)
}

// writeTemp writes data to a new file in dir named after pattern (as in
// os.CreateTemp) with the given permissions, and returns its name.
func writeTemp(dir, pattern string, data []byte, perm fs.FileMode) (string, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), perm)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// restore undoes the renames of done, most recent first: replaced files
// get their backups back and created files are removed. It clears the
// backup names, so that undoing the commit keeps the backups it could not
// restore.
func restore(done []staged) error {
	var errs []error
	for i := len(done) - 1; i >= 0; i-- {
		s := done[i]
		done[i].bak = ""
		if s.bak == "" {
			if err := os.Remove(s.e.full); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("%s was created but could not be removed: %w", s.e.full, err))
			}
			continue
		}
		if err := rename(s.bak, s.e.full); err != nil {
			errs = append(errs, fmt.Errorf("%s could not be restored; its old content is in %s: %w", s.e.full, s.bak, err))
		}
	}
	return errors.Join(errs...)
}

// removeIf removes the file name unless name is empty.
func removeIf(name string) {
	if name != "" {
		os.Remove(name)
	}
}
