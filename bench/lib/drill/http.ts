/**
 * The drills' HTTP client: round-robin over the API instances (each request goes to the next
 * port), a hard client-side timeout (a request that does not answer in time counts as a hang),
 * and counters per operation and per phase.
 */
export interface Outcome {
  /** HTTP status, or 0 when no response came (connection refused, reset, timeout). */
  status: number;
  ms: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  api: string;
  error?: string;
  timedOut?: boolean;
}

export interface Counter {
  requests: number;
  ok2xx: number;
  c4xx: number;
  s503: number;
  s5xxOther: number;
  noResponse: number;
  timeouts: number;
  maxMs: number;
  latencies: number[];
}

const newCounter = (): Counter => ({
  requests: 0,
  ok2xx: 0,
  c4xx: 0,
  s503: 0,
  s5xxOther: 0,
  noResponse: 0,
  timeouts: 0,
  maxMs: 0,
  latencies: [],
});

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export interface Failure {
  at: string;
  op: string;
  phase: string;
  api: string;
  status: number;
  code?: string;
  message?: string;
}

export class DrillHttp {
  private cursor = 0;
  phase = 'setup';
  readonly byOp = new Map<string, Counter>();
  readonly byPhase = new Map<string, Counter>();
  readonly byApi = new Map<string, number>();
  /** Every 5xx and every request without a response (kept for the summary and the logs). */
  readonly failures: Failure[] = [];

  constructor(
    readonly apiUrls: string[],
    readonly timeoutMs = 15000,
  ) {}

  /** The next API in turn. */
  next(): string {
    const url = this.apiUrls[this.cursor % this.apiUrls.length];
    this.cursor++;
    return url;
  }

  counter(map: Map<string, Counter>, key: string): Counter {
    let c = map.get(key);
    if (!c) map.set(key, (c = newCounter()));
    return c;
  }

  async req(
    method: string,
    path: string,
    opts: {
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
      api?: string;
      op?: string;
      record?: boolean;
    } = {},
  ): Promise<Outcome> {
    const api = opts.api ?? this.next();
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const started = performance.now();
    let outcome: Outcome;
    try {
      const res = await fetch(`${api}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON (iCalendar, CSV) */
      }
      outcome = { status: res.status, ms: performance.now() - started, body, api };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
      outcome = {
        status: 0,
        ms: performance.now() - started,
        body: null,
        api,
        error: e.cause?.code ?? e.message,
        timedOut,
      };
    }
    if (opts.record !== false)
      this.record(
        opts.op ?? `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*$/, '')}`,
        outcome,
      );
    return outcome;
  }

  private record(op: string, o: Outcome): void {
    for (const c of [this.counter(this.byOp, op), this.counter(this.byPhase, this.phase)]) {
      c.requests++;
      c.maxMs = Math.max(c.maxMs, o.ms);
      c.latencies.push(o.ms);
      if (o.status === 0) {
        c.noResponse++;
        if (o.timedOut) c.timeouts++;
      } else if (o.status < 300) c.ok2xx++;
      else if (o.status < 500) c.c4xx++;
      else if (o.status === 503) c.s503++;
      else c.s5xxOther++;
    }
    this.byApi.set(o.api, (this.byApi.get(o.api) ?? 0) + 1);
    if (o.status === 0 || o.status >= 500) {
      this.failures.push({
        at: new Date().toISOString(),
        op,
        phase: this.phase,
        api: o.api,
        status: o.status,
        code: o.status === 0 ? o.error : o.body?.code,
        message: o.status === 0 ? (o.timedOut ? 'client timeout' : o.error) : o.body?.message,
      });
    }
  }
}

/** Fails loudly when a setup call does not answer as expected. */
export function expectStatus(o: Outcome, status: number, what: string): Outcome {
  if (o.status !== status)
    throw new Error(
      `${what}: expected ${status}, got ${o.status} ${JSON.stringify(o.body ?? o.error)}`,
    );
  return o;
}

/** Failures grouped by (phase, operation, status, code): count, first and last time. */
export function groupFailures(failures: Failure[]) {
  const groups = new Map<
    string,
    {
      phase: string;
      op: string;
      status: number;
      code?: string;
      message?: string;
      count: number;
      first: string;
      last: string;
    }
  >();
  for (const f of failures) {
    const key = `${f.phase}|${f.op}|${f.status}|${f.code}`;
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.last = f.at;
    } else
      groups.set(key, {
        phase: f.phase,
        op: f.op,
        status: f.status,
        code: f.code,
        message: f.message,
        count: 1,
        first: f.at,
        last: f.at,
      });
  }
  return [...groups.values()];
}
