import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per app instance, so tests that build several apps don't collide. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'tributary_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ingested = new Counter({
    name: 'tributary_ingested_records_total',
    help: 'Records accepted by ingestion, by kind and outcome',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  return { registry, httpDuration, ingested };
}
export type Metrics = ReturnType<typeof createMetrics>;
