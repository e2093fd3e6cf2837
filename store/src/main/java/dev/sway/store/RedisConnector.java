package dev.sway.store;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Redis connections of a process: one for text values, one for binary values. Lettuce
 * connections are thread-safe and pipeline commands from all threads on one socket, so each is
 * shared by every request.
 *
 * <p>Settings that matter when Redis misbehaves: every command times out after {@code
 * commandTimeoutMs}; while disconnected, commands are rejected at once instead of being queued (so
 * an outage turns into fast UNAVAILABLE answers, not growing memory); the request queue is bounded.
 */
public final class RedisConnector implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;

  /** Text keys, binary values: the account records and history series. */
  private final StatefulRedisConnection<String, byte[]> binary;

  private RedisConnector(
      RedisClient client,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisConnection<String, byte[]> binary) {
    this.client = client;
    this.connection = connection;
    this.binary = binary;
  }

  public static RedisConnector connect(String uri, long commandTimeoutMs) {
    return connect(uri, commandTimeoutMs, null);
  }

  /**
   * Connects; with a registry, every command's latency is recorded as {@code
   * lettuce_command_completion_seconds} (by command type).
   */
  public static RedisConnector connect(String uri, long commandTimeoutMs, MeterRegistry registry) {
    ClientResources.Builder resources = ClientResources.builder();
    if (registry != null) {
      resources.commandLatencyRecorder(
          new MicrometerCommandLatencyRecorder(
              registry,
              MicrometerOptions.builder().histogram(false).localDistinction(false).build()));
    }
    RedisClient client = RedisClient.create(resources.build(), RedisURI.create(uri));
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(100_000)
            .socketOptions(
                SocketOptions.builder().connectTimeout(Duration.ofMillis(commandTimeoutMs)).build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(commandTimeoutMs)))
            .build());
    try {
      StatefulRedisConnection<String, String> text = client.connect();
      return new RedisConnector(
          client, text, client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)));
    } catch (RuntimeException e) {
      client.shutdown();
      throw e;
    }
  }

  public RedisAsyncCommands<String, String> async() {
    return connection.async();
  }

  /**
   * Commands with text keys and binary values (records, history, event-id hashes, script
   * arguments), on a second connection: its own socket and I/O thread, so record traffic and
   * leaderboard traffic do not queue behind each other.
   */
  public RedisAsyncCommands<String, byte[]> binary() {
    return binary.async();
  }

  /**
   * GET of a binary value (the calibration histogram) on the shared connection: the reply's bytes
   * as they are, not decoded as text. Null when the key does not exist.
   */
  public CompletableFuture<byte[]> getBytes(String key) {
    StringCodec codec = StringCodec.UTF8;
    return connection
        .async()
        .dispatch(
            CommandType.GET, new ByteArrayOutput<>(codec), new CommandArgs<>(codec).addKey(key))
        .toCompletableFuture();
  }

  /**
   * A connection of its own for a blocking command ({@code XREAD BLOCK}), which would otherwise
   * hold up every command pipelined behind it on the shared one. The caller closes it.
   *
   * @param timeout command timeout of this connection: longer than the commands' block time
   */
  public StatefulRedisConnection<String, String> dedicated(Duration timeout) {
    StatefulRedisConnection<String, String> c = client.connect();
    c.setTimeout(timeout);
    return c;
  }

  public StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  @Override
  public void close() {
    connection.close();
    binary.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
  }
}
