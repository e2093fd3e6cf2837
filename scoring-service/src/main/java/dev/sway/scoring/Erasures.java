package dev.sway.scoring;

import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Timestamp;
import dev.sway.store.RedisKeys;
import dev.sway.v1.ErasePersonMetadata;
import dev.sway.v1.ErasePersonResponse;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Erasure as a long-running operation (AIP-151). {@link #start} removes the accounts' own data at
 * once (what the account, its person, its leaderboards and its history hold: nothing reads a score
 * of it afterwards) and leaves the pass over every other record, which finds the erased accounts in
 * engager tables, to one background thread. The operation lives in Redis ({@link
 * RedisKeys#operation}), so any replica answers {@link #get} and a replica that starts, or finds an
 * operation whose owner stopped moving it, resumes it: every step is idempotent.
 *
 * <p>The pending operation holds the erased members (it needs them to finish); the finished one
 * holds only counts.
 */
public final class Erasures implements AutoCloseable {
  private static final Logger log = Logger.getLogger(Erasures.class.getName());
  static final String NAME_PREFIX = "operations/erase-";

  /** An operation not moved for this long is taken over by whichever replica looks. */
  static final long STALE_MS = 60_000;

  private final PersonAdmin persons;
  private final RedisClusterCommands<String, String> redis;
  private final Clock clock;
  private final ExecutorService worker;
  private final ScheduledExecutorService resumer;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /**
   * @param worker runs the passes over the records, one at a time
   * @param resumeEveryMs how often to look for operations to take over; 0 for never (tests)
   */
  Erasures(
      PersonAdmin persons,
      AccountStore store,
      Clock clock,
      ExecutorService worker,
      long resumeEveryMs) {
    this.persons = persons;
    this.redis = store.connector().sync();
    this.clock = clock;
    this.worker = worker;
    this.resumer =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scoring-erasure-resume"));
    if (resumeEveryMs > 0) {
      resumer.scheduleWithFixedDelay(this::resumeStale, 0, resumeEveryMs, TimeUnit.MILLISECONDS);
    }
  }

  static ExecutorService worker() {
    return Executors.newSingleThreadExecutor(r -> daemon(r, "scoring-erasure"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Erases the accounts' own data now and returns the operation that erases the rest. Runs on the
   * caller's thread (the admin thread) and blocks on Redis.
   */
  public Operation start(String personId, List<String> members) {
    Set<String> accounts = persons.accountsToErase(personId, members);
    // Suppressed first: from here on no batch stores anything new about them.
    persons.suppress(accounts);
    Set<String> stored = persons.storedAs(accounts);
    String id = "erase-" + UUID.randomUUID();
    long now = clock.millis();
    String key = RedisKeys.operation(id);
    // Recorded next: if this replica stops right after, another one finishes the job.
    redis.hset(
        key,
        Map.of(
            "accounts",
            String.join("\n", stored),
            "account_count",
            Integer.toString(accounts.size()),
            "created_ms",
            Long.toString(now),
            "updated_ms",
            Long.toString(now),
            "scanned",
            "0"));
    redis.sadd(RedisKeys.PENDING_OPERATIONS, id);
    PersonAdmin.Erased own = persons.eraseOwn(personId, stored);
    redis.hset(
        key,
        Map.of(
            "keys",
            Long.toString(own.deletedKeys()),
            "entries",
            Long.toString(own.removedEntries()),
            "person",
            personId == null ? "" : personId));
    submit(id);
    return get(id);
  }

  private void submit(String id) {
    if (!running.add(id)) {
      return;
    }
    try {
      worker.execute(
          () -> {
            try {
              finish(id);
            } catch (RuntimeException e) {
              // Left pending: the next look for stale operations, here or on another replica,
              // resumes it.
              log.log(Level.WARNING, "erasure " + id + " interrupted; it will be resumed", e);
            } finally {
              running.remove(id);
            }
          });
    } catch (RejectedExecutionException e) {
      running.remove(id);
    }
  }

  /**
   * The pass over the other records, then the own data once more, then the de-duplication sets (a
   * scan of the id sets), then the result.
   */
  private void finish(String id) {
    String key = RedisKeys.operation(id);
    Map<String, String> op = redis.hgetall(key);
    if (op.isEmpty() || "1".equals(op.get("done"))) {
      redis.srem(RedisKeys.PENDING_OPERATIONS, id);
      return;
    }
    Set<String> accounts =
        new LinkedHashSet<>(Arrays.asList(op.getOrDefault("accounts", "").split("\n")));
    accounts.remove("");
    String person = op.getOrDefault("person", "");
    long entries =
        persons.eraseEngagement(
            accounts,
            scanned ->
                redis.hset(
                    key,
                    Map.of(
                        "scanned",
                        Long.toString(scanned),
                        "updated_ms",
                        Long.toString(clock.millis()))));
    // A batch that read an erased account before the erasure may have written it back since.
    PersonAdmin.Erased again = persons.eraseOwn(person.isEmpty() ? null : person, accounts);
    long ids = persons.eraseEventIds(accounts);
    entries += persons.eraseFromChangeFeed(accounts, person.isEmpty() ? null : person);
    long keys = Long.parseLong(op.getOrDefault("keys", "0")) + again.deletedKeys() + ids;
    entries += Long.parseLong(op.getOrDefault("entries", "0")) + again.removedEntries();
    redis.hset(
        key,
        Map.of(
            "done",
            "1",
            "keys",
            Long.toString(keys),
            "entries",
            Long.toString(entries),
            "updated_ms",
            Long.toString(clock.millis())));
    redis.hdel(key, "accounts", "person");
    redis.expire(key, RedisKeys.OPERATION_TTL_SECONDS);
    redis.srem(RedisKeys.PENDING_OPERATIONS, id);
  }

  /** Resumes the pending operations that nobody moved for {@link #STALE_MS}. */
  void resumeStale() {
    try {
      for (String id : redis.smembers(RedisKeys.PENDING_OPERATIONS)) {
        String updated = redis.hget(RedisKeys.operation(id), "updated_ms");
        if (updated == null || clock.millis() - Long.parseLong(updated) >= STALE_MS) {
          submit(id);
        }
      }
    } catch (RuntimeException e) {
      log.log(Level.FINE, "could not look for erasures to resume", e);
    }
  }

  /** Whether {@code name} can name an erasure (checked before anything reads Redis). */
  static boolean validName(String name) {
    if (!name.startsWith(NAME_PREFIX)) {
      return false;
    }
    try {
      UUID.fromString(name.substring(NAME_PREFIX.length()));
      return name.length() == NAME_PREFIX.length() + 36;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The operation {@code id} ({@code erase-…}) as stored; null when unknown or expired. */
  public Operation get(String id) {
    Map<String, String> op = redis.hgetall(RedisKeys.operation(id));
    if (op.isEmpty()) {
      return null;
    }
    ErasePersonMetadata meta =
        ErasePersonMetadata.newBuilder()
            .setAccountCount(Integer.parseInt(op.getOrDefault("account_count", "0")))
            .setScannedRecordCount(Long.parseLong(op.getOrDefault("scanned", "0")))
            .setCreateTime(timestamp(Long.parseLong(op.getOrDefault("created_ms", "0"))))
            .setUpdateTime(timestamp(Long.parseLong(op.getOrDefault("updated_ms", "0"))))
            .build();
    Operation.Builder b =
        Operation.newBuilder().setName("operations/" + id).setMetadata(Any.pack(meta));
    if ("1".equals(op.get("done"))) {
      b.setDone(true)
          .setResponse(
              Any.pack(
                  ErasePersonResponse.newBuilder()
                      .setAccountCount(meta.getAccountCount())
                      .setDeletedKeyCount(Long.parseLong(op.getOrDefault("keys", "0")))
                      .setRemovedEntryCount(Long.parseLong(op.getOrDefault("entries", "0")))
                      .build()));
    }
    return b.build();
  }

  private static Timestamp timestamp(long ms) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(ms, 1000))
        .setNanos(Math.floorMod(ms, 1000) * 1_000_000)
        .build();
  }

  /** Stops looking for work and lets the current pass end at its next page (it stays pending). */
  @Override
  public void close() {
    resumer.shutdownNow();
    worker.shutdownNow();
  }
}
