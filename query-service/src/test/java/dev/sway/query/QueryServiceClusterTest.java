package dev.sway.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedisCluster;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.store.RedisKeys;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.QueryServiceGrpc;
import dev.sway.v1.Score;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link QueryServiceRedisTest} again, with the data and the query service on a real
 * 3-master / 3-replica Redis Cluster ({@code redis-cluster://} URI): reads go to the node that owns
 * each key, whichever it is.
 */
@OnRedisCluster
class QueryServiceClusterTest extends QueryServiceRedisTest {
  private static LocalRedisCluster cluster() {
    return (LocalRedisCluster) redis;
  }

  @Test
  void theFixturesAreSpreadOverTheMasters() {
    Set<Integer> masters = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      int slot = SlotHash.getSlot(RedisKeys.account("x:user" + (char) ('a' + i)));
      masters.add(slot * cluster().masters().size() / LocalRedisCluster.SLOTS);
    }
    assertThat(masters).as("masters holding the accounts").hasSize(3);
    assertThat(stub().getScore(GetScoreRequest.newBuilder().setAccount(acct("usera")).build()))
        .isNotNull();
  }

  @Test
  void aQueryServiceReadingFromReplicasAnswersTheSame() throws Exception {
    try (ServiceHost replicaReader =
        QueryServer.start(
            Settings.ofMap(
                Map.of(
                    "grpc-port", "0",
                    "metrics-port", "-1",
                    "auth", "off",
                    "redis-uri", cluster().uri(),
                    "redis-read-from", "replica-preferred",
                    "http-port", "0")))) {
      ManagedChannel ch =
          NettyChannelBuilder.forAddress("127.0.0.1", replicaReader.port()).usePlaintext().build();
      try {
        GetScoreRequest req = GetScoreRequest.newBuilder().setAccount(acct("usera")).build();
        // Replication is asynchronous: the fixtures reach the replicas a moment after the masters.
        Score fromReplica = null;
        for (int i = 0; i < 100 && fromReplica == null; i++) {
          try {
            fromReplica =
                QueryServiceGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getScore(req)
                    .getScore();
          } catch (StatusRuntimeException e) {
            Thread.sleep(50);
          }
        }
        assertThat(fromReplica).isEqualTo(stub().getScore(req).getScore());
      } finally {
        ch.shutdownNow();
      }
    }
  }
}
