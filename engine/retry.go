package engine

import (
	"errors"

	"github.com/cartfx/cartfx/store"
)

// A close whose commit loses a race for a limited counter (another close
// took the coupon's last use, the budget's last cents) is evaluated again
// with the counters that beat it. A fixed count of attempts is not a
// bound that holds: a budget spent by many closes at once can beat one
// close as often as others take from it, and each of those losses is
// progress, not a conflict. So an update is evaluated again for as long
// as every loss shows a counter moved since the last one (its stored
// value in the store.LimitError), which is as long as other commits
// spend what the close wants. A loss that shows nothing moved (the same
// counter at the same value, or a store that does not say) means trying
// again would answer the same: the update is a conflict.

// maxAttempts bounds the attempts of an update whose losses all show
// progress, against a store that always reports some: far more than
// closes that contend for one counter can take from it in practice.
const maxAttempts = 1000

// maxCodeAttempts bounds the attempts of an update whose created codes
// were taken by a concurrent commit (store.ErrExists): each attempt draws
// other codes, so two are the rule.
const maxCodeAttempts = 8

// lostRaces counts an update's lost races and decides whether it is
// evaluated again.
type lostRaces struct {
	attempts, codes int
	last            map[store.CounterKey]int64
}

// again reports whether an update whose commit failed with err (a lost
// race: store.ErrLimitReached or store.ErrExists) is evaluated again.
func (l *lostRaces) again(err error) bool {
	l.attempts++
	if l.attempts >= maxAttempts {
		return false
	}
	var le *store.LimitError
	if !errors.As(err, &le) {
		l.codes++
		return l.codes < maxCodeAttempts
	}
	if le.Value == 0 && le.Delta == 0 {
		// A store that names the counter but not its value: no progress
		// can be seen, so the loss is retried as many times as a code's.
		l.codes++
		return l.codes < maxCodeAttempts
	}
	if l.last == nil {
		l.last = map[store.CounterKey]int64{}
	}
	prev, seen := l.last[le.Key]
	l.last[le.Key] = le.Value
	return !seen || prev != le.Value
}
