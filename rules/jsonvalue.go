package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// jsonValue encodes an expression's result as JSON for the set and
// customEffect effects. Decimals are written as JSON numbers with their
// digits, never through float64.
func jsonValue(v any) (json.RawMessage, error) {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null"), nil
	case decimal.Decimal:
		return json.RawMessage(decimalText(x)), nil
	case time.Time:
		return json.Marshal(x.Format(time.RFC3339Nano))
	case string, bool, int, int64:
		return json.Marshal(x)
	case float64:
		return json.RawMessage(decimal.NewFromFloat(x).String()), nil
	case Item:
		return json.Marshal(map[string]any{"sku": x.Sku, "position": x.Position, "subPosition": x.SubPosition})
	case *Item:
		if x == nil {
			return json.RawMessage("null"), nil
		}
		return json.Marshal(map[string]any{"sku": x.Sku, "position": x.Position, "subPosition": x.SubPosition})
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := []byte{'['}
		for i := range rv.Len() {
			if i > 0 {
				out = append(out, ',')
			}
			e, err := jsonValue(rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out = append(out, e...)
		}
		return append(out, ']'), nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			break
		}
		keys := rv.MapKeys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = k.String()
		}
		slices.Sort(names)
		out := []byte{'{'}
		for i, k := range names {
			if i > 0 {
				out = append(out, ',')
			}
			kb, _ := json.Marshal(k)
			e, err := jsonValue(rv.MapIndex(reflect.ValueOf(k).Convert(rv.Type().Key())).Interface())
			if err != nil {
				return nil, err
			}
			out = append(append(append(out, kb...), ':'), e...)
		}
		return append(out, '}'), nil
	}
	return nil, fmt.Errorf("cannot write %T as JSON", v)
}
