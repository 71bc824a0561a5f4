import autocannon from 'autocannon';

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** One autocannon run against a URL (optionally cycling through several paths). */
export async function load(
  url: string,
  opts: {
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    paths?: string[];
  },
): Promise<LoadResult> {
  const requests = opts.paths?.map((p) => ({ method: 'GET' as const, path: p }));
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    headers: opts.headers,
    requests,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
