package dev.sway.ingest;

import dev.sway.checks.CanonicalAccounts;
import dev.sway.checks.Validator;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.Auth;
import dev.sway.runtime.AuthInterceptor;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Setting;
import dev.sway.runtime.Settings;
import dev.sway.runtime.Tls;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The ingest service: validates writes and forwards them to scoring. Never touches Redis. Its
 * settings are declared in {@link IngestSettings} ({@code --help} lists them).
 */
public final class IngestServer {
  private IngestServer() {}

  /** Every setting this service reads (what {@code --help} prints). */
  public static final List<Setting<?>> SETTINGS = IngestSettings.DECLARED;

  public static void main(String[] args) throws Exception {
    ServiceHost.main(
        args,
        "ingest-service",
        "The public write API: validates profiles and interactions and forwards them to scoring.",
        IngestSettings.DECLARED,
        s -> start(s, Clock.systemUTC()));
  }

  public static ServiceHost start(Settings settings, Clock clock) throws IOException {
    IngestSettings config = IngestSettings.read(settings);
    ServiceHost.Builder b = ServiceHost.builder(config.server()).tls(settings);
    // Writes need ingest:write; linking, erasure, export, suppression and consent need admin.
    AuthInterceptor auth =
        Auth.interceptor(
            "ingest",
            settings,
            ApiKeys.INGEST_WRITE,
            Map.of(
                "sway.v1.IngestService/LinkAccounts", ApiKeys.ADMIN,
                "sway.v1.IngestService/UnlinkAccounts", ApiKeys.ADMIN,
                "sway.v1.IngestService/ErasePerson", ApiKeys.ADMIN,
                "sway.v1.IngestService/ExportPerson", ApiKeys.ADMIN,
                "sway.v1.IngestService/LiftSuppression", ApiKeys.ADMIN,
                "sway.v1.IngestService/RegisterAccounts", ApiKeys.ADMIN,
                "google.longrunning.Operations/GetOperation", ApiKeys.ADMIN));
    if (auth != null) {
      b.intercept(auth);
    }
    // One spelling of every account id before any check, key or suppression hash.
    b.intercept(new CanonicalAccounts());
    // To scoring: TLS when a CA is given, mutual TLS when also a client certificate and key.
    Tls tls = new Tls();
    b.closeOnShutdown(tls);
    ScoringClient scoring =
        new ScoringClient(
            config.scoringTarget(),
            config.scoringDeadlineMs(),
            b.registry(),
            tls.channel(
                config.scoringTlsCa(),
                config.scoringTlsCert(),
                config.scoringTlsKey(),
                config.tlsReloadMs()));
    return b.addService(
            new IngestGrpcService(
                new Validator(clock),
                scoring,
                new IngestMetrics(b.registry()),
                config.streamStallMs()))
        .addService(new OperationsRelay(scoring))
        .nonBlocking()
        .closeOnShutdown(scoring)
        .build()
        .start();
  }
}
