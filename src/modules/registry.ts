import { platformModule } from '../core/platform.routes.ts';
import type { ModuleDef } from '../core/http.ts';
import { audiencesModule } from './audiences/index.ts';
import { commissionsModule } from './commissions/index.ts';
import { analyticsModule } from './analytics/index.ts';
import { jointModule } from './joint/index.ts';
import { ledgerModule } from './ledger/index.ts';
import { liveModule } from './live/index.ts';
import { marketplaceModule } from './marketplace/index.ts';
import { pricingModule } from './pricing/index.ts';
import { scoringModule } from './scoring/index.ts';
import { trafficModule } from './traffic/index.ts';

/** Every capability, in the order its routes and workers are installed. New modules add one line here. */
export const MODULES: ModuleDef[] = [
  platformModule,
  marketplaceModule,
  pricingModule,
  ledgerModule,
  commissionsModule,
  scoringModule,
  trafficModule,
  liveModule,
  audiencesModule,
  jointModule,
  analyticsModule,
];
