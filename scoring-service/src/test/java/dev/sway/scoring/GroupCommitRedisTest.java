package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The group commit over the real scorer and a real Redis. */
class GroupCommitRedisTest {
  static final long T0 = 1_780_000_000_000L;
  static RedisScoring local;

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

  /**
   * The Redis store, with a gate that holds the first read until {@link #release}: the apply thread
   * is then busy with its first batch, and whatever is submitted meanwhile queues.
   */
  static final class GatedStore implements StateStore {
    final StateStore inner;
    final AtomicBoolean gateOpen;
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger batches = new AtomicInteger();

    GatedStore(StateStore inner, boolean gated) {
      this.inner = inner;
      this.gateOpen = new AtomicBoolean(!gated);
    }

    @Override
    public Reads read(Collection<String> members, Map<String, List<ModelEvent>> receivedByTarget) {
      if (gateOpen.compareAndSet(false, true)) {
        entered.countDown();
        try {
          if (!release.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gate was never released");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return inner.read(members, receivedByTarget);
    }

    @Override
    public boolean[] write(List<AccountWrite> writes) {
      return inner.write(writes);
    }

    @Override
    public Standing standing(Collection<Long> hashes, boolean registrations) {
      return inner.standing(hashes, registrations);
    }

    @Override
    public void afterWrite(List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs) {
      batches.incrementAndGet();
      inner.afterWrite(ranked, topicCounts, clockMs);
    }

    @Override
    public Object writeOrder() {
      return inner.writeOrder();
    }

    void awaitEntered() throws InterruptedException {
      assertThat(entered.await(10, TimeUnit.SECONDS))
          .as("the first batch reached the store")
          .isTrue();
    }

    void release() {
      release.countDown();
    }
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  BatchScorer scorer(StateStore store) {
    return new BatchScorer(local.model, store, Clock.systemUTC(), new ScoringMetrics(registry));
  }

  /** Batches stored, as the scorer's write-phase timer counted them. */
  long writePhases() {
    Timer t = registry.find("sway.scoring.batch.phase").tag("phase", "write").timer();
    return t == null ? 0 : t.count();
  }

  static ModelEvent like(String id, String actor, String target, long t) {
    return new ModelEvent(id, InteractionKind.LIKE, actor, target, List.of("ai"), t);
  }

  /** {@code n} events of fresh fans to {@code target}, ids {@code prefix0..}. */
  static List<ModelEvent> fans(String prefix, String target, int n) {
    List<ModelEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(like(prefix + i, "x:" + prefix + "fan" + i, target, T0 + i));
    }
    return out;
  }

  static ApplyResult get(CompletableFuture<ApplyResult> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS);
  }

  @Test
  void concurrentRequestsGetTheirOwnCounts() throws Exception {
    GatedStore store = new GatedStore(local.store, false);
    int requests = 16;
    int own = 20;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try (GroupCommit commit = new GroupCommit(scorer(store), 64, 10_000)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ApplyResult>> futures = new ArrayList<>();
      for (int r = 0; r < requests; r++) {
        final int request = r;
        futures.add(
            pool.submit(
                () -> {
                  List<ModelEvent> events =
                      new ArrayList<>(fans("r" + request + "-", "x:hot", own));
                  // Requests 2k and 2k+1 both carry event "shared-k": redelivered while still in
                  // flight.
                  int pair = request / 2;
                  events.add(
                      request % 2 == 0 ? 0 : events.size(),
                      like("shared-" + pair, "x:pairfan" + pair, "x:hot", T0 + 10_000 + pair));
                  List<SnapshotEvent> snapshots =
                      List.of(new SnapshotEvent("x:own" + request, 100 + request, 10, 5, T0));
                  go.await();
                  return get(commit.submit(snapshots, events));
                }));
      }
      go.countDown();
      int accepted = 0;
      int duplicates = 0;
      List<ApplyResult> results = new ArrayList<>();
      for (Future<ApplyResult> f : futures) {
        ApplyResult r = f.get(30, TimeUnit.SECONDS);
        results.add(r);
        accepted += r.accepted();
        duplicates += r.duplicates();
      }
      for (int r = 0; r < requests; r++) {
        ApplyResult res = results.get(r);
        assertThat(res.accepted() + res.duplicates()).as("request %d", r).isEqualTo(own + 1);
        assertThat(res.accepted()).as("request %d", r).isBetween(own, own + 1);
        assertThat(res.snapshots()).isEqualTo(1);
      }
      for (int pair = 0; pair < requests / 2; pair++) {
        // Exactly one of the two requests counts the shared event as accepted.
        assertThat(results.get(2 * pair).accepted() + results.get(2 * pair + 1).accepted())
            .as("pair %d", pair)
            .isEqualTo(2 * own + 1);
        assertThat(local.record("x:pairfan" + pair).state.givenCount).isEqualTo(1);
      }
      assertThat(accepted).isEqualTo(requests * own + requests / 2);
      assertThat(duplicates).isEqualTo(requests / 2);
      assertThat(local.record("x:hot").state.interactions).isEqualTo(requests * own + requests / 2);
      for (int r = 0; r < requests; r++) {
        assertThat(local.record("x:own" + r).state.followers).isEqualTo(100 + r);
        assertThat(local.record("x:r" + r + "-fan0").state.givenCount).isEqualTo(1);
      }
      assertThat(store.batches.get()).isBetween(1, requests);
      assertThat(writePhases()).isEqualTo(store.batches.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void requestsQueuedWhileABatchIsStoredAreAppliedTogether() throws Exception {
    GatedStore store = new GatedStore(local.store, true);
    try (GroupCommit commit = new GroupCommit(scorer(store), 64, 10_000)) {
      CompletableFuture<ApplyResult> first = commit.submit(List.of(), fans("a", "x:t", 3));
      store.awaitEntered();

      List<CompletableFuture<ApplyResult>> queued = new ArrayList<>();
      for (int r = 0; r < 10; r++) {
        List<ModelEvent> events = new ArrayList<>(fans("q" + r + "-", "x:t", 5));
        if (r == 3 || r == 7) {
          events.add(like("dup", "x:dupfan", "x:t", T0 + 99));
        }
        if (r == 5) {
          // Redelivered from the batch being stored.
          events.add(like("a0", "x:afan0", "x:t", T0));
        }
        queued.add(commit.submit(List.of(), events));
      }
      Thread.sleep(100);
      assertThat(first).isNotDone();
      assertThat(queued).noneMatch(CompletableFuture::isDone);
      store.release();

      assertThat(get(first)).isEqualTo(new ApplyResult(3, 0, 0));
      for (int r = 0; r < 10; r++) {
        ApplyResult res = get(queued.get(r));
        // The earlier request of the two carrying "dup" counts it; the later one is told it's a
        // duplicate.
        ApplyResult expected =
            switch (r) {
              case 3 -> new ApplyResult(6, 0, 0);
              case 5, 7 -> new ApplyResult(5, 1, 0);
              default -> new ApplyResult(5, 0, 0);
            };
        assertThat(res).as("request %d", r).isEqualTo(expected);
      }
      // The first batch, then everything that queued behind it in one.
      assertThat(store.batches.get()).isEqualTo(2);
      assertThat(writePhases()).isEqualTo(2);
      assertThat(local.record("x:t").state.interactions).isEqualTo(3 + 10 * 5 + 1);
      assertThat(local.record("x:dupfan").state.givenCount).isEqualTo(1);
      assertThat(local.record("x:afan0").state.givenCount).isEqualTo(1);
    }
  }

  @Test
  void aBatchTakesQueuedRequestsUpToItsEventLimit() throws Exception {
    GatedStore store = new GatedStore(local.store, true);
    try (GroupCommit commit = new GroupCommit(scorer(store), 64, 10)) {
      CompletableFuture<ApplyResult> first = commit.submit(List.of(), fans("a", "x:t", 1));
      store.awaitEntered();
      List<CompletableFuture<ApplyResult>> queued = new ArrayList<>();
      for (int r = 0; r < 6; r++) {
        queued.add(commit.submit(List.of(), fans("q" + r + "-", "x:t", 4)));
      }
      // Larger than a batch: applied alone.
      queued.add(commit.submit(List.of(), fans("big", "x:t", 15)));
      store.release();

      assertThat(get(first).accepted()).isEqualTo(1);
      for (int r = 0; r < 6; r++) {
        assertThat(get(queued.get(r))).isEqualTo(new ApplyResult(4, 0, 0));
      }
      assertThat(get(queued.get(6))).isEqualTo(new ApplyResult(15, 0, 0));
      // [first], [q0 q1], [q2 q3], [q4 q5], [big]: two requests of 4 fit in 10 events, three don't.
      assertThat(store.batches.get()).isEqualTo(5);
      assertThat(writePhases()).isEqualTo(5);
      assertThat(local.record("x:t").state.interactions).isEqualTo(1 + 24 + 15);
    }
  }

  @Test
  void aFullQueueRefusesAtOnce() throws Exception {
    GatedStore store = new GatedStore(local.store, true);
    try (GroupCommit commit = new GroupCommit(scorer(store), 2, 10_000)) {
      CompletableFuture<ApplyResult> first = commit.submit(List.of(), fans("a", "x:t", 1));
      store.awaitEntered();
      CompletableFuture<ApplyResult> q1 = commit.submit(List.of(), fans("b", "x:t", 1));
      CompletableFuture<ApplyResult> q2 = commit.submit(List.of(), fans("c", "x:t", 1));
      CompletableFuture<ApplyResult> refused = commit.submit(List.of(), fans("d", "x:refused", 1));

      // Refused on the caller's thread, while the apply thread is still held.
      assertThat(refused).isCompletedExceptionally();
      assertThat(first).isNotDone();
      assertThatThrownBy(refused::get)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessageContaining("queue full");
      store.release();

      assertThat(get(first).accepted()).isEqualTo(1);
      assertThat(get(q1).accepted()).isEqualTo(1);
      assertThat(get(q2).accepted()).isEqualTo(1);
      assertThat(local.record("x:refused").exists()).isFalse();
      assertThat(local.record("x:dfan0").exists()).isFalse();
      // With room again, the same request is taken.
      assertThat(get(commit.submit(List.of(), fans("d", "x:refused", 1))).accepted()).isEqualTo(1);
      assertThat(local.record("x:refused").state.interactions).isEqualTo(1);
    }
  }

  @Test
  void closeFinishesTheQueuedRequestsAndRefusesNewOnes() throws Exception {
    GatedStore store = new GatedStore(local.store, true);
    GroupCommit commit = new GroupCommit(scorer(store), 16, 10_000);
    CompletableFuture<ApplyResult> first = commit.submit(List.of(), fans("a", "x:t", 2));
    store.awaitEntered();
    List<CompletableFuture<ApplyResult>> queued = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      queued.add(
          commit.submit(
              List.of(new SnapshotEvent("x:s" + r, 10 * r, 1, 1, T0)),
              fans("q" + r + "-", "x:t", 3)));
    }
    Thread closer = new Thread(commit::close, "closer");
    closer.start();
    // close() has stopped taking requests once it waits for the apply thread.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (closer.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(closer.getState()).isEqualTo(Thread.State.TIMED_WAITING);
    CompletableFuture<ApplyResult> late = commit.submit(List.of(), fans("late", "x:late", 1));
    assertThat(late).isCompletedExceptionally();
    assertThatThrownBy(late::get)
        .cause()
        .isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shutting down");
    assertThat(queued).noneMatch(CompletableFuture::isDone);

    store.release();
    closer.join(20_000);
    assertThat(closer.isAlive()).isFalse();

    assertThat(first).isCompletedWithValue(new ApplyResult(2, 0, 0));
    for (int r = 0; r < 3; r++) {
      assertThat(queued.get(r)).isCompletedWithValue(new ApplyResult(3, 0, 1));
      assertThat(local.record("x:s" + r).state.followers).isEqualTo(10 * r);
    }
    assertThat(local.record("x:t").state.interactions).isEqualTo(2 + 9);
    assertThat(local.record("x:late").exists()).isFalse();
    assertThat(store.batches.get()).isEqualTo(2);
  }
}
