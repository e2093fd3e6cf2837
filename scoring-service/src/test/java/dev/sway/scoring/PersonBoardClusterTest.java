package dev.sway.scoring;

import org.junit.jupiter.api.BeforeAll;

/** The persons' leaderboard on a Redis Cluster, where every leaderboard is sharded. */
class PersonBoardClusterTest extends PersonBoardRedisTest {
  /** Hides the superclass's start: this class's Redis is a cluster. */
  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.startCluster();
  }
}
