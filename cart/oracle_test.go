package cart

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/cartfx/cartfx/apierror"
	"github.com/cartfx/cartfx/internal/jsonpos"
)

// Oracles for the parts of ParseSession's errors that encoding/json does
// not give: where a syntax error is, and which keys are duplicates.

// jsonErrorAt is what encoding/json says of data and the offset of the
// byte at fault: its Offset counts the bad byte (or stops at the end).
func jsonErrorAt(data []byte) (msg string, at int) {
	var v json.RawMessage
	err := json.Unmarshal(data, &v)
	if err == nil {
		return "", 0
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error(), -1
	}
	at = int(se.Offset)
	if strings.HasPrefix(se.Error(), "invalid character") {
		at--
	}
	// At the end encoding/json feeds itself a space, which it names.
	if strings.HasPrefix(se.Error(), "invalid character ' '") && (at >= len(data) || data[at] != ' ') {
		at = len(data)
	}
	return se.Error(), min(at, len(data))
}

// wantMalformed is the Malformed problem ParseSession gives of data that
// encoding/json refuses, built from encoding/json's words and offset.
func wantMalformed(data []byte) string {
	msg, at := jsonErrorAt(data)
	if msg == "" {
		return ""
	}
	if bytes.HasPrefix(data, []byte(jsonpos.BOM)) {
		return "the body is not valid JSON: line 1, column 1: " + jsonpos.MsgBOM
	}
	return "the body is not valid JSON: " + jsonpos.Where(data, at) + ": " + msg
}

// legacyWording turns ParseSession's Malformed problem back into the
// words of the encoding/json decoder it replaced, which said no position.
var legacyWording = regexp.MustCompile(`^the body is not valid JSON: line \d+, column \d+(?: \(in .*?\))?: `)

// asLegacy returns err with its Malformed problems in legacy words.
func asLegacy(err error) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	out := *e
	out.Errors = append([]apierror.Item(nil), e.Errors...)
	for i, p := range out.Errors {
		if p.Title == "Malformed" {
			out.Errors[i].Details = legacyWording.ReplaceAllLiteralString(p.Details, "the body is not a JSON object: ")
		}
	}
	return &out
}

// dupContext is what kind of object the duplicate oracle is in: where
// ParseSession matches keys to fields under case folding.
type dupContext int

const (
	ctxOther dupContext = iota
	ctxSession
	ctxWrapped
	ctxItems
	ctxItem
	ctxCosts
	ctxCost
)

// foundDup is the first duplicate key of a valid JSON document: the
// pointer ParseSession reports and the offset of the key's opening quote.
type foundDup struct {
	pointer string
	at      int
}

// firstDuplicate finds the first duplicate key of data as ParseSession
// defines them, with encoding/json's tokens; of data that is not JSON, one
// before the byte at fault.
func firstDuplicate(data []byte) (foundDup, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var found *foundDup
	var walk func(ctx dupContext, ptr string) bool
	walk = func(ctx dupContext, ptr string) bool {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				child := ctxOther
				if ctx == ctxItems && nextByte(data, int(dec.InputOffset())) == '{' {
					child = ctxItem
				}
				if !walk(child, ptr+"/"+strconv.Itoa(i)) {
					return false
				}
			}
			_, err := dec.Token()
			return err == nil
		case json.Delim('{'):
			var names, fields []string
			for dec.More() {
				start := int(dec.InputOffset())
				tok, err := dec.Token()
				if err != nil {
					return false
				}
				key := tok.(string)
				at := quoteAfter(data, start)
				field := knownField(ctx, key)
				for i, n := range names {
					if n == key && fields[i] == "" && field == "" || field != "" && fields[i] == field {
						// A key is read up to its colon.
						if colon := skip(data, int(dec.InputOffset())); colon < len(data) && data[colon] == ':' {
							found = &foundDup{ptr + "/" + jsonpos.Token(key), at}
						}
						return false
					}
				}
				names, fields = append(names, key), append(fields, field)
				if !walk(childContext(ctx, field, nextByte(data, int(dec.InputOffset()))), ptr+"/"+jsonpos.Token(key)) {
					return false
				}
			}
			_, err := dec.Token()
			return err == nil
		}
		return true
	}
	walk(ctxSession, "")
	if found == nil {
		return foundDup{}, false
	}
	return *found, true
}

// knownField is the field a key names under folding in ctx, or "".
func knownField(ctx dupContext, key string) string {
	var names []string
	switch ctx {
	case ctxSession:
		names = sessionFieldNames
	case ctxWrapped: // where customerSession is a field like any other
		names = sessionFieldNames[1:]
	case ctxItem:
		names = itemFieldNames
	case ctxCost:
		names = []string{"price"}
	}
	for _, n := range names {
		if n == key {
			return n
		}
	}
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return n
		}
	}
	return ""
}

// childContext is the context of the value of field in ctx, which begins
// with the byte c.
func childContext(ctx dupContext, field string, c byte) dupContext {
	switch {
	case ctx == ctxSession && field == "customerSession" && c == '{':
		return ctxWrapped
	case (ctx == ctxSession || ctx == ctxWrapped) && field == "cartItems" && c == '[':
		return ctxItems
	case (ctx == ctxSession || ctx == ctxWrapped || ctx == ctxItem) && field == "additionalCosts" && c == '{':
		return ctxCosts
	case ctx == ctxCosts && c == '{':
		return ctxCost
	case ctx == ctxCosts:
		return ctxOther
	}
	return ctxOther
}

// quoteAfter is the offset of the first '"' at or after i.
func quoteAfter(data []byte, i int) int {
	for i < len(data) && data[i] != '"' {
		i++
	}
	return i
}

// nextByte is the first byte at or after i that is not space, ':' or ','.
func nextByte(data []byte, i int) byte {
	for ; i < len(data); i++ {
		if c := data[i]; c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ':' && c != ',' {
			return c
		}
	}
	return 0
}
