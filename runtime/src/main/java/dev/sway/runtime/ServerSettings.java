package dev.sway.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The settings more than one server reads, declared once. Each service lists these with its own (in
 * {@code IngestSettings}, {@code ScoringSettings}, {@code QuerySettings}); a service-specific
 * default (a port, a timeout) is set there with {@link Setting#withDefault}.
 */
public final class ServerSettings {
  private ServerSettings() {}

  public static final Setting<Integer> GRPC_PORT =
      Setting.ofInt("grpc-port", null, "gRPC port (0 = any free port)");
  public static final Setting<Integer> METRICS_PORT =
      Setting.ofInt("metrics-port", null, "Prometheus /metrics port (-1 = off)");
  public static final Setting<Integer> EXECUTOR_THREADS =
      Setting.ofInt("executor-threads", null, "threads running RPC handlers")
          .withDefaultText("2 × cores, at least 4");
  public static final Setting<Integer> MAX_INFLIGHT_CALLS =
      Setting.ofInt(
          "max-inflight-calls", 1024, "calls admitted at once; beyond it RESOURCE_EXHAUSTED");
  public static final Setting<Integer> MAX_INFLIGHT_PER_CALLER =
      Setting.ofInt(
              "max-inflight-per-caller",
              null,
              "calls one caller (API key, or address without one) may have in flight")
          .withDefaultText("a quarter of max-inflight-calls");
  public static final Setting<Long> CALL_IDLE_MS =
      Setting.ofLong(
          "call-idle-ms",
          30_000L,
          "a call whose client sends nothing this long (no request, or a stream's next message) is"
              + " closed with CANCELLED");
  public static final Setting<Long> DRAIN_MS =
      Setting.ofLong("drain-ms", 10_000L, "how long shutdown waits for in-flight calls");
  public static final Setting<Integer> MAX_MESSAGE_BYTES =
      Setting.ofInt("max-message-bytes", 16 * 1024 * 1024, "largest request accepted");
  public static final Setting<String> BIND_ADDRESS =
      Setting.ofText(
          "bind-address",
          "0.0.0.0",
          "address the gRPC, metrics and HTTP ports listen on (`sway up` uses 127.0.0.1)");
  public static final Setting<Integer> HEALTH_PORT =
      Setting.ofInt(
              "health-port",
              -1,
              "a plaintext port serving only grpc.health.v1, for probes when the API port uses TLS")
          .withDefaultText("off");

  public static final Setting<String> TLS_CERT =
      Setting.ofText("tls-cert", null, "PEM certificate: TLS on the gRPC port (with --tls-key)");
  public static final Setting<String> TLS_KEY =
      Setting.ofText("tls-key", null, "PEM private key of --tls-cert");
  public static final Setting<String> TLS_CLIENT_CA =
      Setting.ofText(
          "tls-client-ca",
          null,
          "require client certificates from this CA (mutual TLS; the deployment sets it on"
              + " scoring)");
  public static final Setting<String> TLS_CLIENT_NAMES =
      Setting.ofText(
          "tls-client-names",
          null,
          "certificate common names allowed to call, comma-separated (scoring: ingest)");
  public static final Setting<Long> TLS_RELOAD_MS =
      Setting.ofLong(
          "tls-reload-ms", 60_000L, "how often certificate files are checked for renewal");

  public static final Setting<String> AUTH =
      Setting.ofChoice(
          "auth", "on", Set.of("on", "off"), "off disables API keys (local runs only)");
  public static final Setting<String> API_KEYS =
      Setting.ofText("api-keys", null, "salted hashes of the accepted keys, from `sway keygen`");

  public static final Setting<String> REDIS_URI =
      Setting.ofText("redis-uri", "redis://127.0.0.1:6379", "Redis to use");
  public static final Setting<Long> REDIS_TIMEOUT_MS =
      Setting.ofLong("redis-timeout-ms", null, "per-command timeout");

  /** What every server reads, with its default ports. */
  public static List<Setting<?>> server(int grpcPort, int metricsPort) {
    List<Setting<?>> out = new ArrayList<>();
    out.add(GRPC_PORT.withDefault(grpcPort));
    out.add(METRICS_PORT.withDefault(metricsPort));
    out.addAll(
        List.of(
            EXECUTOR_THREADS,
            MAX_INFLIGHT_CALLS,
            MAX_INFLIGHT_PER_CALLER,
            CALL_IDLE_MS,
            DRAIN_MS,
            MAX_MESSAGE_BYTES,
            HEALTH_PORT,
            BIND_ADDRESS,
            TLS_CERT,
            TLS_KEY,
            TLS_CLIENT_CA,
            TLS_CLIENT_NAMES,
            TLS_RELOAD_MS));
    return out;
  }

  /** The settings of a server that checks API keys. */
  public static final List<Setting<?>> AUTHENTICATION = List.of(AUTH, API_KEYS);

  /** The settings of a server that uses Redis, with its default timeout. */
  public static List<Setting<?>> redis(long timeoutMs) {
    return List.of(REDIS_URI, REDIS_TIMEOUT_MS.withDefault(timeoutMs));
  }

  /** A declared setting by name from a list (the one whose default a service chose). */
  @SuppressWarnings("unchecked")
  public static <T> Setting<T> in(List<Setting<?>> all, Setting<T> setting) {
    for (Setting<?> s : all) {
      if (s.name().equals(setting.name())) {
        return (Setting<T>) s;
      }
    }
    throw new IllegalArgumentException(setting.name() + " is not among these settings");
  }
}
