package dev.sway.scoring;

/** The persons' leaderboard on a Redis Cluster, where every leaderboard is sharded. */
@OnRedisCluster
class PersonBoardClusterTest extends PersonBoardRedisTest {}
