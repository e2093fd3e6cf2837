package dev.sway.runtime;

/**
 * How long an HTTP client may take and how many connections it may hold (see {@link HttpFront}).
 *
 * @param headerTimeoutMs from accepting a connection to the end of its request headers
 * @param bodyTimeoutMs from the end of the headers to the end of the request body
 * @param maxConnections connections open at once over every client; beyond it 503 at once
 * @param maxConnectionsPerAddress connections one client address may hold at once; beyond it 429 at
 *     once. Behind a proxy every client shares the proxy's address: raise it to {@code
 *     maxConnections} there and let the proxy bound its clients.
 */
public record HttpLimits(
    long headerTimeoutMs, long bodyTimeoutMs, int maxConnections, int maxConnectionsPerAddress) {

  /** Ten seconds for headers, thirty for a body, 256 connections, 32 per address. */
  public static final HttpLimits DEFAULT = new HttpLimits(10_000, 30_000, 256, 32);

  public HttpLimits {
    if (headerTimeoutMs < 1 || bodyTimeoutMs < 1) {
      throw new IllegalArgumentException("HTTP timeouts must be positive");
    }
    if (maxConnections < 1 || maxConnectionsPerAddress < 1) {
      throw new IllegalArgumentException("HTTP connection limits must be at least 1");
    }
  }
}
