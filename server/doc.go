// Package server serves Talon.One's Integration API over HTTP, so that any
// Talon.One SDK, given the server's base URL, talks to a cartfx engine: the
// customer session routes (update, read, return, reopen), customer profile
// updates, loyalty balances and a profile's inventory, with Talon.One's paths, bodies, response
// shapes and error shape.
//
// New builds a Server from a Config (the campaign file, the API keys, the
// networks allowed); Handler is its http.Handler, Serve runs it on a
// listener with keep-alive, HTTP/2 cleartext, timeouts and a graceful
// shutdown, and Reload swaps in the campaign file again, atomically, on
// the same store.
//
// server is in the outer ring: it imports engine and below, and nothing
// imports it but cmd/cartfx and users.
package server
