package cart

// Helpers for the tests of this package, which are not part of its API.

// ChargeTarget returns the allocation target that Discount uses for a
// charge.
func (c *Cart) ChargeTarget(ch int32) Target { return c.target(ch) }

// RemainingTotal is what is left to pay on the given charges.
func (c *Cart) RemainingTotal(charges []int32) int64 {
	var sum int64
	for _, ch := range charges {
		sum += c.charges[ch].Remaining()
	}
	return sum
}
