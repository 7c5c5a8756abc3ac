// Package campaignindex decides, before a campaign's rules run, that they
// cannot trigger for a session, and which condition of each rule is then
// the first false one: the engine skips such a campaign and records the
// failure reasons its evaluation would have given, so that a campaign
// file of ten thousand campaigns costs little more than the campaigns a
// cart can trigger.
//
// The requirements come from the rules' checked and patched expression
// trees (rules registers its rules' parts: Register, Get), read once when
// an engine is made (Build). A condition is analysed only in the shapes
// below; every other condition stops the analysis of its rule there, and
// a rule that cannot be decided makes its campaign a candidate, evaluated
// as without the index:
//
//   - couponValid(): the campaign's coupon is valid (exact);
//   - Session.CartItemTotal compared with a number (exact);
//   - a text session or profile attribute == text, text in a list
//     attribute (exact);
//   - any(Session.CartItems, p), count(...), countItems(b) or len(b)
//     compared with a whole number, sumPrice(b) compared with a number,
//     where b is a binding filter(Session.CartItems, p) and p compares unit
//     fields or attributes with text: a necessary condition on the units
//     that have each of p's values (exact when p is one comparison);
//   - && of these.
//
// A rule is skipped at condition k only when its bindings are all item
// filters, conditions 0…k-1 are exact and hold, and condition k cannot
// hold: then the evaluation would have stopped at k without an error,
// and its failure reason is known. Nothing is decided for a file whose
// effects change what the requirements read (set, addFreeItem), or for
// an engine with handlers of its own, which may change the cart.
package campaignindex
