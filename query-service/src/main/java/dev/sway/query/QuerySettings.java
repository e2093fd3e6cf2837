package dev.sway.query;

import dev.sway.runtime.HttpLimits;
import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServerSettings;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Everything the query service is configured with, read once. {@link #DECLARED} is the one list of
 * its settings: {@code --help}, the unknown-flag check and the README's table come from it.
 */
record QuerySettings(
    ServerConfig server,
    String redisUri,
    long redisTimeoutMs,
    long calibrationRefreshMs,
    int maxReadsInFlight,
    int maxWatchers,
    int watchQueueMessages,
    boolean readFromReplicas,
    int httpPort,
    HttpLimits httpLimits) {

  static final Setting<Long> CALIBRATION_REFRESH_MS =
      Setting.ofLong(
          "calibration-refresh-ms",
          5000L,
          "how often query re-reads the raw-score histogram and the score clock");
  static final Setting<Integer> MAX_READS_IN_FLIGHT =
      Setting.ofInt(
          "max-reads-in-flight",
          20_000,
          "account reads in flight across calls (a BatchGetScores costs its size); beyond it"
              + " RESOURCE_EXHAUSTED");

  static final Setting<Integer> MAX_WATCHERS =
      Setting.ofInt(
          "max-watchers",
          256,
          "WatchScores streams open at once (each also holds one of max-inflight-calls); beyond"
              + " it RESOURCE_EXHAUSTED");
  static final Setting<Integer> WATCH_QUEUE_MESSAGES =
      Setting.ofInt(
          "watch-queue-messages",
          1000,
          "messages a WatchScores client may leave unread; beyond it the stream is closed with"
              + " RESOURCE_EXHAUSTED (it reconnects and gets the current state)");

  static final Setting<String> REDIS_READ_FROM =
      Setting.ofChoice(
          "redis-read-from",
          "master",
          Set.of("master", "replica-preferred"),
          "on a Redis Cluster: replica-preferred reads from a replica when one is up (scores may"
              + " then trail an acknowledged write by the replication lag, milliseconds); master"
              + " reads what was just written");

  static final Setting<Integer> HTTP_PORT =
      Setting.ofInt(
          "http-port",
          8053,
          "port of the read API as JSON over HTTP (GET /v1/…, the contract's google.api.http"
              + " bindings; docs/http.md); 0 = any free port, -1 = none");

  static final Setting<Long> HTTP_HEADER_TIMEOUT_MS =
      Setting.ofLong(
          "http-header-timeout-ms",
          HttpLimits.DEFAULT.headerTimeoutMs(),
          "an HTTP connection whose request headers have not all arrived this long after it opened"
              + " is closed");
  static final Setting<Long> HTTP_BODY_TIMEOUT_MS =
      Setting.ofLong(
          "http-body-timeout-ms",
          HttpLimits.DEFAULT.bodyTimeoutMs(),
          "an HTTP connection whose request body has not all arrived this long after its headers"
              + " is closed");
  static final Setting<Integer> HTTP_MAX_CONNECTIONS =
      Setting.ofInt(
          "http-max-connections",
          HttpLimits.DEFAULT.maxConnections(),
          "HTTP connections open at once; beyond it 503 at once");
  static final Setting<Integer> HTTP_MAX_CONNECTIONS_PER_ADDRESS =
      Setting.ofInt(
          "http-max-connections-per-address",
          HttpLimits.DEFAULT.maxConnectionsPerAddress(),
          "HTTP connections one client address may hold at once; beyond it 429 at once (behind a"
              + " proxy, raise it to http-max-connections: every client has the proxy's address)");

  /** Every setting of the query service. */
  static final List<Setting<?>> DECLARED = declared();

  private static List<Setting<?>> declared() {
    List<Setting<?>> all = new ArrayList<>(ServerSettings.server(50053, 9093));
    all.addAll(ServerSettings.AUTHENTICATION);
    all.addAll(ServerSettings.redis(1000));
    all.add(REDIS_READ_FROM);
    all.addAll(
        List.of(
            CALIBRATION_REFRESH_MS,
            MAX_READS_IN_FLIGHT,
            MAX_WATCHERS,
            WATCH_QUEUE_MESSAGES,
            HTTP_PORT,
            HTTP_HEADER_TIMEOUT_MS,
            HTTP_BODY_TIMEOUT_MS,
            HTTP_MAX_CONNECTIONS,
            HTTP_MAX_CONNECTIONS_PER_ADDRESS));
    return List.copyOf(all);
  }

  static QuerySettings read(Settings s) {
    return new QuerySettings(
        ServerConfig.from("query", s, DECLARED),
        s.get(ServerSettings.REDIS_URI),
        s.get(ServerSettings.in(DECLARED, ServerSettings.REDIS_TIMEOUT_MS)),
        s.get(CALIBRATION_REFRESH_MS),
        s.get(MAX_READS_IN_FLIGHT),
        s.get(MAX_WATCHERS),
        s.get(WATCH_QUEUE_MESSAGES),
        s.get(REDIS_READ_FROM).equals("replica-preferred"),
        s.get(HTTP_PORT),
        new HttpLimits(
            s.get(HTTP_HEADER_TIMEOUT_MS),
            s.get(HTTP_BODY_TIMEOUT_MS),
            s.get(HTTP_MAX_CONNECTIONS),
            s.get(HTTP_MAX_CONNECTIONS_PER_ADDRESS)));
  }
}
