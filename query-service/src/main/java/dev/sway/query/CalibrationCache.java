package dev.sway.query;

import dev.sway.model.Calibration;
import dev.sway.store.CalibrationRecord;
import dev.sway.store.RedisKeys;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The calibration published by the scoring service, re-read every {@code refreshMs}.
 * Scores are stored raw and mapped to 1-100 when read, so every account is shown on the same,
 * latest calibration, and a leaderboard ordered by raw score stays ordered after recalibration.
 */
final class CalibrationCache implements AutoCloseable {
  private static final Logger log = Logger.getLogger(CalibrationCache.class.getName());

  private final RedisAsyncCommands<String, String> redis;
  private final long refreshMs;
  private volatile Calibration current = Calibration.bootstrap();
  private volatile String loadedStamp = "";
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "calibration-refresh");
    t.setDaemon(true);
    return t;
  });

  private final java.util.concurrent.atomic.AtomicLong leaderboardSize = new java.util.concurrent.atomic.AtomicLong();

  CalibrationCache(RedisAsyncCommands<String, String> redis, long refreshMs,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.redis = redis;
    this.refreshMs = refreshMs;
    io.micrometer.core.instrument.Gauge.builder("sway.leaderboard.accounts", leaderboardSize, java.util.concurrent.atomic.AtomicLong::get)
        .description("Accounts on the global leaderboard").tag("board", "all").register(registry);
  }

  /** The latest calibration read; never blocks. */
  Calibration get() {
    return current;
  }

  /** Reads the calibration now and waits for it, then keeps re-reading it in the background. */
  void start(long timeoutMs) throws Exception {
    install(redis.hgetall(RedisKeys.CALIBRATION).get(timeoutMs, TimeUnit.MILLISECONDS));
    scheduler.scheduleWithFixedDelay(() -> {
      redis.hgetall(RedisKeys.CALIBRATION).thenAccept(this::install).exceptionally(e -> {
        log.log(Level.FINE, "calibration refresh failed", e);
        return null;
      });
      // The leaderboard's size, for dashboards; read on the same schedule.
      redis.zcard(RedisKeys.LEADERBOARD_ALL).thenAccept(leaderboardSize::set);
    }, refreshMs, refreshMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void install(Map<String, String> h) {
    CalibrationRecord r = CalibrationRecord.decode(h);
    if (r == null || (r.version() + ":" + r.builtMs()).equals(loadedStamp)) {
      return;
    }
    current = Calibration.fromBytes(r.sketch(), r.version());
    loadedStamp = r.version() + ":" + r.builtMs();
  }
}
