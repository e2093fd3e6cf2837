package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.longrunning.Operation;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.RedisKeys;
import dev.sway.v1.ErasePersonMetadata;
import dev.sway.v1.ErasePersonResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure as a long-running operation: what the call itself removes, what the operation removes
 * later, and an operation resumed by another replica after its owner stopped.
 */
class ErasuresRedisTest {
  static final long T0 = 1_780_000_000_000L;
  static RedisScoring local;

  /** An executor that runs nothing until told: the test decides when the pass happens. */
  static final class Held extends AbstractExecutorService {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public void execute(Runnable r) {
      tasks.add(r);
    }

    void runAll() {
      List<Runnable> now = new ArrayList<>(tasks);
      tasks.clear();
      now.forEach(Runnable::run);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  static ModelEvent share(String id, String actor, String target, long t) {
    return new ModelEvent(id, InteractionKind.SHARE, actor, target, List.of("chess"), t);
  }

  /** x:a engages x:b and x:c; x:d engages x:a. */
  static void load() {
    local.scorer.apply(
        List.of(),
        List.of(
            share("1", "x:a", "x:b", T0),
            share("2", "x:a", "x:c", T0 + 1),
            share("3", "x:d", "x:a", T0 + 2)));
  }

  /** A scorer whose suppression check ran before the erasure: it sees nothing suppressed. */
  static BatchScorer beforeSuppression() {
    StateStore store =
        new StateStore() {
          @Override
          public Reads read(Collection<String> members, Map<String, List<ModelEvent>> received) {
            return local.store.read(members, received);
          }

          @Override
          public boolean[] write(List<AccountWrite> writes) {
            return local.store.write(writes);
          }

          @Override
          public void afterWrite(
              List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs) {
            local.store.afterWrite(ranked, topicCounts, clockMs);
          }

          @Override
          public Standing standing(Collection<Long> hashes, boolean registrations) {
            return new Standing(Set.of(), Set.of());
          }

          @Override
          public Object writeOrder() {
            return local.store.writeOrder();
          }
        };
    return new BatchScorer(
        local.model, store, Clock.systemUTC(), new ScoringMetrics(new SimpleMeterRegistry()));
  }

  static Clock at(long ms) {
    return Clock.fixed(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }

  @Test
  void theCallRemovesTheAccountsOwnDataAndTheOperationTheRest() throws Exception {
    load();
    Held worker = new Held();
    PersonAdmin persons = new PersonAdmin(local.store);
    try (Erasures erasures = new Erasures(persons, local.store, at(T0), worker, 0)) {
      Operation op = erasures.start(null, List.of("x:a"));

      assertThat(op.getDone()).isFalse();
      assertThat(op.getName()).matches("operations/erase-[0-9a-f-]{36}");
      assertThat(op.getMetadata().unpack(ErasePersonMetadata.class).getAccountCount()).isEqualTo(1);
      // Already gone: the account's record, history and leaderboard entry.
      assertThat(local.record("x:a").exists()).isFalse();
      assertThat(local.sync.exists(RedisKeys.history("x:a"))).isZero();
      assertThat(local.sync.zscore(RedisKeys.LEADERBOARD_ALL, "x:a")).isNull();
      // Not yet (each takes a scan): its place in the engager tables of the accounts it engaged,
      // and its de-duplication sets.
      assertThat(local.record("x:b").state.engagerTable.get("x:a")).isNotNull();
      String ids = RedisKeys.events("x:a", RedisKeys.eventBucket(T0 + 2));
      assertThat(local.sync.exists(ids)).isEqualTo(1);

      worker.runAll();

      Operation done = erasures.get(op.getName().substring("operations/".length()));
      assertThat(done.getDone()).isTrue();
      ErasePersonResponse r = done.getResponse().unpack(ErasePersonResponse.class);
      assertThat(r.getAccountCount()).isEqualTo(1);
      assertThat(r.getRemovedEntryCount()).isGreaterThanOrEqualTo(2 + 2);
      assertThat(local.record("x:b").state.engagerTable.get("x:a")).isNull();
      assertThat(local.record("x:c").state.engagerTable.get("x:a")).isNull();
      assertThat(local.sync.exists(ids)).isZero();
      // Other accounts' id sets stay.
      assertThat(local.sync.exists(RedisKeys.events("x:b", RedisKeys.eventBucket(T0))))
          .isEqualTo(1);
      assertThat(done.getMetadata().unpack(ErasePersonMetadata.class).getScannedRecordCount())
          .isEqualTo(3);
      // The finished operation names nobody, expires, and is no longer pending.
      String key = RedisKeys.operation(op.getName().substring("operations/".length()));
      assertThat(local.sync.hgetall(key).values()).noneMatch(v -> v.contains("x:a"));
      assertThat(local.sync.ttl(key)).isPositive();
      assertThat(local.sync.smembers(RedisKeys.PENDING_OPERATIONS)).isEmpty();
    }
  }

  // A batch that read the account before the erasure and writes it after (another replica's, in
  // flight): the operation's final step removes what it wrote.
  @Test
  void whatABatchWroteBackMeanwhileIsRemovedAtTheEnd() throws Exception {
    load();
    Held worker = new Held();
    try (Erasures erasures =
        new Erasures(new PersonAdmin(local.store), local.store, at(T0), worker, 0)) {
      erasures.start(null, List.of("x:a"));
      // This replica's next batch finds x:a suppressed and stores nothing of it...
      assertThat(
              local.scorer.apply(List.of(), List.of(share("4", "x:e", "x:a", T0 + 3))).suppressed())
          .isEqualTo(1);
      assertThat(local.record("x:a").exists()).isFalse();
      // ...but a batch that looked before the suppression (another replica's) writes it back.
      beforeSuppression().apply(List.of(), List.of(share("5", "x:e", "x:a", T0 + 4)));
      assertThat(local.record("x:a").exists()).isTrue();

      worker.runAll();

      assertThat(local.record("x:a").exists()).isFalse();
      assertThat(local.sync.zscore(RedisKeys.LEADERBOARD_ALL, "x:a")).isNull();
    }
  }

  // The replica that started the erasure stops before the pass: another one, finding the
  // operation unmoved for a minute, finishes it.
  @Test
  void anAbandonedOperationIsResumedByAnotherReplica() throws Exception {
    load();
    String id;
    try (Erasures first =
        new Erasures(new PersonAdmin(local.store), local.store, at(T0), new Held(), 0)) {
      id = first.start(null, List.of("x:a")).getName().substring("operations/".length());
    }
    Held worker = new Held();
    try (Erasures second =
        new Erasures(
            new PersonAdmin(local.store), local.store, at(T0 + Erasures.STALE_MS - 1), worker, 0)) {
      second.resumeStale();
      assertThat(worker.tasks).as("not stale yet").isEmpty();
    }
    try (Erasures third =
        new Erasures(
            new PersonAdmin(local.store), local.store, at(T0 + Erasures.STALE_MS), worker, 0)) {
      third.resumeStale();
      worker.runAll();
      assertThat(third.get(id).getDone()).isTrue();
      assertThat(local.record("x:b").state.engagerTable.get("x:a")).isNull();
    }
  }

  @Test
  void operationNamesAreCheckedBeforeAnythingIsRead() {
    assertThat(Erasures.validName("operations/erase-123e4567-e89b-12d3-a456-426614174000"))
        .isTrue();
    assertThat(Erasures.validName("operations/erase-1-2-3-4-5")).isFalse();
    assertThat(Erasures.validName("operations/other-123e4567-e89b-12d3-a456-426614174000"))
        .isFalse();
    assertThat(Erasures.validName("")).isFalse();
  }
}
