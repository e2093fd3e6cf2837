package dev.sway.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys and arguments of one {@code apply-accounts.lua} call, built account by account. The
 * script's positional protocol (its header comment) is written here once, for the scoring service
 * and the script's tests alike, so the two cannot drift apart.
 *
 * <p>Usage: {@link #toHistogram} or {@link #toJournal}, then per account {@link #account} followed
 * by that account's {@link #ids} sets, then {@link #keys()} and {@link #args()}. Not thread-safe.
 */
public final class ApplyAccountsCall {
  private static final byte[] NONE = new byte[0];
  private static final byte[] OVERWRITE = {'o'};
  private static final byte[] APPEND = {'a'};
  private static final byte[] HISTOGRAM = {'h'};

  /** Arguments before the first account's: TTL, number of accounts, histogram or journal mode. */
  private static final int HEAD_ARGS = 3;

  private final List<String> keys = new ArrayList<>();
  private final List<byte[]> args = new ArrayList<>();
  private int accounts;

  /** Index in {@link #args} of the current account's number of id sets; -1 before the first. */
  private int setsAt = -1;

  private int sets;

  private ApplyAccountsCall(String firstKey, byte[] ttlSeconds, byte[] mode) {
    keys.add(firstKey);
    args.add(ttlSeconds);
    args.add(NONE); // the number of accounts, known at the end
    args.add(mode);
  }

  /** A call whose histogram moves go straight to the histogram (one Redis). */
  public static ApplyAccountsCall toHistogram(byte[] ttlSeconds) {
    return new ApplyAccountsCall(RedisKeys.CALIBRATION_HISTOGRAM, ttlSeconds, HISTOGRAM);
  }

  /**
   * A call whose histogram moves go to a slot's calibration journal (Redis Cluster).
   *
   * @param mode "j" followed by the number of the latest entry known to be folded ("j" alone when
   *     unknown)
   */
  public static ApplyAccountsCall toJournal(int slot, byte[] ttlSeconds, byte[] mode) {
    return new ApplyAccountsCall(RedisKeys.calibrationJournal(slot), ttlSeconds, mode);
  }

  /**
   * Adds one account: stored only if its record still starts with {@code expectedHeader}.
   *
   * @param expectedHeader {@link AccountRecord#header} of the version the writer read (empty: none)
   * @param historyPoints encoded points to store ({@link HistorySeries#encode}), empty for none
   * @param replaceLastPoint whether the first point is of the day of the last point stored
   * @param oldBucket the histogram bucket of the stored raw score, -1 for none
   * @param newBucket the histogram bucket of the new raw score, -1 for none
   */
  public ApplyAccountsCall account(
      String member,
      byte[] expectedHeader,
      byte[] record,
      byte[] historyPoints,
      boolean replaceLastPoint,
      int oldBucket,
      int newBucket) {
    closeAccount();
    accounts++;
    keys.add(RedisKeys.account(member));
    keys.add(RedisKeys.history(member));
    args.add(expectedHeader);
    args.add(record);
    args.add(historyPoints);
    args.add(replaceLastPoint ? OVERWRITE : APPEND);
    args.add(bucket(oldBucket));
    args.add(bucket(newBucket));
    setsAt = args.size();
    args.add(NONE); // the number of id sets, known when the next account starts
    sets = 0;
    return this;
  }

  /**
   * Adds a de-duplication set of the account added last and the hashes ({@link EventIds#hash}) of
   * the event ids stored in it.
   */
  public ApplyAccountsCall ids(String setKey, long... hashes) {
    if (setsAt < 0) {
      throw new IllegalStateException("ids before the first account");
    }
    keys.add(setKey);
    args.add(ascii(Integer.toString(hashes.length)));
    for (long h : hashes) {
      args.add(ascii(Long.toString(h)));
    }
    sets++;
    return this;
  }

  /** Accounts added so far. */
  public int accounts() {
    return accounts;
  }

  public String[] keys() {
    return keys.toArray(String[]::new);
  }

  public byte[][] args() {
    closeAccount();
    args.set(1, ascii(Integer.toString(accounts)));
    return args.toArray(byte[][]::new);
  }

  private void closeAccount() {
    if (setsAt >= HEAD_ARGS) {
      args.set(setsAt, ascii(Integer.toString(sets)));
    }
  }

  private static byte[] bucket(int b) {
    return b < 0 ? NONE : ascii(Integer.toString(b));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
