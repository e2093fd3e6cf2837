package dev.sway.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes of account members: HMAC-SHA256 with the deployment's privacy key, cut to 64 bits.
 * Sway stores these where it must recognise an account without holding its id: suppression entries
 * of erased accounts, consent registrations, and (in opt-in mode) the engagers that never
 * registered. Without the key a hash cannot be tested against candidate ids, so the key lives in
 * the service's configuration, not in Redis. Thread-safe.
 */
public final class Pseudonyms {
  /** Bytes a configured key must have at least. */
  public static final int MIN_KEY_BYTES = 16;

  private final byte[] key;
  private final ThreadLocal<Mac> macs;

  public Pseudonyms(byte[] key) {
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "the privacy key must have at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = Arrays.copyOf(key, key.length);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The keyed hash of {@code member} ({@code network:account_id}). */
  public long hash(String member) {
    byte[] d = macs.get().doFinal(member.getBytes(StandardCharsets.UTF_8));
    long h = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (d[i] & 0xff);
    }
    return h;
  }

  /**
   * The member that stands for {@code member} where its id must not be stored: its network, a space
   * (never part of an account id, so no real account is named so) and its hash in hex.
   */
  public String pseudonym(String member) {
    return RedisKeys.networkOf(member) + ": " + String.format("%016x", hash(member));
  }

  /** Whether {@code member} is a pseudonym rather than an account's own id. */
  public static boolean isPseudonym(String member) {
    int colon = member.indexOf(':');
    return colon >= 0 && colon + 1 < member.length() && member.charAt(colon + 1) == ' ';
  }
}
