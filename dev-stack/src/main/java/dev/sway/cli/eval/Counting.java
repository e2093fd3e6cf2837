package dev.sway.cli.eval;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counts a practitioner would try before any model: interactions received and distinct
 * engagers, as they stand at a cut, undecayed and exponentially decayed with a few half-lives.
 * Decayed, an interaction at {@code t} weighs {@code 2^(-(cut - t) / h)}; a distinct engager counts
 * once, with the weight of its latest engagement of the account before the cut.
 */
public final class Counting {
  /** The half-lives tried, in days. */
  private static final double[] HALF_LIVES_DAYS = {1, 3, 7, 30};

  private Counting() {}

  /**
   * Every count of the accounts at {@code position} (account id → index in the result arrays), in
   * table order: received so far, received decayed with each half-life, distinct engagers so far,
   * distinct engagers decayed with each half-life. Only {@code measured} interactions are received;
   * an engager is anyone who sent an interaction of any kind.
   *
   * @param known the interactions before the cut, in time order
   * @param countLabel what "received" counts, e.g. "retweets received"
   */
  public static Map<String, double[]> at(
      List<Interaction> known, Map<Integer, Integer> position, long cutS, String countLabel) {
    int n = position.size();
    int h = HALF_LIVES_DAYS.length;
    double[][] received = new double[h + 1][n];
    for (Interaction e : known) {
      Integer t = position.get(e.target());
      if (t == null || !e.measured()) {
        continue;
      }
      received[0][t]++;
      for (int j = 0; j < h; j++) {
        received[j + 1][t] += weight(cutS, e.timeS(), HALF_LIVES_DAYS[j]);
      }
    }
    // The latest engagement of each (target, engager) pair; events come in time order.
    Map<Long, Long> latest = new HashMap<>();
    for (Interaction e : known) {
      Integer t = position.get(e.target());
      if (t != null) {
        latest.put(((long) t << 32) | (e.actor() & 0xffffffffL), e.timeS());
      }
    }
    double[][] distinct = new double[h + 1][n];
    for (Map.Entry<Long, Long> pair : latest.entrySet()) {
      int t = (int) (pair.getKey() >>> 32);
      distinct[0][t]++;
      for (int j = 0; j < h; j++) {
        distinct[j + 1][t] += weight(cutS, pair.getValue(), HALF_LIVES_DAYS[j]);
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    out.put(countLabel + " so far", received[0]);
    for (int j = 0; j < h; j++) {
      out.put(countLabel + ", " + halfLife(j), received[j + 1]);
    }
    out.put("distinct engagers so far", distinct[0]);
    for (int j = 0; j < h; j++) {
      out.put("distinct engagers, " + halfLife(j), distinct[j + 1]);
    }
    return out;
  }

  /** The weight at {@code cutS} of an interaction at {@code timeS}, half-life in days. */
  static double weight(long cutS, long timeS, double halfLifeDays) {
    return Math.pow(2, -(cutS - timeS) / (halfLifeDays * 86_400.0));
  }

  private static String halfLife(int j) {
    return String.format(Locale.ROOT, "half-life %.0f d", HALF_LIVES_DAYS[j]);
  }
}
