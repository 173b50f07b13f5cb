-- Fraud review decisions with their reason, who decided and when (one per held line: deciding again the same
-- way is a no-op, the first decision stays). Kept beside commission_lines so the hot line rows stay as they are.
CREATE TABLE commission_review_decisions (
  order_id text NOT NULL,
  line_no smallint NOT NULL,
  action text NOT NULL CHECK (action IN ('clear','confirm')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  decided_by text NOT NULL,
  decided_by_role text NOT NULL,
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (order_id, line_no)
);
CREATE INDEX commission_review_decisions_at ON commission_review_decisions (decided_at DESC, order_id, line_no);

-- What a settlement run settled, written when it finishes (counting a month's lines scans them; listing runs
-- must not).
ALTER TABLE commission_settlement_runs ADD COLUMN statements int, ADD COLUMN lines int;
