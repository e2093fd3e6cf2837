package dev.sway.query;

import dev.sway.model.Calibration;
import dev.sway.model.Decay;
import dev.sway.model.RawHistogram;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The population's raw-score histogram, which the scoring service keeps exact as it writes, re-read
 * every {@code refreshMs} (400 KB) together with the score clock. Scores are stored raw and mapped
 * to 1-100 when read, so every account and every history point is shown on the same, latest
 * calibration, and a leaderboard ordered by raw score stays ordered after recalibration.
 */
final class CalibrationCache implements AutoCloseable {
  private static final Logger log = Logger.getLogger(CalibrationCache.class.getName());

  private final RedisClusterAsyncCommands<String, String> redis;
  private final long refreshMs;
  private volatile Calibration current = Calibration.bootstrap();

  /** The score clock's day (the day scores are brought to), Long.MIN_VALUE before any event. */
  private volatile long clockDay = Long.MIN_VALUE;

  private final RedisConnector connector;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "calibration-refresh");
            t.setDaemon(true);
            return t;
          });

  private final AtomicLong leaderboardSize = new AtomicLong();

  CalibrationCache(RedisConnector connector, long refreshMs, MeterRegistry registry) {
    this.connector = connector;
    this.redis = connector.async();
    this.refreshMs = refreshMs;
    Gauge.builder("sway.leaderboard.accounts", leaderboardSize, AtomicLong::get)
        .description("Accounts on the global leaderboard")
        .tag("board", "all")
        .register(registry);
  }

  /** The latest calibration read; never blocks. */
  Calibration get() {
    return current;
  }

  /** The score clock's day; Long.MIN_VALUE before any event. */
  long clockDay() {
    return clockDay;
  }

  /** Reads the calibration now and waits for it, then keeps re-reading it in the background. */
  void start(long timeoutMs) throws Exception {
    refresh().get(timeoutMs, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        () -> {
          refresh()
              .exceptionally(
                  e -> {
                    log.log(Level.FINE, "calibration refresh failed", e);
                    return null;
                  });
          // The leaderboard's size, for dashboards; read on the same schedule.
          Leaderboards.of(connector)
              .size(redis, RedisKeys.LEADERBOARD_ALL)
              .thenAccept(leaderboardSize::set);
        },
        refreshMs,
        refreshMs,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** Re-reads the histogram and the clock; completes when both are installed. */
  CompletableFuture<Void> refresh() {
    CompletableFuture<Void> hist =
        connector
            .getBytes(RedisKeys.CALIBRATION_HISTOGRAM)
            .thenAccept(bytes -> current = Calibration.of(RawHistogram.fromBytes(bytes)));
    CompletableFuture<Void> clock =
        redis
            .get(RedisKeys.SCORE_CLOCK)
            .toCompletableFuture()
            .thenAccept(
                ms ->
                    clockDay =
                        ms == null
                            ? Long.MIN_VALUE
                            : Math.floorDiv(Long.parseLong(ms), Decay.DAY_MS));
    return CompletableFuture.allOf(hist, clock);
  }
}
