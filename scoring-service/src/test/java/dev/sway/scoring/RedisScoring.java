package dev.sway.scoring;

import dev.sway.local.LocalRedis;
import dev.sway.model.ModelConfig;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;

/** A real Redis server and the scoring engine on it, shared by one test class. */
final class RedisScoring implements AutoCloseable {
  final LocalRedis redis;
  final RedisConnector connector;
  final RedisClusterCommands<String, String> sync;
  final ScoringModel model = new ScoringModel(ModelConfig.DEFAULT);
  final AccountStore store;
  final BatchScorer scorer;

  private RedisScoring(LocalRedis redis) {
    this.redis = redis;
    this.connector = RedisConnector.connect(redis.uri(), 5000);
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
    return new RedisScoring(LocalRedis.start());
  }

  @Override
  public void close() {
    connector.close();
    redis.close();
  }
}
