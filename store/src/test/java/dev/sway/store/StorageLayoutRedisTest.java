package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link StorageLayout#check} against a real Redis. */
class StorageLayoutRedisTest {
  static LocalRedis redis;
  static RedisConnector connector;
  static RedisClusterCommands<String, String> sync;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedis.start();
    connector = RedisConnector.connect(redis.uri(), 5000);
    sync = connector.sync();
  }

  @AfterAll
  static void stop() {
    if (connector != null) {
      connector.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void empty() {
    sync.flushall();
  }

  /** Many keys of other applications, more than one SCAN page holds. */
  private static void fillWithForeignKeys(int n) {
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < n; i++) {
      keys.put("app:session:" + i, "v" + i);
    }
    sync.mset(keys);
  }

  @Test
  void anEmptyRedisIsMarkedAndThenAccepted() {
    StorageLayout.check(sync);

    assertThat(sync.get(RedisKeys.LAYOUT)).isEqualTo("3").isEqualTo(RedisKeys.LAYOUT_VERSION);
    assertThat(sync.dbsize()).isEqualTo(1);

    // Marked, it passes again, with Sway data written after the mark.
    sync.set(RedisKeys.account("x:a"), "record");
    StorageLayout.check(sync);
    StorageLayout.check(sync);
    assertThat(sync.get(RedisKeys.LAYOUT)).isEqualTo("3");
  }

  @Test
  void swayDataWithoutAMarkerIsRefused() {
    // An account hash of the layout before 3.
    sync.hset("sway:a:{x:a}", Map.of("followers", "10", "raw", "12.5"));

    assertThatThrownBy(() -> StorageLayout.check(sync))
        .isInstanceOf(StorageLayout.Mismatch.class)
        .hasMessageContaining("docs/operations.md")
        .hasMessageContaining(RedisKeys.LAYOUT);
    // Nothing was marked: the next start is refused the same way.
    assertThat(sync.exists(RedisKeys.LAYOUT)).isZero();
    assertThatThrownBy(() -> StorageLayout.check(sync)).isInstanceOf(StorageLayout.Mismatch.class);
  }

  @Test
  void anySwayKeyWithoutAMarkerIsRefused() {
    sync.zadd(RedisKeys.LEADERBOARD_ALL, 1.0, "x:a");

    assertThatThrownBy(() -> StorageLayout.check(sync))
        .isInstanceOf(StorageLayout.Mismatch.class)
        .hasMessageContaining("docs/operations.md");
    assertThat(sync.exists(RedisKeys.LAYOUT)).isZero();
  }

  @Test
  void oneSwayKeyAmongManyForeignOnesIsFound() {
    fillWithForeignKeys(20_000);
    sync.set("sway:clock", "1780000000000");

    assertThatThrownBy(() -> StorageLayout.check(sync))
        .isInstanceOf(StorageLayout.Mismatch.class)
        .hasMessageContaining("docs/operations.md");
    assertThat(sync.exists(RedisKeys.LAYOUT)).isZero();
  }

  @Test
  void anotherLayoutMarkerIsRefused() {
    sync.set(RedisKeys.LAYOUT, "2");

    assertThatThrownBy(() -> StorageLayout.check(sync))
        .isInstanceOf(StorageLayout.Mismatch.class)
        .hasMessageContaining("layout 2")
        .hasMessageContaining("docs/operations.md");
    assertThat(sync.get(RedisKeys.LAYOUT)).isEqualTo("2");
  }

  @Test
  void keysOfOtherApplicationsDoNotPreventMarking() {
    fillWithForeignKeys(5_000);
    // Close to the prefix but not under it.
    sync.set("sway", "x");
    sync.set("swayx:a", "x");
    sync.set("SWAY:a", "x");

    StorageLayout.check(sync);

    assertThat(sync.get(RedisKeys.LAYOUT)).isEqualTo("3");
    assertThat(sync.dbsize()).isEqualTo(5_000 + 3 + 1);
    StorageLayout.check(sync);
  }
}
