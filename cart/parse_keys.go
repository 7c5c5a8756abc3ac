package cart

import (
	"unicode"
	"unicode/utf8"
)

// Keys are matched to field names as encoding/json matches them to the
// fields of a struct: exactly, or else under Unicode case folding.

// sessionField returns the index of the session field that key names, or
// -1: a switch for the exact names, then foldIndex.
func sessionField(key []byte) int {
	switch string(key) {
	case "customerSession":
		return sCustomerSession
	case "profileId":
		return sProfileID
	case "state":
		return sState
	case "couponCodes":
		return sCouponCodes
	case "referralCode":
		return sReferralCode
	case "loyaltyCards":
		return sLoyaltyCards
	case "identifiers":
		return sIdentifiers
	case "attributes":
		return sAttributes
	case "additionalCosts":
		return sAdditionalCosts
	case "cartItems":
		return sCartItems
	}
	return foldIndex(key, sessionFieldNames)
}

// itemKey recognises the name of a cart item field written plainly as a
// key at d[i] (the opening quote): it returns the field and the index after
// the closing quote; ok is false for any other key. Each name, closing
// quote included, is compared as a constant, which takes a load or two.
func itemKey(d []byte, i int) (f, end int, ok bool) {
	rest := d[i+1:]
	is := func(name string) bool { return len(rest) >= len(name) && string(rest[:len(name)]) == name }
	switch {
	case len(rest) < 4:
		return 0, 0, false
	case rest[0] == 's' && is(`sku"`):
		return iSKU, i + 5, true
	case rest[0] == 'n' && is(`name"`):
		return iName, i + 6, true
	case rest[0] == 'q' && is(`quantity"`):
		return iQuantity, i + 10, true
	case rest[0] == 'p' && is(`price"`):
		return iPrice, i + 7, true
	case rest[0] == 'c' && is(`category"`):
		return iCategory, i + 10, true
	case rest[0] == 'w' && is(`weight"`):
		return iWeight, i + 8, true
	case rest[0] == 'h' && is(`height"`):
		return iHeight, i + 8, true
	case rest[0] == 'w' && is(`width"`):
		return iWidth, i + 7, true
	case rest[0] == 'l' && is(`length"`):
		return iLength, i + 8, true
	case rest[0] == 'a' && is(`attributes"`):
		return iAttributes, i + 12, true
	case rest[0] == 'a' && is(`additionalCosts"`):
		return iAdditionalCosts, i + 17, true
	}
	return 0, 0, false
}

// itemField returns the index of the cart item field that key names, or
// -1: a switch for the exact names, then foldIndex.
func itemField(key []byte) int {
	switch string(key) {
	case "sku":
		return iSKU
	case "name":
		return iName
	case "quantity":
		return iQuantity
	case "price":
		return iPrice
	case "category":
		return iCategory
	case "weight":
		return iWeight
	case "height":
		return iHeight
	case "width":
		return iWidth
	case "length":
		return iLength
	case "attributes":
		return iAttributes
	case "additionalCosts":
		return iAdditionalCosts
	}
	return foldIndex(key, itemFieldNames)
}

// foldIndex returns the index of the name that key matches under case
// folding, or -1.
func foldIndex(key []byte, names []string) int {
	for i, n := range names {
		if equalFold(key, n) {
			return i
		}
	}
	return -1
}

// equalFold is bytes.EqualFold for an ASCII name, without converting it.
func equalFold(key []byte, name string) bool {
	i := 0
	for j := 0; j < len(name); j++ {
		if i >= len(key) {
			return false
		}
		r, size := rune(key[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(key[i:])
		}
		i += size
		if !sameFold(r, rune(name[j])) {
			return false
		}
	}
	return i == len(key)
}

// sameFold reports whether a and b are the same letter under Unicode simple
// case folding.
func sameFold(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// validAttributeName reports whether s is an attribute name: an ASCII
// letter, then ASCII letters, digits or underscores (^[A-Za-z]\w*$).
func validAttributeName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20 // lower-cases ASCII letters
		letter := 'a' <= c && c <= 'z'
		if i == 0 && !letter || !letter && !isDigit(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}
