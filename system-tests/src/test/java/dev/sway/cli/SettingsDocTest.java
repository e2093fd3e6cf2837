package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.scoring.ScoringServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's settings table is checked against the code: every setting a service reads when it
 * starts is listed there, for that service. (A setting read only in some configurations, such as
 * the TLS ones, is checked when it is read.)
 */
class SettingsDocTest {
  /** README rows: setting name → the services column. */
  static Map<String, String> documented() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = readme.substring(readme.indexOf("| setting (flag / env) | services |"));
    table = table.substring(0, table.indexOf("\n\n"));
    Map<String, String> out = new HashMap<>();
    for (String row : table.split("\n")) {
      String[] cells = row.split("\\|");
      if (cells.length < 3) {
        continue;
      }
      Matcher m = Pattern.compile("`--([a-z0-9-]+)`").matcher(cells[1]);
      while (m.find()) {
        out.put(m.group(1), cells[2].trim());
      }
    }
    return out;
  }

  static Set<String> undocumented(String service, Set<String> read, Map<String, String> doc) {
    Set<String> missing = new TreeSet<>();
    for (String name : read) {
      String services = doc.get(name);
      if (services == null || !(services.startsWith("all") || services.contains(service))) {
        missing.add(name);
      }
    }
    return missing;
  }

  @Test
  void everySettingAServiceReadsIsInTheReadmeForThatService() throws Exception {
    Map<String, String> doc = documented();
    assertThat(doc).as("the README's settings table").hasSizeGreaterThan(30);
    try (LocalRedis redis = LocalRedis.start()) {
      Map<String, String> base =
          Map.of(
              "redis-uri",
              redis.uri(),
              "auth",
              "off",
              "metrics-port",
              "-1",
              "grpc-port",
              "0",
              "bind-address",
              "127.0.0.1");
      Settings scoring = Settings.ofMap(base);
      Settings query = Settings.ofMap(base);
      ServiceHost s = ScoringServer.start(scoring, Clock.systemUTC());
      Settings ingest;
      try {
        Map<String, String> i = new HashMap<>(base);
        i.put("scoring-target", "127.0.0.1:" + s.port());
        ingest = Settings.ofMap(i);
        IngestServer.start(ingest, Clock.systemUTC()).close();
        QueryServer.start(query).close();
      } finally {
        s.close();
      }
      assertThat(undocumented("ingest", ingest.asked(), doc))
          .as("ingest settings missing from the README")
          .isEmpty();
      assertThat(scoring.asked()).contains("redis-uri", "scoring-mode", "privacy-key");
      assertThat(undocumented("scoring", scoring.asked(), doc))
          .as("scoring settings missing from the README")
          .isEmpty();
      assertThat(undocumented("query", query.asked(), doc))
          .as("query settings missing from the README")
          .isEmpty();
    }
  }
}
