/** A minimal keep-alive HTTP client for ingestion benchmarks and tests: pre-serialized bodies, N requests in flight. */
import http from 'node:http';
import { percentile } from './results.ts';

export interface Reply {
  status: number;
  body: string;
}

export interface IngestClient {
  post(path: string, body: Buffer | string, contentType?: string): Promise<Reply>;
  /** Sends every body to `path` with at most `concurrency` requests in flight; replies in body order. */
  postAll(
    path: string,
    bodies: (Buffer | string)[],
    contentType?: string,
    onReply?: (i: number, r: Reply) => void,
  ): Promise<{ ms: number; replies: Reply[] }>;
  close(): void;
}

export function ingestClient(baseUrl: string, token: string, concurrency = 4): IngestClient {
  const u = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  function post(path: string, body: Buffer | string, contentType = 'application/json'): Promise<Reply> {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path,
          method: 'POST',
          agent,
          headers: {
            'content-type': contentType,
            'content-length': buf.length,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(buf);
    });
  }
  async function postAll(
    path: string,
    bodies: (Buffer | string)[],
    contentType?: string,
    onReply?: (i: number, r: Reply) => void,
  ) {
    const replies: Reply[] = new Array(bodies.length);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, bodies.length) }, async () => {
        while (next < bodies.length) {
          const i = next++;
          replies[i] = await post(path, bodies[i]!, contentType);
          onReply?.(i, replies[i]!);
        }
      }),
    );
    return { ms: performance.now() - t0, replies };
  }
  return { post, postAll, close: () => agent.destroy() };
}

export function chunk<T>(arr: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
  return out;
}

export const jsonBody = (records: unknown[]) => Buffer.from(JSON.stringify({ records }));
export const ndjsonBody = (records: unknown[]) =>
  Buffer.from(records.map((r) => JSON.stringify(r)).join('\n'));

export interface Drive {
  n: number;
  ms: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** A few error replies (status and body start). */
  samples: string[];
}

/** Requests for `seconds` with `concurrency` in flight on keep-alive connections; latencies in ms. */
export async function drive(
  url: string,
  token: string,
  route: string,
  bodies: Buffer[],
  seconds: number,
  concurrency: number,
  check?: (body: string) => void,
): Promise<Drive> {
  const client = ingestClient(url, token, concurrency);
  const lat: number[] = [];
  const samples: string[] = [];
  let errors = 0;
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const body = bodies[next++ % bodies.length]!;
        const s = performance.now();
        try {
          const r = await client.post(route, body);
          lat.push(performance.now() - s);
          if (r.status >= 300) {
            errors++;
            if (samples.length < 3) samples.push(`${r.status} ${r.body.slice(0, 200)}`);
          } else check?.(r.body);
        } catch (e) {
          lat.push(performance.now() - s);
          errors++;
          if (samples.length < 3) samples.push(`transport: ${(e as Error).message}`);
        }
      }
    }),
  );
  const ms = performance.now() - t0;
  client.close();
  return {
    n: lat.length,
    ms,
    rps: (1000 * lat.length) / ms,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    errors,
    samples,
  };
}
