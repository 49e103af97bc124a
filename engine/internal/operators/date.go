package operators

import "time"

// The Date family: "You must specify date/time values with one of the W3C implementations
// of the ISO 8601 date formats or in epoch (UNIX) time" (IAM "Condition operators" page,
// Date condition operators): 2019-01, 2019-01-01, 2019-01-01T00:00Z, with seconds,
// fractions and offsets, and epoch seconds. A bare year (2019) is all digits: epoch seconds. Policy variables do not
// expand (IAM "Condition operators" page: Date condition operators, "Not supported").

// instant is a point in time, comparable without allocation.
type instant struct {
	sec  int64
	nsec int32
}

func (a instant) compare(b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// parseDate reads epoch seconds ("1700000000", "1700000000.5") or an ISO 8601 date:
// YYYY-MM, or YYYY-MM-DD optionally followed by T and hh:mm, :ss, a fraction, and a zone (Z, ±hh:mm,
// ±hhmm, ±hh; none means UTC). It allocates nothing.
func parseDate(s string) (instant, bool) {
	if len(s) == 0 || len(s) > 40 {
		return instant{}, false
	}
	if isEpoch(s) {
		return parseEpoch(s)
	}
	p := dateScanner{s: s}
	y, ok1 := p.digits(4)
	ok2 := p.byte('-')
	mo, ok3 := p.digits(2)
	d, ok4, ok5 := 1, true, true
	if p.more() { // YYYY-MM is the first day of the month (W3C "Year and month")
		ok4 = p.byte('-')
		d, ok5 = p.digits(2)
	}
	if !(ok1 && ok2 && ok3 && ok4 && ok5) {
		return instant{}, false
	}
	var h, mi, sec, nsec int
	if p.more() {
		if !p.byte('T') && !p.byte('t') {
			return instant{}, false
		}
		var okh, okc, okm bool
		h, okh = p.digits(2)
		okc = p.byte(':')
		mi, okm = p.digits(2)
		if !(okh && okc && okm) {
			return instant{}, false
		}
		if p.byte(':') {
			var ok bool
			if sec, ok = p.digits(2); !ok {
				return instant{}, false
			}
			if p.byte('.') || p.byte(',') {
				n, scale := 0, 100000000
				start := p.i
				for p.more() && p.peek() >= '0' && p.peek() <= '9' {
					if scale > 0 {
						n += int(p.peek()-'0') * scale
						scale /= 10
					}
					p.i++
				}
				if p.i == start {
					return instant{}, false
				}
				nsec = n
			}
		}
	}
	offset := 0
	if p.more() {
		switch c := p.peek(); c {
		case 'Z', 'z':
			p.i++
		case '+', '-':
			p.i++
			oh, ok := p.digits(2)
			if !ok {
				return instant{}, false
			}
			om := 0
			if p.more() {
				p.byte(':')
				if om, ok = p.digits(2); !ok {
					return instant{}, false
				}
			}
			if oh > 23 || om > 59 {
				return instant{}, false
			}
			offset = oh*3600 + om*60
			if c == '-' {
				offset = -offset
			}
		default:
			return instant{}, false
		}
	}
	if p.more() || mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || sec > 60 ||
		(h == 24 && (mi != 0 || sec != 0 || nsec != 0)) {
		return instant{}, false
	}
	if time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC).Day() != d { // 2019-02-30 would become March
		return instant{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, sec, nsec, time.UTC)
	return instant{sec: t.Unix() - int64(offset), nsec: int32(t.Nanosecond())}, true
}

func isEpoch(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

func parseEpoch(s string) (instant, bool) {
	var sec int64
	i := 0
	for ; i < len(s) && s[i] != '.'; i++ {
		if i >= 18 {
			return instant{}, false
		}
		sec = sec*10 + int64(s[i]-'0')
	}
	if i == 0 {
		return instant{}, false
	}
	nsec, scale := 0, 100000000
	if i < len(s) {
		i++
		if i == len(s) {
			return instant{}, false
		}
		for ; i < len(s); i++ {
			if s[i] == '.' {
				return instant{}, false
			}
			nsec += int(s[i]-'0') * scale
			scale /= 10
		}
	}
	return instant{sec: sec, nsec: int32(nsec)}, true
}

// dateScanner reads fixed-width fields of a date.
type dateScanner struct {
	s string
	i int
}

func (p *dateScanner) more() bool { return p.i < len(p.s) }
func (p *dateScanner) peek() byte { return p.s[p.i] }

func (p *dateScanner) byte(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *dateScanner) digits(n int) (int, bool) {
	if p.i+n > len(p.s) {
		return 0, false
	}
	v := 0
	for k := 0; k < n; k++ {
		c := p.s[p.i+k]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	p.i += n
	return v, true
}
