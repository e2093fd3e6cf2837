package dev.sway.checks;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one spelling of an account id, so that one account is one key whatever bytes a client sent:
 * an erased person must not come back under a decomposed accent, fullwidth letters or another
 * letter case.
 *
 * <ul>
 *   <li>NFKC: composed accents ({@code e} + U+0301 is {@code é}), and compatibility forms folded
 *       (fullwidth {@code ｅ} is {@code e}, the ligature {@code ﬁ} is {@code fi}).
 *   <li>Mastodon's {@code @user@domain} without its leading {@code @}.
 *   <li>Lower case (Unicode rules, {@link Locale#ROOT}) on the networks whose handles are
 *       case-insensitive: {@link #CASE_INSENSITIVE}. Elsewhere case is kept: ids such as LinkedIn
 *       URNs or YouTube channel ids are case-sensitive.
 *   <li>Letters of more than one script (Latin with Cyrillic or Greek: a look-alike spelling) are
 *       refused by {@link AccountChecks}, except the mixes real names use (Latin with Han and the
 *       Japanese kana, Han with Bopomofo, Han with Hangul; UTS #39's "highly restrictive").
 * </ul>
 */
public final class AccountIds {
  /**
   * Networks whose account ids are handles compared without case: X/Twitter screen names (numeric
   * ids have no case), Mastodon {@code user@domain}, Bluesky handles (domain names) and DIDs,
   * Instagram, Threads, TikTok, GitHub and Reddit user names. On these a leading {@code @} (the
   * handle as written, {@code @anna@fosstodon.org}) is dropped.
   */
  public static final Set<String> CASE_INSENSITIVE =
      Set.of(
          "x",
          "twitter",
          "mastodon",
          "bluesky",
          "instagram",
          "threads",
          "tiktok",
          "github",
          "reddit");

  private static final Set<UnicodeScript> NEUTRAL =
      EnumSet.of(UnicodeScript.COMMON, UnicodeScript.INHERITED, UnicodeScript.UNKNOWN);

  /** Script sets one id may use together; any single script is allowed as well. */
  private static final List<Set<UnicodeScript>> ALLOWED_MIXES =
      List.of(
          EnumSet.of(
              UnicodeScript.LATIN,
              UnicodeScript.HAN,
              UnicodeScript.HIRAGANA,
              UnicodeScript.KATAKANA),
          EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
          EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

  private AccountIds() {}

  /** The canonical spelling of {@code id} on {@code network}; {@code id} itself when it is one. */
  public static String canonical(String network, String id) {
    boolean fold = CASE_INSENSITIVE.contains(network);
    if (fold && id.length() > 1 && id.charAt(0) == '@') {
      // The handle as people write it (@anna@fosstodon.org, @alice): the @ is not part of the id.
      id = id.substring(1);
    }
    if (isPlainAscii(id, fold)) {
      return id;
    }
    String n = Normalizer.normalize(id, Normalizer.Form.NFKC);
    if (fold) {
      // Lower-casing can decompose (İ becomes i + U+0307): compose again.
      n = Normalizer.normalize(n.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }
    return n;
  }

  /** ASCII needs no normalisation, and no folding unless it has capitals on a folding network. */
  private static boolean isPlainAscii(String id, boolean fold) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 0x80 || (fold && c >= 'A' && c <= 'Z')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Why {@code id} mixes scripts the way look-alike spellings do (for example "mixes Latin and
   * Cyrillic letters"), or null when it does not.
   */
  public static String mixedScripts(String id) {
    Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
    id.codePoints()
        .filter(Character::isLetter)
        .mapToObj(UnicodeScript::of)
        .filter(s -> !NEUTRAL.contains(s))
        .forEach(scripts::add);
    if (scripts.size() <= 1 || ALLOWED_MIXES.stream().anyMatch(m -> m.containsAll(scripts))) {
      return null;
    }
    List<String> names =
        scripts.stream()
            .map(s -> s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT))
            .sorted()
            .toList();
    return "mixes "
        + String.join(" and ", names)
        + " letters, as look-alike spellings do: use the letters of one script";
  }
}
