package engine

// WithoutIndex makes an engine evaluate every campaign, without the
// campaign index, for the tests that compare the two.
func WithoutIndex() Option { return func(c *config) { c.noIndex = true } }

// IndexedCampaigns returns how many campaigns of e the campaign index may
// skip for some session (0 without an index).
func IndexedCampaigns(e *Engine) int {
	if e.index == nil {
		return 0
	}
	n, _ := e.index.Candidates()
	return n
}

// CountSkips makes every evaluation add the campaigns the index skipped
// to *n until the returned function is called. Not for parallel tests.
func CountSkips(n *int) (stop func()) {
	skipHook = func(skipped int) { *n += skipped }
	return func() { skipHook = nil }
}
