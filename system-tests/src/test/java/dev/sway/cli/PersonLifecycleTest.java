package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.util.Timestamps;
import dev.sway.store.RedisConnector;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ErasePersonResponse;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.ListTopicsRequest;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.Subject;
import dev.sway.v1.UnlinkAccountsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Linking accounts into a person, exporting it, and erasing every trace of it. */
class PersonLifecycleTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static LocalStack stack() {
    return LOCAL.stack();
  }

  static SwayClient client() {
    return LOCAL.client();
  }

  static RedisConnector redis() {
    return LOCAL.redis();
  }

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static Interaction share(String id, AccountRef actor, AccountRef target, String topic) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(InteractionType.INTERACTION_TYPE_SHARE)
        .setActor(actor)
        .setTarget(target)
        .addTopics(topic)
        .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 30_000))
        .build();
  }

  /**
   * Erases and waits for the operation: the call's answer already has the accounts' own data gone,
   * the operation removes the rest.
   */
  static ErasePersonResponse erase(ErasePersonRequest req) throws Exception {
    return erase(LOCAL, req);
  }

  static ErasePersonResponse erase(LocalStackExtension on, ErasePersonRequest req)
      throws Exception {
    Operation op = on.client().ingest().erasePerson(req);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!op.getDone() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      op =
          on.client()
              .operations()
              .getOperation(GetOperationRequest.newBuilder().setName(op.getName()).build());
    }
    assertThat(op.getDone()).as("erasure done within 30 s").isTrue();
    return op.getResponse().unpack(ErasePersonResponse.class);
  }

  static Score score(Subject s) {
    return client().query().getScore(GetScoreRequest.newBuilder().setSubject(s).build()).getScore();
  }

  /** Every key, and every field, member or entry of every hash, set, list, sorted set, stream. */
  static List<String> everythingInRedis() {
    return everythingInRedis(LOCAL);
  }

  static List<String> everythingInRedis(LocalStackExtension on) {
    RedisClusterCommands<String, String> r = on.redis().sync();
    List<String> out = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = r.scan(cursor, ScanArgs.Builder.limit(500));
      for (String key : page.getKeys()) {
        out.add(key);
        switch (r.type(key)) {
          case "hash" ->
              r.hgetall(key)
                  .forEach(
                      (f, v) -> {
                        out.add(f);
                        out.add(v);
                      });
          case "set" -> out.addAll(r.smembers(key));
          case "list" -> out.addAll(r.lrange(key, 0, -1));
          case "zset" -> out.addAll(r.zrange(key, 0, -1));
          case "stream" ->
              r.xrange(key, Range.create("-", "+"))
                  .forEach(e -> e.getBody().forEach((f, v) -> out.addAll(List.of(f, v))));
          default -> out.add(r.get(key));
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return out;
  }

  @Test
  void aPersonCombinesNetworksAndErasureLeavesNoTrace() throws Exception {
    AccountRef onX = acct("x", "dana");
    AccountRef onMastodon = acct("mastodon", "dana@social.example");
    List<Interaction> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(share("px" + i, acct("x", "fan" + i), onX, "chess"));
      events.add(share("pm" + i, acct("mastodon", "fan" + i), onMastodon, "chess"));
    }
    // dana engages others too: her traces live in their records.
    events.add(share("given", onX, acct("x", "someone-else"), "chess"));
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder().addAllInteractions(events).build());

    client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder().setPersonId("dana").addAccounts(onX).build());
    Score one = score(Subject.newBuilder().setPersonId("dana").build());
    client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder().setPersonId("dana").addAccounts(onMastodon).build());
    Score both = score(Subject.newBuilder().setPersonId("dana").build());
    assertThat(both.getLinkedAccountsCount()).isEqualTo(2);
    assertThat(both.getNetworkScoresList())
        .extracting(n -> n.getNetwork())
        .containsExactly("mastodon", "x");
    assertThat(both.getScore()).isGreaterThanOrEqualTo(one.getScore());
    assertThat(both.getScore())
        .isGreaterThanOrEqualTo(score(Subject.newBuilder().setAccount(onX).build()).getScore());
    assertThat(score(Subject.newBuilder().setAccount(onX).build()).getPersonId()).isEqualTo("dana");

    // An account belongs to one person only.
    assertThatThrownBy(
            () ->
                client()
                    .ingest()
                    .linkAccounts(
                        LinkAccountsRequest.newBuilder()
                            .setPersonId("someone")
                            .addAccounts(onX)
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION));

    String json =
        client()
            .ingest()
            .exportPerson(ExportPersonRequest.newBuilder().setPersonId("dana").build())
            .getJson();
    assertThat(json)
        .contains(
            "\"person_id\":\"dana\"",
            "\"account_id\":\"dana\"",
            "dana@social.example",
            "x:fan3",
            "x:someone-else",
            "\"history\":[{");

    assertThat(everythingInRedis()).anyMatch(s -> s != null && s.contains("dana"));
    ErasePersonResponse erased = erase(ErasePersonRequest.newBuilder().setPersonId("dana").build());
    assertThat(erased.getAccountCount()).isEqualTo(2);
    assertThat(erased.getDeletedKeyCount()).isPositive();
    assertThat(everythingInRedis()).noneMatch(s -> s != null && s.contains("dana"));
    assertThatThrownBy(() -> score(Subject.newBuilder().setAccount(onX).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    // Idempotent: erasing again succeeds and finds nothing.
    ErasePersonResponse again = erase(ErasePersonRequest.newBuilder().setPersonId("dana").build());
    assertThat(again.getDeletedKeyCount()).isZero();
    // Accounts dana engaged keep their score: what dana gave survives only as anonymous sums.
    assertThat(
            score(Subject.newBuilder().setAccount(acct("x", "someone-else")).build())
                .getInteractionCount())
        .isEqualTo(1);
  }

  @Test
  void unlinkingDetachesAndAnEmptyPersonIsNotFound() {
    AccountRef a = acct("x", "ulla");
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("u1", acct("x", "v"), a, "art"))
                .build());
    client()
        .ingest()
        .linkAccounts(LinkAccountsRequest.newBuilder().setPersonId("ulla").addAccounts(a).build());
    assertThat(score(Subject.newBuilder().setPersonId("ulla").build()).getLinkedAccountsCount())
        .isEqualTo(1);
    assertThat(
            client()
                .ingest()
                .unlinkAccounts(
                    UnlinkAccountsRequest.newBuilder().setPersonId("ulla").addAccounts(a).build())
                .getAccountsCount())
        .isZero();
    assertThatThrownBy(() -> score(Subject.newBuilder().setPersonId("ulla").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThat(score(Subject.newBuilder().setAccount(a).build()).getPersonId()).isEmpty();
  }

  // The call answers before the pass over every record: the account is unreadable at once, and
  // the operation can be followed; names that are not operations are refused, unknown ones are
  // NOT_FOUND.
  @Test
  void erasureIsAnOperationThatCanBeFollowed() throws Exception {
    AccountRef gone = acct("x", "oona");
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("o1", acct("x", "f1"), gone, "art"))
                .build());
    Operation op =
        client().ingest().erasePerson(ErasePersonRequest.newBuilder().setAccount(gone).build());
    assertThat(op.getName()).startsWith("operations/erase-");
    assertThatThrownBy(() -> score(Subject.newBuilder().setAccount(gone).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(
            () ->
                client()
                    .operations()
                    .getOperation(
                        GetOperationRequest.newBuilder().setName("operations/../../x").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                client()
                    .operations()
                    .getOperation(
                        GetOperationRequest.newBuilder()
                            .setName("operations/erase-123e4567-e89b-12d3-a456-426614174000")
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void eraseAndExportNeedExactlyOneSubject() {
    assertThatThrownBy(() -> client().ingest().erasePerson(ErasePersonRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                client()
                    .ingest()
                    .exportPerson(
                        ExportPersonRequest.newBuilder()
                            .setPersonId("p")
                            .setAccount(acct("x", "a"))
                            .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  // Erasing one account of a person: the person no longer lists it, and a topic only that account
  // carried is gone from the topic list.
  @Test
  void erasingOneLinkedAccountLeavesNoTraceInItsPersonOrTheTopics() throws Exception {
    AccountRef keep = acct("x", "eve-keep");
    AccountRef gone = acct("mastodon", "eve-gone");
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("e1", acct("x", "f1"), keep, "knitting"))
                .addInteractions(share("e2", acct("mastodon", "f2"), gone, "evesecrettopic"))
                .build());
    client()
        .ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder()
                .setPersonId("eve")
                .addAccounts(keep)
                .addAccounts(gone)
                .build());
    assertThat(score(Subject.newBuilder().setPersonId("eve").build()).getLinkedAccountsCount())
        .isEqualTo(2);

    erase(ErasePersonRequest.newBuilder().setAccount(gone).build());

    Score eve = score(Subject.newBuilder().setPersonId("eve").build());
    assertThat(eve.getLinkedAccountsList()).containsExactly(keep);
    String json =
        client()
            .ingest()
            .exportPerson(ExportPersonRequest.newBuilder().setPersonId("eve").build())
            .getJson();
    assertThat(json).doesNotContain("eve-gone").doesNotContain("evesecrettopic");
    assertThat(
            client()
                .query()
                .listTopics(ListTopicsRequest.newBuilder().setPageSize(100).build())
                .getTopicsList())
        .extracting(t -> t.getTopic())
        .contains("knitting")
        .doesNotContain("evesecrettopic");
    assertThat(everythingInRedis())
        .noneMatch(s -> s != null && (s.contains("eve-gone") || s.contains("evesecrettopic")));
  }
}
