-- Distribution (CPS): merchants' plans with commission rates, 招商 boosts, creators' and promoters' share
-- links with sub-ids, and their clicks. Table and column names are a contract with the commission engine.

CREATE TABLE commission_plans (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('open','targeted','exclusive')),
  default_rate_bp int NOT NULL CHECK (default_rate_bp BETWEEN 0 AND 9000),
  presale_rate_bp int CHECK (presale_rate_bp BETWEEN 0 AND 9000),
  coupon_template_id text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  status text NOT NULL CHECK (status IN ('active','paused','ended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commission_plans_merchant ON commission_plans (merchant_id, status);

-- A plan with rows here covers exactly these products; without rows it covers every product of the merchant.
CREATE TABLE commission_plan_products (
  plan_id text REFERENCES commission_plans(id),
  product_id text NOT NULL,
  rate_bp int NOT NULL CHECK (rate_bp BETWEEN 0 AND 9000),
  PRIMARY KEY (plan_id, product_id)
);
CREATE INDEX commission_plan_products_product ON commission_plan_products (product_id);

CREATE TABLE commission_plan_parties (
  plan_id text REFERENCES commission_plans(id),
  party_type text NOT NULL CHECK (party_type IN ('creator','agency','promoter')),
  party_id text NOT NULL,
  PRIMARY KEY (plan_id, party_type, party_id)
);
CREATE INDEX commission_plan_parties_party ON commission_plan_parties (party_type, party_id);

CREATE TABLE commission_boosts (
  id text PRIMARY KEY,
  plan_id text REFERENCES commission_plans(id),
  name text NOT NULL,
  extra_bp int NOT NULL CHECK (extra_bp BETWEEN 1 AND 9000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL
);
CREATE INDEX commission_boosts_plan ON commission_boosts (plan_id);

CREATE TABLE share_links (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  party_type text NOT NULL CHECK (party_type IN ('creator','promoter')),
  party_id text NOT NULL,
  plan_id text,
  product_id text,
  store_id text,
  sub_id text,
  target_url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One link per (party, target, sub-id): asking again returns the same code.
CREATE UNIQUE INDEX share_links_natural ON share_links
  (party_type, party_id, coalesce(product_id, ''), coalesce(store_id, ''), coalesce(sub_id, ''));

CREATE TABLE share_clicks (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  link_id text NOT NULL,
  code text NOT NULL,
  party_type text NOT NULL,
  party_id text NOT NULL,
  sub_id text,
  consumer_id text,
  product_id text,
  store_id text,
  clicked_at timestamptz NOT NULL,
  ua_hash text,
  ip_hash text
);
CREATE INDEX share_clicks_consumer ON share_clicks (consumer_id, clicked_at DESC) WHERE consumer_id IS NOT NULL;
CREATE INDEX share_clicks_link ON share_clicks (link_id, clicked_at);

-- A creator's (agency's, promoter's) product selection (选品车).
CREATE TABLE distribution_selection (
  party_type text NOT NULL CHECK (party_type IN ('creator','agency','promoter')),
  party_id text NOT NULL,
  product_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (party_type, party_id, product_id)
);
