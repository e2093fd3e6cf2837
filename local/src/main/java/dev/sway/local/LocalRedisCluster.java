package dev.sway.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster on this machine, for tests and for trying Sway on one: {@code masters}
 * masters (each owning an equal share of the 16,384 slots) and {@code replicasPerMaster} replicas
 * of each, on free loopback ports, from the same {@code redis-server} as {@link LocalRedis} (PATH,
 * else the embedded one). Built with plain {@code CLUSTER} commands (MEET, ADDSLOTS, REPLICATE), so
 * it needs no {@code redis-cli}.
 */
public final class LocalRedisCluster implements AutoCloseable {
  public static final int SLOTS = 16_384;

  private final List<LocalRedis> masters;
  private final List<LocalRedis> replicas;

  private LocalRedisCluster(List<LocalRedis> masters, List<LocalRedis> replicas) {
    this.masters = masters;
    this.replicas = replicas;
  }

  /** Three masters with one replica each: the smallest cluster that survives losing a master. */
  public static LocalRedisCluster start() throws IOException {
    return start(3, 1);
  }

  public static LocalRedisCluster start(int masterCount, int replicasPerMaster) throws IOException {
    List<LocalRedis> masters = new ArrayList<>();
    List<LocalRedis> replicas = new ArrayList<>();
    LocalRedisCluster cluster = new LocalRedisCluster(masters, replicas);
    try {
      LocalRedis.Options node = LocalRedis.Options.defaults().withCluster(true);
      for (int i = 0; i < masterCount; i++) {
        masters.add(LocalRedis.start(node));
      }
      for (int i = 0; i < masterCount * replicasPerMaster; i++) {
        replicas.add(LocalRedis.start(node));
      }
      LocalRedis first = masters.get(0);
      for (LocalRedis r : cluster.nodes()) {
        if (r != first) {
          expectOk(first.command("CLUSTER MEET 127.0.0.1 " + r.port()));
        }
      }
      for (int m = 0; m < masterCount; m++) {
        int from = m * SLOTS / masterCount;
        int to = (m + 1) * SLOTS / masterCount - 1;
        StringJoiner slots = new StringJoiner(" ", "CLUSTER ADDSLOTS ", "");
        for (int s = from; s <= to; s++) {
          slots.add(Integer.toString(s));
        }
        expectOk(masters.get(m).command(slots.toString()));
      }
      cluster.await("every node knows every other", () -> cluster.everyNodeKnows(cluster.size()));
      for (int i = 0; i < replicas.size(); i++) {
        String masterId = id(masters.get(i % masterCount));
        expectOk(replicas.get(i).command("CLUSTER REPLICATE " + masterId));
      }
      cluster.await("cluster_state:ok on every node", cluster::allOk);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The node id of a node. */
  static String id(LocalRedis r) throws IOException {
    String reply = r.command("CLUSTER MYID");
    // A bulk string: $40\r\n<id>\r\n
    return reply.split("\r\n")[1];
  }

  private static void expectOk(String reply) throws IOException {
    if (!reply.startsWith("+OK")) {
      throw new IOException("cluster setup: " + reply.trim());
    }
  }

  private interface Check {
    boolean holds() throws IOException;
  }

  private void await(String what, Check check) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (check.holds()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
    throw new IOException("the local cluster did not reach: " + what);
  }

  private boolean everyNodeKnows(int n) throws IOException {
    for (LocalRedis r : nodes()) {
      if (!r.command("CLUSTER INFO").contains("cluster_known_nodes:" + n + "\r\n")) {
        return false;
      }
    }
    return true;
  }

  private boolean allOk() throws IOException {
    for (LocalRedis r : nodes()) {
      String info = r.command("CLUSTER INFO");
      if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:" + SLOTS)) {
        return false;
      }
    }
    for (LocalRedis r : replicas) {
      if (!r.command("INFO replication").contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  public List<LocalRedis> masters() {
    return List.copyOf(masters);
  }

  public List<LocalRedis> replicas() {
    return List.copyOf(replicas);
  }

  public List<LocalRedis> nodes() {
    List<LocalRedis> all = new ArrayList<>(masters);
    all.addAll(replicas);
    return all;
  }

  public int size() {
    return masters.size() + replicas.size();
  }

  /**
   * Every node as a seed: {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,…} (a client needs one
   * that answers to find the others).
   */
  public String uri() {
    StringJoiner j = new StringJoiner(",", "redis-cluster://", "");
    for (LocalRedis r : nodes()) {
      j.add("127.0.0.1:" + r.port());
    }
    return j.toString();
  }

  /** Whether the cluster says it is healthy (asked of the first live node). */
  public boolean isOk() throws IOException {
    for (LocalRedis r : nodes()) {
      if (r.isAlive()) {
        return r.command("CLUSTER INFO").contains("cluster_state:ok");
      }
    }
    return false;
  }

  @Override
  public void close() {
    for (LocalRedis r : nodes()) {
      r.close();
    }
  }
}
