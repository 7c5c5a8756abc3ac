package text

import (
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 100)
	for _, c := range []struct{ in, want string }{
		{"EUR", `"EUR"`},
		{"a\x1b[31mb", `"a\x1b[31mb"`},
		{strings.Repeat("x", MaxQuoted), `"` + strings.Repeat("x", MaxQuoted) + `"`},
		{strings.Repeat("x", MaxQuoted+1), `"` + strings.Repeat("x", MaxQuoted) + `"… (65 bytes)`},
		{long, `"` + strings.Repeat("é", MaxQuoted) + `"… (200 bytes)`},
	} {
		if got := Quote(c.in); got != c.want {
			t.Errorf("Quote(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestQuoteOfHugeInputIsShort(t *testing.T) {
	got := Quote(strings.Repeat("a", 50<<20))
	if len(got) > 100 {
		t.Errorf("Quote of 50 MiB is %d bytes long", len(got))
	}
}

func TestPrintable(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Wool socks", "Wool socks"},
		{"Grüße 🧦", "Grüße 🧦"},
		{"\x1b[2J\x1b[31mred", `\x1b[2J\x1b[31mred`},
		{"tab\there\nline", `tab\there\nline`},
		{"bell\a del\x7f c1\u009b", `bell\a del\x7f c1\u009b`},
		{"abc\u202edcba", `abc\u202edcba`},
		{"bad\xffbyte", `bad\xffbyte`},
	} {
		if got := Printable(c.in); got != c.want {
			t.Errorf("Printable(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
