package dev.sway.collectors;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hashtags to Sway topics. {@code #Jazz}, {@code jazz}, {@code ＃ＪＡＺＺ} (full-width) and {@code #jazz
 * } are one topic: NFKC folds compatibility forms, then the API's rule applies (trimmed, leading
 * {@code #} removed, lower-cased). A tag the API would refuse is dropped here, so one odd hashtag
 * never costs the whole interaction.
 */
final class Topics {
  /** The API's topic syntax (letters, digits, {@code _ . + -}, starting with a letter or digit). */
  private static final Pattern TOPIC = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_.+-]*");

  static final int MAX_TOPICS = 16;
  static final int MAX_TOPIC_CHARS = 64;

  private Topics() {}

  /** The normal form of one tag, or null when it cannot be a topic. */
  static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    String t = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
    while (t.startsWith("#")) {
      t = t.substring(1).strip();
    }
    t = t.toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.length() > MAX_TOPIC_CHARS || !TOPIC.matcher(t).matches()) {
      return null;
    }
    return t;
  }

  /** Distinct normal forms in order of first appearance, at most {@link #MAX_TOPICS}. */
  static List<String> of(Collection<String> raw) {
    Set<String> out = new LinkedHashSet<>();
    for (String r : raw) {
      String t = normalize(r);
      if (t != null && out.size() < MAX_TOPICS) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }
}
