package operators

import "strings"

// The IPAddress family: IPv4 and IPv6 addresses and CIDR ranges; a bare address is a range of
// one. Policy variables do not expand (IAM "Condition operators" page: IP address, "Not supported").
//
// The addresses are read here, as net/netip reads them (TestIPAsNetip holds the two to the
// same answers), rather than by net/netip itself: netip brings its zone interning (package
// unique) into the browser's .wasm, about 70 KB of code for zones no IpAddress value has.

// ipAddr is an IP address: 16 bytes, an IPv4 address in the last four; bits is its length, 32
// or 128, or 0 for no address.
type ipAddr struct {
	b    [16]byte
	bits uint8
}

// ipRange is a CIDR range: the addresses of a's family whose first n bits are a's (a is
// masked to them). A range with no address holds nothing.
type ipRange struct {
	a ipAddr
	n uint8
}

// parseIPAddr reads a request address, an IPv4-mapped IPv6 address as its IPv4 address. It
// takes no zone (the % of fe80::1%eth0).
func parseIPAddr(s string) (ipAddr, bool) {
	if len(s) == 0 || len(s) > 45 {
		return ipAddr{}, false
	}
	a, ok := parseIP(s)
	return a.unmap(), ok
}

// parseIPRange reads a policy value: an address or a CIDR range. An IPv4-mapped range is the
// IPv4 range it maps, and one wider than the mapped addresses (::ffff:0:0/95) holds nothing.
func parseIPRange(s string) (ipRange, bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, '/')
	if i < 0 {
		a, ok := parseIPAddr(s)
		return ipRange{a, a.bits}, ok
	}
	a, ok := parseIP(s[:i])
	n, nok := prefixBits(s[i+1:], a.bits)
	if !ok || !nok {
		return ipRange{}, false
	}
	if a.is4In6() {
		if n < 96 {
			return ipRange{}, true
		}
		a, n = a.unmap(), n-96
	}
	return ipRange{a.masked(n), n}, true
}

// prefixBits reads a range's length, at most max: decimal, with no sign and no leading zero.
func prefixBits(s string, max uint8) (uint8, bool) {
	if len(s) == 0 || len(s) > 3 || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return uint8(n), n <= int(max)
}

// contains reports whether a is in r.
func (r ipRange) contains(a ipAddr) bool {
	if r.a.bits == 0 || a.bits != r.a.bits {
		return false
	}
	for i, n := 16-int(a.bits)/8, int(r.n); n > 0; i, n = i+1, n-8 {
		m := byte(0xff)
		if n < 8 {
			m <<= 8 - n
		}
		if (a.b[i]^r.a.b[i])&m != 0 {
			return false
		}
	}
	return true
}

// masked is a with the bits after its first n cleared.
func (a ipAddr) masked(n uint8) ipAddr {
	for i, k := 16-int(a.bits)/8, int(n); i < 16; i, k = i+1, k-8 {
		switch {
		case k <= 0:
			a.b[i] = 0
		case k < 8:
			a.b[i] &= 0xff << (8 - k)
		}
	}
	return a
}

// is4In6 reports whether a is an IPv4-mapped IPv6 address (::ffff:192.0.2.1).
func (a ipAddr) is4In6() bool {
	return a.bits == 128 && [12]byte(a.b[:12]) == [12]byte{10: 0xff, 11: 0xff}
}

// unmap is the IPv4 address an IPv4-mapped a maps, else a.
func (a ipAddr) unmap() ipAddr {
	if a.is4In6() {
		a.b[10], a.b[11], a.bits = 0, 0, 32
	}
	return a
}

// parseIP reads an IPv4 or IPv6 address as net/netip.ParseAddr does, without a zone.
func parseIP(s string) (ipAddr, bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			a := ipAddr{bits: 32}
			if !parseIPv4(s, a.b[12:]) {
				return ipAddr{}, false
			}
			return a, true
		case ':':
			return parseIPv6(s)
		}
	}
	return ipAddr{}, false
}

// parseIPv4 reads dotted decimal into to's four bytes: four fields of 0-255, none with a
// leading zero.
func parseIPv4(s string, to []byte) bool {
	val, pos, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			if digits == 1 && val == 0 {
				return false
			}
			val, digits = val*10+int(c-'0'), digits+1
			if val > 255 {
				return false
			}
		case c == '.':
			if i == 0 || i == len(s)-1 || s[i-1] == '.' || pos == 3 {
				return false
			}
			to[pos], pos, val, digits = byte(val), pos+1, 0, 0
		default:
			return false
		}
	}
	if pos < 3 {
		return false
	}
	to[3] = byte(val)
	return true
}

// parseIPv6 reads colon-separated hex groups of at most four digits, one :: for a run of
// zero groups, and an IPv4 address in place of the last two.
func parseIPv6(in string) (ipAddr, bool) {
	s := in
	a := ipAddr{bits: 128}
	ellipsis := -1 // where the :: stands in a.b
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		ellipsis, s = 0, s[2:]
		if len(s) == 0 {
			return a, true
		}
	}
	i := 0
	for i < 16 {
		off, acc := 0, 0
	hex:
		for ; off < len(s); off++ {
			c := s[off]
			switch {
			case c >= '0' && c <= '9':
				acc = acc<<4 + int(c-'0')
			case c >= 'a' && c <= 'f':
				acc = acc<<4 + int(c-'a'+10)
			case c >= 'A' && c <= 'F':
				acc = acc<<4 + int(c-'A'+10)
			default:
				break hex
			}
			if off > 3 {
				return ipAddr{}, false
			}
		}
		if off == 0 {
			return ipAddr{}, false
		}
		if off < len(s) && s[off] == '.' { // the trailing IPv4 address
			if ellipsis < 0 && i != 12 || i+4 > 16 || !parseIPv4(s, a.b[i:i+4]) {
				return ipAddr{}, false
			}
			s, i = "", i+4
			break
		}
		a.b[i], a.b[i+1], i = byte(acc>>8), byte(acc), i+2
		if s = s[off:]; len(s) == 0 {
			break
		}
		if s[0] != ':' || len(s) == 1 {
			return ipAddr{}, false
		}
		if s = s[1:]; s[0] == ':' {
			if ellipsis >= 0 {
				return ipAddr{}, false
			}
			ellipsis, s = i, s[1:]
			if len(s) == 0 {
				break
			}
		}
	}
	if len(s) != 0 {
		return ipAddr{}, false
	}
	if i < 16 {
		if ellipsis < 0 {
			return ipAddr{}, false
		}
		n := 16 - i
		for j := i - 1; j >= ellipsis; j-- {
			a.b[j+n] = a.b[j]
		}
		clear(a.b[ellipsis : ellipsis+n])
	} else if ellipsis >= 0 {
		return ipAddr{}, false // the :: stands for no group
	}
	return a, true
}
