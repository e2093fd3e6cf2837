package dev.sway.runtime;

/**
 * What every Sway server is configured with. Each value comes from {@link Settings}; the
 * README lists them with their environment variables.
 *
 * @param name service name, used in logs and metric tags
 * @param grpcPort gRPC port; 0 picks a free one
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 picks a free one, -1
 *     turns it off
 * @param executorThreads threads that run RPC handlers
 * @param maxInflightCalls calls admitted at once; the rest get RESOURCE_EXHAUSTED so that a
 *     burst cannot grow the executor queue without bound
 * @param drainMs how long shutdown waits for in-flight calls before cancelling them
 * @param maxMessageBytes largest inbound message accepted
 * @param bindAddress the address the gRPC and metrics ports listen on: {@code 0.0.0.0} (every
 *     interface, what a container needs) unless told otherwise; local runs use 127.0.0.1
 */
public record ServerConfig(
    String name,
    int grpcPort,
    int metricsPort,
    int executorThreads,
    int maxInflightCalls,
    long drainMs,
    int maxMessageBytes,
    String bindAddress) {

  /** Listening on every interface. */
  public ServerConfig(
      String name, int grpcPort, int metricsPort, int executorThreads, int maxInflightCalls,
      long drainMs, int maxMessageBytes) {
    this(name, grpcPort, metricsPort, executorThreads, maxInflightCalls, drainMs, maxMessageBytes, "0.0.0.0");
  }

  public ServerConfig {
    if (executorThreads < 1) {
      throw new IllegalArgumentException("executor-threads must be at least 1");
    }
    if (maxInflightCalls < 1) {
      throw new IllegalArgumentException("max-inflight-calls must be at least 1");
    }
  }

  /** Reads the common server settings, with per-service default ports. */
  public static ServerConfig from(
      String name, Settings settings, int defaultGrpcPort, int defaultMetricsPort) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new ServerConfig(
        name,
        settings.getInt("grpc-port", defaultGrpcPort),
        settings.getInt("metrics-port", defaultMetricsPort),
        settings.getInt("executor-threads", Math.max(4, cores * 2)),
        settings.getInt("max-inflight-calls", 1024),
        settings.getLong("drain-ms", 10_000),
        settings.getInt("max-message-bytes", 16 * 1024 * 1024),
        settings.get("bind-address", "0.0.0.0"));
  }

  public ServerConfig withPorts(int grpc, int metrics) {
    return new ServerConfig(
        name, grpc, metrics, executorThreads, maxInflightCalls, drainMs, maxMessageBytes, bindAddress);
  }
}
