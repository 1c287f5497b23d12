// The part of autocannon 9's programmatic API the bench uses (the package ships no types).
declare module "autocannon" {
  namespace autocannon {
    type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; total: number };
    type Result = {
      requests: Histogram;
      latency: Histogram;
      throughput: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      duration: number;
    };
    type Options = { url: string; connections?: number; duration?: number; amount?: number; headers?: Record<string, string> };
  }
  /** The run: awaitable for its result, and an event emitter of each response while it runs. */
  type Instance = PromiseLike<autocannon.Result> & {
    on(event: "response", listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): Instance;
  };
  function autocannon(options: autocannon.Options): Instance;
  export default autocannon;
}
