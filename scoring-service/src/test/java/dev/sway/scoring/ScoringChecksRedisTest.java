package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.OperationsGrpc;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import com.google.rpc.BadRequest;
import dev.sway.checks.Validator;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.ScoringServiceErasePersonRequest;
import dev.sway.v1.ScoringServiceGrpc;
import dev.sway.v1.ScoringServiceLinkAccountsRequest;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.StatusProto;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scoring service checks what it applies with ingest's rules, so a caller that reaches it
 * directly cannot store what the public API refuses — among them a time far in the future, which
 * would overflow an account's decayed sums for good.
 */
class ScoringChecksRedisTest {
  static RedisScoring local;
  static Server server;
  static ManagedChannel channel;
  static ScoringServiceGrpc.ScoringServiceBlockingStub stub;
  static GroupCommit commits;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
    commits = new GroupCommit(local.scorer, 16, 10_000);
    String name = InProcessServerBuilder.generateName();
    PersonAdmin persons = new PersonAdmin(local.store);
    ScoringGrpcService service =
        new ScoringGrpcService(
            local.scorer,
            commits,
            persons,
            new Erasures(persons, local.store, Clock.systemUTC(), Erasures.worker(), 0),
            Executors.newSingleThreadExecutor(),
            new Validator(Clock.systemUTC()));
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(service)
            .addService(service.new Operations())
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = ScoringServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    commits.close();
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  static AccountRef acct(String network, String id) {
    return AccountRef.newBuilder().setNetwork(network).setAccountId(id).build();
  }

  static Interaction share(UnaryOperator<Interaction.Builder> change) {
    Interaction.Builder b =
        Interaction.newBuilder()
            .setEventId("p1")
            .setType(InteractionType.INTERACTION_TYPE_SHARE)
            .setActor(acct("fa", "u8"))
            .setTarget(acct("fa", "u7"))
            .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 60_000));
    return change.apply(b).build();
  }

  /** The fields named by the INVALID_ARGUMENT the call failed with. */
  static List<String> refusedFields(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      try {
        return StatusProto.fromThrowable(e).getDetailsList().stream()
            .filter(d -> d.is(BadRequest.class))
            .flatMap(
                d -> {
                  try {
                    return d.unpack(BadRequest.class).getFieldViolationsList().stream();
                  } catch (InvalidProtocolBufferException x) {
                    throw new IllegalStateException(x);
                  }
                })
            .map(BadRequest.FieldViolation::getField)
            .toList();
      } catch (RuntimeException x) {
        throw x;
      }
    }
    throw new AssertionError("the call was accepted");
  }

  static void apply(Interaction i) {
    stub.applyEvents(ApplyEventsRequest.newBuilder().addInteractions(i).build());
  }

  @Test
  void eventsThePublicApiRefusesAreRefusedAndNothingIsWritten() {
    assertThat(
            refusedFields(
                () ->
                    apply(
                        share(
                            b ->
                                b.setEventTime(
                                    Timestamps.parseUnchecked("2999-01-01T00:00:00Z"))))))
        .containsExactly("interactions[0].event_time");
    assertThat(
            refusedFields(
                () ->
                    apply(share(b -> b.setActor(acct("F A", "u8")).setTarget(acct("F A", "u7"))))))
        .contains("interactions[0].actor.network", "interactions[0].target.network");
    assertThat(refusedFields(() -> apply(share(b -> b.setEventId("id with spaces")))))
        .containsExactly("interactions[0].event_id");
    assertThat(refusedFields(() -> apply(share(b -> b.setTarget(acct("fa", "u8"))))))
        .containsExactly("interactions[0].target");
    assertThat(
            refusedFields(
                () ->
                    stub.applyEvents(
                        ApplyEventsRequest.newBuilder()
                            .addSnapshots(
                                ProfileSnapshot.newBuilder()
                                    .setAccount(acct("fa", "u7"))
                                    .setFollowers(-5)
                                    .setObserveTime(
                                        Timestamps.fromMillis(System.currentTimeMillis())))
                            .build())))
        .containsExactly("snapshots[0].followers");
    assertThat(local.sync.keys("sway:*")).isEmpty();

    // A valid event still goes through, normalised as ingest would.
    apply(share(b -> b.addTopics("#Jazz")));
    assertThat(local.record("fa:u7").state.interactions).isEqualTo(1);
    assertThat(local.record("fa:u7").state.topics).containsOnlyKeys("jazz");
  }

  @Test
  void administrativeCallsAreCheckedToo() {
    assertThat(
            refusedFields(
                () ->
                    stub.linkAccounts(
                        ScoringServiceLinkAccountsRequest.newBuilder()
                            .setRequest(
                                LinkAccountsRequest.newBuilder()
                                    .setPersonId("{p}")
                                    .addAccounts(acct("fa", "u7")))
                            .build())))
        .containsExactly("person_id");
    assertThat(
            refusedFields(
                () ->
                    stub.erasePerson(
                        ScoringServiceErasePersonRequest.newBuilder()
                            .setRequest(ErasePersonRequest.newBuilder())
                            .build())))
        .containsExactly("person_id");
    assertThat(
            refusedFields(
                () ->
                    OperationsGrpc.newBlockingStub(channel)
                        .getOperation(
                            GetOperationRequest.newBuilder().setName("sway:op:x").build())))
        .containsExactly("name");
    assertThat(local.sync.keys("sway:*")).isEmpty();
  }

  @Test
  void aStateThatWouldHoldANonFiniteNumberIsNeverStored() {
    // Past every check (the scorer called directly): an event dated 2999 makes the decayed sums
    // overflow to infinity, and the batch is refused whole instead of storing them.
    ModelEvent far =
        new ModelEvent(
            "far",
            InteractionKind.SHARE,
            "fa:u8",
            "fa:u7",
            List.of(),
            Timestamps.toMillis(Timestamps.parseUnchecked("2999-01-01T00:00:00Z")));
    assertThatThrownBy(() -> local.scorer.apply(List.of(), List.of(far)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("non-finite");
    assertThat(local.sync.keys(RedisKeys.ALL_ACCOUNTS)).isEmpty();
  }
}
