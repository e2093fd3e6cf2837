package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.ingest.IngestServer;
import dev.sway.query.QueryServer;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Each service's settings are declared once ({@code IngestServer.SETTINGS} and the others): the
 * README's settings table, the servers' {@code --help} and the deployment's environment files are
 * checked against those declarations.
 */
class SettingsDocTest {
  static final Map<String, List<Setting<?>>> SERVICES = new LinkedHashMap<>();

  static {
    SERVICES.put("ingest", IngestServer.SETTINGS);
    SERVICES.put("scoring", ScoringServer.SETTINGS);
    SERVICES.put("query", QueryServer.SETTINGS);
  }

  /** The README's table as the declarations make it: one row per setting, in declaration order. */
  static String table() {
    Map<String, Map<String, Setting<?>>> rows = new LinkedHashMap<>();
    SERVICES.forEach(
        (service, settings) ->
            settings.forEach(
                s -> rows.computeIfAbsent(s.name(), n -> new LinkedHashMap<>()).put(service, s)));
    StringBuilder out = new StringBuilder();
    out.append("| setting (flag / env) | services | default | meaning |\n|---|---|---|---|\n");
    rows.forEach(
        (name, byService) -> {
          Setting<?> first = byService.values().iterator().next();
          String services =
              byService.size() == SERVICES.size() ? "all" : String.join(", ", byService.keySet());
          List<String> defaults = new ArrayList<>();
          byService.forEach((svc, s) -> defaults.add(svc + ": " + s.defaultText()));
          boolean same =
              byService.values().stream().map(Setting::defaultText).distinct().count() == 1;
          out.append(
              String.format(
                  "| `%s` / `%s` | %s | %s | %s |%n",
                  first.flag(),
                  first.envName(),
                  services,
                  same ? first.defaultText() : String.join("; ", defaults),
                  first.meaning()));
        });
    return out.toString();
  }

  @Test
  void theReadmeTableIsTheDeclaredSettings() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int at = readme.indexOf("| setting (flag / env) | services |");
    assertThat(at).as("the README's settings table").isPositive();
    String documented = readme.substring(at, readme.indexOf("\n\n", at) + 1);
    String expected = table();
    Files.writeString(Path.of("target", "settings-table.md"), expected);
    assertThat(documented)
        .as("README settings table (the expected one is in system-tests/target/settings-table.md)")
        .isEqualTo(expected);
    assertThat(expected.split("\n")).hasSizeGreaterThan(35);
  }

  @Test
  void everyServersHelpListsItsSettings() {
    SERVICES.forEach(
        (service, settings) -> {
          String help = Settings.help(service, "", settings);
          for (Setting<?> s : settings) {
            assertThat(help).contains(s.flag() + "=", s.envName() + ", default");
          }
        });
    assertThat(Settings.help("scoring", "", ScoringServer.SETTINGS))
        .contains("SWAY_GRPC_PORT, default 50052", "SWAY_REDIS_TIMEOUT_MS, default 2000");
  }

  /** A variable in a deployment's environment file that no service reads would do nothing. */
  @Test
  void theDeploymentSetsOnlyDeclaredSettings() throws Exception {
    Path config = Path.of("..", "deploy", "base", "config");
    Map<String, List<String>> files =
        Map.of(
            "common.env", List.of("ingest", "scoring", "query"),
            "ingest.env", List.of("ingest"),
            "scoring.env", List.of("scoring"),
            "query.env", List.of("query"));
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      Properties vars = new Properties();
      try (var in = Files.newBufferedReader(config.resolve(f.getKey()))) {
        vars.load(in);
      }
      assertThat(vars).as(f.getKey()).isNotEmpty();
      for (String var : vars.stringPropertyNames()) {
        for (String service : f.getValue()) {
          assertThat(SERVICES.get(service).stream().map(Setting::envName))
              .as(f.getKey() + " sets " + var + " for " + service)
              .contains(var);
          Setting<?> s =
              SERVICES.get(service).stream()
                  .filter(x -> x.envName().equals(var))
                  .findFirst()
                  .orElseThrow();
          Settings.of(new String[] {s.flag() + "=" + vars.getProperty(var)}, Map.of()).get(s);
        }
      }
    }
  }
}
