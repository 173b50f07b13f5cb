-- Ad crowdfunding: the gray-release whitelist, one ad per ad_crowdfunding campaign and the participants'
-- contributions (each held on the ledger as a pending transaction until the ad is funded or refunded).
-- Money is BIGINT fen. See docs/joint.md (Ad crowdfunding).

-- Merchants allowed to initiate or join ad crowdfunding (managed by operators).
CREATE TABLE joint_whitelist (
  merchant_id text PRIMARY KEY REFERENCES merchants(id),
  note text,
  added_by text,
  added_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE joint_ads (
  campaign_id text PRIMARY KEY REFERENCES joint_campaigns(id),
  slot text NOT NULL,
  price bigint NOT NULL CHECK (price > 0),
  -- the slot's exposures: the traffic program's pool
  exposures bigint NOT NULL CHECK (exposures > 0),
  deadline timestamptz NOT NULL,
  split text NOT NULL CHECK (split IN ('equal','shares')),
  seats smallint CHECK (seats BETWEEN 2 AND 20),
  -- the price is laid on this many units: seats (equal) or 10000 bp (shares)
  units int NOT NULL CHECK (units > 0),
  max_participants smallint NOT NULL CHECK (max_participants BETWEEN 2 AND 20),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','funded','refunded','cancelled')),
  program_id text,
  funded_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((split = 'equal') = (seats IS NOT NULL)),
  CHECK ((status = 'funded') <= (program_id IS NOT NULL))
);
CREATE INDEX joint_ads_open ON joint_ads (deadline) WHERE status = 'open';

-- A store's contribution; a store that left (voided) and joins again gets the next seq and a new hold key.
CREATE TABLE joint_ad_contributions (
  campaign_id text NOT NULL REFERENCES joint_ads(campaign_id),
  store_id text NOT NULL,
  seq smallint NOT NULL CHECK (seq >= 1),
  merchant_id text NOT NULL,
  -- unit ranges [lo, hi) of the price line this contribution pays for
  ranges jsonb NOT NULL,
  share_bp int NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
  amount bigint NOT NULL CHECK (amount >= 0),
  status text NOT NULL CHECK (status IN ('held','posted','voided','refunded')),
  hold_key text NOT NULL UNIQUE,
  joined_at timestamptz NOT NULL,
  resolved_at timestamptz,
  PRIMARY KEY (campaign_id, store_id, seq)
);
CREATE UNIQUE INDEX joint_ad_contributions_live ON joint_ad_contributions (campaign_id, store_id)
  WHERE status IN ('held','posted');
CREATE INDEX joint_ad_contributions_merchant ON joint_ad_contributions (merchant_id);
