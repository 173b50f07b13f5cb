import type { Db } from './db.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf, sha256 } from './auth.ts';
import { Problem, unprocessable } from './errors.ts';

/**
 * Runs a write once per `Idempotency-Key` and caller: a retry with the same key and body replays the
 * stored response; the same key with a different body is refused. Without the header the write runs as is
 * (writes keyed by natural ids are idempotent on their own).
 */
export async function idempotent<T>(
  db: Db,
  req: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<{ status: number; body: T }>,
): Promise<T> {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key === '') {
    const r = await run();
    reply.status(r.status);
    return r.body;
  }
  if (key.length > 200)
    throw unprocessable('Idempotency-Key must be at most 200 characters', [
      { field: 'Idempotency-Key', reason: 'too long' },
    ]);
  const principal = principalOf(req).subject;
  const hash = sha256(`${req.method} ${req.url} ${JSON.stringify(req.body ?? null)}`);
  const prior = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('principal', '=', principal)
    .where('key', '=', key)
    .executeTakeFirst();
  if (prior) {
    if (prior.request_hash !== hash) {
      throw new Problem(
        422,
        'Unprocessable Content',
        'this Idempotency-Key was used with a different request',
        [{ field: 'Idempotency-Key', reason: 'reused with a different request' }],
      );
    }
    reply.header('idempotent-replayed', 'true').status(prior.status_code);
    return prior.response as T;
  }
  const r = await run();
  if (r.status < 500) {
    await db
      .insertInto('idempotency_keys')
      .values({ principal, key, request_hash: hash, status_code: r.status, response: JSON.stringify(r.body) })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  reply.status(r.status);
  return r.body;
}
