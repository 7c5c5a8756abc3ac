package jsonpos

import (
	"strings"
	"testing"
)

func TestLineColumn(t *testing.T) {
	data := []byte("ab\ncé\r\nx")
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {6, 2, 3}, {7, 2, 4}, {8, 3, 1}, {9, 3, 2}, {100, 3, 2}, {-1, 1, 1},
	} {
		if line, col := LineColumn(data, tt.off); line != tt.line || col != tt.col {
			t.Errorf("LineColumn(%d) = %d, %d; want %d, %d", tt.off, line, col, tt.line, tt.col)
		}
	}
	if got, want := At(data, 8), "line 3, column 1"; got != want {
		t.Errorf("At = %q, want %q", got, want)
	}
}

func TestPointer(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{`{"a":1 `, ""},
		{`{"a": `, "/a"},
		{`{"a": tru`, "/a"},
		{`{"a" `, ""},
		{`{"a": [1, {"b": "x`, "/a/1/b"},
		{`{"a": [1, `, "/a/1"},
		{`{"a": [1 `, "/a"},
		{`{"a": {}, `, ""},
		{`{"k~/": {"\u0062": `, "/k~0~1/b"},
		{`[{}, {"` + strings.Repeat("é", 40) + `": `, "/1/" + strings.Repeat("é", 32) + "…"},
		{`{"a": "}", "b": [`, "/b/0"},
		{strings.Repeat("[", 40), "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/…/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0"},
		{`]]]}`, ""},
	} {
		if got := Pointer([]byte(tt.doc), len(tt.doc)); got != tt.want {
			t.Errorf("Pointer(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
	if got, want := Where([]byte("{\n \"a\": x"), 8), "line 2, column 7 (in /a)"; got != want {
		t.Errorf("Where = %q, want %q", got, want)
	}
}

func TestToken(t *testing.T) {
	if got, want := Token("a/b~c"), "a~1b~0c"; got != want {
		t.Errorf("Token = %q, want %q", got, want)
	}
	if got, want := Token(strings.Repeat("/", 40)), strings.Repeat("~1", 32)+"…"; got != want {
		t.Errorf("Token = %q, want %q", got, want)
	}
}
