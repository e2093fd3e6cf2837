package dev.sway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A real 3-master / 3-replica Redis Cluster on free ports, and a failover in it. */
class LocalRedisClusterTest {
  @Test
  void threeMastersShareTheSlotsAndAReplicaTakesOverAKilledMaster() throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.start()) {
      assertThat(cluster.isOk()).isTrue();
      String info = cluster.masters().get(0).command("CLUSTER INFO");
      assertThat(info).contains("cluster_size:3", "cluster_known_nodes:6");
      assertThat(cluster.uri()).startsWith("redis-cluster://127.0.0.1:").contains(",");

      // A key lives on exactly one master; the others redirect to it.
      List<String> replies = new ArrayList<>();
      for (LocalRedis m : cluster.masters()) {
        replies.add(m.command("SET sway:probe 1"));
      }
      assertThat(replies).filteredOn(r -> r.startsWith("+OK")).hasSize(1);
      assertThat(replies).filteredOn(r -> r.startsWith("-MOVED")).hasSize(2);

      // Kill the master of slot 0; its replica is promoted and the cluster is whole again.
      LocalRedis first = cluster.masters().get(0);
      first.kill();
      long deadline = System.nanoTime() + 30_000_000_000L;
      boolean promoted = false;
      while (!promoted && System.nanoTime() < deadline) {
        Thread.sleep(200);
        for (LocalRedis r : cluster.replicas()) {
          if (r.command("ROLE").contains("master") && cluster.isOk()) {
            promoted = true;
          }
        }
      }
      assertThat(promoted).as("a replica promoted and cluster_state:ok").isTrue();
    }
  }
}
