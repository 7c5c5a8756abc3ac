package apierror

import (
	"strconv"
	"strings"
)

// Item is one entry of a Talon.One error response's errors: a short title
// ("Required", "Invalid value"), the details (what is wrong and what was
// expected) and where the offending value is.
type Item struct {
	Title   string `json:"title"`
	Details string `json:"details"`
	Source  Source `json:"source"`
}

// Source locates an Item in the document it is about.
type Source struct {
	// Pointer is a JSON pointer (RFC 6901) to the offending value, such as
	// /cartItems/2/price; "" is the whole document, and is left out of the
	// JSON.
	Pointer string `json:"pointer,omitempty"`
	// Parameter names the call's parameter the item is about instead (a
	// path or query parameter, such as customerSessionId), when the
	// offending value is not in the document; "" for none.
	Parameter string `json:"parameter,omitempty"`
}

// String returns "pointer: details" (or "parameter: details"), or the
// details alone when the item is about the whole document.
func (it Item) String() string {
	switch {
	case it.Source.Pointer != "":
		return it.Source.Pointer + ": " + it.Details
	case it.Source.Parameter != "":
		return it.Source.Parameter + ": " + it.Details
	}
	return it.Details
}

// Response is Talon.One's error response: a message and every item found
// wrong, reported together. It encodes as {"message", "errors": [...]};
// a nil Errors encodes as null, so a producer that must always write a
// list sets it to an empty one.
type Response struct {
	Message string `json:"message"`
	Errors  []Item `json:"errors"`
}

// String returns the message and every item, as an error message reads:
// "message: pointer: details; pointer: details".
func (r Response) String() string {
	var b strings.Builder
	b.WriteString(r.Message)
	for i, it := range r.Errors {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(it.String())
	}
	return b.String()
}

// MaxItems is how many items a response built with a List holds: a
// document with thousands of problems gets the first ones and a count of the
// rest, not a message of megabytes.
const MaxItems = 100

// List collects the items of one response as an input is checked, keeping
// the first MaxItems and counting the rest. Its zero value is empty.
type List struct {
	items []Item
	more  int
}

// Add adds an item, or counts it when the list is full.
func (l *List) Add(it Item) {
	if len(l.items) == MaxItems {
		l.more++
		return
	}
	l.items = append(l.items, it)
}

// Len is the number of items added, kept or counted.
func (l *List) Len() int { return len(l.items) + l.more }

// Items returns the items kept, followed, when some were only counted, by
// one more item that says how many ("and 5 more problems", with the title
// "Too many problems").
func (l *List) Items() []Item {
	if l.more == 0 {
		return l.items
	}
	return append(l.items[:len(l.items):len(l.items)], Item{Title: "Too many problems",
		Details: "and " + strconv.Itoa(l.more) + " more problems"})
}

// Merge adds every item of o, kept or counted, after those of l.
func (l *List) Merge(o *List) {
	for _, it := range o.items {
		l.Add(it)
	}
	l.more += o.more
}
