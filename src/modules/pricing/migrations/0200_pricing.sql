-- Pricing: offers, coupon templates and claimed coupons, flash-sale stock, quotes, the price snapshot locked
-- on an order and its allocations (who funded which discount). Money is BIGINT fen. No foreign keys to the
-- marketplace tables: pricing reads them but writes only its own.

-- An offer (promotion) as the engine reads it: the whole Offer is in `terms`; the columns beside it are what
-- lists and quotes filter on. merchant_id NULL = a platform offer. store_ids NULL = every store.
CREATE TABLE pricing_offers (
  id text PRIMARY KEY,
  merchant_id text,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft','active','paused','ended')),
  name text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  store_ids text[],
  terms jsonb NOT NULL,
  priority int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pricing_offers_merchant ON pricing_offers (merchant_id, status);
CREATE INDEX pricing_offers_live ON pricing_offers (status, ends_at);
CREATE INDEX pricing_offers_stores ON pricing_offers USING gin (store_ids);

-- A coupon template: what every coupon claimed from it is worth (terms = CouponTerms) and how many may be
-- claimed, by whom, when, and how long each stays valid (fixed valid_from..valid_to, or valid_days after claim).
CREATE TABLE pricing_coupon_templates (
  id text PRIMARY KEY,
  merchant_id text,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft','active','paused','ended')),
  name text NOT NULL,
  store_ids text[],
  terms jsonb NOT NULL,
  total_quantity int NOT NULL CHECK (total_quantity > 0),
  claimed int NOT NULL DEFAULT 0 CHECK (claimed >= 0 AND claimed <= total_quantity),
  per_user_limit int NOT NULL CHECK (per_user_limit > 0),
  per_user_daily_limit int CHECK (per_user_daily_limit > 0),
  per_day_limit int CHECK (per_day_limit > 0),
  claim_starts_at timestamptz NOT NULL,
  claim_ends_at timestamptz NOT NULL,
  valid_from timestamptz,
  valid_to timestamptz,
  valid_days int CHECK (valid_days > 0),
  audience_id text,
  version int NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((valid_days IS NOT NULL) <> (valid_from IS NOT NULL AND valid_to IS NOT NULL))
);
CREATE INDEX pricing_coupon_templates_merchant ON pricing_coupon_templates (merchant_id, status);
CREATE INDEX pricing_coupon_templates_stores ON pricing_coupon_templates USING gin (store_ids);

-- A claimed coupon. available → reserved (an order locked a quote using it) → redeemed (the order was paid);
-- reserved/redeemed → available again on cancel, reservation timeout or full refund while still valid
-- (returns counts how often); available → expired after valid_to.
CREATE TABLE pricing_coupons (
  id text PRIMARY KEY,
  template_id text NOT NULL REFERENCES pricing_coupon_templates(id),
  user_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('available','reserved','redeemed','expired')),
  claimed_at timestamptz NOT NULL,
  claim_day date NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  quote_id text,
  order_id text,
  reserved_at timestamptz,
  redeemed_at timestamptz,
  released_at timestamptz,
  returns int NOT NULL DEFAULT 0,
  -- caller + Idempotency-Key of the claim: a retried claim finds its coupon instead of claiming twice
  claim_key text UNIQUE
);
CREATE INDEX pricing_coupons_user ON pricing_coupons (user_id, status);
CREATE INDEX pricing_coupons_template ON pricing_coupons (template_id, status);
CREATE INDEX pricing_coupons_order ON pricing_coupons (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX pricing_coupons_expiry ON pricing_coupons (valid_to) WHERE status = 'available';

-- Claim counters, incremented by conditional upserts inside the claim transaction (never read-then-write).
CREATE TABLE pricing_claims_per_user (
  template_id text NOT NULL,
  user_id text NOT NULL,
  claimed int NOT NULL,
  PRIMARY KEY (template_id, user_id)
);
CREATE TABLE pricing_claims_per_user_day (
  template_id text NOT NULL,
  user_id text NOT NULL,
  day date NOT NULL,
  claimed int NOT NULL,
  PRIMARY KEY (template_id, user_id, day)
);
CREATE TABLE pricing_claims_per_day (
  template_id text NOT NULL,
  day date NOT NULL,
  claimed int NOT NULL,
  PRIMARY KEY (template_id, day)
);

-- Audience membership: the hook the audiences capability fills; offers and templates name an audience_id.
CREATE TABLE pricing_audience_members (
  audience_id text NOT NULL,
  user_id text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (audience_id, user_id)
);
CREATE INDEX pricing_audience_members_user ON pricing_audience_members (user_id);

-- Flash sales (秒杀): stock left at the flash price, units sold, units each buyer holds, and per-order holds.
CREATE TABLE pricing_flash_stock (
  offer_id text PRIMARY KEY,
  stock_total int NOT NULL CHECK (stock_total >= 0),
  stock_left int NOT NULL CHECK (stock_left >= 0),
  sold int NOT NULL DEFAULT 0 CHECK (sold >= 0)
);
CREATE TABLE pricing_flash_buyers (
  offer_id text NOT NULL,
  user_id text NOT NULL,
  units int NOT NULL CHECK (units >= 0),
  PRIMARY KEY (offer_id, user_id)
);
CREATE TABLE pricing_flash_holds (
  order_id text NOT NULL,
  offer_id text NOT NULL,
  user_id text NOT NULL,
  units int NOT NULL CHECK (units > 0),
  status text NOT NULL CHECK (status IN ('held','confirmed','released')),
  PRIMARY KEY (order_id, offer_id)
);

-- Points (积分) kept by pricing: a balance per buyer, and what a quote's orders hold until paid or released.
CREATE TABLE pricing_points (
  user_id text PRIMARY KEY,
  balance bigint NOT NULL CHECK (balance >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE pricing_points_holds (
  quote_id text PRIMARY KEY,
  user_id text NOT NULL,
  points bigint NOT NULL CHECK (points > 0),
  status text NOT NULL CHECK (status IN ('held','spent','released')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A quote the buyer was shown; an order that names it locks its store's share (status locked).
CREATE TABLE pricing_quotes (
  id text PRIMARY KEY,
  user_id text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  request jsonb NOT NULL,
  result jsonb NOT NULL,
  pay_amount bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('open','locked'))
);
CREATE INDEX pricing_quotes_expiry ON pricing_quotes (expires_at) WHERE status = 'open';

-- The price locked on a store order: its share of the quote (lines, path, allocations, coupons) at creation.
-- status: held (unpaid) → paid; cancelled; expired (reservations released by the sweeper); refunded (in full).
CREATE TABLE pricing_order_snapshots (
  order_id text PRIMARY KEY,
  quote_id text NOT NULL,
  store_id text NOT NULL,
  merchant_id text NOT NULL,
  user_id text,
  coupon_ids text[] NOT NULL DEFAULT '{}',
  snapshot jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('held','paid','cancelled','expired','refunded')),
  locked_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_id, store_id)
);
CREATE INDEX pricing_order_snapshots_held ON pricing_order_snapshots (locked_at) WHERE status = 'held';
CREATE INDEX pricing_order_snapshots_coupons ON pricing_order_snapshots USING gin (coupon_ids);

-- Every discount's share on every order line with its funder: the source of offer and coupon statistics.
CREATE TABLE pricing_allocations (
  order_id text NOT NULL,
  line_no smallint NOT NULL,
  source_type text NOT NULL CHECK (source_type IN ('offer','coupon','points')),
  source_id text NOT NULL,
  template_id text,
  layer text NOT NULL,
  amount bigint NOT NULL CHECK (amount >= 0),
  platform_funded bigint NOT NULL CHECK (platform_funded >= 0),
  merchant_funded bigint NOT NULL CHECK (merchant_funded >= 0),
  merchant_id text NOT NULL,
  store_id text NOT NULL,
  paid_day date,
  PRIMARY KEY (order_id, line_no, source_type, source_id)
);
CREATE INDEX pricing_allocations_source ON pricing_allocations (source_id, source_type);
CREATE INDEX pricing_allocations_template ON pricing_allocations (template_id) WHERE template_id IS NOT NULL;
