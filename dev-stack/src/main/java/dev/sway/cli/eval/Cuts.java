package dev.sway.cli.eval;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instants a dataset is evaluated at. At each cut, everything before it is known and accounts
 * are judged by what they receive in the window of {@code windowS} seconds after it; every window
 * has the same length so that the cuts are comparable.
 *
 * @param atS the cuts, Unix seconds, increasing
 * @param windowS the length of every future window
 * @param stabilityCut the cut the stability reruns are checked at
 * @param pattern how a cut is written in tables (UTC), e.g. "d MMM yyyy HH:mm"
 * @param why one sentence: why these cuts and this window
 */
public record Cuts(List<Long> atS, long windowS, int stabilityCut, String pattern, String why) {
  public Cuts {
    atS = List.copyOf(atS);
    if (atS.isEmpty() || windowS <= 0 || stabilityCut < 0 || stabilityCut >= atS.size()) {
      throw new IllegalArgumentException(
          "cuts need at least one cut, a window and a stability cut");
    }
    for (int k = 1; k < atS.size(); k++) {
      if (atS.get(k) <= atS.get(k - 1)) {
        throw new IllegalArgumentException("cuts must increase");
      }
    }
  }

  /** One cut with a window up to {@code endS}, checked for stability. */
  public static Cuts single(long cutS, long endS, String pattern, String why) {
    return new Cuts(List.of(cutS), endS - cutS, 0, pattern, why);
  }

  /** {@code count} cuts {@code stepS} apart from {@code firstS}. */
  public static Cuts every(
      long firstS,
      long stepS,
      int count,
      long windowS,
      int stabilityCut,
      String pattern,
      String why) {
    List<Long> at = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      at.add(firstS + k * stepS);
    }
    return new Cuts(at, windowS, stabilityCut, pattern, why);
  }

  /** {@code count} cuts at midnight UTC, {@code stepMonths} calendar months apart. */
  public static Cuts monthly(
      LocalDate first,
      int stepMonths,
      int count,
      long windowS,
      int stabilityCut,
      String pattern,
      String why) {
    List<Long> at = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      at.add(first.plusMonths((long) k * stepMonths).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }
    return new Cuts(at, windowS, stabilityCut, pattern, why);
  }

  public int size() {
    return atS.size();
  }

  public long cutS(int k) {
    return atS.get(k);
  }

  /** The end (exclusive) of cut {@code k}'s window. */
  public long endS(int k) {
    return atS.get(k) + windowS;
  }

  /**
   * Whether every window ends no later than {@code lastS} and the first cut is after {@code
   * firstS}.
   */
  public boolean inside(long firstS, long lastS) {
    return cutS(0) > firstS && endS(size() - 1) <= lastS + 1;
  }

  /** Cut {@code k} as tables write it. */
  public String label(int k) {
    return format(cutS(k));
  }

  public String format(long s) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ROOT)
        .withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochSecond(s));
  }

  /** The window's length in words: "2 days", "28 days", "12 h". */
  public String windowLabel() {
    if (windowS % 86_400 == 0) {
      long days = windowS / 86_400;
      return days + (days == 1 ? " day" : " days");
    }
    return String.format(Locale.ROOT, "%.1f h", windowS / 3600.0);
  }
}
