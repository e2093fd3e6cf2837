package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.longrunning.GetOperationRequest;
import dev.sway.ingest.IngestServer;
import dev.sway.query.QueryServer;
import dev.sway.runtime.ApiKeys;
import dev.sway.runtime.ServiceHost;
import dev.sway.runtime.Settings;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.RecordInteractionsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** API keys: who gets in, with which scope, and how the services refuse to run open. */
class AuthTest {
  static void expect(Status.Code code, Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
  }

  @Test
  void keysAreCheckedAndScopesEnforced() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalStack.Options.ephemeral())) {
      AccountRef a = AccountRef.newBuilder().setNetwork("x").setAccountId("a").build();
      try (SwayClient none = new SwayClient(stack.ingestTarget(), stack.queryTarget(), 5000, null);
          SwayClient wrong =
              new SwayClient(stack.ingestTarget(), stack.queryTarget(), 5000, ApiKeys.newKey());
          SwayClient good = stack.client(5000)) {
        expect(
            Status.Code.UNAUTHENTICATED,
            () -> none.query().listLeaderboard(ListLeaderboardRequest.getDefaultInstance()));
        expect(
            Status.Code.UNAUTHENTICATED,
            () -> wrong.query().listLeaderboard(ListLeaderboardRequest.getDefaultInstance()));
        assertThat(
                good.query()
                    .listLeaderboard(ListLeaderboardRequest.getDefaultInstance())
                    .getTotalSize())
            .isZero();
        expect(
            Status.Code.NOT_FOUND,
            () -> good.query().getScore(GetScoreRequest.newBuilder().setAccount(a).build()));
      }
    }
  }

  @Test
  void aReadOnlyKeyCannotWriteOrErase() throws Exception {
    String reader = ApiKeys.newKey();
    String writer = ApiKeys.newKey();
    String keys =
        ApiKeys.entry("reader", Set.of(ApiKeys.QUERY_READ), reader)
            + ","
            + ApiKeys.entry("writer", Set.of(ApiKeys.INGEST_WRITE), writer);
    ServiceHost ingest =
        IngestServer.start(
            Settings.ofMap(
                Map.of(
                    "grpc-port",
                    "0",
                    "metrics-port",
                    "-1",
                    "api-keys",
                    keys,
                    "scoring-target",
                    "127.0.0.1:1")),
            Clock.systemUTC());
    try (SwayClient asReader = new SwayClient("127.0.0.1:" + ingest.port(), null, 5000, reader);
        SwayClient asWriter = new SwayClient("127.0.0.1:" + ingest.port(), null, 5000, writer)) {
      ErasePersonRequest erase = ErasePersonRequest.newBuilder().setPersonId("p").build();
      expect(Status.Code.PERMISSION_DENIED, () -> asReader.ingest().erasePerson(erase));
      expect(Status.Code.PERMISSION_DENIED, () -> asWriter.ingest().erasePerson(erase));
      // Following an erasure is administrative too: the operation says how many accounts went.
      GetOperationRequest poll =
          GetOperationRequest.newBuilder()
              .setName("operations/erase-123e4567-e89b-12d3-a456-426614174000")
              .build();
      expect(Status.Code.PERMISSION_DENIED, () -> asWriter.operations().getOperation(poll));
      // The writer gets past auth: the call fails later, on the unreachable scoring service.
      expect(
          Status.Code.UNAVAILABLE,
          () ->
              asWriter
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder()
                          .addInteractions(
                              EndToEndTest.event(
                                  "e1", InteractionType.INTERACTION_TYPE_LIKE, "a", "b"))
                          .build()));
      expect(
          Status.Code.PERMISSION_DENIED,
          () ->
              asReader
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder()
                          .addInteractions(
                              EndToEndTest.event(
                                  "e1", InteractionType.INTERACTION_TYPE_LIKE, "a", "b"))
                          .build()));
    } finally {
      ingest.close();
    }
  }

  @Test
  void authOnWithoutKeysRefusesToStartAndOffMustBeExplicit() {
    assertThatThrownBy(
            () ->
                QueryServer.start(
                    Settings.ofMap(
                        Map.of(
                            "grpc-port",
                            "0",
                            "metrics-port",
                            "-1",
                            "redis-uri",
                            "redis://127.0.0.1:1"))))
        .hasMessageContaining("no API keys");
    assertThatThrownBy(() -> ApiKeys.parse("k:root:salt:00")).hasMessageContaining("unknown scope");
  }

  @Test
  void entriesHoldOnlySaltedHashes() {
    String key = ApiKeys.newKey();
    String entry = ApiKeys.entry("k", Set.of(ApiKeys.QUERY_READ), key);
    assertThat(entry).doesNotContain(key);
    assertThat(ApiKeys.parse(entry).find(key).name()).isEqualTo("k");
    assertThat(ApiKeys.parse(entry).find(key + "x")).isNull();
    // The same key hashed twice gets two salts and two different entries.
    assertThat(ApiKeys.entry("k", Set.of(ApiKeys.QUERY_READ), key)).isNotEqualTo(entry);
  }
}
