-- Marketplace simulator: the latent truth behind a simulated marketplace. The marketplace tables hold
-- what the host would send (written through the ingestion service); these hold what generated it,
-- so tests, benchmarks and capabilities (scoring, audiences, live) can be checked against the truth.
-- Ids are the simulated marketplace's natural ids; quantities in [0, 1] unless noted.

CREATE TABLE sim_runs (
  id serial PRIMARY KEY,
  seed int NOT NULL,
  scale text NOT NULL,
  days int NOT NULL,
  start_day date NOT NULL,
  end_day date NOT NULL,
  time_zone text NOT NULL,
  -- scale sizes, model constants, level-1 category order of the preference vectors, campaigns
  params jsonb NOT NULL,
  demo jsonb NOT NULL,
  rows jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- Users: preferences over level-1 categories (order in sim_runs.params.l1), price sensitivity,
-- social guidability (propensity to buy after a share or a creator), activity (mean 1),
-- channel affinity (live, search, feed; sums to 1), true demographics (the consumers table may lack them).
CREATE TABLE sim_users (
  consumer_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  category_pref real[] NOT NULL,
  price_sensitivity real NOT NULL,
  guidability real NOT NULL,
  activity real NOT NULL,
  channel_affinity real[] NOT NULL,
  age_band text NOT NULL,
  gender text NOT NULL,
  region text NOT NULL,
  city_tier smallint NOT NULL,
  registered_at timestamptz NOT NULL
);

CREATE TABLE sim_stores (
  store_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  merchant_id text NOT NULL,
  merchant_type text NOT NULL CHECK (merchant_type IN ('self','pop')),
  main_category_id text NOT NULL,
  product_quality real NOT NULL,
  logistics_speed real NOT NULL,
  service_quality real NOT NULL,
  -- relative share of organic traffic (mean about 1)
  traffic_weight real NOT NULL,
  price_tier real NOT NULL,
  ad_intensity real NOT NULL,
  ad_ids text[] NOT NULL DEFAULT '{}',
  streams boolean NOT NULL,
  stream_rate real NOT NULL,
  -- first stream inside the window (a new streamer), or null when it streamed before
  first_stream_day date,
  proxy_share real NOT NULL,
  free_shipping_from bigint NOT NULL,
  shipping_fee bigint NOT NULL,
  opened_at date NOT NULL
);

CREATE TABLE sim_products (
  product_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  store_id text NOT NULL,
  category_id text NOT NULL,
  quality real NOT NULL,
  -- position of the price within the category's range: 0 cheapest … 1 most premium
  price_position real NOT NULL,
  base_price bigint NOT NULL,
  popularity real NOT NULL,
  listed_at timestamptz NOT NULL
);
CREATE INDEX sim_products_store ON sim_products (store_id);

CREATE TABLE sim_creators (
  creator_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  followers int NOT NULL,
  -- conversion multiplier (mean about 1)
  skill real NOT NULL,
  focus_categories text[] NOT NULL,
  live_rate real NOT NULL,
  video_rate real NOT NULL,
  agency_id text,
  split_bp int,
  selection text[] NOT NULL DEFAULT '{}'
);

CREATE TABLE sim_promoters (
  promoter_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  leader_id text,
  is_leader boolean NOT NULL,
  group_size int NOT NULL,
  share_rate real NOT NULL
);

-- Live sessions: self-streams and agency proxy-streams (代播) in the store's room, creator sessions
-- dedicated to one store (专场). Orders and events carry the session id.
CREATE TABLE sim_live_sessions (
  session_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  store_id text NOT NULL,
  host_type text NOT NULL CHECK (host_type IN ('self','creator','agency')),
  creator_id text,
  agency_id text,
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  featured_products text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX sim_live_sessions_store ON sim_live_sessions (store_id, day);

-- Campaigns referenced by simulated orders: joint (cross-store) campaigns and platform campaign days.
CREATE TABLE sim_campaigns (
  campaign_id text PRIMARY KEY,
  run_id int NOT NULL REFERENCES sim_runs(id),
  kind text NOT NULL CHECK (kind IN ('joint','platform')),
  name text NOT NULL,
  category_id text,
  store_ids text[] NOT NULL DEFAULT '{}',
  starts_on date NOT NULL,
  ends_on date NOT NULL
);
