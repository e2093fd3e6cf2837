package dev.sway.scoring;

import dev.sway.model.Decay;
import dev.sway.model.EngagerTable;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisKeys;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decay for everyone: brings the score of every account that received nothing on the score clock's
 * current day forward to the end of that day, so idle accounts fall in GetScore, on the
 * leaderboards and in the calibration without new events.
 *
 * <p>The score clock is the latest event time stored ({@link RedisKeys#SCORE_CLOCK}; a backfill of
 * old data is scored as of its own time), or in {@code wall} mode the later of that and the wall
 * clock. Once per clock day a pass SCANs every account record and re-evaluates those whose
 * evaluation day is earlier. Its write is a compare-and-set like a batch's: a batch that wrote
 * since wins and the sweep takes that account again; a batch that read before the sweep wrote gets
 * the swept record back from its own write and retries from it at no extra read. The pass is
 * bounded in accounts per second, saves its SCAN cursor after every page in {@link RedisKeys#SWEEP}
 * so a restarted or another replica resumes it, and holds a lease ({@link RedisKeys#SWEEP_LEASE})
 * so one replica sweeps at a time. It changes no decayed sum, only what is evaluated from them, so
 * it never changes what later events are worth: scores are the same whenever it runs.
 *
 * <p>Runs on its own single thread; {@link #sweepNow()} runs a pass on the caller's thread.
 */
public final class DecaySweeper implements AutoCloseable {
  private static final Logger log = Logger.getLogger(DecaySweeper.class.getName());
  private static final int PAGE = 500;
  private static final long LEASE_MS = 30_000;

  private final ScoringModel model;
  private final AccountStore store;
  private final Clock clock;
  private final boolean wallClock;
  private final double accountsPerSecond;
  private final String owner = UUID.randomUUID().toString();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "decay-sweep");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param wallClock whether the wall clock also moves the score clock (else event time only)
   * @param accountsPerSecond upper bound on accounts examined per second
   */
  public DecaySweeper(
      ScoringModel model,
      AccountStore store,
      Clock clock,
      boolean wallClock,
      double accountsPerSecond) {
    this.model = model;
    this.store = store;
    this.clock = clock;
    this.wallClock = wallClock;
    this.accountsPerSecond = accountsPerSecond;
  }

  /** Checks every {@code intervalMs} whether a new day needs a pass, and runs it. */
  public void start(long intervalMs) {
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            sweepNow();
          } catch (RuntimeException e) {
            log.log(Level.WARNING, "decay sweep interrupted; it resumes from its saved cursor", e);
          }
        },
        intervalMs,
        intervalMs,
        TimeUnit.MILLISECONDS);
  }

  /**
   * The day scores are brought to: the score clock's day; Long.MIN_VALUE when nothing is scored.
   */
  public long clockDay() {
    long events = store.scoreClockMs();
    long day = events < 0 ? Long.MIN_VALUE : Math.floorDiv(events, Decay.DAY_MS);
    return wallClock ? Math.max(day, Math.floorDiv(clock.millis(), Decay.DAY_MS)) : day;
  }

  /**
   * Runs (or resumes) the pass of the current clock day to its end, unless it is done or another
   * replica holds the lease. Returns the number of accounts re-evaluated.
   */
  public synchronized int sweepNow() {
    long day = clockDay();
    if (day == Long.MIN_VALUE || !lease()) {
      return 0;
    }
    var redis = store.redis();
    Map<String, String> progress = store.join(redis.hgetall(RedisKeys.SWEEP).toCompletableFuture());
    ScanCursor cursor = ScanCursor.INITIAL;
    if (Long.toString(day).equals(progress.get("day"))) {
      if ("1".equals(progress.get("done"))) {
        return 0;
      }
      // A cluster's SCAN cursor is one per node, held by the client: a pass interrupted there
      // starts the day again (accounts already evaluated that day cost a read, not a write).
      if (!store.connector().isCluster()) {
        cursor = ScanCursor.of(progress.getOrDefault("cursor", "0"));
      }
    }
    int swept = 0;
    long examined = 0;
    long startNanos = System.nanoTime();
    ScanArgs args = ScanArgs.Builder.matches(RedisKeys.ALL_ACCOUNTS).limit(PAGE);
    do {
      KeyScanCursor<String> page = store.join(redis.scan(cursor, args).toCompletableFuture());
      swept += sweepPage(page.getKeys(), day);
      examined += page.getKeys().size();
      cursor = page;
      store.join(
          redis
              .hset(
                  RedisKeys.SWEEP,
                  Map.of(
                      "day",
                      Long.toString(day),
                      "cursor",
                      page.getCursor(),
                      "done",
                      page.isFinished() ? "1" : "0"))
              .toCompletableFuture());
      if (!lease()) {
        return swept;
      }
      pace(examined, startNanos);
    } while (!cursor.isFinished());
    final int total = swept;
    log.fine(() -> "decay sweep of day " + day + ": " + total + " accounts re-evaluated");
    return swept;
  }

  /**
   * Re-evaluates the idle accounts among {@code keys}; retries an account a concurrent write moved.
   */
  private int sweepPage(List<String> keys, long day) {
    List<String> idle = new ArrayList<>();
    for (String key : keys) {
      idle.add(key.substring("sway:a:{".length(), key.length() - 1));
    }
    int done = 0;
    for (int attempt = 0; attempt < 4 && !idle.isEmpty(); attempt++) {
      Map<String, AccountRecord> read = store.read(idle, Map.of()).records();
      List<AccountWrites.Encoded> writes = new ArrayList<>();
      for (String m : idle) {
        AccountRecord r = read.get(m);
        if (!r.state.isScored() || r.state.evaluationDay() >= day) {
          continue; // not scored, erased, or moved on by an event since the page was read
        }
        r.state.sweptDay = day;
        // Retention: pair state of engagers silent for longer than the model keeps it. The
        // cutoff is from the start of the clock's day, so the sweep never drops what the
        // account's next event (at or after the clock) would still use.
        r.state.engagerTable.expire(day * Decay.DAY_MS - EngagerTable.RETENTION_MS);
        writes.add(AccountWrites.encode(model, m, r, null, List.of(), List.of(), clock.millis()));
      }
      List<StateStore.Ranked> ranked = new ArrayList<>();
      List<String> retry = new ArrayList<>();
      // The batches' lock: a leaderboard entry of this page is never written after a batch's
      // newer one for the same account.
      synchronized (store.writeOrder()) {
        boolean[] ok = store.write(writes.stream().map(AccountWrites.Encoded::write).toList());
        for (int i = 0; i < writes.size(); i++) {
          if (ok[i]) {
            ranked.add(writes.get(i).ranked());
          } else {
            retry.add(writes.get(i).write().member());
          }
        }
        store.afterWrite(ranked, Map.of(), -1);
      }
      done += ranked.size();
      idle = retry;
    }
    return done;
  }

  /** Takes or renews the lease; false when another replica holds it. */
  private boolean lease() {
    var redis = store.redis();
    String got =
        store.join(
            redis
                .set(RedisKeys.SWEEP_LEASE, owner, SetArgs.Builder.nx().px(LEASE_MS))
                .toCompletableFuture());
    if ("OK".equals(got)) {
      return true;
    }
    String holder = store.join(redis.get(RedisKeys.SWEEP_LEASE).toCompletableFuture());
    if (owner.equals(holder)) {
      store.join(redis.pexpire(RedisKeys.SWEEP_LEASE, LEASE_MS).toCompletableFuture());
      return true;
    }
    return false;
  }

  private void pace(long examined, long startNanos) {
    long dueNanos = (long) (examined / accountsPerSecond * 1e9);
    long sleepMs = (dueNanos - (System.nanoTime() - startNanos)) / 1_000_000;
    if (sleepMs > 0) {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    // Another replica may take over at once.
    try {
      var redis = store.redis();
      if (owner.equals(redis.get(RedisKeys.SWEEP_LEASE).get(1, TimeUnit.SECONDS))) {
        redis.del(RedisKeys.SWEEP_LEASE).get(1, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      log.log(Level.FINE, "could not release the sweep lease; it expires by itself", e);
    }
  }
}
