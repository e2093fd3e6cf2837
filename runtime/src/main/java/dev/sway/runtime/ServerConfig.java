package dev.sway.runtime;

import java.util.List;

/**
 * What every Sway server is configured with, read from the settings declared in {@link
 * ServerSettings}.
 *
 * @param name service name, used in logs and metric tags
 * @param grpcPort gRPC port; 0 picks a free one
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 picks a free one, -1 turns
 *     it off
 * @param executorThreads threads that run RPC handlers
 * @param maxInflightCalls calls admitted at once; the rest get RESOURCE_EXHAUSTED so that a burst
 *     cannot grow the executor queue without bound
 * @param drainMs how long shutdown waits for in-flight calls before cancelling them
 * @param maxMessageBytes largest inbound message accepted
 * @param bindAddress the address the gRPC and metrics ports listen on: {@code 0.0.0.0} (every
 *     interface, what a container needs) unless told otherwise; local runs use 127.0.0.1
 * @param maxInflightPerCaller calls one caller (API key, or address without one) may have in
 *     flight, so that one caller cannot take every call slot
 * @param callIdleMs how long a call may wait for its client's next message before it is closed
 */
public record ServerConfig(
    String name,
    int grpcPort,
    int metricsPort,
    int executorThreads,
    int maxInflightCalls,
    long drainMs,
    int maxMessageBytes,
    String bindAddress,
    int maxInflightPerCaller,
    long callIdleMs) {

  /** Listening on every interface, a quarter of the calls per caller, 30 s of client silence. */
  public ServerConfig(
      String name,
      int grpcPort,
      int metricsPort,
      int executorThreads,
      int maxInflightCalls,
      long drainMs,
      int maxMessageBytes) {
    this(
        name,
        grpcPort,
        metricsPort,
        executorThreads,
        maxInflightCalls,
        drainMs,
        maxMessageBytes,
        "0.0.0.0",
        Math.max(1, maxInflightCalls / 4),
        30_000);
  }

  public ServerConfig {
    if (executorThreads < 1) {
      throw new IllegalArgumentException("executor-threads must be at least 1");
    }
    if (maxInflightCalls < 1) {
      throw new IllegalArgumentException("max-inflight-calls must be at least 1");
    }
    if (maxInflightPerCaller < 1) {
      throw new IllegalArgumentException("max-inflight-per-caller must be at least 1");
    }
    if (callIdleMs < 1) {
      throw new IllegalArgumentException("call-idle-ms must be positive");
    }
  }

  /**
   * Reads the common server settings from {@code declared}, a service's list that starts with
   * {@link ServerSettings#server} (its default ports).
   */
  public static ServerConfig from(String name, Settings settings, List<Setting<?>> declared) {
    int cores = Runtime.getRuntime().availableProcessors();
    int maxInflight = settings.get(ServerSettings.MAX_INFLIGHT_CALLS);
    Integer threads = settings.get(ServerSettings.EXECUTOR_THREADS);
    Integer perCaller = settings.get(ServerSettings.MAX_INFLIGHT_PER_CALLER);
    return new ServerConfig(
        name,
        settings.get(ServerSettings.in(declared, ServerSettings.GRPC_PORT)),
        settings.get(ServerSettings.in(declared, ServerSettings.METRICS_PORT)),
        threads != null ? threads : Math.max(4, cores * 2),
        maxInflight,
        settings.get(ServerSettings.DRAIN_MS),
        settings.get(ServerSettings.MAX_MESSAGE_BYTES),
        settings.get(ServerSettings.in(declared, ServerSettings.BIND_ADDRESS)),
        perCaller != null ? perCaller : Math.max(1, maxInflight / 4),
        settings.get(ServerSettings.CALL_IDLE_MS));
  }

  /**
   * The same with another per-caller share unless the settings name one: for a service whose one
   * caller is trusted (scoring, called by ingest alone), the share is the whole limit.
   */
  public ServerConfig withDefaultPerCaller(Settings settings, int perCaller) {
    if (settings.isSet(ServerSettings.MAX_INFLIGHT_PER_CALLER)) {
      return this;
    }
    return new ServerConfig(
        name,
        grpcPort,
        metricsPort,
        executorThreads,
        maxInflightCalls,
        drainMs,
        maxMessageBytes,
        bindAddress,
        perCaller,
        callIdleMs);
  }

  public ServerConfig withPorts(int grpc, int metrics) {
    return new ServerConfig(
        name,
        grpc,
        metrics,
        executorThreads,
        maxInflightCalls,
        drainMs,
        maxMessageBytes,
        bindAddress,
        maxInflightPerCaller,
        callIdleMs);
  }
}
