package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.model.RawHistogram;
import dev.sway.runtime.ServiceHost;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.StreamInteractionsRequest;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scoring service is killed with SIGKILL in the middle of a bulk load and restarted; the client
 * resends what was not acknowledged. Afterwards every event is counted exactly once.
 */
class ScoringCrashTest {
  static Process startScoring(int port, String redisUri) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.sway.scoring.ScoringServer",
                "--grpc-port",
                Integer.toString(port),
                "--metrics-port",
                "-1",
                "--redis-uri",
                redisUri)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      long deadline = System.currentTimeMillis() + 30_000;
      while (true) {
        try {
          HealthGrpc.newBlockingStub(ch)
              .withDeadlineAfter(1, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
          return p;
        } catch (RuntimeException e) {
          if (System.currentTimeMillis() > deadline || !p.isAlive()) {
            p.destroyForcibly();
            throw new IllegalStateException("scoring did not start", e);
          }
          Thread.sleep(100);
        }
      }
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void everyAcknowledgedEventIsCountedOnceAcrossACrash() throws Exception {
    int accounts = 500;
    List<StreamInteractionsRequest> batches = new ArrayList<>();
    SplittableRandom rnd = new SplittableRandom(9);
    long now = System.currentTimeMillis() - 60_000;
    int events = 0;
    for (int b = 0; b < 40; b++) {
      StreamInteractionsRequest.Builder r = StreamInteractionsRequest.newBuilder().setBatchId(b);
      for (int i = 0; i < 500; i++) {
        int t = (int) Math.min(accounts - 1, Math.abs(rnd.nextGaussian()) * accounts / 3);
        int a = rnd.nextInt(accounts);
        a = a == t ? (a + 1) % accounts : a;
        r.addInteractions(
            Interaction.newBuilder()
                .setEventId("k" + events++)
                .setType(InteractionType.INTERACTION_TYPE_SHARE)
                .setActor(EndToEndTest.acct("u" + a))
                .setTarget(EndToEndTest.acct("u" + t))
                .setEventTime(Timestamps.fromMillis(now + events))
                .build());
      }
      batches.add(r.build());
    }
    boolean onCluster = Boolean.getBoolean(LocalStack.CLUSTER_PROPERTY);
    try (AutoCloseable server = onCluster ? LocalRedisCluster.start() : LocalRedis.start()) {
      String redisUri =
          server instanceof LocalRedisCluster c ? c.uri() : ((LocalRedis) server).uri();
      int port = LocalRedis.freePort();
      AtomicReference<Process> scoring = new AtomicReference<>(startScoring(port, redisUri));
      ServiceHost ingest =
          IngestServer.start(
              LocalSettings.of(
                  "scoring-target", "127.0.0.1:" + port, "scoring-deadline-ms", "30000"),
              Clock.systemUTC());
      AtomicInteger acked = new AtomicInteger();
      AtomicBoolean killed = new AtomicBoolean();
      AtomicInteger ackedAtKill = new AtomicInteger();
      AtomicReference<Exception> restartFailure = new AtomicReference<>();
      try (SwayClient client = new SwayClient("127.0.0.1:" + ingest.port(), null, 30_000)) {
        // After the first 10 acknowledgements, scoring is killed outright and a new one started
        // on the same port, as Kubernetes restarts a pod: the load goes on through it, and what
        // was not acknowledged is sent again.
        Thread killer =
            new Thread(
                () -> {
                  try {
                    while (acked.get() < 10) {
                      Thread.sleep(1);
                    }
                    Process victim = scoring.get();
                    victim.destroyForcibly();
                    ackedAtKill.set(acked.get());
                    victim.waitFor(10, TimeUnit.SECONDS);
                    killed.set(true);
                    scoring.set(startScoring(port, redisUri));
                  } catch (Exception e) {
                    restartFailure.set(e);
                  }
                });
        killer.start();
        try {
          BulkLoader.load(client, batches.iterator(), 2, r -> acked.incrementAndGet());
        } catch (RuntimeException gaveUp) {
          // Only if the restart took longer than the loader's retries: send it all again; what
          // was stored is recognised as duplicate.
          killer.join();
          BulkLoader.load(client, batches.iterator(), 2, r -> acked.incrementAndGet());
        }
        killer.join();
      } finally {
        ingest.close();
        scoring.get().destroy();
        scoring.get().waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(restartFailure.get()).isNull();
      assertThat(killed.get()).isTrue();
      assertThat(ackedAtKill.get())
          .as("killed in the middle of the load")
          .isLessThan(batches.size());
      try (RedisConnector c = RedisConnector.connect(redisUri, 5000)) {
        long counted = 0;
        RawHistogram fromRecords = new RawHistogram();
        for (int i = 0; i < accounts; i++) {
          byte[] record = c.binary().get(RedisKeys.account("x:u" + i)).toCompletableFuture().join();
          AccountRecord r = AccountRecord.decode(record);
          counted += r.state.interactions;
          if (r.score != null) {
            fromRecords.add(r.score.raw());
          }
        }
        assertThat(counted).as("every event counted exactly once").isEqualTo(events);
        // The calibration counts every scored account once, though the process died between
        // writes (on a cluster, possibly between records and their journal's fold).
        assertThat(RawHistogram.fromBytes(c.getBytes(RedisKeys.CALIBRATION_HISTOGRAM).join()))
            .isEqualTo(fromRecords);
      }
    }
  }
}
