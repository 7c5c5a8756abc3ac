-- cartfx's store, schema version 2: a profile's last activity
-- (store.Profile.LastActivity), NULL while it has none, and the profiles
-- by the referral code they redeemed (Store.ReferredProfiles: a code's
-- referred customers). A replica of version 1 on this schema leaves the
-- column as it is.
ALTER TABLE cartfx_profiles ADD COLUMN last_activity timestamptz;
CREATE INDEX cartfx_profiles_referred_by ON cartfx_profiles (referred_by, id) WHERE referred_by <> '';
