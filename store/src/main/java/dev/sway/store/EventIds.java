package dev.sway.store;

import java.nio.charset.StandardCharsets;

/**
 * Event ids as they are remembered for de-duplication: a 64-bit hash of the id's UTF-8 bytes
 * (FNV-1a, then the SplitMix64 finaliser so that near-identical ids spread over all 64 bits). Redis
 * keeps sets of integers in its compact {@code intset} encoding, 8 bytes per id instead of the id's
 * text plus per-entry overhead.
 *
 * <p>Two different ids of one account in one de-duplication bucket collide with probability about
 * n²/2⁶⁵ for n ids (10⁻⁸ for 20,000 ids): a collision would take a new event for a duplicate. The
 * hash is part of the stored format: changing it forgets every remembered id.
 */
public final class EventIds {
  private EventIds() {}

  public static long hash(String eventId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : eventId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return h;
  }
}
