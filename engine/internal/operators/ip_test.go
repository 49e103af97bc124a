package operators

import (
	"net/netip"
	"strings"
	"testing"
)

// netipAddr and netipRange are what the IpAddress operators read with net/netip itself: the
// reference TestIPAsNetip and FuzzIPAsNetip hold parseIPAddr and parseIPRange to.
func netipAddr(s string) (netip.Addr, bool) {
	if len(s) == 0 || len(s) > 45 || strings.ContainsRune(s, '%') {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

func netipRange(s string) (netip.Prefix, bool) {
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
	a, ok := netipAddr(s)
	if !ok {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// sameAddr reports whether a is n (no address: an invalid n).
func sameAddr(a ipAddr, n netip.Addr) bool {
	return int(a.bits) == n.BitLen() && (a.bits == 0 || a.b == n.As16() || n.Is4() && [4]byte(a.b[12:]) == n.As4())
}

// checkIP holds parseIPAddr and parseIPRange of s, and a range's holding the address of s,
// to net/netip's answers.
func checkIP(t *testing.T, s, in string) {
	t.Helper()
	a, ok := parseIPAddr(s)
	na, nok := netipAddr(s)
	if ok != nok || ok && !sameAddr(a, na) {
		t.Errorf("parseIPAddr(%q) = %v, %v; net/netip reads %v, %v", s, a, ok, na, nok)
	}
	r, ok := parseIPRange(s)
	nr, nok := netipRange(s)
	if ok != nok || ok && (!sameAddr(r.a, nr.Addr()) || r.a.bits != 0 && int(r.n) != nr.Bits()) {
		t.Errorf("parseIPRange(%q) = %v, %v; net/netip reads %v, %v", s, r, ok, nr, nok)
	}
	a, _ = parseIPAddr(in)
	na, _ = netipAddr(in)
	if got, want := r.contains(a), nr.Contains(na); got != want {
		t.Errorf("range %q holds %q: %v; net/netip says %v", s, in, got, want)
	}
}

// ipTexts are addresses and ranges, good and bad, in every form net/netip tells apart.
var ipTexts = []string{
	"", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5",
	"1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 10.0.0.0/8 ", "10.0.0.0/8", "10.1.2.3/8",
	"10.0.0.0/33", "10.0.0.0/32", "10.0.0.0/0", "10.0.0.0/08", "10.0.0.0/+8", "10.0.0.0/",
	"10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.0/1000", "::", "::1", "1::", "2001:db8::1",
	"2001:db8::/32", "2001:DB8:0:0:0:0:0:1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
	"1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8", "1::2::3", "12345::", "1:::2",
	":1", "1:", "::ffff:10.0.0.1", "::ffff:10.0.0.1/120", "::ffff:10.0.0.1/128",
	"::ffff:10.0.0.1/96", "::ffff:10.0.0.1/95", "::ffff:0:0/64", "::ffff:a00:1",
	"::10.0.0.1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
	"::1.2.3", "::1.2.3.4.5", "fe80::1%eth0", "fe80::1%eth0/64", "%eth0", "1.2.3.4%x",
	"::ffff:1.2.3.4%x", "2001:db8::/129", "2001:db8::/128", "2001:db8:ffff::/33", "g::1",
	"1.2.3.4/24", "0000:0000:0000:0000:0000:ffff:255.255.255.255", "::ffff:255.255.255.255",
}

// TestIPAsNetip holds the IpAddress family's reading of addresses and ranges to net/netip's,
// which it replaces in the .wasm: every text of ipTexts as each, and each range against
// each address.
func TestIPAsNetip(t *testing.T) {
	t.Parallel()
	for _, s := range ipTexts {
		for _, in := range ipTexts {
			checkIP(t, s, in)
		}
	}
	// And the catalogue's own reading: a /24 holds its addresses and no other.
	o := ByName("IpAddress")
	v, _ := Compile(o, "192.0.2.0/24", false)
	for in, want := range map[string]bool{"192.0.2.7": true, "192.0.3.7": false, "::ffff:192.0.2.9": true, "2001:db8::1": false} {
		r, _ := Parse(o, in)
		if got, _ := Match(o, &v, r, nil); got != want {
			t.Errorf("192.0.2.0/24 holds %s: %v, want %v", in, got, want)
		}
	}
}

// FuzzIPAsNetip holds parseIPAddr and parseIPRange to net/netip on any text.
func FuzzIPAsNetip(f *testing.F) {
	for i, s := range ipTexts {
		f.Add(s, ipTexts[(i+7)%len(ipTexts)])
	}
	f.Fuzz(checkIP)
}
