package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.Subject;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two scoring processes on one Redis, as the deployment runs them, each behind its own ingest:
 * every batch is delivered to both at once. Each event is counted exactly once, and a link of one
 * account to two persons through the two replicas has exactly one winner.
 */
class TwoScoringReplicasTest {
  /** One Redis, or a Redis Cluster when the suite runs on one. */
  static AutoCloseable redis;

  static final List<ServiceHost> hosts = new ArrayList<>();
  static SwayClient viaFirst;
  static SwayClient viaSecond;

  @BeforeAll
  static void start() throws Exception {
    String uri;
    if (Boolean.getBoolean(LocalStack.CLUSTER_PROPERTY)) {
      LocalRedisCluster cluster = LocalRedisCluster.start();
      redis = cluster;
      uri = cluster.uri();
    } else {
      LocalRedis single = LocalRedis.start();
      redis = single;
      uri = single.uri();
    }
    Settings scoring = LocalSettings.of("redis-uri", uri, "sweep-interval-ms", "500");
    ServiceHost scoring1 = add(ScoringServer.start(scoring, Clock.systemUTC()));
    ServiceHost scoring2 = add(ScoringServer.start(scoring, Clock.systemUTC()));
    ServiceHost ingest1 =
        add(
            IngestServer.start(
                LocalSettings.of("scoring-target", "127.0.0.1:" + scoring1.port()),
                Clock.systemUTC()));
    ServiceHost ingest2 =
        add(
            IngestServer.start(
                LocalSettings.of("scoring-target", "127.0.0.1:" + scoring2.port()),
                Clock.systemUTC()));
    ServiceHost query =
        add(QueryServer.start(LocalSettings.of("redis-uri", uri, "http-port", "0")));
    viaFirst = new SwayClient("127.0.0.1:" + ingest1.port(), "127.0.0.1:" + query.port(), 30_000);
    viaSecond = new SwayClient("127.0.0.1:" + ingest2.port(), "127.0.0.1:" + query.port(), 30_000);
  }

  static ServiceHost add(ServiceHost h) {
    hosts.add(h);
    return h;
  }

  @AfterAll
  static void stop() throws Exception {
    viaFirst.close();
    viaSecond.close();
    for (int i = hosts.size() - 1; i >= 0; i--) {
      hosts.get(i).close();
    }
    redis.close();
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  @Test
  void everyEventIsCountedOnceWhateverReplicaStoredIt() throws Exception {
    Map<String, Integer> expected = new HashMap<>();
    List<RecordInteractionsRequest> batches = new ArrayList<>();
    for (int b = 0; b < 20; b++) {
      RecordInteractionsRequest.Builder r = RecordInteractionsRequest.newBuilder();
      for (int i = 0; i < 100; i++) {
        int n = b * 100 + i;
        String target = "r-target" + n % 17;
        r.addInteractions(
            EndToEndTest.event(
                "r" + n, InteractionType.INTERACTION_TYPE_LIKE, "r-fan" + n % 113, target));
        expected.merge(target, 1, Integer::sum);
      }
      batches.add(r.build());
    }
    int accepted = 0;
    int duplicates = 0;
    for (RecordInteractionsRequest batch : batches) {
      CompletableFuture<RecordInteractionsResponse> one =
          CompletableFuture.supplyAsync(() -> viaFirst.ingest().recordInteractions(batch));
      CompletableFuture<RecordInteractionsResponse> two =
          CompletableFuture.supplyAsync(() -> viaSecond.ingest().recordInteractions(batch));
      for (RecordInteractionsResponse r : List.of(one.get(), two.get())) {
        accepted += r.getAcceptedCount();
        duplicates += r.getDuplicateCount();
      }
    }
    assertThat(accepted).isEqualTo(2000);
    assertThat(duplicates).isEqualTo(2000);
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      assertThat(
              viaFirst
                  .query()
                  .getScore(
                      GetScoreRequest.newBuilder()
                          .setSubject(Subject.newBuilder().setAccount(acct(e.getKey())))
                          .build())
                  .getScore()
                  .getInteractionCount())
          .as(e.getKey())
          .isEqualTo(e.getValue().longValue());
    }
  }

  @Test
  void aLinkRaceThroughTwoReplicasHasOneWinner() throws Exception {
    for (int round = 0; round < 20; round++) {
      AccountRef a = acct("r-linked" + round);
      viaFirst
          .ingest()
          .recordInteractions(
              RecordInteractionsRequest.newBuilder()
                  .addInteractions(
                      EndToEndTest.event(
                          "l" + round,
                          InteractionType.INTERACTION_TYPE_LIKE,
                          "r-f",
                          a.getAccountId()))
                  .build());
      CompletableFuture<Boolean> one =
          CompletableFuture.supplyAsync(() -> linked(viaFirst, "first", a));
      CompletableFuture<Boolean> two =
          CompletableFuture.supplyAsync(() -> linked(viaSecond, "second", a));
      assertThat(one.get() ^ two.get()).as("round " + round).isTrue();
      String owner =
          viaFirst
              .query()
              .getScore(
                  GetScoreRequest.newBuilder()
                      .setSubject(Subject.newBuilder().setAccount(a))
                      .build())
              .getScore()
              .getPersonId();
      assertThat(owner).isEqualTo(one.get() ? "first" : "second");
    }
  }

  static boolean linked(SwayClient c, String person, AccountRef a) {
    try {
      c.ingest()
          .linkAccounts(
              LinkAccountsRequest.newBuilder().setPersonId(person).addAccounts(a).build());
      return true;
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      return false;
    }
  }
}
