-- The behaviour profile rows are derived data, upserted by every flush of the ingestion hook and rebuilt from the
-- events: their idx always comes from a join with aud_users. Their foreign keys fired a trigger per new row (about
-- 40% of a flush of new users' rows), and full pages made most updates non-HOT (a new index entry each); pages
-- kept 30% free let an update stay on its page.
ALTER TABLE aud_profile_categories DROP CONSTRAINT IF EXISTS aud_profile_categories_idx_fkey;
ALTER TABLE aud_profile_brands DROP CONSTRAINT IF EXISTS aud_profile_brands_idx_fkey;
ALTER TABLE aud_profile_channels DROP CONSTRAINT IF EXISTS aud_profile_channels_idx_fkey;
ALTER TABLE aud_profile_categories SET (fillfactor = 70);
ALTER TABLE aud_profile_brands SET (fillfactor = 70);
ALTER TABLE aud_profile_channels SET (fillfactor = 70);
