// Entry of the generator thread: worker threads do not inherit the main thread's tsx hooks, so register them here.
import { register } from 'tsx/esm/api';

register();
await import('./generator.worker.ts');
