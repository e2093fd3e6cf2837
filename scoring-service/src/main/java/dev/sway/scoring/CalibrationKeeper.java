package dev.sway.scoring;

import dev.sway.model.Calibration;
import dev.sway.store.AccountFields;
import dev.sway.store.CalibrationRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Keeps the population calibration current. Every {@code intervalMs}, when accounts were
 * scored since the last build, it reads every account's raw score (SCAN, pipelined HGETs)
 * into a fresh KLL sketch and publishes it as the next calibration version in
 * {@link RedisKeys#CALIBRATION}, where the query service picks it up. Memory stays a few KiB
 * whatever the population; nothing is sorted.
 */
public final class CalibrationKeeper implements AutoCloseable {
  private static final Logger log = Logger.getLogger(CalibrationKeeper.class.getName());

  private final RedisCommands<String, String> redis;
  private final RedisAsyncCommands<String, String> async;
  private final Clock clock;
  private final AtomicLong updatesSinceBuild = new AtomicLong();
  private final ScheduledExecutorService scheduler;
  private volatile Calibration current;

  public CalibrationKeeper(RedisConnector connector, Clock clock) {
    this.redis = connector.connection().sync();
    this.async = connector.async();
    this.clock = clock;
    this.current = load(redis);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "calibration");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reads the published calibration, or the bootstrap one when none is published. */
  public static Calibration load(RedisCommands<String, String> redis) {
    CalibrationRecord r = CalibrationRecord.decode(redis.hgetall(RedisKeys.CALIBRATION));
    return r == null ? Calibration.bootstrap() : Calibration.fromBytes(r.sketch(), r.version());
  }

  public void start(long intervalMs) {
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        if (updatesSinceBuild.get() > 0) {
          rebuild();
        }
      } catch (RuntimeException e) {
        log.log(Level.WARNING, "calibration rebuild failed; keeping version " + current.version(), e);
      }
    }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  public Calibration current() {
    return current;
  }

  void noteUpdates(int accounts) {
    updatesSinceBuild.addAndGet(accounts);
  }

  /** Builds and publishes a calibration from every scored account; returns it. */
  public synchronized Calibration rebuild() {
    updatesSinceBuild.set(0);
    KllDoublesSketch sketch = Calibration.newSketch();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches("sway:a:*").limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      // One pipelined round trip per page of keys.
      List<RedisFuture<String>> raws = new ArrayList<>(page.getKeys().size());
      for (String key : page.getKeys()) {
        raws.add(async.hget(key, AccountFields.RAW));
      }
      for (RedisFuture<String> f : raws) {
        String raw = f.toCompletableFuture().join();
        if (raw != null) {
          sketch.update(Double.parseDouble(raw));
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    if (sketch.getN() < Calibration.MIN_POPULATION) {
      return current;
    }
    CalibrationRecord previous = CalibrationRecord.decode(redis.hgetall(RedisKeys.CALIBRATION));
    long version = previous == null ? 1 : previous.version() + 1;
    redis.hset(RedisKeys.CALIBRATION,
        new CalibrationRecord(version, sketch.getN(), clock.millis(), sketch.toByteArray()).encode());
    current = Calibration.of(sketch, version);
    log.info(() -> "calibration version " + version + " from " + sketch.getN() + " accounts");
    return current;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
