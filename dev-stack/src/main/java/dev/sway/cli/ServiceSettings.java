package dev.sway.cli;

import dev.sway.ingest.IngestServer;
import dev.sway.query.QueryServer;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The service settings of a local stack ({@code sway up}, {@code sway demo}): the {@code SWAY_*}
 * environment variables a deployment would set, then {@code --set NAME=VALUE}, given to every
 * service. What the stack decides itself — its Redis, ports and addresses — is not taken from
 * either; {@code api-keys} (SWAY_API_KEYS) are accepted beside the stack's own key.
 */
final class ServiceSettings {
  /** Settings the stack owns. */
  static final Set<String> OWN =
      Set.of("redis-uri", "grpc-port", "metrics-port", "scoring-target", "bind-address");

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
      if (!KNOWN.contains(name)) {
        String near =
            KNOWN.stream()
                .min(Comparator.comparingInt(k -> Settings.distance(k, name)))
                .orElseThrow();
        throw new IllegalArgumentException(
            "--set "
                + name
                + ": no service has this setting"
                + (Settings.distance(near, name) <= 3 ? " (did you mean " + near + "?)" : "")
                + "; the README's settings table lists them");
      }
      out.put(name, e.getValue());
    }
    return out;
  }

  /** The names of every service's settings. */
  static final Set<String> KNOWN =
      Stream.of(IngestServer.SETTINGS, ScoringServer.SETTINGS, QueryServer.SETTINGS)
          .flatMap(List::stream)
          .map(Setting::name)
          .collect(Collectors.toCollection(TreeSet::new));
}
