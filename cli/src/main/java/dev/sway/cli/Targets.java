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
}
