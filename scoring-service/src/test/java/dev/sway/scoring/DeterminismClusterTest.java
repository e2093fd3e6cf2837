package dev.sway.scoring;

import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;

/**
 * The determinism checks on a Redis Cluster of three masters: there a batch's script calls carry
 * one slot's accounts each and the histogram is kept through the slots' calibration journals, and
 * the store must still be the same, bit for bit, whatever the batch sizes and sweeps, with the
 * histogram counting every scored account once.
 */
class DeterminismClusterTest extends DeterminismRedisTest {
  /** Hides the superclass's start: this class's Redis is a cluster. */
  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.startCluster();
    connector = local.connector;
    sync = local.sync;
    scorer = local.scorer;
    sweeper = new DecaySweeper(local.model, local.store, Clock.systemUTC(), false, 1e9);
  }
}
