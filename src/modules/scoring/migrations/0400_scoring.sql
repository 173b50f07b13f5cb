-- Operating scores: versioned operator configuration, daily snapshots with the figures behind each score,
-- recompute runs, and violations recorded by operators (a store-stability metric).

CREATE TABLE scoring_configs (
  version serial PRIMARY KEY,
  config jsonb NOT NULL,
  note text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per entity and day. vals / pct / dims are JSON arrays in the catalogue's metric and dimension
-- order (docs/scoring.md): vals the smoothed metric values, pct and dims shares in whole basis points
-- (0–10000). The explanation is recomputed from them and the config version on read.
CREATE TABLE score_snapshots (
  kind text NOT NULL CHECK (kind IN ('store','product','creator')),
  day date NOT NULL,
  entity_id text NOT NULL,
  group_id text NOT NULL,
  merchant_id text,
  score numeric(7,2) NOT NULL,
  grade text NOT NULL,
  provisional boolean NOT NULL,
  volume int NOT NULL,
  dims jsonb NOT NULL,
  vals jsonb NOT NULL,
  pct jsonb NOT NULL,
  config_version int NOT NULL REFERENCES scoring_configs(version),
  PRIMARY KEY (kind, day, entity_id)
);
CREATE INDEX score_snapshots_entity ON score_snapshots (kind, entity_id, day);
CREATE INDEX score_snapshots_merchant ON score_snapshots (kind, merchant_id, day) WHERE merchant_id IS NOT NULL;

CREATE TABLE score_runs (
  id serial PRIMARY KEY,
  day date NOT NULL,
  config_version int NOT NULL REFERENCES scoring_configs(version),
  trigger text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  -- entities scored and milliseconds spent, per kind and phase
  counts jsonb NOT NULL DEFAULT '{}',
  timings jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX score_runs_day ON score_runs (day);

CREATE TABLE store_violations (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  points int NOT NULL CHECK (points BETWEEN 1 AND 100),
  reason text NOT NULL,
  occurred_at timestamptz NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX store_violations_store ON store_violations (store_id, occurred_at);

-- Behaviour events rolled up per product and business day, so a day's recompute reads 30 small daily
-- rollups instead of a month of raw events. Days are rolled once, and again while still recent (late events).
CREATE TABLE scoring_product_events (
  day date NOT NULL,
  product_id text NOT NULL,
  exposures int NOT NULL,
  clicks int NOT NULL,
  views int NOT NULL,
  keeps int NOT NULL,
  PRIMARY KEY (day, product_id)
);
CREATE TABLE scoring_rollup_days (
  day date PRIMARY KEY,
  -- events of the day when it was rolled up: a recent day is rolled again only when this changed
  events bigint,
  rolled_at timestamptz NOT NULL DEFAULT now()
);
