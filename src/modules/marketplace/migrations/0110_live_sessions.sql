-- Live sessions as the host marketplace reports them: the room (a store), who hosts it (the merchant itself, an
-- agency's creator streaming on its behalf (代播), or a creator's session for the store), and when it ran.
-- Orders and events carry the session id. Traffic ranks the rooms on air; the live capability builds on these.
CREATE TABLE live_sessions (
  id text PRIMARY KEY,
  store_id text NOT NULL REFERENCES stores(id),
  merchant_id text NOT NULL REFERENCES merchants(id),
  host_type text NOT NULL CHECK (host_type IN ('self','agency','creator')),
  creator_id text,
  agency_id text,
  title text,
  scheduled_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz CHECK (ended_at IS NULL OR started_at IS NOT NULL AND ended_at >= started_at),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_sessions_store ON live_sessions (store_id, started_at);
CREATE INDEX live_sessions_started ON live_sessions (started_at);
