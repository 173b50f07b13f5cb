-- All-domain (全域) flows and marketplace day totals, so the all-domain view and operator health read rollups only.

-- A store's paid orders of a day by the domain of the buyer's previous paid order in that store ('new' when it is
-- the buyer's first) and the domain of the order itself (domain/sources.ts). A buyer is new once per store, so
-- new buyers of a range add up exactly; `buyers` is distinct per row.
CREATE TABLE an_domain_flow_day (
  store_id text NOT NULL,
  day date NOT NULL,
  from_domain text NOT NULL,
  to_domain text NOT NULL,
  merchant_id text NOT NULL,
  orders int NOT NULL,
  buyers int NOT NULL,
  gmv bigint NOT NULL,
  PRIMARY KEY (store_id, day, from_domain, to_domain)
);

-- The marketplace's day: the sums of that day's an_store_day rows. (Stores and merchants that sold are counted
-- distinct over a range, which daily counts cannot give: see the index below.)
CREATE TABLE an_market_total_day (
  day date PRIMARY KEY,
  gmv bigint NOT NULL,
  orders int NOT NULL,
  buyers int NOT NULL,
  visitors int NOT NULL,
  units int NOT NULL,
  refunds int NOT NULL,
  refund_amount bigint NOT NULL
);

-- Stores and merchants that sold in a range (distinct over days): an index-only scan of the selling rows.
CREATE INDEX an_store_day_selling ON an_store_day (day, merchant_id, store_id) WHERE orders > 0;

-- Batches before these tables existed did not fill them: no longer count them as covering their days, so the
-- next start's catch-up rebuilds every day (rollups.service.ts catchUp).
UPDATE an_rollup_runs SET error = 'superseded: made before the all-domain flow rollups (migration 1040)'
WHERE error IS NULL AND kind IN ('rebuild', 'close');
