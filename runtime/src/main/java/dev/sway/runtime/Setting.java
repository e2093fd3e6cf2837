package dev.sway.runtime;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One setting a server reads: its name, type, default and meaning, declared once. The same
 * declaration parses the value ({@link Settings#get(Setting)}), prints the server's {@code --help},
 * refuses unknown flags, and is what the README's settings table is checked against.
 *
 * <p>A setting named {@code redis-uri} is the flag {@code --redis-uri} and the environment variable
 * {@code SWAY_REDIS_URI}.
 *
 * @param name the flag without its dashes
 * @param type what the value is, for help ({@code INT}, {@code MS}, {@code TEXT}, {@code a|b}…)
 * @param defaultValue what an unset setting means; null when there is none (or it is computed)
 * @param defaultText the default as people read it (e.g. {@code 2 × cores, at least 4})
 * @param meaning one sentence: what it changes
 * @param parser from the raw text to the value; throws {@link IllegalArgumentException} on bad text
 */
public record Setting<T>(
    String name,
    String type,
    T defaultValue,
    String defaultText,
    String meaning,
    Function<String, T> parser) {

  public static Setting<Integer> ofInt(String name, Integer defaultValue, String meaning) {
    return new Setting<>(
        name, "INT", defaultValue, text(defaultValue), meaning, v -> Integer.parseInt(v.trim()));
  }

  public static Setting<Long> ofLong(String name, Long defaultValue, String meaning) {
    return new Setting<>(
        name,
        name.endsWith("-ms") ? "MS" : "INT",
        defaultValue,
        text(defaultValue),
        meaning,
        v -> Long.parseLong(v.trim()));
  }

  public static Setting<Double> ofDouble(String name, double defaultValue, String meaning) {
    String text =
        defaultValue == Math.rint(defaultValue)
            ? Long.toString((long) defaultValue)
            : Double.toString(defaultValue);
    return new Setting<>(name, "NUMBER", defaultValue, text, meaning, v -> Double.parseDouble(v));
  }

  public static Setting<String> ofText(String name, String defaultValue, String meaning) {
    return new Setting<>(name, "TEXT", defaultValue, text(defaultValue), meaning, String::strip);
  }

  /** A setting that takes one of a few words. */
  public static Setting<String> ofChoice(
      String name, String defaultValue, Set<String> choices, String meaning) {
    Set<String> sorted = new TreeSet<>(choices);
    return new Setting<>(
        name,
        String.join("|", sorted),
        defaultValue,
        defaultValue,
        meaning,
        v -> {
          String word = v.strip().toLowerCase(Locale.ROOT);
          if (!sorted.contains(word)) {
            throw new IllegalArgumentException("must be one of " + sorted + ", got '" + v + "'");
          }
          return word;
        });
  }

  /** The same setting with the default a service chooses (ports, timeouts). */
  public Setting<T> withDefault(T value) {
    return new Setting<>(name, type, value, text(value), meaning, parser);
  }

  /** The same setting with a default people read differently (computed, or none). */
  public Setting<T> withDefaultText(String text) {
    return new Setting<>(name, type, defaultValue, text, meaning, parser);
  }

  public String flag() {
    return "--" + name;
  }

  public String envName() {
    return Settings.envName(name);
  }

  /** Parses a raw value, naming the flag and variable when it does not parse. */
  T parse(String raw) {
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      String why =
          e instanceof NumberFormatException
              ? "must be "
                  + ("NUMBER".equals(type) ? "a number" : "an integer")
                  + ", got '"
                  + raw
                  + "'"
              : e.getMessage();
      throw new IllegalArgumentException(flag() + " (" + envName() + ") " + why, e);
    }
  }

  private static String text(Object value) {
    return value == null ? "—" : value.toString();
  }
}
