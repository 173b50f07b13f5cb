import type { AppContext } from '../../core/context.ts';
import { adsJob } from './ads.service.ts';
import { fundingJob } from './funding.service.ts';
import { partnersJob } from './partners.service.ts';

/** The module's periodic jobs (partner statistics refresh, ad deadlines, funding settlement). */
export interface JointJob {
  start(ctx: AppContext): void;
  stop(ctx: AppContext): Promise<void>;
}
export const JOBS: JointJob[] = [fundingJob, adsJob, partnersJob];
