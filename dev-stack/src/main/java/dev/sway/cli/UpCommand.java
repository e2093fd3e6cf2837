package dev.sway.cli;

import dev.sway.local.LocalRedis;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sway up}: Redis and the three services on this machine until Ctrl-C. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start Redis and the ingest, scoring and query services locally; Ctrl-C stops them.")
final class UpCommand implements Callable<Integer> {
  @Option(
      names = "--ingest-port",
      defaultValue = "50051",
      description = "Ingest port (default ${DEFAULT-VALUE}).")
  int ingestPort;

  @Option(
      names = "--scoring-port",
      defaultValue = "50052",
      description = "Scoring port (default ${DEFAULT-VALUE}).")
  int scoringPort;

  @Option(
      names = "--listen",
      defaultValue = "127.0.0.1",
      description =
          "Address every port listens on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 for every interface).")
  String listen;

  @Option(
      names = "--query-port",
      defaultValue = "50053",
      description = "Query port (default ${DEFAULT-VALUE}).")
  int queryPort;

  @Option(
      names = "--scoring-mode",
      paramLabel = "open|opt-in",
      description =
          "open: score every account but erased ones; opt-in: only accounts registered with 'sway register' "
              + "(default: SWAY_SCORING_MODE, else open; docs/privacy.md).")
  String scoringMode;

  @Option(
      names = "--http-port",
      defaultValue = "8053",
      description = "Port of the read API as JSON over HTTP (default ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--redis-cluster",
      description =
          "Run on a local Redis Cluster (three masters, three replicas, on free ports) instead of"
              + " one Redis: to try what a cluster changes (docs/capacity.md).")
  boolean redisCluster;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Keep everything in DIR (Redis' append-only file, the API key, the privacy key), so"
              + " that 'sway up --data DIR' after a stop finds every score. Without it the stack"
              + " is throwaway: stopping it loses what was loaded.")
  Path data;

  @picocli.CommandLine.Mixin ServiceSettings serviceSettings;

  @Override
  public Integer call() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(serviceSettings.resolve(System.getenv()));
    if (scoringMode != null) {
      settings.put("scoring-mode", scoringMode.toLowerCase(Locale.ROOT));
    }
    String mode = settings.getOrDefault("scoring-mode", "open");
    settings.putIfAbsent("http-port", Integer.toString(httpPort));
    // Before anything starts or is written: a busy port is named with its flag, and a --data
    // folder is not half made.
    PortCheck.free(
        listen,
        Map.of(
            "--ingest-port", ingestPort,
            "--scoring-port", scoringPort,
            "--query-port", queryPort,
            "--http-port", Integer.parseInt(settings.get("http-port"))));
    LocalStack.Options options =
        new LocalStack.Options(ingestPort, scoringPort, queryPort, true, 5000, listen);
    LocalStack stack;
    if (data != null) {
      if (redisCluster) {
        throw CliException.invalid("--data keeps one Redis; it does not go with --redis-cluster");
      }
      DataDir dir = DataDir.open(data);
      settings.putIfAbsent("privacy-key", dir.privacyKey());
      stack =
          LocalStack.start(
              options,
              LocalRedis.start(LocalRedis.Options.defaults().withAppendOnly(true, dir.redis())),
              Clock.systemUTC(),
              settings,
              dir.apiKey());
    } else {
      stack =
          redisCluster
              ? LocalStack.startOnCluster(options, Clock.systemUTC(), settings)
              : LocalStack.start(options, LocalRedis.start(), Clock.systemUTC(), settings);
    }
    CountDownLatch stopped = stack.closeOnExit();
    System.out.println(
        "redis    "
            + stack.redisUri()
            + "  ("
            + stack.redis().binary()
            + (stack.cluster() != null ? ", " + stack.cluster().size() + " nodes" : "")
            + ")");
    System.out.println(
        "ingest   127.0.0.1:"
            + stack.ingest().port()
            + "  metrics http://127.0.0.1:"
            + stack.ingest().metricsPort()
            + "/metrics");
    System.out.println(
        "scoring  127.0.0.1:"
            + stack.scoring().port()
            + "  metrics http://127.0.0.1:"
            + stack.scoring().metricsPort()
            + "/metrics");
    System.out.println(
        "query    127.0.0.1:"
            + stack.query().port()
            + "  metrics http://127.0.0.1:"
            + stack.query().metricsPort()
            + "/metrics");
    System.out.println(
        "web      "
            + stack.httpAddress()
            + "/#key="
            + stack.apiKey()
            + "  (the page; the read API as JSON under /v1/, docs/http.md)");
    String configuredKeys = settings.getOrDefault("api-keys", "").strip();
    System.out.println(
        "api key  "
            + stack.apiKey()
            + "  (every scope"
            + (data != null ? "; kept in " + data : "; a new one each start")
            + (configuredKeys.isEmpty() ? "" : "; the keys of SWAY_API_KEYS work too")
            + ")");
    System.out.println(
        "data     "
            + (data != null
                ? data.toAbsolutePath() + "  (kept: 'sway up --data " + data + "' finds it again)"
                : "in memory only: stopping loses everything ('sway up --data DIR' keeps it)"));
    System.out.println(
        "mode     "
            + mode
            + (mode.equals("opt-in")
                ? "  (register accounts first: sway register x:alice …)"
                : ""));
    System.out.println("ready; press Ctrl-C to stop. In another shell:");
    System.out.println(
        "  export SWAY_INGEST_TARGET=127.0.0.1:"
            + stack.ingest().port()
            + " SWAY_QUERY_TARGET=127.0.0.1:"
            + stack.query().port()
            + " SWAY_API_KEY="
            + stack.apiKey()
            + " SWAY_HTTP="
            + stack.httpAddress());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
