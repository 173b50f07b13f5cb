-- Joint marketing campaigns: a campaign, its stores (organiser, invited, accepted, declined, removed) and the
-- per-order funding settlements of shares-mode campaigns. Stored status is only cancelled or not: inviting /
-- running / ended follow from the clock. Money is BIGINT fen.
CREATE TABLE joint_campaigns (
  id text PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('cross_store_threshold','cross_store_coupon','ad_crowdfunding','shared_decoration')),
  name text NOT NULL,
  name_zh text,
  organiser_merchant_id text NOT NULL,
  organiser_store_id text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  cancelled boolean NOT NULL DEFAULT false,
  cancelled_at timestamptz,
  rules jsonb NOT NULL,
  requirements jsonb NOT NULL,
  funding jsonb NOT NULL,
  fan_offer jsonb,
  decoration jsonb,
  pricing jsonb NOT NULL DEFAULT '{"offerId":null,"templateId":null,"fanTemplateId":null}',
  -- hash of the create body: the same id again with another body is a conflict, with the same one a replay
  body_hash text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX joint_campaigns_organiser ON joint_campaigns (organiser_merchant_id);
CREATE INDEX joint_campaigns_live ON joint_campaigns (ends_at) WHERE NOT cancelled;

CREATE TABLE joint_participants (
  campaign_id text NOT NULL REFERENCES joint_campaigns(id),
  store_id text NOT NULL,
  merchant_id text NOT NULL,
  role text NOT NULL CHECK (role IN ('organiser','participant')),
  status text NOT NULL CHECK (status IN ('invited','accepted','declined','removed')),
  share_bp int CHECK (share_bp BETWEEN 0 AND 10000),
  invited_at timestamptz NOT NULL,
  responded_at timestamptz,
  note text,
  PRIMARY KEY (campaign_id, store_id)
);
CREATE INDEX joint_participants_store ON joint_participants (store_id, status);
CREATE INDEX joint_participants_merchant ON joint_participants (merchant_id, status);

-- One row per settled paid order: what each merchant funded on its lines, owed by its share, and the transfer
-- posted on the ledger (key joint.funding:<campaignId>:<orderId>; null when nothing had to move).
CREATE TABLE joint_fundings (
  campaign_id text NOT NULL REFERENCES joint_campaigns(id),
  order_id text NOT NULL,
  merchant_funded bigint NOT NULL CHECK (merchant_funded >= 0),
  transfers jsonb NOT NULL,
  ledger_key text,
  settled_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, order_id)
);
