// Placeholder surface; the simulator module is being written (see the issue). Kept so the CLI type-checks.
import type { Database } from '../../core/db.ts';

export type Scale = 'small' | 'medium' | 'large';
export interface SimulateOptions {
  days: number;
  seed: number;
  scale: Scale;
  /** Last simulated business day (YYYY-MM-DD); default today in the marketplace time zone. */
  endDay?: string;
  timeZone: string;
  maxBatch?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}
export interface SimulationSummary {
  days: number;
  seed: number;
  scale: Scale;
  rows: Record<string, number>;
  wallMs: number;
  demo: { merchantId: string; creatorId: string; agencyId: string; promoterId: string };
}
export async function simulate(_db: Database, _opts: SimulateOptions): Promise<SimulationSummary> {
  throw new Error('simulator not written yet');
}
