package secrets

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamplay/iamplay/engine/world"
)

// A rotation schedule says when the next rotation window opens after a rotation. The three
// forms of RotationRulesType:
//
//   - AutomaticallyAfterDays: "Secrets Manager calculates the next rotation date based on the
//     previous rotation. Manually updating the secret value by calling PutSecretValue or
//     UpdateSecret is considered a valid rotation": the days count from the later of the last
//     rotation and the AWSCURRENT version's creation.
//   - rate(N hours) and rate(N days): "You can rotate a secret as often as every four hours.
//     If you use a rate() expression, the rotation window starts at midnight."
//   - cron(minutes hours day-of-month month day-of-week year), in UTC ("Secrets Manager
//     rotation schedules use UTC time zone"): numbers, names (JAN, SUN), *, ?, ranges, lists
//     and steps; one of the two day fields is ?. L, W and # are refused.
//
// Duration is "The length of the rotation window in hours, for example 3h", and "The rotation
// window must not extend into the next UTC day or into the next rotation window". AWS rotates
// "any time during a rotation window"; a world rotates when the window opens, so that the
// same world rotates the same way every time.
type schedule struct {
	every     time.Duration // AutomaticallyAfterDays or rate(N hours)
	afterDays bool          // AutomaticallyAfterDays: from the last change of the value
	rateDays  int           // rate(N days)
	cron      *cronSpec
}

// maxScheduleSpan bounds a cron search: a schedule that does not fire within it never does.
const maxScheduleSpan = 5 * 366 * 24 * time.Hour

func badSchedule(why string) *Error {
	return errorf(InvalidParameter, "The ScheduleExpression is not valid: %s", why)
}

// scheduleOf reads a rotation's schedule; nil when it has none.
func scheduleOf(ro world.Rotation) (*schedule, *Error) {
	window := time.Duration(0)
	if d := ro.Duration; d != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(d, "h"))
		if !strings.HasSuffix(d, "h") || err != nil || n < 1 || n > 24 || strings.HasPrefix(d, "+") {
			return nil, errorf(InvalidParameter, "The Duration must be a number of hours from 1h to 24h, for example 3h.")
		}
		window = time.Duration(n) * time.Hour
	}
	switch x := ro.ScheduleExpression; {
	case ro.AutomaticallyAfterDays > 0:
		return &schedule{every: time.Duration(ro.AutomaticallyAfterDays) * 24 * time.Hour, afterDays: true}, nil
	case strings.HasPrefix(x, "rate(") && strings.HasSuffix(x, ")"):
		n, unit, ok := strings.Cut(strings.TrimSpace(x[len("rate("):len(x)-1]), " ")
		v, err := strconv.Atoi(n)
		if !ok || err != nil || v < 1 || n[0] == '+' || n[0] == '0' {
			return nil, badSchedule("a rate is rate(N hours) or rate(N days), N a positive whole number")
		}
		switch unit {
		case "hour", "hours":
			if v < 4 {
				return nil, badSchedule("you can rotate a secret as often as every four hours")
			}
			if v > 1000*24 || (window > 0 && window > time.Duration(v)*time.Hour) {
				return nil, badSchedule("the rotation window must not extend into the next rotation window")
			}
			return &schedule{every: time.Duration(v) * time.Hour}, nil
		case "day", "days":
			if v > 1000 {
				return nil, badSchedule("rotate at least every 1000 days")
			}
			return &schedule{rateDays: v}, nil
		}
		return nil, badSchedule("the unit of a rate is hours or days")
	case strings.HasPrefix(x, "cron(") && strings.HasSuffix(x, ")"):
		c, why := parseCron(x[len("cron(") : len(x)-1])
		if why != "" {
			return nil, badSchedule(why)
		}
		if window > 0 && len(c.hours) == 1 && c.hours[0]+int(window/time.Hour) > 24 {
			return nil, badSchedule("the rotation window must not extend into the next UTC day")
		}
		return &schedule{cron: c}, nil
	case x != "":
		return nil, badSchedule("write rate(...) or cron(...)")
	}
	return nil, nil
}

// next is when the window after base opens.
func (sc *schedule) next(base time.Time) time.Time {
	base = base.UTC()
	switch {
	case sc.cron != nil:
		return sc.cron.next(base)
	case sc.rateDays > 0:
		y, m, d := base.Date()
		return time.Date(y, m, d+sc.rateDays, 0, 0, 0, 0, time.UTC)
	}
	return base.Add(sc.every)
}

// nextRotation is NextRotationDate: when the secret's next rotation window opens, or zero
// when it has no schedule or rotation is off.
func nextRotation(sec *world.Secret) time.Time {
	ro := sec.Rotation
	if !ro.Enabled || ro.LambdaARN == "" {
		return time.Time{}
	}
	sc, err := scheduleOf(ro)
	if err != nil || sc == nil {
		return time.Time{}
	}
	return sc.next(rotationBase(sec, sc))
}

// reportedRules are the rules as DescribeSecret and ListSecrets report them: with a
// ScheduleExpression, AutomaticallyAfterDays "is calculated from the rotation schedule after
// every successful rotation" (RotationRulesType): the whole days, rounded up, from the last
// rotation to the next window.
func reportedRules(sec *world.Secret, r *rotationRules) *rotationRules {
	last, next := sec.Rotation.LastRotated, nextRotation(sec)
	if r == nil || r.ScheduleExpression == nil || last.IsZero() || next.IsZero() {
		return r
	}
	days := int64((next.Sub(last) + 24*time.Hour - 1) / (24 * time.Hour))
	out := *r
	out.AutomaticallyAfterDays = &days
	return &out
}

// rotationBase is what the schedule counts from: the last rotation, or for a secret never
// rotated when its rotation was configured, or its creation; and for AutomaticallyAfterDays
// a later change of the value.
func rotationBase(sec *world.Secret, sc *schedule) time.Time {
	base := sec.Rotation.LastRotated
	if base.IsZero() {
		base = sec.Created
		if c := sec.Rotation.Configured; c.After(base) {
			base = c
		}
	}
	if sc.afterDays {
		if v := staged(sec, current); v != nil && v.Created.After(base) {
			base = v.Created
		}
	}
	return base
}

// cronSpec is a cron expression's fields, each as the values it allows (sorted), nil for
// "?" (any day).
type cronSpec struct {
	minutes, hours, days, months, weekdays, years []int
}

var (
	monthNames = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	dayNames   = []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}
)

func parseCron(x string) (*cronSpec, string) {
	f := strings.Fields(x)
	if len(f) != 6 {
		return nil, "a cron expression has six fields: minutes hours day-of-month month day-of-week year"
	}
	if (f[2] == "?") == (f[4] == "?") {
		return nil, "one of day-of-month and day-of-week must be ?"
	}
	c := &cronSpec{}
	var why string
	for _, fd := range []struct {
		out      *[]int
		text     string
		min, max int
		names    []string
		what     string
	}{
		{&c.minutes, f[0], 0, 59, nil, "minutes"},
		{&c.hours, f[1], 0, 23, nil, "hours"},
		{&c.days, f[2], 1, 31, nil, "day-of-month"},
		{&c.months, f[3], 1, 12, monthNames, "month"},
		{&c.weekdays, f[4], 1, 7, dayNames, "day-of-week"},
		{&c.years, f[5], 1970, 2199, nil, "year"},
	} {
		if fd.text == "?" {
			continue
		}
		if *fd.out, why = cronField(fd.text, fd.min, fd.max, fd.names); why != "" {
			return nil, fd.what + ": " + why
		}
	}
	return c, ""
}

// cronField reads one field: *, or a list of values, ranges and steps.
func cronField(text string, lo, hi int, names []string) ([]int, string) {
	num := func(s string) (int, bool) {
		if i := slices.Index(names, strings.ToUpper(s)); i >= 0 {
			return lo + i, true
		}
		n, err := strconv.Atoi(s)
		return n, err == nil && n >= lo && n <= hi && s[0] != '+' && s[0] != '-'
	}
	var out []int
	for _, part := range strings.Split(text, ",") {
		if strings.ContainsAny(part, "LW#") && names == nil || strings.ContainsAny(part, "#") {
			return nil, "iamplay does not support L, W or # in cron expressions"
		}
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || n > hi {
				return nil, "a step is a positive number"
			}
			step = n
		}
		from, to := lo, hi
		switch a, b, isRange := strings.Cut(rng, "-"); {
		case rng == "*":
		case isRange:
			var ok1, ok2 bool
			from, ok1 = num(a)
			to, ok2 = num(b)
			if !ok1 || !ok2 || from > to {
				return nil, "\"" + safe(part) + "\" is not a range of " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
			}
		default:
			n, ok := num(rng)
			if !ok {
				return nil, "\"" + safe(part) + "\" is not a value from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
			}
			from = n
			if !hasStep {
				to = n
			}
		}
		for v := from; v <= to; v += step {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), ""
}

// next is the first time after base the expression names, within maxScheduleSpan; zero when
// there is none.
func (c *cronSpec) next(base time.Time) time.Time {
	t := base.Truncate(time.Hour)
	for end := base.Add(maxScheduleSpan); !t.After(end); t = t.Add(time.Hour) {
		y, m, d := t.Date()
		if !allows(c.years, y) || !allows(c.months, int(m)) || !allows(c.hours, t.Hour()) {
			continue
		}
		if c.days != nil && !allows(c.days, d) || c.weekdays != nil && !allows(c.weekdays, int(t.Weekday())+1) {
			continue
		}
		for _, min := range c.minutes {
			if at := t.Add(time.Duration(min) * time.Minute); at.After(base) {
				return at
			}
		}
	}
	return time.Time{}
}

// allows reports whether a field allows v (a nil field, "?", allows anything).
func allows(field []int, v int) bool { return field == nil || slices.Contains(field, v) }
