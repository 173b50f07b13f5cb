import type { PartRun } from './part.ts';

export const run: PartRun = async () => {
  throw new Error('the recommend part is being written');
};
