-- Live aggregates are now kept by exact additive deltas as events are stored (see docs/live.md): the minutes
-- marked for refolding are no longer needed.
DROP TABLE IF EXISTS live_dirty;

-- The last from-scratch recompute of each session: `gen` counts them (a delta computed across a recompute is
-- dropped and the session recomputed again), `ended_at` is the session's end as that recompute saw it (an
-- ended session whose end differs is recomputed by the repair job).
CREATE TABLE live_recomputes (
  session_id text PRIMARY KEY,
  gen bigint NOT NULL,
  ended_at timestamptz,
  at timestamptz NOT NULL DEFAULT now()
);
