package dev.sway.scoring;

/**
 * The determinism checks on a Redis Cluster of three masters: there a batch's script calls carry
 * one slot's accounts each, the histogram is kept through the slots' calibration journals and the
 * leaderboards are sharded, and the store must still be the same, bit for bit, whatever the batch
 * sizes and sweeps, with the histogram counting every scored account once.
 */
@OnRedisCluster
class DeterminismClusterTest extends DeterminismRedisTest {}
