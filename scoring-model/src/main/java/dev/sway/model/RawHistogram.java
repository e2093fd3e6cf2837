package dev.sway.model;

import java.util.Arrays;

/**
 * The population of raw scores as a fixed-bucket histogram: raw scores are bounded (0-100), so
 * 100,001 buckets of 0.001 hold every account exactly. The scoring service keeps it current as each
 * account's score changes (one bucket down, one up, atomically with the account's write); there is
 * no scan, no sampling and no randomness, and histograms of several Redis nodes merge by adding.
 * Serialised as 32-bit big-endian counters, the layout of Redis {@code BITFIELD u32}.
 */
public final class RawHistogram {
  /** Buckets per raw point. */
  public static final int PER_POINT = 1000;

  /** Number of buckets: raw 0.000 to 100.000. */
  public static final int BUCKETS = 100 * PER_POINT + 1;

  /** Bytes of the serialised form. */
  public static final int BYTES = BUCKETS * 4;

  private final long[] counts;
  private long total;

  public RawHistogram() {
    this.counts = new long[BUCKETS];
  }

  /** The bucket of a raw score; non-finite and out-of-range values are clamped. */
  public static int bucket(double raw) {
    if (!(raw > 0)) {
      return 0;
    }
    return (int) Math.min(BUCKETS - 1, Math.floor(raw * PER_POINT));
  }

  public void add(double raw) {
    addToBucket(bucket(raw), 1);
  }

  public void addToBucket(int bucket, long n) {
    counts[bucket] += n;
    total += n;
  }

  public long count(int bucket) {
    return counts[bucket];
  }

  /** Accounts counted. */
  public long total() {
    return total;
  }

  /** Adds another histogram's counts (histograms of several nodes merge by adding). */
  public RawHistogram merge(RawHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    return this;
  }

  /** Reads the serialised form; a shorter array (a Redis string not yet grown) is zero-padded. */
  public static RawHistogram fromBytes(byte[] bytes) {
    RawHistogram h = new RawHistogram();
    int n = Math.min(BUCKETS, bytes == null ? 0 : bytes.length / 4);
    for (int i = 0; i < n; i++) {
      int o = 4 * i;
      long c =
          ((bytes[o] & 0xffL) << 24)
              | ((bytes[o + 1] & 0xffL) << 16)
              | ((bytes[o + 2] & 0xffL) << 8)
              | (bytes[o + 3] & 0xffL);
      h.addToBucket(i, c);
    }
    return h;
  }

  public byte[] toBytes() {
    byte[] out = new byte[BYTES];
    for (int i = 0; i < BUCKETS; i++) {
      long c = counts[i];
      out[4 * i] = (byte) (c >>> 24);
      out[4 * i + 1] = (byte) (c >>> 16);
      out[4 * i + 2] = (byte) (c >>> 8);
      out[4 * i + 3] = (byte) c;
    }
    return out;
  }

  /** Cumulative counts: element {@code b} is the number of accounts in buckets below {@code b}. */
  long[] cumulativeBelow() {
    long[] below = new long[BUCKETS + 1];
    for (int i = 0; i < BUCKETS; i++) {
      below[i + 1] = below[i] + counts[i];
    }
    return below;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawHistogram h && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }
}
