package dev.sway.store;

import io.lettuce.core.cluster.SlotHash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Redis Cluster hash slots, for the commands that must stay within one slot. A script call may only
 * name keys of one slot on a cluster, so the writers group an account batch by slot there; on one
 * Redis they group by position only (every key is on the one node, fewer calls are cheaper).
 */
public final class Slots {
  /** Hash slots of a Redis Cluster. */
  public static final int COUNT = SlotHash.SLOT_COUNT;

  private Slots() {}

  /** The slot of a key (of its hash tag when it has one), as Redis computes it. */
  public static int of(String key) {
    return SlotHash.getSlot(key);
  }

  /**
   * A short hash tag whose keys fall into {@code slot}: what a key that must live beside a slot's
   * accounts (its calibration journal) or on a chosen slot (a leaderboard shard) carries.
   */
  public static String tag(int slot) {
    return Tags.TAGS[slot];
  }

  /**
   * Splits positions {@code 0..size-1} into calls of at most {@code perCall}: consecutive runs on
   * one Redis; per slot of {@code keyOf(position)}, in first-seen order, on a cluster.
   */
  public static List<List<Integer>> calls(
      int size, int perCall, boolean cluster, IntFunction<String> keyOf) {
    List<List<Integer>> out = new ArrayList<>();
    if (!cluster) {
      for (int from = 0; from < size; from += perCall) {
        List<Integer> call = new ArrayList<>();
        for (int i = from; i < Math.min(size, from + perCall); i++) {
          call.add(i);
        }
        out.add(call);
      }
      return out;
    }
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      bySlot.computeIfAbsent(of(keyOf.apply(i)), s -> new ArrayList<>()).add(i);
    }
    for (List<Integer> inSlot : bySlot.values()) {
      for (int from = 0; from < inSlot.size(); from += perCall) {
        out.add(new ArrayList<>(inSlot.subList(from, Math.min(inSlot.size(), from + perCall))));
      }
    }
    return out;
  }

  /** The tags, computed once on first use (a few tens of milliseconds). */
  private static final class Tags {
    static final String[] TAGS = compute();

    private static String[] compute() {
      String[] tags = new String[COUNT];
      int found = 0;
      // Base-36 strings by length then value: every slot gets the shortest such string (3 or 4
      // characters; 36^4 strings cover the 16,384 slots many times over).
      String digits = "0123456789abcdefghijklmnopqrstuvwxyz";
      for (int len = 1; found < COUNT; len++) {
        int combos = (int) Math.pow(36, len);
        char[] c = new char[len];
        for (int n = 0; n < combos && found < COUNT; n++) {
          int v = n;
          for (int i = len - 1; i >= 0; i--) {
            c[i] = digits.charAt(v % 36);
            v /= 36;
          }
          String s = new String(c);
          int slot = of(s);
          if (tags[slot] == null) {
            tags[slot] = s;
            found++;
          }
        }
      }
      return tags;
    }
  }
}
