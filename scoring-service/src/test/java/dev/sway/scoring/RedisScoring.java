package dev.sway.scoring;

import dev.sway.local.LocalRedis;
import dev.sway.local.LocalRedisCluster;
import dev.sway.model.ModelConfig;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.TestInfo;

/** A real Redis server and the scoring engine on it, shared by one test class. */
final class RedisScoring implements AutoCloseable {
  /** The server (a {@link LocalRedis} or a {@link LocalRedisCluster}). */
  final AutoCloseable redis;

  final RedisConnector connector;
  final RedisClusterCommands<String, String> sync;
  final ScoringModel model = new ScoringModel(ModelConfig.DEFAULT);
  final AccountStore store;
  final BatchScorer scorer;

  /** Where the server listens. */
  final String uri;

  private RedisScoring(AutoCloseable redis, String uri) {
    this.redis = redis;
    this.uri = uri;
    this.connector = RedisConnector.connect(uri, 5000);
    this.sync = connector.sync();
    this.store = new AccountStore(connector, 3600, 10_000, 100_000);
    this.scorer =
        new BatchScorer(
            model, store, Clock.systemUTC(), new ScoringMetrics(new SimpleMeterRegistry()));
  }

  /** The stored record of {@code member} (an empty one when absent). */
  AccountRecord record(String member) {
    return AccountRecord.decode(
        connector.binary().get(RedisKeys.account(member)).toCompletableFuture().join());
  }

  /** Empties Redis and forgets what the scorer cached, as a fresh process would. */
  void flush() {
    sync.flushall();
    store.invalidateAll();
  }

  static RedisScoring start() throws Exception {
    LocalRedis redis = LocalRedis.start();
    return new RedisScoring(redis, redis.uri());
  }

  /** On a cluster when the class under test says so ({@link OnRedisCluster}), else on one Redis. */
  static RedisScoring start(TestInfo test) throws Exception {
    boolean cluster =
        test.getTestClass().map(c -> c.isAnnotationPresent(OnRedisCluster.class)).orElse(false);
    return cluster ? startCluster() : start();
  }

  /** The same on a local Redis Cluster of three masters. */
  static RedisScoring startCluster() throws Exception {
    LocalRedisCluster cluster = LocalRedisCluster.start(3, 0);
    return new RedisScoring(cluster, cluster.uri());
  }

  @Override
  public void close() {
    connector.close();
    try {
      redis.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
