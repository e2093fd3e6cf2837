package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.model.RawHistogram;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Subject;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A master of the Redis Cluster dies in the middle of a bulk load: its replica is promoted, the
 * loader retries what was not acknowledged (same event ids), and the load completes. With {@code
 * redis-wait-replicas=1} every acknowledged batch had reached a replica before its acknowledgement,
 * so every event is counted exactly once and the calibration counts every scored account once.
 */
class ClusterFailoverTest {
  static final int BATCHES = 60;
  static final int PER_BATCH = 100;

  @Test
  void aMasterDiesDuringABulkLoadAndEveryAcknowledgedEventIsCountedOnce() throws Exception {
    try (LocalStack stack =
            LocalStack.startOnCluster(
                new LocalStack.Options(0, 0, 0, false, 60_000),
                // Two replicas a master: once one is promoted, the other follows it, so writes
                // can still reach a replica.
                LocalRedisCluster.start(3, 2),
                Clock.systemUTC(),
                Map.of("redis-wait-replicas", "1"));
        SwayClient client = stack.client(10_000)) {
      Map<String, Integer> expected = new HashMap<>();
      List<RecordInteractionsRequest> batches = new ArrayList<>();
      for (int b = 0; b < BATCHES; b++) {
        RecordInteractionsRequest.Builder r = RecordInteractionsRequest.newBuilder();
        for (int i = 0; i < PER_BATCH; i++) {
          int n = b * PER_BATCH + i;
          String target = "f-target" + n % 97;
          r.addInteractions(
              EndToEndTest.event(
                  "f" + n, InteractionType.INTERACTION_TYPE_SHARE, "f-fan" + n % 389, target));
          expected.merge(target, 1, Integer::sum);
        }
        batches.add(r.build());
      }
      LocalRedis victim = stack.cluster().masters().get(0);
      long startMs = System.currentTimeMillis();
      for (int b = 0; b < BATCHES; b++) {
        if (b == BATCHES / 3) {
          victim.kill();
        }
        while (true) {
          try {
            client.ingest().recordInteractions(batches.get(b));
            break;
          } catch (StatusRuntimeException e) {
            // Not acknowledged (the master is gone until its replica takes over): send it again.
            assertThat(System.currentTimeMillis() - startMs).as("load time").isLessThan(120_000);
            Thread.sleep(200);
          }
        }
      }

      // The load went on through a real failover: the master is dead and a replica took its
      // slots (ingest's and scoring's own retries may hide the outage from this loader).
      assertThat(victim.isAlive()).isFalse();
      assertThat(stack.cluster().isOk()).isTrue();
      long promoted = 0;
      for (LocalRedis r : stack.cluster().replicas()) {
        if (r.isAlive() && r.command("ROLE").contains("master")) {
          promoted++;
        }
      }
      assertThat(promoted).as("replicas promoted").isEqualTo(1);
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        long counted =
            client
                .query()
                .getScore(
                    GetScoreRequest.newBuilder()
                        .setSubject(
                            Subject.newBuilder()
                                .setAccount(
                                    AccountRef.newBuilder()
                                        .setNetwork("x")
                                        .setAccountId(e.getKey())))
                        .build())
                .getScore()
                .getInteractionCount();
        assertThat(counted).as(e.getKey()).isEqualTo(e.getValue().longValue());
      }
      // The records, node by node (the cluster still lists the dead master).
      RawHistogram fromRecords = new RawHistogram();
      for (LocalRedis node : stack.cluster().nodes()) {
        if (!node.isAlive() || !node.command("ROLE").contains("master")) {
          continue;
        }
        try (RedisConnector one = RedisConnector.connect(node.uri(), 5000)) {
          for (String key : one.sync().keys(RedisKeys.ALL_ACCOUNTS)) {
            AccountRecord r = AccountRecord.decode(one.binarySync().get(key));
            if (r.score != null) {
              fromRecords.add(r.score.raw());
            }
          }
        }
      }
      try (RedisConnector redis = RedisConnector.connect(stack.redisUri(), 5000)) {
        RawHistogram stored =
            RawHistogram.fromBytes(redis.getBytes(RedisKeys.CALIBRATION_HISTOGRAM).join());
        assertThat(stored).isEqualTo(fromRecords);
      }
    }
  }
}
