// Package bench holds cartfx's standard benchmark workloads and the
// benchmarks that measure the engine on them beside two floors and a peer.
//
// # Workloads
//
// [Generate] builds a workload from a [Size] and a seed (math/rand/v2 PCG,
// [Seed] for every benchmark), so every run measures the same input:
//
//	W1  a small shop:          10 campaigns,   5-line cart
//	W2  a mid-size retailer:  100 campaigns,  50-line cart
//	W3  an enterprise:       1000 campaigns, 200-line cart
//	W4  a marketplace:      10000 campaigns, 200-line cart, W3's 100 triggering
//
// Carts have quantities 1 to 3, ten categories, three brands (the item
// attribute brand), prices from 4.99 to 149.99 EUR, the session attribute
// channel and one coupon code. The session belongs to a profile that the
// store holds, with four segments (the profile attribute segments, a
// list of strings) and a balance of 800 points in the loyalty program Club;
// the engine reads both from the store, in dry runs too.
//
// Campaigns follow [Mix]: 30% spend thresholds and session or profile
// attribute checks, 30% category or brand filters over items (any, count,
// sum), 20% per-item percentage or fixed discounts on a filter, 10% coupon
// campaigns (one lists the session's code), 5% buy X get Y, 5% loyalty
// earn. Each variant has one small function in workload.go that writes
// the campaign's rule; the package example prints one of each kind as
// the campaign file has it. The generator picks parameters against the
// cart so that exactly 10% of W2's and W3's campaigns trigger (two of
// W1's); TestTriggerRate checks that the engine triggers exactly those.
//
// # Benchmarks
//
// Wn stands for W1, W2, W3 or W4 (W4: Engine Dry and Close, Native).
//
//	EngineWnDry             engine dry-run update of the parsed session
//	EngineWnDryJSON         the same from the session's JSON
//	EngineWnClose           an update that creates and closes a session in
//	                        the in-memory store; a new session and profile
//	                        each iteration
//	EngineW2ClosePostgres   W2 update-and-close on the PostgreSQL store, 1
//	                        and 16 clients: closes/s, commit p50/p99 (needs
//	                        CARTFX_POSTGRES_URL: .ci/postgres go test ...)
//	EngineW2CloseMemoryClients
//	                        the same on the in-memory store
//	EngineWnThresholdDry    W2 and W3's threshold and attribute campaigns
//	                        alone (what the grule peer evaluates)
//	NaiveWn                 floor: the same rule expressions as plain expr
//	                        programs run one after another, effects on
//	                        shopspring decimals
//	NativeWn                floor: the campaigns as hand-written Go
//	                        closures, effects in int64 cents
//	ParseSession50          parse and validate W2's 50-line session
//	Allocate100             allocate a discount over 100 units
//	LoadW3                  load and compile W3's 1000 campaigns
//	MemoryPerCampaignW3     heap kept per loaded W3 campaign (B/campaign)
//	LoadEngineW3            LoadW3 and engine.New (groups, campaign index)
//	MemoryPerCampaignEngineW3
//	                        heap kept per W3 campaign, file and engine
//	Apply10Effects50Lines   apply 10 discount effects to 50 lines
//	ConcurrentW2            W2 dry runs on every core (sessions/s)
//
// The names are flat so that a pattern such as -bench 'W2.*Dry' selects
// them (go test matches each /-level of a name separately). The grule
// peer, GruleWnThresholdReuse and GruleWnThresholdPerSession, lives in the
// module bench/grule so that grule never becomes a dependency of cartfx.
//
// # Running
//
// The table of medians and ratios, from the repository root:
//
//	go run ./bench/cmd/benchtable -count 5
//
// which runs
//
//	go test -run '^$' -bench . -benchmem -count 5 ./bench/
//	(cd bench/grule && go test -run '^$' -bench . -benchmem -count 5 .)
//
// Every benchmark once, as CI does: go test -run '^$' -bench . -benchtime 1x ./bench/
package bench
