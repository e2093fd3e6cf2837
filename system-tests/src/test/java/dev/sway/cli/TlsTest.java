package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.ingest.IngestServer;
import dev.sway.local.LocalRedis;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ServiceHost;
import dev.sway.scoring.ScoringServer;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on the ports, mutual TLS from ingest to scoring, and certificates renewed in place. */
class TlsTest {
  @TempDir Path dir;

  /** Runs openssl; certificates are made fresh for every test run. */
  void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
  }

  void ca(String name) throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-subj",
        "/CN=" + name);
  }

  /** A certificate for {@code cn} signed by {@code ca}, valid for 127.0.0.1 and localhost. */
  void cert(String name, String cn, String ca) throws Exception {
    openssl(
        "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".key");
    openssl("req", "-new", "-key", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn);
    Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  String f(String name) {
    return dir.resolve(name).toString();
  }

  ChannelCredentials trusting(String ca, String client) throws Exception {
    TlsChannelCredentials.Builder b =
        TlsChannelCredentials.newBuilder().trustManager(new File(f(ca + ".pem")));
    if (client != null) {
      b.keyManager(new File(f(client + ".pem")), new File(f(client + ".key")));
    }
    return b.build();
  }

  @Test
  void scoringAcceptsOnlyTheIngestCertificate() throws Exception {
    ca("ca");
    cert("scoring", "scoring", "ca");
    cert("ingest", "ingest", "ca");
    cert("intruder", "intruder", "ca");
    try (LocalRedis redis = LocalRedis.start()) {
      ServiceHost scoring =
          ScoringServer.start(
              LocalSettings.of(
                  "redis-uri",
                  redis.uri(),
                  "tls-cert",
                  f("scoring.pem"),
                  "tls-key",
                  f("scoring.key"),
                  "tls-client-ca",
                  f("ca.pem"),
                  "tls-client-names",
                  "ingest",
                  "health-port",
                  "0"),
              Clock.systemUTC());
      ServiceHost ingest =
          IngestServer.start(
              LocalSettings.of(
                  "scoring-target",
                  "127.0.0.1:" + scoring.port(),
                  "scoring-tls-ca",
                  f("ca.pem"),
                  "scoring-tls-cert",
                  f("ingest.pem"),
                  "scoring-tls-key",
                  f("ingest.key")),
              Clock.systemUTC());
      try (SwayClient client = new SwayClient("127.0.0.1:" + ingest.port(), null, 10_000)) {
        assertThat(
                client
                    .ingest()
                    .recordInteractions(
                        RecordInteractionsRequest.newBuilder()
                            .addInteractions(
                                EndToEndTest.event(
                                    "t1", InteractionType.INTERACTION_TYPE_SHARE, "a", "b"))
                            .build())
                    .getAcceptedCount())
            .isEqualTo(1);
        // Anyone else holding a certificate from the same CA is refused...
        assertScoringRefuses(
            scoring.port(), trusting("ca", "intruder"), Status.Code.PERMISSION_DENIED);
        // ...and a client without a certificate does not get past the handshake.
        assertScoringRefuses(scoring.port(), trusting("ca", null), Status.Code.UNAVAILABLE);
        // Probes that speak only plaintext (Kubernetes') check health on the health port, which
        // serves nothing else.
        ManagedChannel probe =
            NettyChannelBuilder.forAddress("127.0.0.1", scoring.healthPort())
                .usePlaintext()
                .build();
        try {
          assertThat(
                  HealthGrpc.newBlockingStub(probe)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .check(HealthCheckRequest.getDefaultInstance())
                      .getStatus())
              .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
          assertThatThrownBy(
                  () ->
                      ScoringServiceGrpc.newBlockingStub(probe)
                          .withDeadlineAfter(5, TimeUnit.SECONDS)
                          .applyEvents(ApplyEventsRequest.getDefaultInstance()))
              .isInstanceOfSatisfying(
                  StatusRuntimeException.class,
                  e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
        } finally {
          probe.shutdownNow();
        }
      } finally {
        ingest.close();
        scoring.close();
      }
    }
  }

  void assertScoringRefuses(int port, ChannelCredentials creds, Status.Code code) {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port, creds).build();
    try {
      assertThatThrownBy(
              () ->
                  ScoringServiceGrpc.newBlockingStub(ch)
                      .withDeadlineAfter(5, TimeUnit.SECONDS)
                      .applyEvents(ApplyEventsRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    } finally {
      ch.shutdownNow();
    }
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestart() throws Exception {
    ca("old-ca");
    ca("new-ca");
    cert("old", "query", "old-ca");
    cert("new", "query", "new-ca");
    Files.copy(dir.resolve("old.pem"), dir.resolve("live.pem"));
    Files.copy(dir.resolve("old.key"), dir.resolve("live.key"));
    try (LocalRedis redis = LocalRedis.start()) {
      ServiceHost query =
          QueryServer.start(
              LocalSettings.of(
                  "redis-uri",
                  redis.uri(),
                  "tls-cert",
                  f("live.pem"),
                  "tls-key",
                  f("live.key"),
                  "tls-reload-ms",
                  "200",
                  "http-port",
                  "0"));
      try {
        String target = "127.0.0.1:" + query.port();
        assertThat(listWith(target, trusting("old-ca", null))).isTrue();
        assertThat(listWith(target, trusting("new-ca", null))).isFalse();
        // Renew in place: key first, then certificate, as a certificate manager would.
        Files.copy(
            dir.resolve("new.key"), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
            dir.resolve("new.pem"), dir.resolve("live.pem"), StandardCopyOption.REPLACE_EXISTING);
        // Reloading is driven by modification times; make them differ even on coarse clocks.
        FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 60_000);
        Files.setLastModifiedTime(dir.resolve("live.key"), later);
        Files.setLastModifiedTime(dir.resolve("live.pem"), later);
        long deadline = System.currentTimeMillis() + 10_000;
        boolean renewed = false;
        while (!renewed && System.currentTimeMillis() < deadline) {
          Thread.sleep(250);
          renewed = listWith(target, trusting("new-ca", null));
        }
        assertThat(renewed).as("new connections get the renewed certificate").isTrue();
        assertThat(listWith(target, trusting("old-ca", null))).isFalse();
      } finally {
        query.close();
      }
    }
  }

  /** Whether a fresh connection with these credentials can call the query service. */
  static boolean listWith(String target, ChannelCredentials creds) {
    try (SwayClient c = new SwayClient(null, target, 5000, null, creds)) {
      c.query().listLeaderboard(ListLeaderboardRequest.getDefaultInstance());
      return true;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }
}
