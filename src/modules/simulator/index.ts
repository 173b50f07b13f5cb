/**
 * Marketplace simulator: generates a realistic marketplace with known latent truth (user preferences,
 * store quality, logistics and service, creator skill, live schedules) and writes it through the
 * marketplace ingestion service; the truth is kept in the sim_* tables. See docs/simulator.md.
 */
export {
  type SimulateOptions,
  type SimulationSummary,
  SimulationPaused,
  SimulatorBug,
  simulate,
} from './simulator.service.ts';
export type { Scale, ScaleSpec } from './domain/params.ts';
export { MODEL, SCALES } from './domain/params.ts';
export {
  driveTraffic,
  type DriveOptions,
  loadTruth,
  requestTimes,
  respond,
  type Truth,
} from './traffic.service.ts';
export { Rng } from './domain/rng.ts';
