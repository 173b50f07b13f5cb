-- Quotes are written once per POST /v1/pricing/quote and read back whole by the order that locks them, never
-- queried inside: plain json stores them at about half the cost of jsonb (measured on the embedded database).
ALTER TABLE pricing_quotes ALTER COLUMN request TYPE json USING request::json;
ALTER TABLE pricing_quotes ALTER COLUMN result TYPE json USING result::json;
