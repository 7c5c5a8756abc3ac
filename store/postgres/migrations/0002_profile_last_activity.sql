-- cartfx's store, schema version 2: a profile's last activity
-- (store.Profile.LastActivity), NULL while it has none. A replica of
-- version 1 on this schema leaves it as it is.
ALTER TABLE cartfx_profiles ADD COLUMN last_activity timestamptz;
