-- Traffic: the platform's exposure, decided by the ranking service and accounted for here.

-- Ranking settings (one row, versioned like programs): diversity, program slots, the holdout arm, priors.
CREATE TABLE traffic_settings (
  id smallint PRIMARY KEY CHECK (id = 1),
  version int NOT NULL,
  params jsonb NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Growth programs (operator configuration): new-streamer protection, Chuanliu, campaign budgets, horse races.
CREATE TABLE traffic_programs (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('protection','chuanliu','budget','horse_race')),
  name text NOT NULL,
  name_zh text,
  starts_on date NOT NULL,
  -- inclusive; null runs until ended
  ends_on date CHECK (ends_on IS NULL OR ends_on >= starts_on),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','ended')),
  params jsonb NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every saved state of a program (version 1 is its creation).
CREATE TABLE traffic_program_versions (
  program_id text NOT NULL REFERENCES traffic_programs(id),
  version int NOT NULL,
  name text NOT NULL,
  name_zh text,
  starts_on date NOT NULL,
  ends_on date,
  status text NOT NULL,
  params jsonb NOT NULL,
  changed_by text,
  note text,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, version)
);

-- Who takes part: enrolled merchants (budgets), protected new streamers, race winners, Chuanliu accounts.
-- entity_kind 'store' is a store's live room or its products; 'creator' is a creator's live sessions.
CREATE TABLE traffic_participants (
  program_id text NOT NULL REFERENCES traffic_programs(id),
  entity_kind text NOT NULL CHECK (entity_kind IN ('store','creator')),
  entity_id text NOT NULL,
  merchant_id text,
  status text NOT NULL CHECK (status IN ('enrolled','active','ineligible','removed','finished')),
  -- budgets: exposures allotted over the program; races: exposures won; protection: the daily minimum
  allocation bigint NOT NULL DEFAULT 0 CHECK (allocation >= 0),
  detail jsonb NOT NULL DEFAULT '{}',
  joined_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, entity_kind, entity_id)
);
CREATE INDEX traffic_participants_merchant ON traffic_participants (merchant_id);

-- What a participant is due on a business day and what it got. Rankers lease exposures before showing a
-- program's item (leased <= target), so delivery never passes the target whatever the number of servers.
CREATE TABLE traffic_quota_days (
  program_id text NOT NULL REFERENCES traffic_programs(id),
  entity_kind text NOT NULL,
  entity_id text NOT NULL,
  day date NOT NULL,
  target bigint NOT NULL CHECK (target >= 0),
  -- part of target carried over from earlier days' under-delivery
  carried bigint NOT NULL DEFAULT 0 CHECK (carried >= 0),
  leased bigint NOT NULL DEFAULT 0 CHECK (leased >= 0 AND leased <= target),
  -- exposures shown in program slots (the program's cost)
  delivered bigint NOT NULL DEFAULT 0 CHECK (delivered >= 0),
  -- exposures earned by ranking alone that count toward a guarantee (protection)
  organic bigint NOT NULL DEFAULT 0 CHECK (organic >= 0),
  closed boolean NOT NULL DEFAULT false,
  PRIMARY KEY (program_id, entity_kind, entity_id, day)
);
CREATE INDEX traffic_quota_days_day ON traffic_quota_days (day);

-- Chuanliu quota accounts: earned (+), delivered (−), expired (−); the balance is the sum. One entry per
-- (program, entity, day, type): the daily job can run again without double counting.
CREATE TABLE traffic_quota_entries (
  program_id text NOT NULL REFERENCES traffic_programs(id),
  entity_kind text NOT NULL,
  entity_id text NOT NULL,
  day date NOT NULL,
  type text NOT NULL CHECK (type IN ('earned','delivered','expired')),
  exposures bigint NOT NULL,
  -- what earned it: distribution GMV (fen) and orders
  gmv bigint,
  orders int,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, entity_kind, entity_id, day, type)
);

-- Exposures shown by the ranking service, per hour, scene, item, program slot and experiment arm.
CREATE TABLE traffic_exposures (
  day date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  scene text NOT NULL,
  item_kind text NOT NULL CHECK (item_kind IN ('product','live')),
  item_id text NOT NULL,
  store_id text NOT NULL,
  -- '' for organic placements
  program_id text NOT NULL DEFAULT '',
  arm text NOT NULL DEFAULT 'score' CHECK (arm IN ('score','holdout')),
  exposures bigint NOT NULL CHECK (exposures > 0),
  PRIMARY KEY (day, hour, scene, item_kind, item_id, program_id, arm)
);
CREATE INDEX traffic_exposures_store ON traffic_exposures (store_id, day);

-- Signals the ranker reads, refreshed by a batch job: co-visited products and users' category affinities.
CREATE TABLE traffic_covisit (
  product_id text PRIMARY KEY,
  neighbors text[] NOT NULL,
  weights real[] NOT NULL
);
CREATE TABLE traffic_user_affinity (
  user_id text PRIMARY KEY,
  categories text[] NOT NULL,
  weights real[] NOT NULL,
  recent text[] NOT NULL DEFAULT '{}'
);
CREATE TABLE traffic_jobs (
  job text NOT NULL,
  day date NOT NULL,
  summary jsonb NOT NULL,
  ran_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, day)
);
