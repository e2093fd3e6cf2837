package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedis;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis dies without warning (SIGKILL) in the middle of a load, or stalls ({@code DEBUG SLEEP}):
 * the services answer within their deadlines instead of hanging, recover by themselves, and a
 * client that retries what was not acknowledged ends with every event counted exactly once. (A
 * SIGTERM stop and start is {@link RedisOutageTest}.)
 */
class RedisCrashTest {
  static final Set<Status.Code> OUTAGE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);

  static final GetScoreRequest GET =
      GetScoreRequest.newBuilder().setAccount(EndToEndTest.acct("durable")).build();

  /** Sends until acknowledged, as a client should; returns the final answer. */
  static RecordInteractionsResponse untilAcknowledged(
      SwayClient client, RecordInteractionsRequest r) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (true) {
      try {
        return client.ingest().recordInteractions(r);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).as(e.toString()).isIn(OUTAGE);
        assertThat(System.currentTimeMillis()).as("Redis never came back").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  /** The stored interaction count of the test's account, once the services answer again. */
  static long storedCount(SwayClient client) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      try {
        return client.query().getScore(GET).getScore().getInteractionCount();
      } catch (StatusRuntimeException e) {
        assertThat(System.currentTimeMillis()).as(e.toString()).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  @Test
  void aRedisKilledMidLoadLosesNothingAcknowledgedAndCountsNothingTwice() throws Exception {
    Path dir = Files.createTempDirectory("sway-aof-kill-");
    LocalRedis.Options aof = LocalRedis.Options.defaults().withAppendOnly(true, dir);
    LocalRedis redis = LocalRedis.start(aof);
    LocalRedis restarted = null;
    int batches = 40;
    int perBatch = 50;
    AtomicInteger acknowledged = new AtomicInteger();
    try (LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral(), redis);
        SwayClient client = stack.client(5_000)) {
      CompletableFuture<Integer> load =
          CompletableFuture.supplyAsync(
              () -> {
                int accepted = 0;
                try {
                  for (int b = 0; b < batches; b++) {
                    RecordInteractionsResponse r =
                        untilAcknowledged(client, RedisOutageTest.batch("k" + b + "-", perBatch));
                    assertThat(r.getAcceptedCount() + r.getDuplicateCount()).isEqualTo(perBatch);
                    accepted += r.getAcceptedCount();
                    acknowledged.incrementAndGet();
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return accepted;
              });
      while (acknowledged.get() < 10) {
        Thread.sleep(20);
      }
      redis.kill(); // SIGKILL: no shutdown, no final flush of the append-only file
      Thread.sleep(1_000);
      restarted = LocalRedis.start(aof.withPort(redis.port()));
      int accepted = load.get(180, TimeUnit.SECONDS);

      assertThat(storedCount(client))
          .as("every event once: none acknowledged and lost, none counted twice")
          .isEqualTo((long) batches * perBatch);
      // A call that failed may have been stored before its answer was lost: its retry finds
      // duplicates, so the accepted total is at most the events sent, never more.
      assertThat(accepted).isBetween(batches * perBatch - perBatch * 2, batches * perBatch);
    } finally {
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  @Test
  void aStalledRedisIsAnsweredWithinTheDeadlineAndNothingAcknowledgedIsLost() throws Exception {
    try (LocalRedis redis = LocalRedis.start();
        LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral(), redis);
        SwayClient client = stack.client(15_000);
        SwayClient hurried = stack.client(2_000)) {
      assertThat(
              client.ingest().recordInteractions(RedisOutageTest.batch("s", 10)).getAcceptedCount())
          .isEqualTo(10);
      CompletableFuture<String> stall =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return redis.command("DEBUG SLEEP 4");
                } catch (java.io.IOException e) {
                  return e.toString();
                }
              });
      Thread.sleep(300);
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> hurried.query().getScore(GET))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isIn(OUTAGE));
      long waitedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(waitedMs).as("answered by the deadline, not after the stall").isLessThan(3_500);
      // A write sent during the stall is either acknowledged (after it) or retried.
      RecordInteractionsResponse during;
      try {
        during = hurried.ingest().recordInteractions(RedisOutageTest.batch("t", 10));
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isIn(OUTAGE);
        during = null;
      }
      assertThat(stall.get(10, TimeUnit.SECONDS)).as("the stall happened").startsWith("+OK");
      RecordInteractionsResponse after = untilAcknowledged(client, RedisOutageTest.batch("t", 10));
      assertThat(after.getAcceptedCount() + after.getDuplicateCount()).isEqualTo(10);
      if (during != null) {
        assertThat(after.getDuplicateCount()).as("acknowledged during the stall").isEqualTo(10);
      }
      assertThat(storedCount(client)).isEqualTo(20);
    }
  }
}
