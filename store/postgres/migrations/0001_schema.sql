-- cartfx's store, schema version 1: what outlives one call to the engine
-- (store.Store), shared by every replica that uses the database.

-- cartfx_fail raises the error Commit turns into store.ErrConflict
-- (CXVER) or a *store.LimitError (CXLIM, the counter's stored value in
-- the detail). A commit sends all its statements in one pipelined batch:
-- a condition that fails is an error, so that the statements after it
-- do nothing and the transaction is rolled back.
CREATE FUNCTION cartfx_fail(code text, detail text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = code, MESSAGE = 'cartfx: ' || code, DETAIL = detail;
END
$$;

-- A customer session. The columns are what an operator looks at; record
-- is the rest (input, triggered campaigns, unit ledger, commitment,
-- returned units, exact times) in the versioned binary encoding of
-- record.go. effects and returns are effects.EncodeList's JSON, NULL for
-- a nil list.
CREATE TABLE cartfx_sessions (
	id         text COLLATE "C" PRIMARY KEY,
	version    bigint NOT NULL CHECK (version > 0),
	state      text NOT NULL,
	profile_id text NOT NULL,
	created    timestamptz NOT NULL,
	updated    timestamptz NOT NULL,
	effects    json,
	returns    json,
	record     bytea NOT NULL
) WITH (fillfactor = 80);

-- A W2 session's effects and record are kilobytes each, compressed
-- (TOAST) on every write: with lz4, where the server has it, that costs
-- a fraction of pglz's CPU.
DO $$
BEGIN
	IF 'lz4' = ANY ((SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression')::text[]) THEN
		ALTER TABLE cartfx_sessions
			ALTER COLUMN effects SET COMPRESSION lz4,
			ALTER COLUMN returns SET COMPRESSION lz4,
			ALTER COLUMN record SET COMPRESSION lz4;
	END IF;
END
$$;

-- A customer profile. attributes: one member per attribute, each value
-- tagged with its kind (attributes.go); NULL for none. total_sales is in
-- minor units.
CREATE TABLE cartfx_profiles (
	id              text COLLATE "C" PRIMARY KEY,
	attributes      jsonb,
	closed_sessions bigint NOT NULL,
	total_sales     bigint NOT NULL,
	referred_by     text NOT NULL,
	created         timestamptz NOT NULL
) WITH (fillfactor = 80);

CREATE TABLE cartfx_coupons (
	code              text COLLATE "C" PRIMARY KEY,
	campaign_id       bigint NOT NULL,
	usage_limit       bigint NOT NULL,
	per_profile_limit bigint NOT NULL,
	start_date        timestamptz,
	expiry_date       timestamptz,
	recipient         text COLLATE "C" NOT NULL,
	created           timestamptz NOT NULL
);
CREATE INDEX cartfx_coupons_recipient ON cartfx_coupons (recipient, created, code) WHERE recipient <> '';

CREATE TABLE cartfx_referrals (
	code        text COLLATE "C" PRIMARY KEY,
	campaign_id bigint NOT NULL,
	advocate    text COLLATE "C" NOT NULL,
	friend      text NOT NULL,
	usage_limit bigint NOT NULL,
	start_date  timestamptz,
	expiry_date timestamptz,
	created     timestamptz NOT NULL
);
CREATE INDEX cartfx_referrals_advocate ON cartfx_referrals (advocate, created, code) WHERE advocate <> '';

-- A limit or budget counter (store.CounterKey) is the sum of its shards'
-- values; a key never incremented reads 0. An increment that a limit
-- checks goes to shard 0, under an exclusive advisory lock on the key (so
-- it sees every other increment committed); one that no limit checks (a
-- usage count, a rollback) goes to the shard of its connection's backend,
-- 1 + pid % 64, under a shared lock: the many closes that count one
-- coupon's uses at once do not wait for each other on one row.
CREATE TABLE cartfx_counters (
	campaign_id bigint NOT NULL,
	action      text COLLATE "C" NOT NULL,
	per         text COLLATE "C" NOT NULL,
	subject     text COLLATE "C" NOT NULL,
	period      text COLLATE "C" NOT NULL,
	shard       smallint NOT NULL DEFAULT 0,
	value       bigint NOT NULL,
	PRIMARY KEY (campaign_id, action, per, subject, period, shard)
) WITH (fillfactor = 70);

-- Loyalty transactions: a profile's ledger in a program is its rows in
-- the order of seq (the order they were added); a rollback removes rows
-- by id through the id index, without reading any ledger.
CREATE TABLE cartfx_loyalty_txns (
	seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id            text COLLATE "C" NOT NULL,
	profile_id    text COLLATE "C" NOT NULL,
	program_id    bigint NOT NULL,
	sub_ledger_id text NOT NULL,
	session_id    text NOT NULL,
	name          text NOT NULL,
	points        numeric NOT NULL,
	created       timestamptz NOT NULL,
	active_from   timestamptz NOT NULL,
	expires       timestamptz
);
CREATE INDEX cartfx_loyalty_txns_ledger ON cartfx_loyalty_txns (profile_id, program_id, seq);
CREATE INDEX cartfx_loyalty_txns_id ON cartfx_loyalty_txns (id);
