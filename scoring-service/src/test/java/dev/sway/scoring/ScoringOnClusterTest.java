package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedisCluster;
import dev.sway.runtime.Settings;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scoring cannot write to a Redis Cluster yet: it refuses at start and says why. */
class ScoringOnClusterTest {
  @Test
  void aClusterUriIsRefusedAtStartWithTheReason() throws Exception {
    try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 0)) {
      assertThatThrownBy(
              () ->
                  ScoringServer.start(
                      Settings.ofMap(
                          Map.of(
                              "grpc-port", "0",
                              "metrics-port", "-1",
                              "redis-uri", cluster.uri())),
                      Clock.systemUTC()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot write to a Redis Cluster yet")
          .hasMessageContaining("atomically");
    }
  }
}
