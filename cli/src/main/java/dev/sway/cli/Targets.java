package dev.sway.cli;

import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import picocli.CommandLine.Option;

/** Where the services are: flags, else environment, else the local defaults. */
final class Targets {
  @Option(
      names = "--ingest",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:SWAY_INGEST_TARGET:-127.0.0.1:50051}",
      description = "Ingest service address (env SWAY_INGEST_TARGET, default ${DEFAULT-VALUE}).")
  String ingest;

  @Option(
      names = {"--target", "--query"},
      paramLabel = "HOST:PORT",
      defaultValue = "${env:SWAY_QUERY_TARGET:-127.0.0.1:50053}",
      description = "Query service address (env SWAY_QUERY_TARGET, default ${DEFAULT-VALUE}).")
  String query;

  @Option(
      names = "--deadline-ms",
      defaultValue = "10000",
      description = "Deadline of each call (default ${DEFAULT-VALUE}).")
  long deadlineMs;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      defaultValue = "${sys:sway.api.key:-${env:SWAY_API_KEY:-}}",
      description = "API key (env SWAY_API_KEY); 'sway up' prints one.")
  String apiKey;

  @Option(
      names = "--tls-ca",
      paramLabel = "PEM",
      defaultValue = "${env:SWAY_TLS_CA:-}",
      description = "CA certificate to trust: connect with TLS (env SWAY_TLS_CA).")
  String tlsCa;

  SwayClient client() throws IOException {
    check("--ingest", ingest);
    check("--target", query);
    if (deadlineMs <= 0) {
      throw CliException.invalid("--deadline-ms must be positive; got " + deadlineMs);
    }
    if (tlsCa == null || tlsCa.isEmpty()) {
      return new SwayClient(ingest, query, deadlineMs, apiKey);
    }
    return new SwayClient(
        ingest,
        query,
        deadlineMs,
        apiKey,
        TlsChannelCredentials.newBuilder().trustManager(new File(tlsCa)).build());
  }

  /** A URL where HOST:PORT is expected is the most common slip; say what to write instead. */
  static void check(String flag, String target) {
    if (target == null) {
      return;
    }
    String t = target.strip();
    if (t.startsWith("http://") || t.startsWith("https://")) {
      String hostPort = t.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
      throw CliException.invalid(
          flag
              + " takes HOST:PORT, not a URL: use "
              + hostPort
              + (t.startsWith("https") ? " with --tls-ca PEM" : "")
              + " (the HTTP/JSON port 8053 is for browsers and curl; sway speaks gRPC)");
    }
    if (t.isEmpty()) {
      throw CliException.invalid(flag + " is empty: give HOST:PORT, for example 127.0.0.1:50053");
    }
  }
}
