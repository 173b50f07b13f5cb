import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** One thing wrong with the input: where (JSON pointer / field), which record of a batch, and why. */
export interface FieldIssue {
  field: string;
  reason: string;
  /** Index of the record in a batch, when the request carries several. */
  index?: number;
  /** Natural id of the record, when known. */
  id?: string;
  /**
   * A stable machine code for the kind of mistake, e.g. `tier_off_not_below_min`, so clients can explain it
   * in their own words and language; `reason` stays the English sentence for API users. Codes never change
   * meaning once published.
   */
  code?: string;
  /** The figures the sentence uses, by name (money in fen, rates in basis points, instants as ISO strings). */
  params?: Record<string, string | number>;
}

/** RFC 9457 problem details; `errors` lists every field problem found, not only the first. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldIssue[],
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
  }

  toJSON(instance?: string) {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors?.length ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldIssue[]) =>
  new Problem(400, 'Bad Request', detail, errors);
export const unprocessable = (detail: string, errors?: FieldIssue[]) =>
  new Problem(422, 'Unprocessable Content', detail, errors);
export const unauthorized = (detail = 'missing or invalid credentials') =>
  new Problem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new Problem(403, 'Forbidden', detail);
export const notFound = (detail: string) => new Problem(404, 'Not Found', detail);
export const conflict = (detail: string, errors?: FieldIssue[]) =>
  new Problem(409, 'Conflict', detail, errors);

export function sendProblem(reply: FastifyReply, req: FastifyRequest, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(p.toJSON(req.url));
}

interface AjvLikeError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** Turns schema-validation output into field issues; batch record indices are lifted from the path. */
export function validationIssues(errs: AjvLikeError[], context?: string): FieldIssue[] {
  return errs.map((e) => {
    let field = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const p = e.params ?? {};
    if (typeof p.additionalProperty === 'string')
      field = field ? `${field}.${p.additionalProperty}` : p.additionalProperty;
    else if (typeof p.missingProperty === 'string')
      field = field ? `${field}.${p.missingProperty}` : p.missingProperty;
    if (Array.isArray(p.requiredProperties) && p.requiredProperties.length) {
      field = [field, String(p.requiredProperties[0])].filter(Boolean).join('.');
    }
    const m = /^(?:records|items)\.(\d+)(?:\.(.*))?$/.exec(field);
    const reason =
      e.keyword === 'additionalProperties'
        ? 'unknown field'
        : e.keyword === 'required'
          ? 'is required'
          : (e.message ?? 'is invalid');
    const issue: FieldIssue = { field: field || context || '(body)', reason };
    if (m) {
      issue.index = Number(m[1]);
      issue.field = m[2] ?? '(record)';
    }
    return issue;
  });
}

/** Every error leaves as problem+json; only a bug gives a 500, and it is logged. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | Problem, req, reply) => {
    if (err instanceof Problem) return sendProblem(reply, req, err);
    const fe = err as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };
    if (fe.validation) {
      const issues = validationIssues(fe.validation, fe.validationContext);
      const where = fe.validationContext ?? 'request';
      return sendProblem(reply, req, badRequest(`${where} failed validation: ${summarize(issues)}`, issues));
    }
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const title =
        status === 413 ? 'Content Too Large' : status === 415 ? 'Unsupported Media Type' : 'Bad Request';
      return sendProblem(reply, req, new Problem(status, title, cleanMessage(fe.message)));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(
      reply,
      req,
      new Problem(500, 'Internal Server Error', 'an unexpected error occurred; it has been logged'),
    );
  });
  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, notFound(`no route ${req.method} ${req.url.split('?')[0]}`)),
  );
}

export function summarize(issues: FieldIssue[]): string {
  const shown = issues
    .slice(0, 3)
    .map(
      (i) =>
        `${i.index !== undefined ? `record ${i.index}${i.id ? ` (${i.id})` : ''} ` : ''}${i.field} ${i.reason}`,
    );
  return shown.join('; ') + (issues.length > 3 ? `; and ${issues.length - 3} more` : '');
}

function cleanMessage(m: string): string {
  return m.replace(/^FST_\w+:\s*/, '');
}
