package cart

import (
	"bytes"

	"github.com/cartfx/cartfx/internal/jsonpos"
	"github.com/cartfx/cartfx/internal/text"
)

// The problems of a body that is not a JSON object, or not JSON at all:
// each says the line and column of the byte at fault and, where it is
// inside a value, that value's pointer (see jsonpos). They are worked out
// only here, on the way out, from the offset the scan stopped at.

// malformedBody reports a body that does not begin with '{'.
func malformedBody(ps *problems, data []byte) {
	if bytes.HasPrefix(data, []byte(jsonpos.BOM)) {
		ps.add("", "Malformed", "the body is not valid JSON: "+jsonpos.MsgBOM)
		return
	}
	if skip(data, 0) == len(data) {
		ps.add("", "Malformed", "the body is empty: expected a JSON object")
		return
	}
	sc := scanner{data: data}
	sc.value()
	if sc.end() {
		ps.add("", "Malformed", "the body is not a JSON object: expected '{'")
		return
	}
	malformedScan(ps, &sc)
}

// malformedScan reports the error the scan of a session stopped at.
func malformedScan(ps *problems, sc *scanner) {
	d := sc.data
	if dup := sc.dup; dup != nil {
		first := " (first at "
		if dup.firstName != dup.name {
			first = " (first as " + text.Quote(dup.firstName) + " at "
		}
		ps.add(jsonpos.Pointer(d, sc.errAt)+"/"+jsonpos.Token(dup.name), "Duplicate key",
			jsonpos.At(d, sc.errAt)+": duplicate key "+text.Quote(dup.name)+first+jsonpos.At(d, dup.first)+")")
		return
	}
	ps.add("", "Malformed", "the body is not valid JSON: "+jsonpos.Where(d, sc.errAt)+": "+sc.err)
}
