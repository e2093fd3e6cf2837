package dev.sway.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * API keys with scopes, configured as salted hashes: the configuration never holds a key.
 *
 * <p>An entry is {@code name:scope+scope:salt:sha256hex}, where the hash is SHA-256 of {@code salt
 * + ":" + key} in hex; entries are separated by commas or new lines. Scopes: {@code ingest:write},
 * {@code query:read}, {@code admin}. {@link #entry} makes an entry from a key; {@code sway keygen}
 * prints a new key with its entry.
 */
public final class ApiKeys {
  public static final String INGEST_WRITE = "ingest:write";
  public static final String QUERY_READ = "query:read";
  public static final String ADMIN = "admin";
  static final Set<String> SCOPES = Set.of(INGEST_WRITE, QUERY_READ, ADMIN);

  /** One configured key. */
  public record Key(String name, Set<String> scopes, String salt, byte[] hash) {}

  private final List<Key> keys;

  private ApiKeys(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  public static ApiKeys parse(String config) {
    List<Key> keys = new ArrayList<>();
    for (String raw : config.split("[,\\n]")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] p = entry.split(":", -1);
      // The scope "ingest:write" contains a colon: re-join the fields between name and salt.
      if (p.length < 4) {
        throw new IllegalArgumentException("api key entry must be name:scopes:salt:sha256hex");
      }
      String name = p[0];
      String salt = p[p.length - 2];
      String hex = p[p.length - 1];
      String scopeField = String.join(":", Arrays.copyOfRange(p, 1, p.length - 2));
      Set<String> scopes = Set.of(scopeField.split("\\+"));
      for (String s : scopes) {
        if (!SCOPES.contains(s)) {
          throw new IllegalArgumentException(
              "unknown scope '" + s + "' for key " + name + "; known: " + SCOPES);
        }
      }
      keys.add(new Key(name, scopes, salt, HexFormat.of().parseHex(hex)));
    }
    return new ApiKeys(keys);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * The key matching {@code presented}, or null. Every configured key is compared, in constant
   * time, whether or not an earlier one matched, so timing does not tell which keys exist.
   */
  public Key find(String presented) {
    Key found = null;
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    for (Key k : keys) {
      if (MessageDigest.isEqual(hash(k.salt(), given), k.hash()) && found == null) {
        found = k;
      }
    }
    return found;
  }

  static byte[] hash(String salt, byte[] key) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(salt.getBytes(StandardCharsets.UTF_8));
      d.update((byte) ':');
      return d.digest(key);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new random key (URL-safe base64, 256 bits). */
  public static String newKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return "sway_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The configuration entry of {@code key}, with a fresh salt. */
  public static String entry(String name, Set<String> scopes, String key) {
    byte[] s = new byte[16];
    new SecureRandom().nextBytes(s);
    String salt = HexFormat.of().formatHex(s);
    return name
        + ":"
        + String.join("+", new TreeSet<>(scopes))
        + ":"
        + salt
        + ":"
        + HexFormat.of().formatHex(hash(salt, key.getBytes(StandardCharsets.UTF_8)));
  }
}
