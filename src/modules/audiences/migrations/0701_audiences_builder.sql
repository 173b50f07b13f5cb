-- Audiences builder: saved audiences (boolean expressions over tags, behaviour, store tiers, other audiences
-- and lookalikes), their versioned snapshots (Roaring bitmaps of dense user indexes, portable format) and
-- activations with a holdout group. Merchants only ever see counts; consumer ids stay inside the platform.

CREATE TABLE aud_audiences (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  name text NOT NULL,
  description text,
  expression jsonb NOT NULL,
  refresh text NOT NULL CHECK (refresh IN ('manual','daily')),
  version int NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX aud_audiences_merchant ON aud_audiences (merchant_id, created_at);
CREATE INDEX aud_audiences_daily ON aud_audiences (refresh) WHERE refresh = 'daily';

-- One row per evaluation of an audience: no counts 1, 2, … per audience; build = the tag build it read.
CREATE TABLE aud_snapshots (
  audience_id text NOT NULL REFERENCES aud_audiences(id),
  no int NOT NULL,
  build int NOT NULL,
  -- the audience's version (expression) the snapshot evaluated
  version int NOT NULL DEFAULT 1,
  size int NOT NULL CHECK (size >= 0),
  bitmap bytea NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (audience_id, no)
);

-- Targeting an audience's snapshot: treatment and holdout split deterministically by (activation id, idx).
CREATE TABLE aud_activations (
  id text PRIMARY KEY,
  audience_id text NOT NULL REFERENCES aud_audiences(id),
  snapshot_no int NOT NULL,
  merchant_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('coupon','traffic_boost','push','ad')),
  -- what was targeted: { couponTemplateId } | { programId } | { message: { title, body } } | { adId }
  target jsonb NOT NULL,
  holdout_pct int NOT NULL CHECK (holdout_pct BETWEEN 0 AND 50),
  treatment int NOT NULL CHECK (treatment >= 0),
  holdout int NOT NULL CHECK (holdout >= 0),
  -- coupons issued / messages recorded (treatment users only)
  issued int NOT NULL DEFAULT 0 CHECK (issued >= 0),
  treatment_bitmap bytea NOT NULL,
  holdout_bitmap bytea NOT NULL,
  -- coupon activations: the treatment users a coupon was claimed for (under the template's per-buyer limits)
  issued_bitmap bytea,
  status text NOT NULL CHECK (status IN ('pending','done')),
  -- canonical request, so a repeated id with a different request is refused
  request_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text
);
CREATE INDEX aud_activations_merchant ON aud_activations (merchant_id, created_at);
CREATE INDEX aud_activations_audience ON aud_activations (audience_id, created_at);

-- Push activations: the message recorded for each treatment user (delivery is the host's).
CREATE TABLE aud_messages (
  activation_id text NOT NULL REFERENCES aud_activations(id),
  consumer_id text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activation_id, consumer_id)
);
