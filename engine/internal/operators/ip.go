package operators

import (
	"net/netip"
	"strings"
)

// The IPAddress family: IPv4 and IPv6 addresses and CIDR ranges; a bare address is a range of
// one. Policy variables do not expand (IAM "Condition operators" page: IP address, "Not supported").

// parseIPAddr reads a request address. It filters the text first so that malformed values
// rarely reach netip (whose errors allocate).
func parseIPAddr(s string) (netip.Addr, bool) {
	if len(s) == 0 || len(s) > 45 {
		return netip.Addr{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':') {
			return netip.Addr{}, false
		}
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// parseIPRange reads a policy value: an address or a CIDR range.
func parseIPRange(s string) (netip.Prefix, bool) {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), true
	}
	a, ok := parseIPAddr(s)
	if !ok {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}
