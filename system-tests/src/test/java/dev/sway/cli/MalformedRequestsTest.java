package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import dev.sway.runtime.Errors;
import dev.sway.store.RedisConnector;
import dev.sway.v1.AccountRef;
import dev.sway.v1.BatchGetScoresRequest;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListTopicsRequest;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.Subject;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * More than 200 malformed requests against the running services: each gets a clear status with
 * details, none writes anything, and the services are healthy afterwards.
 */
class MalformedRequestsTest {
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

  static final long NOW = System.currentTimeMillis();

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static Interaction good() {
    return Interaction.newBuilder()
        .setEventId("ok-1")
        .setType(InteractionType.INTERACTION_TYPE_SHARE)
        .setActor(acct("x", "bob"))
        .setTarget(acct("x", "alice"))
        .addTopics("ai")
        .setEventTime(Timestamps.fromMillis(NOW - 1000))
        .build();
  }

  static ProfileSnapshot goodSnapshot() {
    return ProfileSnapshot.newBuilder()
        .setAccount(acct("x", "alice"))
        .setFollowers(10)
        .setFollowing(5)
        .setPosts(1)
        .setObserveTime(Timestamps.fromMillis(NOW - 1000))
        .build();
  }

  /** Bad values for an account reference. */
  static List<AccountRef> badAccounts() {
    List<AccountRef> out = new ArrayList<>();
    for (String network : List.of("", "X", "x y", "1x", "x".repeat(33), "x/y", "ünï", "x\n")) {
      out.add(acct(network, "alice"));
    }
    for (String id :
        List.of(
            "",
            " ",
            "a b",
            "a\tb",
            "a\u0000b",
            "a{b",
            "}",
            "x".repeat(129),
            "\u200b",
            "a\ufffdb",
            "a\rb")) {
      out.add(acct("x", id));
    }
    out.add(AccountRef.getDefaultInstance());
    return out;
  }

  static List<Timestamp> badTimes() {
    return List.of(
        Timestamps.fromMillis(NOW + 3_600_000),
        Timestamps.fromMillis(NOW + 86_400_000L * 365 * 100),
        Timestamps.fromMillis(0),
        Timestamps.fromMillis(-86_400_000L * 365 * 50),
        Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).build(),
        Timestamp.newBuilder().setSeconds(Long.MIN_VALUE).build(),
        Timestamp.newBuilder().setSeconds(NOW / 1000).setNanos(-1).build(),
        Timestamp.newBuilder().setSeconds(NOW / 1000).setNanos(1_000_000_000).build(),
        Timestamps.fromMillis(1_000_000_000_000L));
  }

  static List<Supplier<Message>> corpus() {
    List<Supplier<Message>> calls = new ArrayList<>();
    List<UnaryOperator<Interaction.Builder>> mutations = new ArrayList<>();
    for (String id :
        List.of(
            "",
            " ",
            "a b",
            "tab\t",
            "nul\u0000",
            "x".repeat(129),
            "\u200b",
            "bad\ufffd",
            "line\n")) {
      mutations.add(b -> b.setEventId(id));
    }
    for (int type : List.of(0, 6, 7, 42, -1, 1000)) {
      mutations.add(b -> b.setTypeValue(type));
    }
    for (AccountRef a : badAccounts()) {
      mutations.add(b -> b.setActor(a));
      mutations.add(b -> b.setTarget(a));
    }
    mutations.add(Interaction.Builder::clearActor);
    mutations.add(Interaction.Builder::clearTarget);
    mutations.add(b -> b.setTarget(b.getActor()));
    mutations.add(b -> b.setTarget(acct("mastodon", "alice")));
    mutations.add(b -> b.setContentId("c".repeat(257)));
    mutations.add(b -> b.setContentId("c\u0001"));
    for (String topic :
        List.of("", "   ", "#", "##", "!!", "a b", "t".repeat(65), "-lead", "emoji😀")) {
      mutations.add(b -> b.addTopics(topic));
    }
    mutations.add(b -> b.addAllTopics(Collections.nCopies(17, "t")));
    mutations.add(Interaction.Builder::clearEventTime);
    for (Timestamp t : badTimes()) {
      mutations.add(b -> b.setEventTime(t));
    }
    for (UnaryOperator<Interaction.Builder> m : mutations) {
      // The bad item sits among good ones: the whole batch must be refused.
      calls.add(
          () ->
              client()
                  .ingest()
                  .recordInteractions(
                      RecordInteractionsRequest.newBuilder()
                          .addInteractions(good())
                          .addInteractions(m.apply(good().toBuilder().setEventId("ok-2")).build())
                          .build()));
    }
    calls.add(
        () ->
            client()
                .ingest()
                .recordInteractions(
                    RecordInteractionsRequest.newBuilder()
                        .addAllInteractions(Collections.nCopies(10_001, good()))
                        .build()));

    List<UnaryOperator<ProfileSnapshot.Builder>> snaps = new ArrayList<>();
    for (long n : List.of(-1L, Long.MIN_VALUE, 10_000_000_001L, Long.MAX_VALUE)) {
      snaps.add(b -> b.setFollowers(n));
      snaps.add(b -> b.setFollowing(n));
      snaps.add(b -> b.setPosts(n));
    }
    for (AccountRef a : badAccounts()) {
      snaps.add(b -> b.setAccount(a));
    }
    snaps.add(ProfileSnapshot.Builder::clearAccount);
    snaps.add(ProfileSnapshot.Builder::clearObserveTime);
    for (Timestamp t : badTimes()) {
      snaps.add(b -> b.setObserveTime(t));
    }
    for (UnaryOperator<ProfileSnapshot.Builder> m : snaps) {
      calls.add(
          () ->
              client()
                  .ingest()
                  .recordProfileSnapshots(
                      RecordProfileSnapshotsRequest.newBuilder()
                          .addSnapshots(goodSnapshot())
                          .addSnapshots(m.apply(goodSnapshot().toBuilder()).build())
                          .build()));
    }

    for (AccountRef a : badAccounts()) {
      calls.add(
          () -> client().query().getScore(GetScoreRequest.newBuilder().setAccount(a).build()));
      calls.add(
          () ->
              client()
                  .query()
                  .getScoreHistory(GetScoreHistoryRequest.newBuilder().setAccount(a).build()));
      calls.add(
          () ->
              client()
                  .query()
                  .explainScore(ExplainScoreRequest.newBuilder().setAccount(a).build()));
      calls.add(
          () ->
              client()
                  .query()
                  .batchGetScores(BatchGetScoresRequest.newBuilder().addAccounts(a).build()));
      calls.add(
          () ->
              client()
                  .ingest()
                  .linkAccounts(
                      LinkAccountsRequest.newBuilder().setPersonId("p").addAccounts(a).build()));
      calls.add(
          () ->
              client().ingest().erasePerson(ErasePersonRequest.newBuilder().setAccount(a).build()));
    }
    calls.add(() -> client().query().getScore(GetScoreRequest.getDefaultInstance()));
    calls.add(() -> client().query().batchGetScores(BatchGetScoresRequest.getDefaultInstance()));
    calls.add(
        () ->
            client()
                .query()
                .batchGetScores(
                    BatchGetScoresRequest.newBuilder()
                        .addAllAccounts(Collections.nCopies(1001, acct("x", "a")))
                        .build()));
    for (ListLeaderboardRequest bad :
        List.of(
            ListLeaderboardRequest.newBuilder().setPageSize(-1).build(),
            ListLeaderboardRequest.newBuilder().setPageSize(Integer.MIN_VALUE).build(),
            ListLeaderboardRequest.newBuilder().setPageToken("%%%").build(),
            ListLeaderboardRequest.newBuilder().setPageToken("c3dheTpsYjphbGx8LTU").build(),
            ListLeaderboardRequest.newBuilder().setNetwork("x").setTopic("ai").build(),
            ListLeaderboardRequest.newBuilder().setNetwork("X!").build(),
            ListLeaderboardRequest.newBuilder().setTopic("t".repeat(70)).build())) {
      calls.add(() -> client().query().listLeaderboard(bad));
    }
    calls.add(
        () -> client().query().listTopics(ListTopicsRequest.newBuilder().setPageSize(-5).build()));
    calls.add(
        () ->
            client()
                .query()
                .listTopics(ListTopicsRequest.newBuilder().setPageToken("nope").build()));
    calls.add(
        () ->
            client()
                .query()
                .explainScore(
                    ExplainScoreRequest.newBuilder()
                        .setAccount(acct("x", "a"))
                        .setTopN(51)
                        .build()));
    calls.add(
        () ->
            client()
                .query()
                .getScoreHistory(
                    GetScoreHistoryRequest.newBuilder()
                        .setAccount(acct("x", "a"))
                        .setStartTime(Timestamps.fromMillis(NOW))
                        .setEndTime(Timestamps.fromMillis(NOW - 86_400_000L * 3))
                        .build()));
    calls.add(
        () ->
            client()
                .query()
                .getScoreHistory(
                    GetScoreHistoryRequest.newBuilder()
                        .setAccount(acct("x", "a"))
                        .setStartTime(Timestamps.fromMillis(NOW - 86_400_000L * 800))
                        .build()));
    for (String person : List.of("", " ", "p q", "{p}", "p".repeat(129), "nul\u0000")) {
      calls.add(
          () ->
              client()
                  .ingest()
                  .linkAccounts(
                      LinkAccountsRequest.newBuilder()
                          .setPersonId(person)
                          .addAccounts(acct("x", "a"))
                          .build()));
    }
    calls.add(
        () ->
            client()
                .ingest()
                .linkAccounts(LinkAccountsRequest.newBuilder().setPersonId("p").build()));
    calls.add(
        () ->
            client()
                .ingest()
                .linkAccounts(
                    LinkAccountsRequest.newBuilder()
                        .setPersonId("p")
                        .addAllAccounts(Collections.nCopies(33, acct("x", "a")))
                        .build()));
    calls.add(() -> client().ingest().erasePerson(ErasePersonRequest.getDefaultInstance()));
    calls.add(
        () ->
            client()
                .ingest()
                .erasePerson(
                    ErasePersonRequest.newBuilder()
                        .setPersonId("p")
                        .setAccount(acct("x", "a"))
                        .build()));
    return calls;
  }

  @Test
  void everyMalformedRequestGetsAClearErrorAndWritesNothing() throws Exception {
    long keysBefore = redis().sync().dbsize();
    List<Supplier<Message>> calls = corpus();
    assertThat(calls.size()).isGreaterThanOrEqualTo(200);
    int withDetails = 0;
    for (int i = 0; i < calls.size(); i++) {
      try {
        Message unexpected = calls.get(i).get();
        throw new AssertionError("request " + i + " was accepted: " + unexpected);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode())
            .as("request %d: %s", i, e.getStatus())
            .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).as("request %d", i).isNotBlank();
        if (!Errors.violationsOf(e).isEmpty()) {
          withDetails++;
        }
      }
    }
    assertThat(withDetails)
        .as("INVALID_ARGUMENT answers carry field violations")
        .isGreaterThanOrEqualTo(calls.size() - 5);
    assertThat(redis().sync().dbsize()).as("nothing was written").isEqualTo(keysBefore);
    assertHealthy();
  }

  @Test
  void bytesThatAreNotAMessageAreInvalidArgumentsToo() throws Exception {
    byte[] valid =
        RecordInteractionsRequest.newBuilder().addInteractions(good()).build().toByteArray();
    byte[] badUtf8 = valid.clone();
    int at = indexOf(valid, "ok-1".getBytes(StandardCharsets.UTF_8));
    badUtf8[at] = (byte) 0xC3;
    badUtf8[at + 1] = (byte) 0x28; // an invalid two-byte sequence inside event_id
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
    ManagedChannel ch =
        NettyChannelBuilder.forTarget(stack().ingestTarget())
            .usePlaintext()
            .intercept(MetadataUtils.newAttachHeadersInterceptor(bearer()))
            .build();
    try {
      MethodDescriptor<byte[], byte[]> raw =
          MethodDescriptor.<byte[], byte[]>newBuilder()
              .setType(MethodDescriptor.MethodType.UNARY)
              .setFullMethodName("sway.v1.IngestService/RecordInteractions")
              .setRequestMarshaller(BYTES)
              .setResponseMarshaller(BYTES)
              .build();
      for (byte[] body : List.of(badUtf8, truncated, garbage)) {
        try {
          ClientCalls.blockingUnaryCall(
              ch, raw, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), body);
          throw new AssertionError("accepted bytes that are not a valid message");
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("not a valid");
        }
      }
    } finally {
      ch.shutdownNow();
    }
    assertHealthy();
  }

  static Metadata bearer() {
    Metadata m = new Metadata();
    m.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + stack().apiKey());
    return m;
  }

  static void assertHealthy() {
    for (int port :
        new int[] {stack().ingest().port(), stack().scoring().port(), stack().query().port()}) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        assertThat(
                HealthGrpc.newBlockingStub(ch)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance())
                    .getStatus())
            .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  // 10,000 bad items, three violations each: the error lists the first violations and counts the
  // rest, small enough for
  // a standard client to read it as INVALID_ARGUMENT rather than a transport error.
  @Test
  void aHugeBatchOfBadItemsGetsAReadableBoundedError() {
    List<Interaction> bad = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      bad.add(
          good().toBuilder()
              .setEventId("bad " + i)
              .setActor(acct("UPPER CASE", "a" + i))
              .setTarget(acct("UPPER CASE", "b" + i))
              .build());
    }
    try {
      client()
          .ingest()
          .recordInteractions(
              RecordInteractionsRequest.newBuilder().addAllInteractions(bad).build());
      throw new AssertionError("accepted");
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      var violations = Errors.violationsOf(e);
      assertThat(violations).hasSize(Errors.MAX_VIOLATIONS_LISTED + 1);
      assertThat(violations.get(Errors.MAX_VIOLATIONS_LISTED).getDescription())
          .startsWith("and " + (3 * 10_000 - Errors.MAX_VIOLATIONS_LISTED) + " more violations");
    }
  }

  @Test
  void outOfRangeTimestampsAndDoubleSubjectsAreTheCallersError() {
    Timestamp absurd = Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).setNanos(-5).build();
    List<Runnable> calls =
        List.of(
            () ->
                client()
                    .query()
                    .getScoreHistory(
                        GetScoreHistoryRequest.newBuilder()
                            .setAccount(acct("x", "a"))
                            .setStartTime(absurd)
                            .build()),
            () ->
                client()
                    .query()
                    .getScoreHistory(
                        GetScoreHistoryRequest.newBuilder()
                            .setAccount(acct("x", "a"))
                            .setEndTime(absurd)
                            .build()),
            () ->
                client()
                    .query()
                    .getScore(
                        GetScoreRequest.newBuilder()
                            .setAccount(acct("x", "a"))
                            .setSubject(Subject.newBuilder().setPersonId("p"))
                            .build()));
    for (Runnable call : calls) {
      try {
        call.run();
        throw new AssertionError("accepted");
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(Errors.violationsOf(e)).isNotEmpty();
      }
    }
  }
}
