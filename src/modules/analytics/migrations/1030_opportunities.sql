-- Opportunity center: search demand and demand by price, per day, rebuilt for a day range from the raw tables by
-- `rebuildOpportunityData` (opportunities.service.ts). Supply (listed products, stores, SKU prices) is read live.

-- Searches of a normalised query (trimmed, lower-cased, inner spaces collapsed) on the search's business day.
-- clicks: clicks with scene 'search' by the same user within 30 minutes after the search, before their next search.
CREATE TABLE an_query_day (
  query text NOT NULL,
  day date NOT NULL,
  searches int NOT NULL,
  users int NOT NULL,
  clicks int NOT NULL,
  -- searches followed by at least one such click
  clicked_searches int NOT NULL,
  PRIMARY KEY (day, query)
);

-- Where a query's clicks landed: the level-3 category of the clicked products (same attribution as above).
-- Kept per day so a range rebuild is idempotent; readers turn clicks into shares over the window they read.
CREATE TABLE an_query_category_day (
  query text NOT NULL,
  day date NOT NULL,
  category_id text NOT NULL,
  clicks int NOT NULL,
  PRIMARY KEY (day, query, category_id)
);

-- Paid units of a level-3 category by unit price (orders on their paid_day): price bands of demand.
CREATE TABLE an_category_price_day (
  category_id text NOT NULL,
  day date NOT NULL,
  unit_price bigint NOT NULL,
  units int NOT NULL,
  PRIMARY KEY (day, category_id, unit_price)
);
