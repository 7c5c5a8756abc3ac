package effects

import (
	"math"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxIndex is the largest [Index] value accepted.
const MaxIndex = math.MaxInt32

// Index is a non-negative integer position or index in effect props and in
// the envelope: position, subPosition, cartItemPosition, ruleIndex and the
// like. Talon.One documents most of them as JSON "number", so 3 and 3.0 are
// both read as 3; 3.5, negative values, values above [MaxIndex] and strings
// are rejected. An Index is written as a plain integer.
type Index int

// MarshalJSON writes i as a JSON integer. It fails for a negative Index.
func (i Index) MarshalJSON() ([]byte, error) {
	return appendIndex(nil, i, "")
}

// UnmarshalJSON reads a non-negative integral JSON number.
func (i *Index) UnmarshalJSON(data []byte) error {
	v, err := decodeIndex(data, "")
	if err != nil {
		return err
	}
	*i = v
	return nil
}

func appendIndex(b []byte, i Index, pointer string) ([]byte, error) {
	if i < 0 || int64(i) > MaxIndex {
		return b, newError(ErrUnencodable, pointer, "index "+strconv.Itoa(int(i))+" is not between 0 and "+strconv.Itoa(MaxIndex))
	}
	return strconv.AppendInt(b, int64(i), 10), nil
}

const indexExpected = "a non-negative integer"

func decodeIndex(raw []byte, pointer string) (Index, error) {
	raw = trimSpace(raw)
	if len(raw) > 0 && len(raw) <= 9 && allDigits(raw) && (raw[0] != '0' || len(raw) == 1) {
		v, _ := strconv.Atoi(string(raw))
		return Index(v), nil
	}
	if c := firstByte(raw); c != '-' && !isDigit(c) {
		return 0, gotError(ErrType, pointer, indexExpected, raw)
	}
	d, err := parseDecimal(string(raw), pointer)
	if err != nil {
		return 0, gotError(err.(*Error).Kind, pointer, indexExpected, raw)
	}
	if d.Sign() < 0 || !d.IsInteger() || d.GreaterThan(decimal.NewFromInt(MaxIndex)) {
		return 0, gotError(ErrValue, pointer, indexExpected, raw)
	}
	return Index(d.IntPart()), nil
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

const intExpected = "an integer"

// decodeInt reads an integral JSON number (3 or 3.0) into an int64.
func decodeInt(raw []byte, pointer string) (int64, error) {
	raw = trimSpace(raw)
	if c := firstByte(raw); c != '-' && !isDigit(c) {
		return 0, gotError(ErrType, pointer, intExpected, raw)
	}
	if len(raw) <= 18 && (allDigits(raw) || raw[0] == '-' && allDigits(raw[1:])) {
		if v, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return v, nil
		}
	}
	d, err := parseDecimal(string(raw), pointer)
	if err != nil {
		return 0, gotError(err.(*Error).Kind, pointer, intExpected, raw)
	}
	if !d.IsInteger() || d.GreaterThan(decimal.NewFromInt(math.MaxInt64)) || d.LessThan(decimal.NewFromInt(math.MinInt64)) {
		return 0, gotError(ErrValue, pointer, intExpected, raw)
	}
	return d.IntPart(), nil
}
