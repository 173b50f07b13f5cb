-- Who has visited each store on the minute days (today and yesterday): the speed layer's seen set. A page view
-- then adds to the real-time indices at once (its minute's views, and a new visitor when the user is not in the
-- set) without recomputing the store's day; the batch fills a whole day's set from the events.
CREATE TABLE an_rt_visit (
  day date NOT NULL,
  store_id text NOT NULL,
  user_id text NOT NULL,
  PRIMARY KEY (day, store_id, user_id)
);

-- The recent days' sets (the batch keeps them from now on; a day or two too many are pruned at the next close).
INSERT INTO an_rt_visit (day, store_id, user_id)
SELECT DISTINCT day, store_id, user_id FROM events
WHERE day >= current_date - 2 AND type <> 'exposure' AND user_id IS NOT NULL AND store_id IS NOT NULL;
