package engine

import (
	"slices"
	"strconv"
	"time"

	"github.com/cartfx/cartfx/rules"
	"github.com/cartfx/cartfx/store"
	"github.com/shopspring/decimal"
)

// balance is a profile's points in one program, in hundredths: read from
// the store, and what this evaluation deducts.
type balance struct {
	current, pending, expired, spent int64
	deducted                         int64
}

func decimalFromCount(n int64) decimal.Decimal { return decimal.New(n, -pointsScale) }

// balance returns the profile's balance in a program, read once.
func (ev *evaluation) balance(program int64) *balance {
	if b, ok := ev.balances[program]; ok {
		return b
	}
	b := &balance{}
	if ev.sess.ProfileID != "" {
		txns, err := ev.e.store.Loyalty(ev.ctx, ev.sess.ProfileID, program)
		if err == nil {
			*b = balanceOf(txns, ev.now)
		}
	}
	ev.balances[program] = b
	return b
}

// spendable is what the profile can still deduct in a program.
func (ev *evaluation) spendable(program int64) int64 {
	b := ev.balance(program)
	return b.current - b.deducted
}

// balanceOf computes balances from a ledger. Deductions take points in the
// order Talon.One documents: the earliest expiry first, points that never
// expire last, and among those the oldest first.
func balanceOf(txns []store.LoyaltyTxn, now time.Time) balance {
	type lot struct {
		txn  store.LoyaltyTxn
		left int64
	}
	var lots []*lot
	var out balance
	ordered := slices.Clone(txns)
	slices.SortStableFunc(ordered, func(a, b store.LoyaltyTxn) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		// At one instant points added come before points deducted, so
		// that the order the ledger keeps them in does not matter.
		return b.Points.Sign() - a.Points.Sign()
	})
	for _, t := range ordered {
		points := pointsToCount(t.Points)
		if points >= 0 {
			lots = append(lots, &lot{txn: t, left: points})
			continue
		}
		need := -points
		out.spent += need
		usable := make([]*lot, 0, len(lots))
		for _, l := range lots {
			if l.left > 0 && !l.txn.ActiveFrom.After(t.Created) && (l.txn.Expires == nil || l.txn.Expires.After(t.Created)) {
				usable = append(usable, l)
			}
		}
		slices.SortStableFunc(usable, func(a, b *lot) int {
			switch {
			case a.txn.Expires == nil && b.txn.Expires == nil:
				return 0
			case a.txn.Expires == nil:
				return 1
			case b.txn.Expires == nil:
				return -1
			}
			return a.txn.Expires.Compare(*b.txn.Expires)
		})
		for _, l := range usable {
			take := min(l.left, need)
			l.left -= take
			need -= take
		}
	}
	for _, l := range lots {
		switch {
		case l.txn.ActiveFrom.After(now):
			out.pending += l.left
		case l.txn.Expires != nil && !l.txn.Expires.After(now):
			out.expired += l.left
		default:
			out.current += l.left
		}
	}
	return out
}

// earn makes the ledger transaction of an addLoyaltyPoints effect: pending
// until the program's activation delay has passed, valid for its validity.
func (ev *evaluation) earn(program int64, subLedger, name string, points decimal.Decimal, id string) store.LoyaltyTxn {
	t := store.LoyaltyTxn{ID: id, ProfileID: ev.sess.ProfileID, ProgramID: program, SubLedgerID: subLedger,
		SessionID: ev.id, Name: name, Points: points, Created: ev.now, ActiveFrom: ev.now}
	if p := ev.e.programs[program]; p != nil {
		if !p.Activation.IsZero() {
			t.ActiveFrom = p.Activation.AddTo(ev.now)
		}
		if !p.Validity.IsZero() {
			exp := p.Validity.AddTo(t.ActiveFrom)
			t.Expires = &exp
		}
	}
	return t
}

// spend makes the ledger transaction of a deductLoyaltyPoints effect.
func (ev *evaluation) spend(program int64, subLedger, name string, points decimal.Decimal, id string) store.LoyaltyTxn {
	return store.LoyaltyTxn{ID: id, ProfileID: ev.sess.ProfileID, ProgramID: program, SubLedgerID: subLedger,
		SessionID: ev.id, Name: name, Points: points.Neg(), Created: ev.now, ActiveFrom: ev.now}
}

// profileView is the profile as rules see it, with active balances by
// program name.
func (ev *evaluation) profileView() rules.ProfileView {
	v := rules.ProfileView{Id: ev.sess.ProfileID, Attributes: rules.Attributes{}, TotalSales: decimal.Zero, LoyaltyPoints: map[string]decimal.Decimal{}}
	if p := ev.profile; p != nil {
		v.Attributes = p.Attributes
		v.ClosedSessions = int(p.ClosedSessions)
		v.TotalSales = ev.e.file.Currency.Decimal(p.TotalSales)
	}
	for _, prog := range ev.e.file.LoyaltyPrograms {
		v.LoyaltyPoints[prog.Name] = decimalFromCount(ev.balance(prog.ID).current)
	}
	return v
}

// loyaltyState reports the balances of every program, and the tentative
// ones after this session's points.
func (ev *evaluation) loyaltyState(tentative []store.LoyaltyTxn) LoyaltyState {
	return ev.balancesWith(tentative, nil, false)
}

// loyaltyStateAfter reports balances once the session's points are
// committed: they are no longer tentative, and every balance (spent and
// expired too) includes them.
func (ev *evaluation) loyaltyStateAfter(committed []store.LoyaltyTxn) LoyaltyState {
	return ev.balancesWith(committed, nil, true)
}

// loyaltyStateOf reports the balances a change set leaves the profile
// with once committed: its transactions removed and added.
func (ev *evaluation) loyaltyStateOf(cs *store.ChangeSet) LoyaltyState {
	return ev.balancesWith(cs.Loyalty, cs.RemoveLoyalty, true)
}

// balancesWith reports the balances of every program with the tentative
// transactions added to the stored ones (less the removed ones); when
// committed, every balance includes them.
func (ev *evaluation) balancesWith(tentative []store.LoyaltyTxn, removed []string, committed bool) LoyaltyState {
	st := LoyaltyState{Programs: map[string]ProgramLedger{}}
	if ev.sess.ProfileID == "" {
		return st
	}
	for _, prog := range ev.e.file.LoyaltyPrograms {
		txns, err := ev.e.store.Loyalty(ev.ctx, ev.sess.ProfileID, prog.ID)
		if err != nil {
			continue
		}
		txns = slices.DeleteFunc(txns, func(t store.LoyaltyTxn) bool { return slices.Contains(removed, t.ID) })
		now := balanceOf(txns, ev.now)
		var mine []store.LoyaltyTxn
		for _, t := range tentative {
			if t.ProgramID == prog.ID {
				mine = append(mine, t)
			}
		}
		after := balanceOf(append(txns, mine...), ev.now)
		if committed {
			now = after
		}
		st.Programs[strconv.FormatInt(prog.ID, 10)] = ProgramLedger{ID: prog.ID, Name: prog.Name, Ledger: LoyaltyLedger{
			CurrentBalance: points(now.current), PendingBalance: points(now.pending),
			ExpiredBalance: points(now.expired), SpentBalance: points(now.spent),
			TentativeCurrentBalance: points(after.current), TentativePendingBalance: points(after.pending),
		}}
	}
	return st
}

func points(n int64) Points { return Points{Decimal: decimalFromCount(n)} }
