package endpoint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/iamplay/iamplay/engine/catalog"
	"github.com/iamplay/iamplay/engine/policy"
	"github.com/iamplay/iamplay/engine/world"
)

// ReadState reads the world a state file holds; ok is false when there is no such file yet.
// A state file is a world file with its secret values.
func ReadState(path string) (w *world.World, ok bool, err error) {
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	w, fs := world.Read(src)
	if fs.HasErrors() {
		return nil, false, fmt.Errorf("%s is not a world file: %s", path, policy.Summary(fs))
	}
	return w, true, nil
}

// WriteState replaces the state file with b durably: a temporary file beside it is written
// and synced, renamed over it, and the directory synced, so that a crash at any moment
// leaves either the old state or the new one, whole.
func WriteState(path string, b []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// changes reports whether a successful operation may have changed the world: every one the
// catalogue does not list as Read or List.
func changes(op string) bool {
	a, ok := catalog.LookupAction(Service + ":" + op)
	return !ok || a.AccessLevel != "Read" && a.AccessLevel != "List"
}
