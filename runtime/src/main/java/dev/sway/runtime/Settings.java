package dev.sway.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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

  /**
   * The names a service asked for: a flag outside them is a typo or a setting of another service.
   */
  private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

  public String get(String name, String defaultValue) {
    asked.add(name);
    String v = flags.get(name);
    if (v == null) {
      v = env.get(envName(name));
    }
    return v == null || v.isEmpty() ? defaultValue : v;
  }

  public int getInt(String name, int defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + name + " (" + envName(name) + ") must be an integer, got '" + v + "'", e);
    }
  }

  public long getLong(String name, long defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + name + " (" + envName(name) + ") must be an integer, got '" + v + "'", e);
    }
  }

  public double getDouble(String name, double defaultValue) {
    String v = get(name, null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + name + " (" + envName(name) + ") must be a number, got '" + v + "'", e);
    }
  }

  public boolean getBoolean(String name, boolean defaultValue) {
    String v = get(name, null);
    return v == null ? defaultValue : Boolean.parseBoolean(v.trim());
  }

  /** The names asked for so far, sorted (what a service reads, once it is built). */
  public java.util.SortedSet<String> asked() {
    return new java.util.TreeSet<>(asked);
  }

  /**
   * Refuses flags that nothing asked for (call it once the service is built): a misspelt {@code
   * --redis-url} must not silently leave the default in place. Environment variables are not
   * checked, since one environment is often shared by several services.
   *
   * @throws IllegalArgumentException naming each unknown flag and the closest known one
   */
  public void rejectUnknownFlags() {
    rejectUnknownFlags(false);
  }

  /**
   * The same, limited to flags within a few letters of one that was read when {@code
   * likelyTyposOnly} (after a failed start, when not every setting was read yet).
   */
  public void rejectUnknownFlags(boolean likelyTyposOnly) {
    List<String> unknown = new ArrayList<>();
    for (String f : new java.util.TreeSet<>(flags.keySet())) {
      if (!asked.contains(f)) {
        String near =
            asked.stream().min(java.util.Comparator.comparingInt(a -> distance(a, f))).orElse(null);
        boolean typo = near != null && distance(near, f) <= 3;
        if (typo || !likelyTyposOnly) {
          unknown.add("--" + f + (typo ? " (did you mean --" + near + "?)" : ""));
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown flag"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + "; this service reads: --"
              + String.join(", --", new java.util.TreeSet<>(asked)));
    }
  }

  /** Edit distance, for suggestions. */
  static int distance(String a, String b) {
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
