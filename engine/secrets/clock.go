package secrets

import (
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// maxScheduled bounds the rotations one Advance runs, so that a long jump over many short
// schedules stays bounded in time; the clock still reaches its target.
const maxScheduled = 10000

// Advance moves the world's clock forward by d (never back), and with it what AWS does on its
// own as time passes: scheduled rotations run when their window opens, in order, each at its
// own time (a rotation that fails waits for the window after), and recovery windows run out
// (the secrets whose window ended are deleted then, so that a call never changes the world but
// by what it asks). It returns the rotations it ran.
func (s *Store) Advance(d time.Duration) []*RotationRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		return nil
	}
	target := s.w.Clock.Add(d)
	if target.Before(s.w.Clock) { // overflow
		return nil
	}
	var runs []*RotationRun
	for range maxScheduled {
		e, at := s.due(target)
		if e == nil {
			break
		}
		if at.After(s.w.Clock) {
			s.w.Clock = at
		}
		s.purge()
		if e.s.DeletionDate.IsZero() {
			runs = append(runs, s.scheduledRotation(e))
		}
	}
	s.w.Clock = target
	s.purge()
	return runs
}

// due is the secret whose scheduled rotation comes first, by target at the latest (ties go
// to the smaller ARN, so that the same world rotates in the same order), and when.
func (s *Store) due(target time.Time) (*entry, time.Time) {
	var first *entry
	var when time.Time
	for _, e := range s.index {
		at := s.nextScheduled(e)
		if at.IsZero() || at.After(target) {
			continue
		}
		if first == nil || at.Before(when) || at.Equal(when) && e.arn < first.arn {
			first, when = e, at
		}
	}
	return first, when
}

// nextScheduled is when a secret's next scheduled rotation is due, or zero: primaries with
// rotation on and a schedule, not scheduled for deletion; after a failed attempt, the window
// after it.
func (s *Store) nextScheduled(e *entry) time.Time {
	ro := e.s.Rotation
	if e.primary != nil || !ro.Enabled || ro.LambdaARN == "" || !e.s.DeletionDate.IsZero() {
		return time.Time{}
	}
	sc, err := scheduleOf(ro)
	if err != nil || sc == nil {
		return time.Time{}
	}
	base := rotationBase(e.s, sc)
	if a, ok := s.rotation.attempts[e.s]; ok && a.After(base) {
		base = a
	}
	return sc.next(base)
}

// scheduledRotation runs a due rotation: a rotation left unfinished is reattempted with its
// AWSPENDING version's token ("That rotation will be reattempted").
func (s *Store) scheduledRotation(e *entry) *RotationRun {
	token := ""
	if inProgress(e.s) {
		token = staged(e.s, pending).ID
	} else {
		token = s.versionID()
	}
	run := s.rotate(e, token)
	if s.rotation.attempts == nil {
		s.rotation.attempts = map[*world.Secret]time.Time{}
	}
	if run.OK() {
		delete(s.rotation.attempts, e.s)
	} else {
		s.rotation.attempts[e.s] = s.w.Clock
	}
	return run
}
