import type { periodicJob } from '../../core/periodic.ts';
import { adsJob } from './ads.service.ts';
import { fundingJob } from './funding.service.ts';
import { partnersJob } from './partners.service.ts';

/** The module's periodic jobs: funding settlement, ad deadlines, partner statistics. */
export const JOBS: ReturnType<typeof periodicJob>[] = [fundingJob, adsJob, partnersJob];
