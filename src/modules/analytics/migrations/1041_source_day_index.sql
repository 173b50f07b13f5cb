-- The marketplace's rows of a day are summed from that day's source rows, every second for today by the speed
-- layer: without an index on the day each sum scans every store's every day.
CREATE INDEX an_source_day_day ON an_source_day (day);
