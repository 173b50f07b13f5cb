-- Joint marketing, partner statistics (the work tables are UNLOGGED: derived from orders, rebuilt in full when
-- a crash empties them): each store's customers over a window of paid orders, shared customers
-- of every store pair (kept incrementally from a watermark), and each store's precomputed recommendations.

-- A store's customer in the window: the last business day the consumer paid an order there. `state` marks the
-- rows of a refresh in flight (1 = joined in this refresh, 2 = leaving the window); 0 at rest.
CREATE UNLOGGED TABLE joint_partner_members (
  store_id text NOT NULL,
  consumer_id text NOT NULL,
  last_day date NOT NULL,
  state smallint NOT NULL DEFAULT 0,
  PRIMARY KEY (store_id, consumer_id)
);
CREATE INDEX joint_partner_members_consumer ON joint_partner_members (consumer_id, store_id);
CREATE INDEX joint_partner_members_day ON joint_partner_members (last_day);
CREATE INDEX joint_partner_members_state ON joint_partner_members (state) WHERE state <> 0;

-- Products each customer bought at a store in the window (for the example product pairs).
CREATE UNLOGGED TABLE joint_partner_buys (
  store_id text NOT NULL,
  consumer_id text NOT NULL,
  product_id text NOT NULL,
  last_day date NOT NULL,
  PRIMARY KEY (store_id, consumer_id, product_id)
);
CREATE INDEX joint_partner_buys_day ON joint_partner_buys (last_day);

-- Shared customers of a store pair (store_a < store_b), maintained by the refresh.
CREATE UNLOGGED TABLE joint_partner_pairs (
  store_a text NOT NULL,
  store_b text NOT NULL,
  shared int NOT NULL,
  PRIMARY KEY (store_a, store_b)
);

-- Per store: window customers and how many substitute stores its recommendations left out.
CREATE TABLE joint_partner_stores (
  store_id text PRIMARY KEY,
  customers int NOT NULL,
  substitutes_excluded int NOT NULL DEFAULT 0
);

-- A store's recommended partners, best first (rank 1..), with the numbers and explanation shown.
CREATE TABLE joint_partner_recs (
  store_id text NOT NULL,
  rank smallint NOT NULL,
  partner_id text NOT NULL,
  score double precision NOT NULL,
  shared int NOT NULL,
  support double precision NOT NULL,
  confidence double precision NOT NULL,
  reverse_confidence double precision NOT NULL,
  lift double precision NOT NULL,
  audience_overlap double precision NOT NULL,
  complementarity double precision,
  reasons jsonb NOT NULL DEFAULT '[]',
  examples jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (store_id, rank)
);

-- Batch runs: the latest finished one holds the watermark (orders.updated_at) and window of the statistics.
CREATE TABLE joint_partner_runs (
  id bigserial PRIMARY KEY,
  mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
  started_at timestamptz NOT NULL,
  took_ms int NOT NULL,
  orders int NOT NULL,
  stores int NOT NULL,
  pairs int NOT NULL,
  watermark timestamptz,
  window_days int NOT NULL,
  window_from date NOT NULL,
  window_to date NOT NULL,
  computed_at timestamptz NOT NULL
);
