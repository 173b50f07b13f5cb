-- Analytics rollups: derived, rebuildable aggregates of orders, order lines, after-sales and behaviour events.
-- Closed days are recomputed from the raw tables by the rollup batch (rollups.service.ts); today's rows are kept
-- fresh by the speed layer, which recomputes the stores that changed every second (realtime.service.ts).
-- GMV is the pay amount of orders on their `paid_day`; refunds count on the day they were refunded.
-- Distinct users (buyers, visitors) are exact per row; a range sums daily figures (documented in docs/analytics.md).

-- Orders placed in a time window (the funnel's order step, rollups of a day): nothing else indexes created_at.
CREATE INDEX orders_created_at ON orders (created_at);

-- One store's day: sales, the funnel (distinct users per step) and refunds.
CREATE TABLE an_store_day (
  store_id text NOT NULL,
  day date NOT NULL,
  merchant_id text NOT NULL,
  -- the level-1 ancestor of the store's main category (peer groups)
  category_id text,
  gmv bigint NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  buyers int NOT NULL DEFAULT 0,
  units int NOT NULL DEFAULT 0,
  discount bigint NOT NULL DEFAULT 0,
  -- orders placed (created) that day and their distinct buyers: the funnel's order step
  placed_orders int NOT NULL DEFAULT 0,
  placed_buyers int NOT NULL DEFAULT 0,
  refunds int NOT NULL DEFAULT 0,
  refund_amount bigint NOT NULL DEFAULT 0,
  -- distinct users with any behaviour event at the store
  visitors int NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  exposures int NOT NULL DEFAULT 0,
  clicks int NOT NULL DEFAULT 0,
  carts int NOT NULL DEFAULT 0,
  exposure_users int NOT NULL DEFAULT 0,
  click_users int NOT NULL DEFAULT 0,
  cart_users int NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day)
);
CREATE INDEX an_store_day_merchant ON an_store_day (merchant_id, day);
CREATE INDEX an_store_day_day ON an_store_day (day);
CREATE INDEX an_store_day_category ON an_store_day (category_id, day);

-- A store's day by traffic source (domain/sources.ts maps scene × channel to a source).
CREATE TABLE an_source_day (
  store_id text NOT NULL,
  day date NOT NULL,
  source text NOT NULL,
  merchant_id text NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  buyers int NOT NULL DEFAULT 0,
  visitors int NOT NULL DEFAULT 0,
  exposures int NOT NULL DEFAULT 0,
  clicks int NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  follows int NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, day, source)
);
CREATE INDEX an_source_day_merchant ON an_source_day (merchant_id, day);

-- The marketplace's day by source (operator health): from an_source_day, today's refreshed by the speed layer.
CREATE TABLE an_market_day (
  day date NOT NULL,
  source text NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  buyers int NOT NULL DEFAULT 0,
  visitors int NOT NULL DEFAULT 0,
  PRIMARY KEY (day, source)
);

-- A product's day: paid lines and behaviour.
CREATE TABLE an_product_day (
  product_id text NOT NULL,
  day date NOT NULL,
  store_id text NOT NULL,
  merchant_id text NOT NULL,
  category_id text NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  units int NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  buyers int NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  visitors int NOT NULL DEFAULT 0,
  carts int NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, day)
);
CREATE INDEX an_product_day_store ON an_product_day (store_id, day);
CREATE INDEX an_product_day_category ON an_product_day (category_id, day);

-- A level-3 category's day across the marketplace (demand side of the opportunity center, peer context).
CREATE TABLE an_category_day (
  category_id text NOT NULL,
  day date NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  units int NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  visitors int NOT NULL DEFAULT 0,
  carts int NOT NULL DEFAULT 0,
  -- products and stores with a paid line that day
  products_sold int NOT NULL DEFAULT 0,
  stores_sold int NOT NULL DEFAULT 0,
  PRIMARY KEY (category_id, day)
);

-- A creator's day (orders attributed to the creator): creators' forecasts.
CREATE TABLE an_creator_day (
  creator_id text NOT NULL,
  day date NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  buyers int NOT NULL DEFAULT 0,
  PRIMARY KEY (creator_id, day)
);

-- Minute-level indices of the recent days (today and the comparison day); older minutes are pruned.
CREATE TABLE an_store_minute (
  store_id text NOT NULL,
  minute timestamptz NOT NULL,
  gmv bigint NOT NULL DEFAULT 0,
  orders int NOT NULL DEFAULT 0,
  views int NOT NULL DEFAULT 0,
  -- buyers and visitors first seen that day in this minute: cumulative sums give distinct counts up to a time
  new_buyers int NOT NULL DEFAULT 0,
  new_visitors int NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, minute)
);

-- Rollup bookkeeping: the last batch, the speed layer's last flush.
CREATE TABLE an_rollup_runs (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('rebuild', 'close', 'realtime')),
  from_day date NOT NULL,
  to_day date NOT NULL,
  stores int,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  duration_ms int,
  error text
);

-- Stored daily reports: one per scope, party and day ('' party for the operator's marketplace report).
CREATE TABLE an_reports (
  id bigserial PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('merchant', 'operator')),
  party_id text NOT NULL,
  day date NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (scope, party_id, day)
);
CREATE INDEX an_reports_day ON an_reports (day);
