package dev.sway.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The service settings of a local stack ({@code sway up}, {@code sway demo}): the {@code SWAY_*}
 * environment variables a deployment would set, then {@code --set NAME=VALUE}, given to every
 * service. What the stack decides itself — its Redis, ports, addresses and API key — is not taken
 * from either.
 */
final class ServiceSettings {
  /** Settings the stack owns. */
  static final Set<String> OWN =
      Set.of(
          "redis-uri", "grpc-port", "metrics-port", "scoring-target", "bind-address", "api-keys");

  /** Variables of the client and the launcher, not of a service. */
  static final Set<String> CLIENT =
      Set.of("api-key", "ingest-target", "query-target", "java-opts", "rebuild");

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description =
          "A setting for every service of the stack, as in the README's settings table (e.g."
              + " --set calibration-refresh-ms=1000, --set auth=off); repeatable. SWAY_* environment"
              + " variables are taken too; --set wins.")
  Map<String, String> set = new LinkedHashMap<>();

  /** The settings for the stack's services, from {@code env} and {@code --set}. */
  Map<String, String> resolve(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("SWAY_")) {
            String name = k.substring(5).toLowerCase(Locale.ROOT).replace('_', '-');
            if (!OWN.contains(name) && !CLIENT.contains(name)) {
              out.put(name, v);
            }
          }
        });
    for (Map.Entry<String, String> e : set.entrySet()) {
      String name = e.getKey().startsWith("--") ? e.getKey().substring(2) : e.getKey();
      if (OWN.contains(name)) {
        throw new IllegalArgumentException(
            "--set "
                + name
                + ": the local stack decides that itself (its own Redis, ports and key)");
      }
      out.put(name, e.getValue());
    }
    return out;
  }
}
