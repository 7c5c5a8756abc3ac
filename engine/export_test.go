package engine

// WithoutIndex makes an engine evaluate every campaign, without the
// campaign index, for the tests that compare the two.
func WithoutIndex() Option { return func(c *config) { c.noIndex = true } }
