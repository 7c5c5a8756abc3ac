// Package talonone is the Go client for a cart service that keeps
// Talon.One as the decision maker: it sends customer sessions to a
// Talon.One deployment (or to a cartfx serve, which speaks the same
// Integration API), decodes the answers into the engine's Response with
// effects.Effect values, and applies those effects to the session's cart
// with the same handlers the in-process engine uses, so that the receipt
// is made the same way whoever decided.
//
// A Client, the in-process *engine.Engine and a Client pointed at a
// cartfx serve all satisfy Integration, so a cart service moves between
// them by configuration.
//
// The client owns the connection and its failures: a persistent, tuned
// http.Transport (keep-alive, HTTP/2, idle connections per host),
// Authorization: ApiKey-v1, a timeout per call on top of the caller's
// context, and retries with jittered exponential backoff on connection
// errors, 429 (honouring Retry-After), 502, 503 and 504 for the calls
// that are safe to repeat: session updates and reads, profile updates and
// returns, which carry an Idempotency-Key that stays the same across the
// retries of one call. A 409 (a concurrent update of the session) is
// ErrConflict and never retried. Every answer that is not a success is an
// *APIError in Talon.One's error shape.
//
// talonone is in the outer ring: it imports engine, effects, cart and
// handlers; nothing imports it but cmd/cartfx and users.
package talonone
