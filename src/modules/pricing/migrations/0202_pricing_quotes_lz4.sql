-- A stored quote is ~10 KB of JSON, compressed into TOAST on every POST /v1/pricing/quote: lz4 costs about a
-- third of the default pglz there (measured on PostgreSQL 15). The embedded database is built without lz4 and
-- keeps pglz.
DO $$
BEGIN
  ALTER TABLE pricing_quotes ALTER COLUMN request SET COMPRESSION lz4;
  ALTER TABLE pricing_quotes ALTER COLUMN result SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
