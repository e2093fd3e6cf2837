package dev.sway.store;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.output.ByteArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Redis connections of a process: one for text values, one for binary values. Lettuce
 * connections are thread-safe and pipeline commands from all threads on one socket, so each is
 * shared by every request.
 *
 * <p>One Redis ({@code redis://host:port}, {@code rediss://…}) or a Redis Cluster ({@code
 * redis-cluster://[:password@]host:port,host:port,…}, any reachable nodes as seeds). On a cluster,
 * commands go to the node that owns their key's slot; MOVED and ASK redirections are followed; the
 * topology is re-read every 30 s and at once on a redirection or a lost connection; a SCAN covers
 * every node. The command interfaces returned are the ones both kinds share.
 *
 * <p>Settings that matter when Redis misbehaves: every command times out after {@code
 * commandTimeoutMs}; while disconnected, commands are rejected at once instead of being queued (so
 * an outage turns into fast UNAVAILABLE answers, not growing memory); the request queue is bounded.
 */
public final class RedisConnector implements AutoCloseable {
  /** The URI scheme of a Redis Cluster. */
  public static final String CLUSTER_SCHEME = "redis-cluster://";

  private final AbstractRedisClient client;
  private final Side<String> text;

  /** Text keys, binary values: the account records and history series. */
  private final Side<byte[]> binary;

  /** One connection with the command interfaces one Redis and a cluster share. */
  private record Side<V>(
      StatefulConnection<String, V> connection,
      RedisClusterAsyncCommands<String, V> async,
      RedisClusterCommands<String, V> sync) {
    static <V> Side<V> of(StatefulRedisConnection<String, V> c) {
      return new Side<>(c, c.async(), c.sync());
    }

    static <V> Side<V> of(StatefulRedisClusterConnection<String, V> c) {
      return new Side<>(c, c.async(), c.sync());
    }
  }

  private final long commandTimeoutMs;
  private final boolean readFromReplicas;

  private RedisConnector(
      AbstractRedisClient client,
      Side<String> text,
      Side<byte[]> binary,
      long commandTimeoutMs,
      boolean readFromReplicas) {
    this.commandTimeoutMs = commandTimeoutMs;
    this.readFromReplicas = readFromReplicas;
    this.client = client;
    this.text = text;
    this.binary = binary;
  }

  public static RedisConnector connect(String uri, long commandTimeoutMs) {
    return connect(uri, commandTimeoutMs, null);
  }

  public static RedisConnector connect(String uri, long commandTimeoutMs, MeterRegistry registry) {
    return connect(uri, commandTimeoutMs, registry, false);
  }

  /**
   * Connects; with a registry, every command's latency is recorded as {@code
   * lettuce_command_completion_seconds} (by command type).
   *
   * @param readFromReplicas on a cluster, read from a replica when one is up (a reader that accepts
   *     data a few milliseconds behind its master, in exchange for spreading reads); no effect on
   *     one Redis
   */
  public static RedisConnector connect(
      String uri, long commandTimeoutMs, MeterRegistry registry, boolean readFromReplicas) {
    ClientResources.Builder resources = ClientResources.builder();
    if (registry != null) {
      resources.commandLatencyRecorder(
          new MicrometerCommandLatencyRecorder(
              registry,
              MicrometerOptions.builder().histogram(false).localDistinction(false).build()));
    }
    SocketOptions socket =
        SocketOptions.builder().connectTimeout(Duration.ofMillis(commandTimeoutMs)).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(Duration.ofMillis(commandTimeoutMs));
    if (uri.startsWith(CLUSTER_SCHEME)) {
      RedisClusterClient client = RedisClusterClient.create(resources.build(), seeds(uri));
      client.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              // A node's connection is opened when a command first needs it (and again after a
              // failover): commands wait for it, bounded by the queue and their timeout, instead
              // of being refused while it opens.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
              .requestQueueSize(100_000)
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .maxRedirects(5)
              .topologyRefreshOptions(
                  ClusterTopologyRefreshOptions.builder()
                      .enablePeriodicRefresh(Duration.ofSeconds(30))
                      .enableAllAdaptiveRefreshTriggers()
                      .build())
              .build());
      try {
        StatefulRedisClusterConnection<String, String> text = client.connect();
        StatefulRedisClusterConnection<String, byte[]> bin =
            client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        if (readFromReplicas) {
          text.setReadFrom(ReadFrom.REPLICA_PREFERRED);
          bin.setReadFrom(ReadFrom.REPLICA_PREFERRED);
        }
        return new RedisConnector(
            client, Side.of(text), Side.of(bin), commandTimeoutMs, readFromReplicas);
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
    }
    RedisClient client = RedisClient.create(resources.build(), RedisURI.create(uri));
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(100_000)
            .socketOptions(socket)
            .timeoutOptions(timeouts)
            .build());
    try {
      StatefulRedisConnection<String, String> text = client.connect();
      return new RedisConnector(
          client,
          Side.of(text),
          Side.of(client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))),
          commandTimeoutMs,
          false);
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  /** The seed nodes of a {@code redis-cluster://[:password@]h:p,h:p} URI. */
  static List<RedisURI> seeds(String uri) {
    String rest = uri.substring(CLUSTER_SCHEME.length());
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String auth = rest.substring(0, at);
      password = auth.startsWith(":") ? auth.substring(1) : auth;
      rest = rest.substring(at + 1);
    }
    List<RedisURI> out = new ArrayList<>();
    for (String node : rest.split(",")) {
      String n = node.strip();
      if (n.isEmpty()) {
        continue;
      }
      int colon = n.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("cluster node '" + n + "' needs host:port");
      }
      RedisURI.Builder b =
          RedisURI.builder()
              .withHost(n.substring(0, colon))
              .withPort(Integer.parseInt(n.substring(colon + 1)));
      if (password != null) {
        b.withPassword(password.toCharArray());
      }
      out.add(b.build());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a redis-cluster:// URI needs at least one host:port");
    }
    return out;
  }

  /** Whether this is a Redis Cluster. */
  public boolean isCluster() {
    return client instanceof RedisClusterClient;
  }

  public RedisClusterAsyncCommands<String, String> async() {
    return text.async();
  }

  /**
   * Commands with text keys and binary values (records, history, event-id hashes, script
   * arguments), on a second connection: its own socket and I/O thread, so record traffic and
   * leaderboard traffic do not queue behind each other.
   */
  public RedisClusterAsyncCommands<String, byte[]> binary() {
    return binary.async();
  }

  /** Blocking commands on the shared text connection, for administrative paths and tools. */
  public RedisClusterCommands<String, String> sync() {
    return text.sync();
  }

  /** Blocking commands on the shared binary connection. */
  public RedisClusterCommands<String, byte[]> binarySync() {
    return binary.sync();
  }

  /**
   * GET of a binary value (the calibration histogram) on the shared connection: the reply's bytes
   * as they are, not decoded as text. Null when the key does not exist.
   */
  public CompletableFuture<byte[]> getBytes(String key) {
    StringCodec codec = StringCodec.UTF8;
    return text.async()
        .dispatch(
            CommandType.GET, new ByteArrayOutput<>(codec), new CommandArgs<>(codec).addKey(key))
        .toCompletableFuture();
  }

  /**
   * Waits until every write sent so far on both shared connections has reached at least {@code
   * replicas} replicas ({@code WAIT}, on every master of a cluster), at most {@code timeoutMs}.
   * Completes with the fewest replicas any master confirmed.
   *
   * <p>Redis replicates asynchronously: a write acknowledged by a master that dies before sending
   * it on is lost when its replica takes over. Waiting here before acknowledging closes that window
   * for writes that reached the replicas (it does not make Redis strongly consistent: a replica
   * that got the write may still lose an election to one that did not).
   */
  public CompletableFuture<Long> waitForReplicas(int replicas) {
    // Within the command timeout, so that Redis answers (with the count reached) before the
    // client gives up on the command.
    long timeoutMs = Math.max(1, commandTimeoutMs / 2);
    List<CompletableFuture<Long>> waits = new ArrayList<>();
    for (Side<?> side : List.of(text, binary)) {
      if (side.connection() instanceof StatefulRedisClusterConnection<?, ?> c) {
        for (var node : c.getPartitions()) {
          // Masters serving slots: a master that failed and lost its slots holds no writes.
          if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)
              && !node.is(RedisClusterNode.NodeFlag.FAIL)
              && !node.getSlots().isEmpty()) {
            waits.add(
                c.getConnection(node.getNodeId())
                    .async()
                    .waitForReplication(replicas, timeoutMs)
                    .toCompletableFuture());
          }
        }
      } else {
        waits.add(side.async().waitForReplication(replicas, timeoutMs).toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
        .thenApply(x -> waits.stream().mapToLong(CompletableFuture::join).min().orElse(0));
  }

  /**
   * A connection of its own for a blocking command ({@code XREAD BLOCK}), which would otherwise
   * hold up every command pipelined behind it on the shared one. Close it when done.
   *
   * @param timeout command timeout of this connection: longer than the commands' block time
   */
  public Dedicated dedicated(Duration timeout) {
    if (client instanceof RedisClusterClient c) {
      StatefulRedisClusterConnection<String, String> conn = c.connect();
      conn.setTimeout(timeout);
      return new Dedicated(conn, conn.sync());
    }
    StatefulRedisConnection<String, String> conn = ((RedisClient) client).connect();
    conn.setTimeout(timeout);
    return new Dedicated(conn, conn.sync());
  }

  /**
   * A binary connection of its own (text keys, binary values), with the shared ones' options:
   * command timeout, bounded request queue, behaviour while disconnected and, on a cluster, where
   * reads go. For a reader that batches its own commands, so that its pipeline carries only them;
   * close it when done.
   */
  public StatefulConnection<String, byte[]> dedicatedBinary() {
    RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    if (client instanceof RedisClusterClient c) {
      StatefulRedisClusterConnection<String, byte[]> conn = c.connect(codec);
      if (readFromReplicas) {
        conn.setReadFrom(ReadFrom.REPLICA_PREFERRED);
      }
      return conn;
    }
    return ((RedisClient) client).connect(codec);
  }

  /** A connection of its own, with its blocking commands. */
  public record Dedicated(
      StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync)
      implements AutoCloseable {
    @Override
    public void close() {
      connection.close();
    }
  }

  @Override
  public void close() {
    text.connection().close();
    binary.connection().close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
  }
}
