-- Commission engine: operator settings and fee policies, per-order-line commission rows with their status,
-- fraud review, refunds applied, adjustments after settlement and monthly statements. Money is BIGINT fen, rates
-- basis points. The money itself is in the ledger (0300), posted with refType 'order' / 'statement'.

-- One row of operator settings (defaults documented in docs/commissions.md).
CREATE TABLE commission_settings (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  attribution_window_days int NOT NULL DEFAULT 7 CHECK (attribution_window_days BETWEEN 1 AND 90),
  self_purchase_policy text NOT NULL DEFAULT 'review' CHECK (self_purchase_policy IN ('allow','review','forbid')),
  hold_days int NOT NULL DEFAULT 15 CHECK (hold_days BETWEEN 0 AND 180),
  settlement_day int NOT NULL DEFAULT 20 CHECK (settlement_day BETWEEN 1 AND 28),
  service_fee_bp int NOT NULL DEFAULT 1000 CHECK (service_fee_bp BETWEEN 0 AND 5000),
  transaction_fee_bp int NOT NULL DEFAULT 500 CHECK (transaction_fee_bp BETWEEN 0 AND 1000),
  leader_override_bp int NOT NULL DEFAULT 1000 CHECK (leader_override_bp BETWEEN 0 AND 5000),
  min_click_gap_seconds int NOT NULL DEFAULT 3 CHECK (min_click_gap_seconds >= 0),
  refund_farming_count int NOT NULL DEFAULT 3 CHECK (refund_farming_count >= 1),
  refund_farming_days int NOT NULL DEFAULT 30 CHECK (refund_farming_days >= 1),
  category_caps jsonb NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO commission_settings (id) VALUES (1);

-- Operator fee policies, versioned: an edit is a new version row; the highest priority active version wins.
CREATE TABLE commission_fee_policies (
  id text NOT NULL,
  version int NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('transaction','service')),
  default_bp int CHECK (default_bp BETWEEN 0 AND 5000),
  category_bp jsonb NOT NULL DEFAULT '{}',
  merchant_types text[],
  scenes text[],
  channels text[],
  priority int NOT NULL DEFAULT 0,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','ended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);

-- The party accounts that shop as consumers (self-purchase detection besides consumer id = party id).
CREATE TABLE commission_party_consumers (
  party_type text NOT NULL,
  party_id text NOT NULL,
  consumer_id text NOT NULL,
  PRIMARY KEY (consumer_id, party_type, party_id)
);

-- One row per commissioned store order: attribution and the version of its estimate in the ledger.
CREATE TABLE commission_orders (
  order_id text PRIMARY KEY,
  merchant_id text NOT NULL,
  store_id text NOT NULL,
  consumer_id text NOT NULL,
  party_type text,
  party_id text,
  source text,
  cross_store boolean NOT NULL DEFAULT false,
  click_at timestamptz,
  pay_amount bigint NOT NULL,
  shipping bigint NOT NULL,
  refunded bigint NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  ledger_state text NOT NULL CHECK (ledger_state IN ('pending','posted','voided')),
  paid_at timestamptz NOT NULL,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commission_orders_party ON commission_orders (party_type, party_id, paid_at DESC);
CREATE INDEX commission_orders_merchant ON commission_orders (merchant_id, paid_at DESC);

-- One row per order line: rates in force, estimated and actual amounts, status and settlement month.
CREATE TABLE commission_lines (
  order_id text NOT NULL REFERENCES commission_orders(order_id),
  line_no smallint NOT NULL,
  merchant_id text NOT NULL,
  product_id text NOT NULL,
  category_id text NOT NULL,
  quantity int NOT NULL,
  party_type text,
  party_id text,
  agency_id text,
  leader_id text,
  plan_id text,
  rate_bp int NOT NULL DEFAULT 0,
  service_fee_bp int NOT NULL,
  transaction_fee_bp int NOT NULL,
  agency_split_bp int NOT NULL DEFAULT 0,
  leader_bp int NOT NULL DEFAULT 0,
  paid bigint NOT NULL,
  subsidy_full bigint NOT NULL,
  shipping_full bigint NOT NULL,
  refunded bigint NOT NULL DEFAULT 0,
  estimated_commission bigint NOT NULL,
  commission bigint NOT NULL,
  service_fee bigint NOT NULL,
  transaction_fee bigint NOT NULL,
  subsidy bigint NOT NULL,
  shipping bigint NOT NULL,
  party_amount bigint NOT NULL,
  agency_amount bigint NOT NULL,
  leader_amount bigint NOT NULL,
  merchant_amount bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('estimated','completed','settled','paid','invalid')),
  invalid_reason text,
  review text CHECK (review IN ('pending','cleared','confirmed')),
  review_reasons text[] NOT NULL DEFAULT '{}',
  paid_at timestamptz NOT NULL,
  completed_at timestamptz,
  settleable_at timestamptz,
  settle_month text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, line_no)
) WITH (fillfactor = 50);
-- No index names status or settle_month and the page keeps free room: stamping a month's lines (the hot part of
-- settlement: a million rows) is a HOT update, the heap only. Months are found by settleable_at ranges.
CREATE INDEX commission_lines_party ON commission_lines (party_type, party_id, paid_at DESC);
CREATE INDEX commission_lines_merchant ON commission_lines (merchant_id, paid_at DESC);
CREATE INDEX commission_lines_agency ON commission_lines (agency_id, paid_at DESC) WHERE agency_id IS NOT NULL;
CREATE INDEX commission_lines_leader ON commission_lines (leader_id, paid_at DESC) WHERE leader_id IS NOT NULL;
CREATE INDEX commission_lines_settleable ON commission_lines (settleable_at) WHERE settleable_at IS NOT NULL;
CREATE INDEX commission_lines_review ON commission_lines (paid_at) WHERE review = 'pending';

-- Refunds applied (one per after-sale): a redelivered after_sale.changed is a no-op.
CREATE TABLE commission_refunds (
  after_sale_id text PRIMARY KEY,
  order_id text NOT NULL,
  line_no smallint,
  amount bigint NOT NULL,
  settled_before boolean NOT NULL,
  applied_at timestamptz NOT NULL
);
CREATE INDEX commission_refunds_order ON commission_refunds (order_id);

-- Changes to settled lines (refunds, confirmed fraud) carried into the recipient's next statement.
CREATE TABLE commission_adjustments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL,
  order_id text NOT NULL,
  party_type text NOT NULL,
  party_id text NOT NULL,
  amount bigint NOT NULL,
  reason text NOT NULL,
  created_at timestamptz NOT NULL,
  settle_month text,
  UNIQUE (key, party_type, party_id)
);
CREATE INDEX commission_adjustments_open ON commission_adjustments (created_at) WHERE settle_month IS NULL;

-- A settlement run per month: stamping lines and building statements happen once, posting goes by chunks.
CREATE TABLE commission_settlement_runs (
  month text PRIMARY KEY,
  cutoff timestamptz NOT NULL,
  stamped_at timestamptz NOT NULL,
  finished_at timestamptz
);

CREATE TABLE commission_statements (
  id text PRIMARY KEY,
  month text NOT NULL,
  party_type text NOT NULL CHECK (party_type IN ('merchant','creator','agency','promoter')),
  party_id text NOT NULL,
  lines int NOT NULL,
  amount bigint NOT NULL,
  adjustments bigint NOT NULL,
  status text NOT NULL CHECK (status IN ('open','settled','paid')),
  settled_at timestamptz,
  paid_at timestamptz,
  UNIQUE (month, party_type, party_id)
);
CREATE INDEX commission_statements_party ON commission_statements (party_type, party_id, month DESC);
CREATE INDEX commission_statements_open ON commission_statements (month, id) WHERE status = 'open';
