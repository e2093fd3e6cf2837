package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.local.LocalRedis;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.RecordInteractionsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away and comes back: the services answer UNAVAILABLE within seconds instead of
 * hanging, recover on their own, and with AOF on every acknowledged event survives a restart.
 */
class RedisOutageTest {
  static RecordInteractionsRequest batch(String prefix, int n) {
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(
          EndToEndTest.event(
              prefix + i, InteractionType.INTERACTION_TYPE_SHARE, "fan" + i, "durable"));
    }
    return RecordInteractionsRequest.newBuilder().addAllInteractions(events).build();
  }

  @Test
  void outagesFailFastRecoverAndKeepWhatWasAcknowledged() throws Exception {
    Path dir = Files.createTempDirectory("sway-aof-");
    LocalRedis.Options aof = LocalRedis.Options.defaults().withAppendOnly(true, dir);
    LocalRedis redis = LocalRedis.start(aof);
    LocalRedis restarted = null;
    try (LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral(), redis);
        SwayClient client = stack.client(15_000)) {
      GetScoreRequest get =
          GetScoreRequest.newBuilder().setAccount(EndToEndTest.acct("durable")).build();
      assertThat(client.ingest().recordInteractions(batch("a", 50)).getAcceptedCount())
          .isEqualTo(50);

      redis.stop(); // SIGTERM: Redis flushes its append-only file and exits
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> client.query().getScore(get))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThatThrownBy(() -> client.ingest().recordInteractions(batch("b", 5)))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      long outageMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(outageMs)
          .as("both answers came within the deadline, not after it")
          .isLessThan(15_000);

      restarted = LocalRedis.start(aof.withPort(redis.port()));
      long deadline = System.currentTimeMillis() + 20_000;
      long count = -1;
      while (System.currentTimeMillis() < deadline) {
        try {
          count = client.query().getScore(get).getScore().getInteractionCount();
          break;
        } catch (StatusRuntimeException e) {
          Thread.sleep(200);
        }
      }
      assertThat(count).as("acknowledged before the restart, still there after it").isEqualTo(50);
      assertThat(client.ingest().recordInteractions(batch("c", 10)).getAcceptedCount())
          .isEqualTo(10);
      assertThat(client.query().getScore(get).getScore().getInteractionCount()).isEqualTo(60);
    } finally {
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  @Test
  void servicesAuthenticateToARedisThatRequiresAPassword() throws Exception {
    LocalRedis redis = LocalRedis.start(LocalRedis.Options.defaults().withPassword("s3cret-pass"));
    try (LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral(), redis);
        SwayClient client = stack.client(15_000)) {
      assertThat(redis.command("GET x"))
          .as("Redis refuses clients without the password")
          .startsWith("-NOAUTH");
      assertThat(client.ingest().recordInteractions(batch("p", 3)).getAcceptedCount()).isEqualTo(3);
      assertThat(
              client
                  .query()
                  .getScore(
                      GetScoreRequest.newBuilder().setAccount(EndToEndTest.acct("durable")).build())
                  .getScore()
                  .getInteractionCount())
          .isEqualTo(3);
    }
  }
}
