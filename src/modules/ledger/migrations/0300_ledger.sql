-- Ledger: double-entry, append-only. Accounts carry cached balances (posted, pending) that can always be
-- recomputed from the entries; transactions and entries are never updated or deleted (triggers below).

CREATE TABLE ledger_accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE,
  owner_type text NOT NULL CHECK (owner_type IN ('platform', 'merchant', 'creator', 'agency', 'promoter', 'consumer')),
  owner_id text NOT NULL,
  purpose text NOT NULL,
  -- Cached sums of entries (+ debit / − credit): posted = final postings and posted pendings; pending =
  -- pending transactions not yet resolved.
  posted bigint NOT NULL DEFAULT 0,
  pending bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (name = owner_type || ':' || owner_id || ':' || purpose)
) WITH (fillfactor = 50); -- room on each page for HOT updates of the balances (no index rewrites)
CREATE INDEX ledger_accounts_owner ON ledger_accounts (owner_type, owner_id);

-- A transaction groups entries that sum to zero. A resolution (post or void of a pending transaction) is a
-- transaction row of its own without entries, pointing at the pending one; the unique index on resolves_id
-- makes a pending transaction resolve at most once, whoever races.
CREATE TABLE ledger_transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  kind text NOT NULL,
  ref_type text,
  ref_id text,
  at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  pending boolean NOT NULL DEFAULT false,
  memo text,
  resolves_id bigint REFERENCES ledger_transactions (id),
  resolution text CHECK (resolution IN ('post', 'void')),
  CHECK ((resolves_id IS NULL) = (resolution IS NULL)),
  CHECK (NOT (pending AND resolves_id IS NOT NULL))
);
CREATE UNIQUE INDEX ledger_transactions_resolves ON ledger_transactions (resolves_id) WHERE resolves_id IS NOT NULL;
CREATE INDEX ledger_transactions_ref ON ledger_transactions (ref_type, ref_id) WHERE ref_id IS NOT NULL;

-- tx_id and account_id reference ledger_transactions and ledger_accounts; the statement trigger below checks
-- that for a whole batch at once (row-level foreign keys cost two probes per entry), and neither table can
-- lose a row (append-only transactions, accounts never deleted).
CREATE TABLE ledger_entries (
  tx_id bigint NOT NULL,
  line smallint NOT NULL,
  account_id bigint NOT NULL,
  amount bigint NOT NULL,
  PRIMARY KEY (tx_id, line)
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, tx_id);

-- Sum-zero, checked once per INSERT statement over the inserted rows (cheap for batches of thousands): every
-- transaction touched exists, is not a resolution, and has at least two entries summing to zero, numbered
-- 1..n in this one statement. With the primary key (tx_id, line) that numbering means entries can never be
-- added to a transaction by a later statement (line 1 exists already; a line n+1 alone does not start at 1).
-- And every account referenced exists.
CREATE FUNCTION ledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad bigint;
BEGIN
  SELECT n.tx_id INTO bad
  FROM (SELECT tx_id, count(*) AS c, sum(amount) AS s, min(line) AS lo, max(line) AS hi
        FROM new_rows GROUP BY tx_id) n
  LEFT JOIN ledger_transactions t ON t.id = n.tx_id
  WHERE t.id IS NULL OR n.s <> 0 OR n.c < 2 OR t.resolves_id IS NOT NULL OR n.lo <> 1 OR n.hi <> n.c
  LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced or incomplete: entries must sum to zero, be at least two, be inserted in one statement and belong to an existing non-resolution transaction', bad
      USING ERRCODE = 'check_violation';
  END IF;
  SELECT n.account_id INTO bad FROM (SELECT DISTINCT account_id FROM new_rows) n
  WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.id = n.account_id) LIMIT 1;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'ledger entry names account % which does not exist', bad USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_balanced();

-- Append-only: corrections are new transactions, never edits.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed (post a correcting transaction instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_accounts_no_delete BEFORE DELETE ON ledger_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_accounts_no_truncate BEFORE TRUNCATE ON ledger_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
