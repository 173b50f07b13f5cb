// The one HTTP client of the console: bearer token in, problem+json errors out.

const TOKEN_KEY = 'tributary.token';

export const tokenStore = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

/** An RFC 9457 problem, or a stand-in for a response that was not one. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  /** The problem's per-field issues (`errors`), e.g. every reason a 422 refused a form. */
  readonly issues: { field: string; reason: string }[];

  constructor(
    status: number,
    title: string,
    detail?: string,
    issues: { field: string; reason: string }[] = [],
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.issues = issues;
  }
}

/** Fired when the server rejects our session, so the auth layer can return to login. */
export const UNAUTHORIZED_EVENT = 'tributary:unauthorized';

type ErrorReporter = (error: ApiError) => void;
let reportError: ErrorReporter = () => {};

/** The UI registers how errors are shown (antd message needs React context). */
export function setErrorReporter(reporter: ErrorReporter): void {
  reportError = reporter;
}

export function showApiError(error: unknown): void {
  reportError(error instanceof ApiError ? error : new ApiError(0, String(error)));
}

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as {
        title?: unknown;
        detail?: unknown;
        message?: unknown;
        errors?: unknown;
      };
      const title = typeof body.title === 'string' ? body.title : res.statusText || `HTTP ${res.status}`;
      const detail =
        typeof body.detail === 'string'
          ? body.detail
          : typeof body.message === 'string'
            ? body.message
            : undefined;
      const issues = Array.isArray(body.errors)
        ? body.errors.filter(
            (e): e is { field: string; reason: string } =>
              typeof e?.field === 'string' && typeof e?.reason === 'string',
          )
        : [];
      return new ApiError(res.status, title, detail, issues);
    } catch {
      // fall through to the status line
    }
  }
  return new ApiError(res.status, res.statusText || `HTTP ${res.status}`);
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const token = tokenStore.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'Network error', 'The server could not be reached.');
  }

  if (!res.ok) {
    const error = await toApiError(res);
    // A stale or revoked session: drop it everywhere, not just for this request.
    if (res.status === 401 && token) {
      tokenStore.clear();
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}
