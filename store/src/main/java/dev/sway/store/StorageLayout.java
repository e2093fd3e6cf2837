package dev.sway.store;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Which storage layout a Redis holds. The scoring service checks it before writing anything: an
 * empty Redis is marked with {@link RedisKeys#LAYOUT_VERSION}; a Redis written by another layout
 * (the hash records of Sway before layout 3 carry no marker) is refused with a message that says
 * what to do, rather than misread or overwritten piecemeal.
 */
public final class StorageLayout {
  private StorageLayout() {}

  /** Thrown when Redis holds data of another layout. */
  public static final class Mismatch extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Mismatch(String message) {
      super(message);
    }
  }

  /**
   * Marks an empty Redis with this layout, accepts one already marked with it, refuses anything
   * else.
   */
  public static void check(RedisClusterCommands<String, String> redis) {
    String layout = redis.get(RedisKeys.LAYOUT);
    if (RedisKeys.LAYOUT_VERSION.equals(layout)) {
      return;
    }
    if (layout != null) {
      throw new Mismatch(
          "Redis holds Sway storage layout "
              + layout
              + "; this Sway reads layout "
              + RedisKeys.LAYOUT_VERSION
              + ". See docs/operations.md, 'Storage layout'.");
    }
    if (anyKey(redis, RedisKeys.PREFIX + "*")) {
      throw new Mismatch(
          "Redis holds Sway data of an older storage layout (account hashes, no "
              + RedisKeys.LAYOUT
              + " key). This Sway stores one binary record per account and does not"
              + " migrate in place: re-ingest the events into an empty Redis (or delete the sway:* keys"
              + " first). See docs/operations.md, 'Storage layout'.");
    }
    redis.setnx(RedisKeys.LAYOUT, RedisKeys.LAYOUT_VERSION);
  }

  private static boolean anyKey(RedisClusterCommands<String, String> redis, String pattern) {
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      if (!page.getKeys().isEmpty()) {
        return true;
      }
      cursor = page;
    } while (!cursor.isFinished());
    return false;
  }
}
