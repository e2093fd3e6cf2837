package dev.sway.checks;

import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.AccountRef;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validation and normalisation of the identifiers every API takes (networks, account ids, topics),
 * shared by the write and read sides so both treat them alike.
 */
public final class AccountChecks {
  public static final int MAX_ACCOUNT_ID_CHARS = 128;
  private static final Pattern NETWORK = Pattern.compile("[a-z][a-z0-9_.-]{0,31}");

  private AccountChecks() {}

  /** Whether {@code network} is a valid network name. */
  public static boolean isNetwork(String network) {
    return NETWORK.matcher(network).matches();
  }

  /**
   * Normalises a topic tag: trimmed, leading {@code #} removed, NFC, lower-cased by Unicode's rules
   * ({@link Locale#ROOT}, whatever the server's locale), NFC again (lower-casing {@code İ} gives
   * {@code i} + U+0307).
   */
  public static String normalizeTopic(String raw) {
    String t = raw.strip();
    while (t.startsWith("#")) {
      t = t.substring(1).strip();
    }
    return Normalizer.normalize(
        Normalizer.normalize(t, Normalizer.Form.NFC).toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
  }

  /** Checks an account reference; returns whether it is valid. */
  public static boolean checkAccount(AccountRef a, String path, List<Violation> v) {
    if (a == null) {
      v.add(new Violation(path, "required"));
      return false;
    }
    int before = v.size();
    if (a.getNetwork().isEmpty()) {
      v.add(new Violation(path + ".network", "required"));
    } else if (!NETWORK.matcher(a.getNetwork()).matches()) {
      v.add(
          new Violation(
              path + ".network",
              "lower-case name matching [a-z][a-z0-9_.-]{0,31}, got '"
                  + abbreviate(a.getNetwork())
                  + "'"));
    }
    checkId(a.getAccountId(), path + ".account_id", MAX_ACCOUNT_ID_CHARS, v);
    if (a.getAccountId().indexOf('{') >= 0 || a.getAccountId().indexOf('}') >= 0) {
      v.add(new Violation(path + ".account_id", "braces are not allowed"));
    }
    String mixed = AccountIds.mixedScripts(a.getAccountId());
    if (mixed != null) {
      v.add(new Violation(path + ".account_id", mixed));
    }
    return v.size() == before;
  }

  public static void checkId(String id, String path, int max, List<Violation> v) {
    if (id.isEmpty()) {
      v.add(new Violation(path, "required"));
    } else if (id.codePointCount(0, id.length()) > max) {
      // Characters are code points: an emoji is one, not two UTF-16 units.
      v.add(new Violation(path, "longer than " + max + " characters"));
    } else if (id.codePoints()
        .anyMatch(
            c ->
                Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || c == 0xFFFD)) {
      // isSpaceChar: the no-break spaces (U+00A0, U+2007, U+202F) are not "whitespace" to Java.
      v.add(
          new Violation(path, "whitespace, control characters and invalid UTF-8 are not allowed"));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
