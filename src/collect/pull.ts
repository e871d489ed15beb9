// HTTP side of `collect`: the coverage and reset URLs of a target, and one
// request with a timeout and retries with exponential backoff. Retried:
// network errors, a body cut short, 5xx and 429 (the endpoint answers 503
// while it serves another request). Not retried: other 4xx (a wrong token
// stays wrong). URLs in, bytes out; errors name the target.

import { UsageError } from '../profile/errors.js';

/** Timing and credentials of the requests. */
export interface PullOptions {
  /** Per-attempt timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Attempts after the first one. */
  readonly retries: number;
  /** Delay before the first retry in milliseconds (doubled each time). */
  readonly backoffMs: number;
  /** Bearer token, if any. */
  readonly token?: string;
}

/** A failed target: what went wrong, in one line. */
export class TargetError extends Error {
  constructor(
    readonly target: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${target}: ${message}`);
  }
}

/** The GET URL of a target: the URL itself when its path ends in /coverage, else the URL with /coverage appended. */
export function coverageUrl(target: string): string {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`target ${JSON.stringify(target)} is not a URL (e.g. http://127.0.0.1:9999)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`target ${JSON.stringify(target)}: only http and https URLs`);
  if (!url.pathname.endsWith('/coverage')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/coverage`;
  return url.toString();
}

/** The POST URL that resets a target's counters. */
export function resetUrl(target: string): string {
  const url = new URL(coverageUrl(target));
  url.pathname += '/reset';
  return url.toString();
}

/** Targets listed in an @file: one URL per line; blank lines and lines starting with # are skipped. */
export function parseTargetList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** One request with retries: the body of a 2xx answer, or a TargetError. */
export async function request(target: string, url: string, method: 'GET' | 'POST', opts: PullOptions): Promise<Uint8Array> {
  let last: TargetError | null = null;
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, opts.backoffMs * 2 ** (attempt - 1)));
    try {
      const res = await fetch(url, {
        method,
        headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'error',
      });
      const body = new Uint8Array(await res.arrayBuffer());
      if (res.ok) return body;
      const text = new TextDecoder().decode(body.subarray(0, 300)).trim().replace(/[\u0000-\u001f\u007f]/g, ' ');
      last = new TargetError(target, `${method} ${url}: HTTP ${res.status}${text ? `: ${text}` : ''}`, res.status);
      if (res.status < 500 && res.status !== 429) break;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      const why = e.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
      last = new TargetError(target, `${method} ${url}: ${why}`);
    }
  }
  throw last!;
}
