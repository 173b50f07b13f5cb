#!/usr/bin/env bash
# Configures the local PostgreSQL for the large benchmark runs (tens of GB written, ≥ 10M orders) and restarts it.
# With the stock settings (shared_buffers 128MB, max_wal_size 1GB) a 10M-order table is updated through a cache
# smaller than its indexes and the server checkpoints every gigabyte of WAL, each checkpoint followed by full-page
# images of every page touched again; and with the stock random_page_cost of 4 (a disk seek) the planner prefers a
# parallel scan of the whole payments table (450 ms, growing with it) to 10,000 primary-key probes of pages that are
# all in memory (66 ms at 1.1, the usual value for SSDs and cached data). The bench records the settings it ran
# with (bench/results/*.json).
# Usage: bash bench/tools/pg-bulk.sh [--reset]    (run as a user that may restart the cluster)
set -euo pipefail
psql_() { psql -h 127.0.0.1 -U postgres -X -q "$@"; }
settings=(shared_buffers max_wal_size checkpoint_timeout wal_compression random_page_cost effective_cache_size)
if [ "${1:-}" = "--reset" ]; then
  for s in "${settings[@]}"; do psql_ -c "ALTER SYSTEM RESET $s"; done
else
  mem_gib=$(awk '/MemTotal/ { print int($2 / 1048576) }' /proc/meminfo)
  shared=$((mem_gib / 4)); [ "$shared" -lt 1 ] && shared=1 # a quarter of the memory, as PostgreSQL's docs advise
  psql_ -c "ALTER SYSTEM SET shared_buffers = '${shared}GB'" \
    -c "ALTER SYSTEM SET max_wal_size = '16GB'" \
    -c "ALTER SYSTEM SET checkpoint_timeout = '30min'" \
    -c "ALTER SYSTEM SET wal_compression = 'on'" \
    -c "ALTER SYSTEM SET random_page_cost = 1.1" \
    -c "ALTER SYSTEM SET effective_cache_size = '$((mem_gib * 3 / 4))GB'"
fi
version=$(ls /etc/postgresql | head -1)
pg_ctlcluster --skip-systemctl-redirect "$version" main restart
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
for s in "${settings[@]}"; do psql_ -Atc "SELECT '$s ' || current_setting('$s')"; done
