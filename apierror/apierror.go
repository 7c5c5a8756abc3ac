package apierror

import "strings"

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
}

// String returns "pointer: details", or the details alone when the item is
// about the whole document.
func (it Item) String() string {
	if it.Source.Pointer == "" {
		return it.Details
	}
	return it.Source.Pointer + ": " + it.Details
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
