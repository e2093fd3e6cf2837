package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import com.sun.net.httpserver.HttpServer;
import dev.sway.v1.AccountRef;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code sway score bluesky:HANDLE} finds the score Sway keeps under the handle's DID. */
class BlueskyHandleTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  private static final String DID = "did:plc:handlehandlehandlehandle";

  private static AccountRef bluesky(String id) {
    return AccountRef.newBuilder().setNetwork("bluesky").setAccountId(id).build();
  }

  @Test
  void aHandleIsResolvedThroughTheAppViewToTheDidsScore() throws Exception {
    LOCAL
        .client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(
                    Interaction.newBuilder()
                        .setEventId("at://did:plc:someoneelse/app.bsky.feed.like/3l3qo2vuowo01")
                        .setType(InteractionType.INTERACTION_TYPE_LIKE)
                        .setActor(bluesky("did:plc:someoneelsesomeoneelsesom"))
                        .setTarget(bluesky(DID))
                        .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 5000)))
                .build());
    // The AppView's com.atproto.identity.resolveHandle, on a loopback port.
    HttpServer appView =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    appView.createContext(
        "/xrpc/com.atproto.identity.resolveHandle",
        ex -> {
          try (ex) {
            boolean known = "handle=alice.test".equals(ex.getRequestURI().getRawQuery());
            byte[] b =
                (known
                        ? "{\"did\":\"" + DID + "\"}"
                        : "{\"error\":\"InvalidRequest\",\"message\":\"Unable to resolve handle\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(known ? 200 : 400, b.length);
            ex.getResponseBody().write(b);
          }
        });
    appView.start();
    try {
      String url = "http://127.0.0.1:" + appView.getAddress().getPort();
      String target = LOCAL.stack().queryTarget();
      Object[] byHandle =
          CliTest.sway(
              "score",
              "--target",
              target,
              "--bluesky-appview",
              url,
              "--json",
              "bluesky:alice.test");
      assertThat(byHandle[0]).isEqualTo(0);
      assertThat((String) byHandle[1])
          .contains("\"accountId\": \"" + DID + "\"", "\"interactionCount\": 1");
      assertThat(
              CliTest.sway(
                  "score", "--target", target, "--bluesky-appview", url, "bluesky:nobody.test")[0])
          .isEqualTo(SwayCli.EXIT_NOT_FOUND);
      assertThat(
              CliTest.sway(
                  "score",
                  "--target",
                  target,
                  "--bluesky-appview",
                  "http://127.0.0.1:1",
                  "--deadline-ms",
                  "2000",
                  "bluesky:alice.test")[0])
          .isEqualTo(SwayCli.EXIT_UNAVAILABLE);
    } finally {
      appView.stop(0);
    }
  }
}
