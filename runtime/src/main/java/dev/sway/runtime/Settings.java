package dev.sway.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Configuration of a process, read from command-line flags and environment variables.
 *
 * <p>A setting named {@code redis-uri} is read from the flag {@code --redis-uri=VALUE} (or {@code
 * --redis-uri VALUE}), else from the environment variable {@code SWAY_REDIS_URI}, else the default
 * given by the caller. Flags win so that a one-off run can override a deployment's environment.
 */
public final class Settings {
  private final Map<String, String> flags;
  private final Map<String, String> env;

  private Settings(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  /** Settings from this process's arguments and environment. */
  public static Settings fromArgs(String[] args) {
    return of(args, System.getenv());
  }

  /** Settings from explicit arguments and environment, for tests and embedding. */
  public static Settings of(String[] args, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        flags.put(body, args[++i]);
      } else {
        flags.put(body, "true");
      }
    }
    return new Settings(flags, Map.copyOf(env));
  }

  /** Settings that hold only the given values; nothing is read from the environment. */
  public static Settings ofMap(Map<String, String> values) {
    return new Settings(new HashMap<>(values), Map.of());
  }

  /** Returns a copy with {@code name} set, overriding flags and environment. */
  public Settings with(String name, Object value) {
    Map<String, String> copy = new HashMap<>(flags);
    copy.put(name, String.valueOf(value));
    return new Settings(copy, env);
  }

  /**
   * The environment variable that carries a setting: {@code redis-uri} → {@code SWAY_REDIS_URI}.
   */
  public static String envName(String name) {
    return "SWAY_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /**
   * The value of a declared setting: the flag, else the environment variable, else its default.
   *
   * @throws IllegalArgumentException naming the flag and variable when the text does not parse
   */
  public <T> T get(Setting<T> setting) {
    String raw = get(setting.name(), null);
    return raw == null ? setting.defaultValue() : setting.parse(raw);
  }

  /** Whether a setting was given (as a flag or in the environment), not left to its default. */
  public boolean isSet(Setting<?> setting) {
    return get(setting.name(), null) != null;
  }

  private String get(String name, String defaultValue) {
    String v = flags.get(name);
    if (v == null) {
      v = env.get(envName(name));
    }
    return v == null || v.isEmpty() ? defaultValue : v;
  }

  /**
   * Refuses flags that are not among {@code known}: a misspelt {@code --redis-url} must not
   * silently leave the default in place. Environment variables are not checked, since one
   * environment is often shared by several services.
   *
   * @throws IllegalArgumentException naming each unknown flag and the closest known one
   */
  public void rejectUnknownFlags(Collection<Setting<?>> known) {
    SortedSet<String> names = new TreeSet<>();
    known.forEach(k -> names.add(k.name()));
    List<String> unknown = new ArrayList<>();
    for (String f : new TreeSet<>(flags.keySet())) {
      if (!names.contains(f)) {
        String near = names.stream().min(Comparator.comparingInt(a -> distance(a, f))).orElse(null);
        boolean typo = near != null && distance(near, f) <= 3;
        unknown.add("--" + f + (typo ? " (did you mean --" + near + "?)" : ""));
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown flag"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + " (--help lists the settings)");
    }
  }

  /** Whether the arguments ask for help ({@code --help} or {@code -h}). */
  public static boolean wantsHelp(String[] args) {
    return Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
  }

  /** A server's {@code --help}: every setting with its variable, default and meaning. */
  public static String help(String command, String summary, Collection<Setting<?>> known) {
    StringBuilder out = new StringBuilder();
    out.append("Usage: ").append(command).append(" [--NAME=VALUE]...\n").append(summary);
    out.append("\n\nEvery setting is a flag or an environment variable; a flag wins.\n\n");
    for (Setting<?> s : known) {
      out.append(String.format("  %s=%s%n", s.flag(), s.type()));
      out.append(String.format("      %s, default %s%n", s.envName(), s.defaultText()));
      out.append(String.format("      %s%n", s.meaning()));
    }
    return out.toString();
  }

  /** Edit distance, for suggestions. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  @Override
  public String toString() {
    return "Settings" + Objects.toString(flags);
  }
}
