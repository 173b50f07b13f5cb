-- The marketplace's rows of a day are summed from that day's source rows, every second for today by the speed
-- layer: without an index on the day that was a scan of every store's every day (seconds at 5,000 stores × 90 days).
CREATE INDEX an_source_day_day ON an_source_day (day);
