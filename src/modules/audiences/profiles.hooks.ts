// PLACEHOLDER owned by helper A: replace entirely.
import type { AppContext } from '../../core/context.ts';
import { periodicJob } from '../../core/periodic.ts';

export function setupProfiles(_ctx: AppContext): void {}
export const profilesJob = periodicJob('audiences tag rebuild', 600_000, async () => {});
