package engine

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTransitionSources: a refused transition points at the state the
// update sent (/state); one refused for the stored session's state (a
// return, a reopen, a change of a closed session, an update without a
// state) names the session by its parameter, customerSessionId, as
// Talon.One's routes call it.
func TestTransitionSources(t *testing.T) {
	e := newEngine(t, shopCampaigns)
	ctx := context.Background()
	update(t, e, "open", cart120)
	update(t, e, "closed", cart120)
	update(t, e, "closed", `{"state": "closed"}`)
	update(t, e, "cancelled", cart120)
	update(t, e, "cancelled", `{"state": "cancelled"}`)
	const session = `"source":{"parameter":"customerSessionId"}`
	const state = `"source":{"pointer":"/state"}`
	body := func(details, source string) string {
		return `{"message":"invalid state transition","errors":[{"title":"Invalid state transition","details":"` + details + `",` + source + `}]}`
	}
	for _, tc := range []struct {
		name string
		do   func() error
		want string
	}{
		{"a return of an open session", func() error { _, err := e.Return(ctx, "open", []ReturnedItem{{Position: 0, Quantity: 1}}); return err },
			body("an open session cannot become partially_returned: only a closed session can have items returned", session)},
		{"a dry return of an open session", func() error {
			_, err := e.PreviewReturn(ctx, "open", []ReturnedItem{{Position: 0, Quantity: 1}})
			return err
		},
			body("an open session cannot become partially_returned: only a closed session can have items returned", session)},
		{"a reopen of an open session", func() error { _, err := e.Reopen(ctx, "open"); return err },
			body("an open session cannot become open: only a closed session can be reopened", session)},
		{"a reopen of a cancelled session", func() error { _, err := e.Reopen(ctx, "cancelled"); return err },
			body("a cancelled session cannot become open: only a closed session can be reopened", session)},
		{"a change of a closed session", func() error {
			_, err := e.UpdateSession(ctx, "closed", []byte(`{"couponCodes": []}`), UpdateOptions{})
			return err
		}, body("a closed session cannot become closed: a closed session cannot be changed; reopen it first", session)},
		{"a change of a closed session that sends its state", func() error {
			_, err := e.UpdateSession(ctx, "closed", []byte(`{"state": "closed", "couponCodes": []}`), UpdateOptions{})
			return err
		}, body("a closed session cannot become closed: a closed session cannot be changed; reopen it first", session)},
		{"a change of a cancelled session", func() error {
			_, err := e.UpdateSession(ctx, "cancelled", []byte(`{"couponCodes": []}`), UpdateOptions{})
			return err
		}, body("a cancelled session cannot become cancelled: a cancelled session cannot change", session)},
		{"a state asked for", func() error {
			_, err := e.UpdateSession(ctx, "closed", []byte(`{"state": "open"}`), UpdateOptions{})
			return err
		}, body("a closed session cannot become open: only a reopen makes a closed session open again", state)},
	} {
		err := tc.do()
		ee, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: %v, want an *Error", tc.name, err)
			continue
		}
		if diff := cmp.Diff(tc.want, mustJSON(t, ee)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
