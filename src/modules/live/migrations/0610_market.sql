-- Creator marketplace: sample requests (寄样) under each merchant's sample policy, and proxy-streaming jobs
-- (代播) with quotes and the contract of the accepted one. docs/creator-market.md explains the rules.

-- One policy per merchant; a merchant without a row has the defaults (no minimums, manual approval, 14 days).
CREATE TABLE sample_policies (
  merchant_id text PRIMARY KEY REFERENCES merchants(id),
  min_creator_score numeric(4,2) NOT NULL DEFAULT 0 CHECK (min_creator_score BETWEEN 0 AND 5),
  min_followers int NOT NULL DEFAULT 0 CHECK (min_followers >= 0),
  auto_approve boolean NOT NULL DEFAULT false,
  content_days int NOT NULL DEFAULT 14 CHECK (content_days BETWEEN 1 AND 365),
  require_return boolean NOT NULL DEFAULT false,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The stored status never says 'overdue': a received sample past its content_due_on is overdue on read.
-- The policy terms (content days, return) and the creator's figures are kept as they were at the request.
CREATE TABLE samples (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products(id),
  store_id text NOT NULL REFERENCES stores(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  creator_id text NOT NULL REFERENCES creators(id),
  note text,
  status text NOT NULL CHECK (status IN ('requested','approved','rejected','shipped','received','fulfilled','returned')),
  reason_code text,
  reason text,
  creator_followers int NOT NULL,
  creator_score numeric(4,2),
  content_days int NOT NULL,
  require_return boolean NOT NULL,
  carrier text,
  tracking_no text,
  requested_at timestamptz NOT NULL,
  decided_at timestamptz,
  shipped_at timestamptz,
  received_at timestamptz,
  content_due_on date,
  fulfilled_at timestamptz,
  fulfilled_late boolean,
  content_type text CHECK (content_type IN ('live','video')),
  content_session_id text,
  content_url text,
  return_carrier text,
  return_tracking_no text,
  returned_at timestamptz
);
CREATE INDEX samples_merchant ON samples (merchant_id, requested_at);
CREATE INDEX samples_creator ON samples (creator_id, requested_at);
-- One open request per creator and product (a second one is a 409).
CREATE UNIQUE INDEX samples_open ON samples (creator_id, product_id)
  WHERE status IN ('requested','approved','shipped','received');

CREATE TABLE sample_history (
  sample_id text NOT NULL REFERENCES samples(id),
  seq int NOT NULL,
  status text NOT NULL,
  at timestamptz NOT NULL,
  -- who: 'creator:cr1', 'merchant:m1', 'operator', 'integration', or 'policy' for the automatic decision
  by text NOT NULL,
  PRIMARY KEY (sample_id, seq)
);

CREATE TABLE proxy_jobs (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  store_id text NOT NULL REFERENCES stores(id),
  title text NOT NULL,
  category_id text NOT NULL REFERENCES categories(id),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  sessions int NOT NULL CHECK (sessions > 0),
  hours_per_session numeric(4,1) NOT NULL CHECK (hours_per_session > 0),
  fixed_fee bigint NOT NULL CHECK (fixed_fee >= 0),
  commission_bp int NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
  min_followers int NOT NULL DEFAULT 0 CHECK (min_followers >= 0),
  note text,
  status text NOT NULL CHECK (status IN ('open','awarded','closed','cancelled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX proxy_jobs_merchant ON proxy_jobs (merchant_id, created_at);
CREATE INDEX proxy_jobs_status ON proxy_jobs (status, created_at);

CREATE TABLE proxy_quotes (
  id text PRIMARY KEY,
  job_id text NOT NULL REFERENCES proxy_jobs(id),
  bidder_type text NOT NULL CHECK (bidder_type IN ('agency','creator')),
  bidder_id text NOT NULL,
  creator_id text NOT NULL REFERENCES creators(id),
  fixed_fee bigint NOT NULL CHECK (fixed_fee >= 0),
  commission_bp int NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
  note text,
  status text NOT NULL CHECK (status IN ('pending','accepted','declined','withdrawn')),
  created_at timestamptz NOT NULL,
  decided_at timestamptz
);
CREATE INDEX proxy_quotes_job ON proxy_quotes (job_id, created_at);
CREATE INDEX proxy_quotes_bidder ON proxy_quotes (bidder_type, bidder_id);
-- One pending quote per bidder and job (again is a 409).
CREATE UNIQUE INDEX proxy_quotes_pending ON proxy_quotes (job_id, bidder_type, bidder_id) WHERE status = 'pending';

-- The accepted quote's terms, one contract per job.
CREATE TABLE proxy_contracts (
  id text PRIMARY KEY,
  job_id text NOT NULL UNIQUE REFERENCES proxy_jobs(id),
  quote_id text NOT NULL UNIQUE REFERENCES proxy_quotes(id),
  agency_id text,
  creator_id text NOT NULL REFERENCES creators(id),
  fixed_fee bigint NOT NULL,
  commission_bp int NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  signed_at timestamptz NOT NULL
);
CREATE INDEX proxy_contracts_creator ON proxy_contracts (creator_id);
