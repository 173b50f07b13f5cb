-- Live commerce: what a session lists and explains (讲解), the live settings, and the per-minute aggregates
-- that keep live metrics exact and incremental. Sessions themselves are marketplace's live_sessions (0110).

-- Products listed in a session, in display order; a live price is a pricing live_price offer (offer_id).
CREATE TABLE live_session_products (
  session_id text NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
  product_id text NOT NULL REFERENCES products(id),
  position int NOT NULL,
  live_price bigint CHECK (live_price > 0),
  offer_id text,
  PRIMARY KEY (session_id, product_id)
);

-- Explanation windows: the host presents one listed product from started_at until ended_at (open: NULL).
CREATE TABLE live_explanations (
  id text PRIMARY KEY,
  session_id text NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
  product_id text NOT NULL REFERENCES products(id),
  started_at timestamptz NOT NULL,
  ended_at timestamptz CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX live_explanations_session ON live_explanations (session_id, started_at);

-- Operator settings (penetration targets), one versioned row.
CREATE TABLE live_settings (
  id int PRIMARY KEY CHECK (id = 1),
  version int NOT NULL,
  params jsonb NOT NULL,
  updated_by text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Minutes of sessions that received events since they were last folded into the aggregates below.
CREATE TABLE live_dirty (
  session_id text NOT NULL,
  minute timestamptz NOT NULL,
  PRIMARY KEY (session_id, minute)
);

-- Per session and minute (the minute's start): room events. No foreign key: events may precede the session record.
CREATE TABLE live_minutes (
  session_id text NOT NULL,
  minute timestamptz NOT NULL,
  enters int NOT NULL,
  leaves int NOT NULL,
  watch_ms bigint NOT NULL,
  clicks int NOT NULL,
  follows int NOT NULL,
  PRIMARY KEY (session_id, minute)
);

CREATE TABLE live_product_minutes (
  session_id text NOT NULL,
  product_id text NOT NULL,
  minute timestamptz NOT NULL,
  clicks int NOT NULL,
  PRIMARY KEY (session_id, product_id, minute)
);

-- Users who entered a session (unique viewers), with their first entry.
CREATE TABLE live_viewers (
  session_id text NOT NULL,
  user_id text NOT NULL,
  first_at timestamptz NOT NULL,
  PRIMARY KEY (session_id, user_id)
);

-- A session's events and orders, read by the folds and the metrics.
CREATE INDEX events_live_session ON events (live_session_id, occurred_at) WHERE live_session_id IS NOT NULL;
CREATE INDEX orders_live_session ON orders (live_session_id) WHERE live_session_id IS NOT NULL;
CREATE INDEX live_sessions_scheduled ON live_sessions (scheduled_at) WHERE started_at IS NULL;
