package dev.sway.scoring;

import static dev.sway.store.AccountFields.AMPLIFICATION;
import static dev.sway.store.AccountFields.GIVEN_COUNT;
import static dev.sway.store.AccountFields.GIVEN_DAY;
import static dev.sway.store.AccountFields.LAST_GIVEN_MS;
import static dev.sway.store.AccountFields.SWEPT_DAY;
import static dev.sway.store.AccountFields.AUTHORED;
import static dev.sway.store.AccountFields.AUTHORITY;
import static dev.sway.store.AccountFields.ENGAGERS;
import static dev.sway.store.AccountFields.FOLLOWERS;
import static dev.sway.store.AccountFields.FOLLOWING;
import static dev.sway.store.AccountFields.INTERACTIONS;
import static dev.sway.store.AccountFields.LAST_EVENT_MS;
import static dev.sway.store.AccountFields.POSTING;
import static dev.sway.store.AccountFields.POSTS;
import static dev.sway.store.AccountFields.SNAPSHOT_MS;

import dev.sway.model.AccountState;
import java.util.List;
import java.util.Map;

/** Maps {@link AccountState} to and from the fields of the account hash. */
final class AccountCodec {
  private AccountCodec() {}

  static AccountState decode(Map<String, String> h) {
    AccountState s = new AccountState();
    s.followers = getLong(h, FOLLOWERS, 0);
    s.following = getLong(h, FOLLOWING, 0);
    s.posts = getLong(h, POSTS, 0);
    s.snapshotMs = getLong(h, SNAPSHOT_MS, -1);
    s.amplification = getDouble(h, AMPLIFICATION);
    s.authority = getDouble(h, AUTHORITY);
    s.posting = getDouble(h, POSTING);
    s.engagers = getDouble(h, ENGAGERS);
    s.authored = getDouble(h, AUTHORED);
    s.givenDay = getLong(h, GIVEN_DAY, -1);
    s.givenCount = getLong(h, GIVEN_COUNT, 0);
    s.lastGivenMs = getLong(h, LAST_GIVEN_MS, -1);
    s.sweptDay = getLong(h, SWEPT_DAY, Long.MIN_VALUE);
    s.interactions = getLong(h, INTERACTIONS, 0);
    s.lastEventMs = getLong(h, LAST_EVENT_MS, -1);
    return s;
  }

  /** Field/value pairs of the whole state (both sides: received and given). */
  static void encode(AccountState s, List<String> out) {
    put(out, FOLLOWERS, Long.toString(s.followers));
    put(out, FOLLOWING, Long.toString(s.following));
    put(out, POSTS, Long.toString(s.posts));
    put(out, SNAPSHOT_MS, Long.toString(s.snapshotMs));
    put(out, AMPLIFICATION, Double.toString(s.amplification));
    put(out, AUTHORITY, Double.toString(s.authority));
    put(out, POSTING, Double.toString(s.posting));
    put(out, ENGAGERS, Double.toString(s.engagers));
    put(out, AUTHORED, Double.toString(s.authored));
    put(out, GIVEN_DAY, Long.toString(s.givenDay));
    put(out, GIVEN_COUNT, Long.toString(s.givenCount));
    put(out, LAST_GIVEN_MS, Long.toString(s.lastGivenMs));
    // The swept day is written by the decay sweep only (so it only moves forward).
    put(out, INTERACTIONS, Long.toString(s.interactions));
    put(out, LAST_EVENT_MS, Long.toString(s.lastEventMs));
  }

  static void put(List<String> out, String field, String value) {
    out.add(field);
    out.add(value);
  }

  static long getLong(Map<String, String> h, String f, long dflt) {
    String v = h.get(f);
    return v == null ? dflt : Long.parseLong(v);
  }

  static double getDouble(Map<String, String> h, String f) {
    String v = h.get(f);
    return v == null ? 0.0 : Double.parseDouble(v);
  }

  static double parseOrZero(String v) {
    return v == null ? 0.0 : Double.parseDouble(v);
  }
}
