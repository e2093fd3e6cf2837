package dev.sway.query;

import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.Auth;
import dev.sway.runtime.AuthInterceptor;
import dev.sway.runtime.ServerConfig;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.store.RedisConnector;
import java.io.IOException;

/**
 * The query service: the read API over Redis. Never calls scoring.
 *
 * <p>Settings: {@code --grpc-port} / {@code SWAY_GRPC_PORT} (50053), {@code --metrics-port} (9093),
 * {@code --redis-uri} (redis://127.0.0.1:6379), {@code --redis-timeout-ms} (1000), {@code
 * --calibration-refresh-ms} (5000), plus the common settings of {@link ServerConfig}.
 */
public final class QueryServer {
  private QueryServer() {}

  public static void main(String[] args) throws Exception {
    ServiceHost.main(args, QueryServer::start);
  }

  public static ServiceHost start(Settings settings) throws IOException {
    ServerConfig config = ServerConfig.from("query", settings, 50053, 9093);
    long timeoutMs = settings.getLong("redis-timeout-ms", 1000);
    ServiceHost.Builder b = ServiceHost.builder(config).tls(settings);
    AuthInterceptor auth =
        Auth.interceptor("query", settings, ApiKeys.QUERY_READ, java.util.Map.of());
    if (auth != null) {
      b.intercept(auth);
    }
    RedisConnector redis =
        RedisConnector.connect(
            settings.get("redis-uri", "redis://127.0.0.1:6379"), timeoutMs, b.registry());
    try {
      CalibrationCache calibration =
          new CalibrationCache(
              redis, settings.getLong("calibration-refresh-ms", 5000), b.registry());
      calibration.start(timeoutMs);
      return b.addService(
              new QueryGrpcService(
                  new ScoreReader(redis),
                  calibration,
                  java.time.Clock.systemUTC(),
                  io.micrometer.core.instrument.Counter.builder("sway.redis.errors")
                      .description("Redis operations that failed or timed out")
                      .register(b.registry()),
                  settings.getInt("max-reads-in-flight", 20_000)))
          .nonBlocking()
          .closeOnShutdown(redis)
          .closeOnShutdown(calibration)
          .build()
          .start();
    } catch (Exception e) {
      redis.close();
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot start query service: " + e.getMessage(), e);
    }
  }
}
