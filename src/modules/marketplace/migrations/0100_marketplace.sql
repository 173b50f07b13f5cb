-- Marketplace substrate: catalog, parties, orders, after-sales, reviews, service, behaviour events.
-- Ids are the host marketplace's natural ids (text); money is BIGINT fen; ratings 1..5.

CREATE TABLE categories (
  id text PRIMARY KEY,
  parent_id text REFERENCES categories(id),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  name text NOT NULL,
  name_zh text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX categories_parent ON categories (parent_id);

CREATE TABLE brands (
  id text PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE merchants (
  id text PRIMARY KEY,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('self','pop')),
  onboarded_at date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stores (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  name text NOT NULL,
  main_category_id text REFERENCES categories(id),
  opened_at date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stores_merchant ON stores (merchant_id);

CREATE TABLE products (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  category_id text NOT NULL REFERENCES categories(id),
  brand_id text REFERENCES brands(id),
  title text NOT NULL,
  images jsonb NOT NULL DEFAULT '[]',
  attributes jsonb NOT NULL DEFAULT '{}',
  -- 0..100, computed from title, images, attributes and detail (see docs/data-model.md)
  detail_completeness smallint NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'listed' CHECK (status IN ('listed','delisted')),
  listed_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_store ON products (store_id);
CREATE INDEX products_category ON products (category_id);

CREATE TABLE skus (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  price bigint NOT NULL CHECK (price >= 0),
  list_price bigint CHECK (list_price >= 0),
  stock int NOT NULL CHECK (stock >= 0),
  attributes jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skus_product ON skus (product_id);

CREATE TABLE consumers (
  id text PRIMARY KEY,
  age_band text CHECK (age_band IN ('<18','18-24','25-29','30-34','35-39','40-49','50+')),
  gender text CHECK (gender IN ('f','m')),
  region text,
  city_tier smallint CHECK (city_tier BETWEEN 1 AND 5),
  registered_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agencies (
  id text PRIMARY KEY,
  name text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE creators (
  id text PRIMARY KEY,
  name text NOT NULL,
  followers int NOT NULL DEFAULT 0 CHECK (followers >= 0),
  categories text[] NOT NULL DEFAULT '{}',
  joined_at date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A creator's contract with an agency: the agency's share of the creator's commission.
CREATE TABLE agency_contracts (
  agency_id text NOT NULL REFERENCES agencies(id),
  creator_id text NOT NULL REFERENCES creators(id),
  split_bp int NOT NULL CHECK (split_bp BETWEEN 0 AND 10000),
  starts_on date NOT NULL,
  ends_on date,
  PRIMARY KEY (agency_id, creator_id, starts_on)
);
CREATE INDEX agency_contracts_creator ON agency_contracts (creator_id);

-- Promoters (小B) and team leaders (团长): leader_id points one level up; at most two levels.
CREATE TABLE promoters (
  id text PRIMARY KEY,
  name text NOT NULL,
  leader_id text REFERENCES promoters(id),
  is_leader boolean NOT NULL DEFAULT false,
  group_size int NOT NULL DEFAULT 0 CHECK (group_size >= 0),
  joined_at date NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE follows (
  consumer_id text NOT NULL REFERENCES consumers(id),
  target_type text NOT NULL CHECK (target_type IN ('store','creator')),
  target_id text NOT NULL,
  followed_at timestamptz NOT NULL,
  unfollowed_at timestamptz,
  PRIMARY KEY (consumer_id, target_type, target_id)
);
CREATE INDEX follows_target ON follows (target_type, target_id);

-- Store orders (one per store in a checkout; parent_id groups a checkout).
CREATE TABLE orders (
  id text PRIMARY KEY,
  parent_id text,
  consumer_id text NOT NULL REFERENCES consumers(id),
  store_id text NOT NULL REFERENCES stores(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  status text NOT NULL CHECK (status IN ('created','deposit_paid','paid','shipped','delivered','completed','cancelled')),
  scene text NOT NULL,
  channel text NOT NULL,
  live_session_id text,
  creator_id text,
  promoter_id text,
  share_code text,
  campaign_id text,
  ad_id text,
  items_amount bigint NOT NULL CHECK (items_amount >= 0),
  discount_amount bigint NOT NULL CHECK (discount_amount >= 0),
  shipping_fee bigint NOT NULL CHECK (shipping_fee >= 0),
  pay_amount bigint NOT NULL CHECK (pay_amount >= 0),
  presale boolean NOT NULL DEFAULT false,
  deposit_amount bigint,
  balance_amount bigint,
  created_at timestamptz NOT NULL,
  deposit_paid_at timestamptz,
  paid_at timestamptz,
  shipped_at timestamptz,
  collected_at timestamptz,
  delivered_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  carrier text,
  tracking_no text,
  paid_day date,
  version int NOT NULL DEFAULT 1,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_store_paid_day ON orders (store_id, paid_day);
CREATE INDEX orders_merchant_paid_day ON orders (merchant_id, paid_day);
CREATE INDEX orders_paid_day ON orders (paid_day);
CREATE INDEX orders_consumer ON orders (consumer_id);
CREATE INDEX orders_parent ON orders (parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE order_lines (
  order_id text NOT NULL REFERENCES orders(id),
  line_no smallint NOT NULL,
  sku_id text NOT NULL REFERENCES skus(id),
  product_id text NOT NULL REFERENCES products(id),
  category_id text NOT NULL,
  quantity int NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  amount bigint NOT NULL CHECK (amount >= 0),
  discount bigint NOT NULL CHECK (discount >= 0),
  paid bigint NOT NULL CHECK (paid >= 0),
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_product ON order_lines (product_id);

CREATE TABLE payments (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  kind text NOT NULL CHECK (kind IN ('full','deposit','balance')),
  amount bigint NOT NULL CHECK (amount > 0),
  method text,
  paid_at timestamptz NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

CREATE TABLE after_sales (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  line_no smallint,
  store_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('refund_only','return')),
  reason_code text NOT NULL,
  quality_related boolean NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  status text NOT NULL CHECK (status IN ('requested','approved','rejected','refunded','closed')),
  platform_intervened boolean NOT NULL DEFAULT false,
  requested_at timestamptz NOT NULL,
  resolved_at timestamptz,
  refunded_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX after_sales_order ON after_sales (order_id);
CREATE INDEX after_sales_store ON after_sales (store_id, requested_at);

CREATE TABLE reviews (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES orders(id),
  line_no smallint NOT NULL,
  product_id text NOT NULL,
  store_id text NOT NULL,
  consumer_id text NOT NULL,
  product_rating smallint NOT NULL CHECK (product_rating BETWEEN 1 AND 5),
  logistics_rating smallint NOT NULL CHECK (logistics_rating BETWEEN 1 AND 5),
  service_rating smallint NOT NULL CHECK (service_rating BETWEEN 1 AND 5),
  text text,
  created_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX reviews_line ON reviews (order_id, line_no);
CREATE INDEX reviews_product ON reviews (product_id);
CREATE INDEX reviews_store ON reviews (store_id, created_at);

CREATE TABLE service_sessions (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  consumer_id text NOT NULL,
  order_id text,
  started_at timestamptz NOT NULL,
  first_response_seconds int CHECK (first_response_seconds >= 0),
  resolved boolean NOT NULL DEFAULT true
);
CREATE INDEX service_sessions_store ON service_sessions (store_id, started_at);

-- Behaviour events: append-only, range-partitioned by business day (the key includes the day).
-- Monthly partitions are attached by the server (a rolling window around today), by the simulator for
-- its window and by `tributary partitions` (partitions.service.ts); days outside them land in the default
-- partition. Dropping an old month is a DETACH, not a DELETE (docs/operations.md).
CREATE TABLE events (
  id text NOT NULL,
  day date NOT NULL,
  occurred_at timestamptz NOT NULL,
  type text NOT NULL,
  user_id text,
  product_id text,
  store_id text,
  scene text NOT NULL,
  channel text NOT NULL,
  query text,
  live_session_id text,
  creator_id text,
  promoter_id text,
  duration_ms int,
  PRIMARY KEY (day, id)
) PARTITION BY RANGE (day);
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX events_store_day ON events (store_id, day);
