package dev.sway.store;

/** Fixed-point formatting of small non-negative-or-negative doubles without String.format. */
public final class Decimals {
  private static final long[] SCALE = {1, 10, 100, 1000, 10000};

  private Decimals() {}

  /** Appends {@code x} rounded half-up to {@code digits} (0-4) decimals, e.g. 12.35. */
  public static StringBuilder append(StringBuilder b, double x, int digits) {
    if (!Double.isFinite(x) || Math.abs(x) > 1e12) {
      return b.append(x);
    }
    long scale = SCALE[digits];
    long v = Math.round(Math.abs(x) * scale);
    if (x < 0 && v != 0) {
      b.append('-');
    }
    b.append(v / scale);
    if (digits > 0) {
      b.append('.');
      String frac = Long.toString(v % scale);
      for (int i = frac.length(); i < digits; i++) {
        b.append('0');
      }
      b.append(frac);
    }
    return b;
  }
}
