import type { TypeHooks } from './types.ts';

/** Ad crowdfunding's part in the campaign lifecycle (filled in by ads.service: whitelist, holds, program). */
export const adHooks: TypeHooks = {
  validate: () => [],
};
