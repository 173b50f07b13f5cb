-- Audiences: dense user indexes, per-user profiles (kept incrementally) and the tag bitmaps built from them.

-- Every consumer's dense index (the bitmaps hold idx, never consumer ids).
CREATE TABLE aud_users (
  idx serial PRIMARY KEY,
  consumer_id text NOT NULL UNIQUE
);

-- Order-derived stats per user, recomputed from orders/order_lines when a user's orders change.
-- Paid orders: paid_at set and not cancelled. Windows (365 days) are taken at the time of the refresh.
CREATE TABLE aud_profile_orders (
  idx int PRIMARY KEY REFERENCES aud_users(idx),
  paid_orders int NOT NULL DEFAULT 0,          -- all time
  social_orders int NOT NULL DEFAULT 0,        -- all time, after a share / creator / promoter
  first_paid_at timestamptz,
  last_paid_at timestamptz,
  orders_365 int NOT NULL DEFAULT 0,
  monetary_365 bigint NOT NULL DEFAULT 0,      -- pay_amount, fen
  discounted_365 int NOT NULL DEFAULT 0,       -- orders with a discount or coupon
  items_365 bigint NOT NULL DEFAULT 0,         -- items_amount, fen
  discount_365 bigint NOT NULL DEFAULT 0,      -- discount_amount, fen
  units_365 bigint NOT NULL DEFAULT 0,         -- line quantities
  paid_lines_365 bigint NOT NULL DEFAULT 0,    -- line paid amounts, fen
  refreshed_at timestamptz NOT NULL DEFAULT now()
);

-- Per user × level-1 category. Affinity is stored at a reference epoch (2024-01-01): a point at t counts
-- 2^((t - epoch)/30 days), so deltas add up; read at `asOf` it is multiplied by 2^(-(asOf - epoch)/30 days).
-- aff_ev comes from events (added by the ingestion hook), aff_ord from orders (recomputed).
CREATE TABLE aud_profile_categories (
  idx int NOT NULL REFERENCES aud_users(idx),
  category_id text NOT NULL,
  aff_ev float8 NOT NULL DEFAULT 0,
  aff_ord float8 NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  carts int NOT NULL DEFAULT 0,
  favorites int NOT NULL DEFAULT 0,
  last_seen timestamptz,       -- last event on the category
  last_intent timestamptz,     -- last view or cart
  last_bought timestamptz,     -- last paid order with a line in the category
  PRIMARY KEY (idx, category_id)
);

CREATE TABLE aud_profile_brands (
  idx int NOT NULL REFERENCES aud_users(idx),
  brand_id text NOT NULL,
  aff_ev float8 NOT NULL DEFAULT 0,
  aff_ord float8 NOT NULL DEFAULT 0,
  PRIMARY KEY (idx, brand_id)
);

-- Per user × tag channel (live, search, feed, social, other): clicks from events, paid orders from orders;
-- last_at: the user's last event through the channel (the latest over channels is the last behaviour event).
CREATE TABLE aud_profile_channels (
  idx int NOT NULL REFERENCES aud_users(idx),
  channel text NOT NULL,
  clicks int NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  last_at timestamptz,
  PRIMARY KEY (idx, channel)
);

-- Tag builds: the bitmaps of every catalog key, built from the profiles. Only the last two builds keep bitmaps.
CREATE TABLE aud_tag_builds (
  id serial PRIMARY KEY,
  catalog_version int NOT NULL,
  built_at timestamptz NOT NULL DEFAULT now(),
  as_of date NOT NULL,
  users int NOT NULL,
  tags int NOT NULL,
  ms int NOT NULL,
  universe bytea NOT NULL
);

CREATE TABLE aud_tag_bitmaps (
  build int NOT NULL REFERENCES aud_tag_builds(id) ON DELETE CASCADE,
  tag text NOT NULL,
  users int NOT NULL,
  bitmap bytea NOT NULL,
  PRIMARY KEY (build, tag)
);

-- Operator settings (one row).
CREATE TABLE aud_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  min_cell int NOT NULL DEFAULT 50 CHECK (min_cell BETWEEN 10 AND 10000),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO aud_settings (id) VALUES (true);
