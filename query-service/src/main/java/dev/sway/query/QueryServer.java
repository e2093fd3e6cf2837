package dev.sway.query;

import dev.sway.checks.CanonicalAccounts;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.Auth;
import dev.sway.runtime.AuthInterceptor;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import dev.sway.store.RedisConnector;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The query service: the read API over Redis. Never calls scoring. Its settings are declared in
 * {@link QuerySettings} ({@code --help} lists them).
 */
public final class QueryServer {
  /** Deadline of one HTTP/JSON call (reads answer in milliseconds). */
  static final long HTTP_DEADLINE_MS = 10_000;

  /**
   * Batches of account reads out at once (see {@link RecordBatcher}): two, so that Redis reads one
   * while the service answers the calls of the other, and a batch on a cluster does not wait for
   * the slowest node of the one before it to be sent.
   */
  static final int READ_BATCHES_IN_FLIGHT = 2;

  private QueryServer() {}

  /** Every setting this service reads (what {@code --help} prints). */
  public static final List<Setting<?>> SETTINGS = QuerySettings.DECLARED;

  public static void main(String[] args) throws Exception {
    ServiceHost.main(
        args,
        "query-service",
        "The read API over Redis: scores, history, leaderboards and explanations.",
        QuerySettings.DECLARED,
        QueryServer::start);
  }

  public static ServiceHost start(Settings settings) throws IOException {
    QuerySettings config = QuerySettings.read(settings);
    long timeoutMs = config.redisTimeoutMs();
    // Served on the query service itself, not by a separate gateway: no extra hop, and the HTTP
    // calls pass the same key check, limits and metrics as gRPC ones.
    ServiceHost.Builder b =
        ServiceHost.builder(config.server())
            .tls(settings)
            .httpJson(config.httpPort(), HTTP_DEADLINE_MS)
            .httpLimits(config.httpLimits())
            .httpFiles("/dev/sway/web")
            .httpPages(
                g -> {
                  WebCard.install(g);
                  ScoreBadge.install(g);
                  // Half the HTTP port's threads at most: the page's other calls always get one.
                  ScoreEvents.install(
                      g,
                      Math.max(
                          1,
                          Math.min(config.maxWatchers(), config.httpLimits().maxConnections() / 2)),
                      HTTP_DEADLINE_MS);
                });
    AuthInterceptor auth = Auth.interceptor("query", settings, ApiKeys.QUERY_READ, Map.of());
    if (auth != null) {
      b.intercept(auth).httpAuth(auth);
    }
    // One spelling of every account id before any check, key or suppression hash.
    b.intercept(new CanonicalAccounts());
    RedisConnector redis =
        RedisConnector.connect(
            config.redisUri(), timeoutMs, b.registry(), config.readFromReplicas());
    RecordBatcher records = null;
    try {
      records =
          new RecordBatcher(
              redis.dedicatedBinary(),
              redis.isCluster(),
              config.maxReadsInFlight(),
              READ_BATCHES_IN_FLIGHT);
      CalibrationCache calibration =
          new CalibrationCache(redis, config.calibrationRefreshMs(), b.registry());
      calibration.start(timeoutMs);
      ScoreReader reader = new ScoreReader(redis, records);
      Watchers watchers =
          new Watchers(
                  reader,
                  calibration,
                  redis,
                  Clock.systemUTC(),
                  config.watchQueueMessages(),
                  config.maxWatchers(),
                  timeoutMs,
                  b.registry())
              .start();
      return b.addService(
              new QueryGrpcService(
                      reader,
                      calibration,
                      Clock.systemUTC(),
                      Counter.builder("sway.redis.errors")
                          .description("Redis operations that failed or timed out")
                          .register(b.registry()),
                      config.maxReadsInFlight())
                  .watchers(watchers))
          .nonBlocking()
          .closeOnShutdown(redis)
          .closeOnShutdown(records)
          .closeOnShutdown(calibration)
          .closeOnShutdown(watchers)
          .build()
          .start();
    } catch (Exception e) {
      if (records != null) {
        records.close();
      }
      redis.close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot start query service: " + e.getMessage(), e);
    }
  }
}
