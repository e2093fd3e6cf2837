package dev.sway.scoring;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.sway.checks.AccountChecks;
import dev.sway.checks.Validator;
import dev.sway.common.Failure;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.runtime.Errors;
import dev.sway.runtime.Errors.Violation;
import dev.sway.runtime.StatusMapper;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountExport;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.ExportPersonResponse;
import dev.sway.v1.Interaction;
import dev.sway.v1.LiftSuppressionRequest;
import dev.sway.v1.LiftSuppressionResponse;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.LinkAccountsResponse;
import dev.sway.v1.PersonExport;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RegisterAccountsRequest;
import dev.sway.v1.RegisterAccountsResponse;
import dev.sway.v1.ScoringServiceErasePersonRequest;
import dev.sway.v1.ScoringServiceExportPersonRequest;
import dev.sway.v1.ScoringServiceExportPersonResponse;
import dev.sway.v1.ScoringServiceGrpc;
import dev.sway.v1.ScoringServiceLiftSuppressionRequest;
import dev.sway.v1.ScoringServiceLiftSuppressionResponse;
import dev.sway.v1.ScoringServiceLinkAccountsRequest;
import dev.sway.v1.ScoringServiceLinkAccountsResponse;
import dev.sway.v1.ScoringServiceRegisterAccountsRequest;
import dev.sway.v1.ScoringServiceRegisterAccountsResponse;
import dev.sway.v1.ScoringServiceUnlinkAccountsRequest;
import dev.sway.v1.ScoringServiceUnlinkAccountsResponse;
import dev.sway.v1.UnlinkAccountsRequest;
import dev.sway.v1.UnlinkAccountsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.lettuce.core.RedisException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * gRPC face of the scoring service: checks every request with the same {@link Validator} as the
 * ingest service (in depth: this service must hold even when reached directly), converts contracts
 * to engine records and maps failures to statuses.
 */
public final class ScoringGrpcService extends ScoringServiceGrpc.ScoringServiceImplBase {
  /**
   * The service's errors: Failures by kind, Lettuce's exceptions (a Redis command failed or timed
   * out) as the store unavailable.
   */
  static final StatusMapper ERRORS =
      new StatusMapper(
          t ->
              t instanceof RedisException
                  ? new Failure.StoreUnavailable("store unavailable: " + t.getMessage(), t)
                  : null);

  private final BatchScorer scorer;
  private final GroupCommit commits;
  private final PersonAdmin persons;
  private final Erasures erasures;
  private final Executor adminThread;
  private final Validator validator;

  /**
   * @param adminThread runs link, unlink, erase and export, which block on Redis; every RPC of this
   *     service is started on a transport thread and never blocks it
   */
  ScoringGrpcService(
      BatchScorer scorer,
      GroupCommit commits,
      PersonAdmin persons,
      Erasures erasures,
      Executor adminThread,
      Validator validator) {
    this.erasures = erasures;
    this.validator = validator;
    this.scorer = scorer;
    this.commits = commits;
    this.persons = persons;
    this.adminThread = adminThread;
  }

  /** Links accounts to a person; FAILED_PRECONDITION when one belongs to another person. */
  @Override
  public void linkAccounts(
      ScoringServiceLinkAccountsRequest req,
      StreamObserver<ScoringServiceLinkAccountsResponse> out) {
    LinkAccountsRequest lr = req.getRequest();
    if (!valid(out, v -> validator.link(lr.getPersonId(), lr.getAccountsList(), v))) {
      return;
    }
    admin(
        out,
        () -> {
          LinkAccountsRequest r = req.getRequest();
          List<String> all = persons.link(r.getPersonId(), members(r.getAccountsList()));
          return ScoringServiceLinkAccountsResponse.newBuilder()
              .setResponse(LinkAccountsResponse.newBuilder().addAllAccounts(refs(all)))
              .build();
        });
  }

  /** Unlinks accounts from a person. */
  @Override
  public void unlinkAccounts(
      ScoringServiceUnlinkAccountsRequest req,
      StreamObserver<ScoringServiceUnlinkAccountsResponse> out) {
    UnlinkAccountsRequest ur = req.getRequest();
    if (!valid(out, v -> validator.link(ur.getPersonId(), ur.getAccountsList(), v))) {
      return;
    }
    admin(
        out,
        () -> {
          UnlinkAccountsRequest r = req.getRequest();
          List<String> left = persons.unlink(r.getPersonId(), members(r.getAccountsList()));
          return ScoringServiceUnlinkAccountsResponse.newBuilder()
              .setResponse(UnlinkAccountsResponse.newBuilder().addAllAccounts(refs(left)))
              .build();
        });
  }

  /**
   * Erases a person or one account; idempotent. Answers once the accounts' own data is gone, with
   * the operation that removes the rest (see {@link Erasures}); runs on the admin thread.
   */
  @Override
  public void erasePerson(ScoringServiceErasePersonRequest req, StreamObserver<Operation> out) {
    ErasePersonRequest er = req.getRequest();
    if (!valid(
        out, v -> validator.subject(er.getPersonId(), er.getAccount(), er.hasAccount(), v))) {
      return;
    }
    admin(
        out,
        () ->
            er.getPersonId().isEmpty()
                ? erasures.start(null, List.of(member(er.getAccount())))
                : erasures.start(er.getPersonId(), List.of()));
  }

  /** Ends an account's suppression; runs on the admin thread. */
  @Override
  public void liftSuppression(
      ScoringServiceLiftSuppressionRequest req,
      StreamObserver<ScoringServiceLiftSuppressionResponse> out) {
    LiftSuppressionRequest lr = req.getRequest();
    if (!valid(
        out,
        v -> AccountChecks.checkAccount(lr.hasAccount() ? lr.getAccount() : null, "account", v))) {
      return;
    }
    admin(
        out,
        () ->
            ScoringServiceLiftSuppressionResponse.newBuilder()
                .setResponse(
                    LiftSuppressionResponse.newBuilder()
                        .setLifted(persons.lift(member(lr.getAccount()))))
                .build());
  }

  /** Registers consenting accounts; FAILED_PRECONDITION when one is suppressed. Admin thread. */
  @Override
  public void registerAccounts(
      ScoringServiceRegisterAccountsRequest req,
      StreamObserver<ScoringServiceRegisterAccountsResponse> out) {
    RegisterAccountsRequest rr = req.getRequest();
    if (!valid(out, v -> validator.register(rr.getAccountsList(), v))) {
      return;
    }
    admin(
        out,
        () ->
            ScoringServiceRegisterAccountsResponse.newBuilder()
                .setResponse(
                    RegisterAccountsResponse.newBuilder()
                        .setRegisteredCount(persons.register(members(rr.getAccountsList()))))
                .build());
  }

  /** {@code google.longrunning.Operations} for erasures: GetOperation only. */
  final class Operations extends OperationsGrpc.OperationsImplBase {
    /** The operation as stored in Redis; NOT_FOUND once expired. Runs on the admin thread. */
    @Override
    public void getOperation(GetOperationRequest req, StreamObserver<Operation> out) {
      if (!valid(
          out,
          v -> {
            if (!Erasures.validName(req.getName())) {
              v.add(
                  new Violation(
                      "name",
                      "must be an operation name returned by ErasePerson ("
                          + Erasures.NAME_PREFIX
                          + "<uuid>)"));
            }
          })) {
        return;
      }
      admin(
          out,
          () -> {
            Operation op = erasures.get(req.getName().substring("operations/".length()));
            if (op == null) {
              throw Status.NOT_FOUND
                  .withDescription(
                      "no operation "
                          + req.getName()
                          + " (finished operations are kept for 7 days)")
                  .asRuntimeException();
            }
            return op;
          });
    }
  }

  /** Exports everything stored about a person or one account. */
  @Override
  public void exportPerson(
      ScoringServiceExportPersonRequest req,
      StreamObserver<ScoringServiceExportPersonResponse> out) {
    ExportPersonRequest xr = req.getRequest();
    if (!valid(
        out, v -> validator.subject(xr.getPersonId(), xr.getAccount(), xr.hasAccount(), v))) {
      return;
    }
    admin(
        out,
        () -> {
          ExportPersonRequest r = req.getRequest();
          PersonExport export =
              r.getPersonId().isEmpty()
                  ? persons.export(null, List.of(member(r.getAccount())))
                  : persons.export(r.getPersonId(), List.of());
          if (!r.getPersonId().isEmpty() && export.getAccountsCount() == 0) {
            throw Status.NOT_FOUND
                .withDescription("no person '" + r.getPersonId() + "': nothing is stored about it")
                .asRuntimeException();
          }
          if (r.getPersonId().isEmpty() && nothingStored(export.getAccounts(0))) {
            throw Status.NOT_FOUND
                .withDescription(
                    "nothing is stored about account "
                        + r.getAccount().getNetwork()
                        + ":"
                        + r.getAccount().getAccountId())
                .asRuntimeException();
          }
          String json;
          try {
            // The proto3 JSON mapping with the contract's field names: the schema is the contract.
            // Every field is printed, zero or not, so the document shows the whole inventory.
            json =
                JsonFormat.printer()
                    .preservingProtoFieldNames()
                    .alwaysPrintFieldsWithNoPresence()
                    .omittingInsignificantWhitespace()
                    .print(export);
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("export cannot be printed as JSON", e);
          }
          return ScoringServiceExportPersonResponse.newBuilder()
              .setResponse(ExportPersonResponse.newBuilder().setJson(json).setExport(export))
              .build();
        });
  }

  /** Whether an account's export holds nothing but its name. */
  private static boolean nothingStored(AccountExport a) {
    return a.equals(
        AccountExport.newBuilder()
            .setNetwork(a.getNetwork())
            .setAccountId(a.getAccountId())
            .build());
  }

  /** Runs the checks; on a violation answers INVALID_ARGUMENT and returns false. */
  private static boolean valid(StreamObserver<?> out, Consumer<List<Violation>> checks) {
    List<Violation> v = new ArrayList<>();
    checks.accept(v);
    if (v.isEmpty()) {
      return true;
    }
    out.onError(Errors.invalidArgument(v));
    return false;
  }

  /**
   * Runs an administrative call on the admin thread: they block on Redis (an erasure scans every
   * record), and the server's transport threads must not.
   */
  private <T> void admin(StreamObserver<T> out, Supplier<T> call) {
    try {
      adminThread.execute(() -> adminNow(out, call));
    } catch (RejectedExecutionException e) {
      out.onError(
          Status.UNAVAILABLE
              .withDescription("too many administrative calls queued")
              .asRuntimeException());
    }
  }

  private static <T> void adminNow(StreamObserver<T> out, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      out.onError(ERRORS.toStatus(e, "the administrative call"));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  private static List<String> members(List<AccountRef> refs) {
    return refs.stream().map(ScoringGrpcService::member).toList();
  }

  private static List<AccountRef> refs(List<String> members) {
    return members.stream()
        .map(
            m ->
                AccountRef.newBuilder()
                    .setNetwork(RedisKeys.networkOf(m))
                    .setAccountId(RedisKeys.accountIdOf(m))
                    .build())
        .toList();
  }

  /**
   * Applies a batch; answers after every account of it is stored in Redis. The handler only
   * converts and queues the request: it is applied on the {@link GroupCommit} thread together with
   * whatever else is queued, and answered from there. A redelivered event id is counted as a
   * duplicate. UNAVAILABLE when Redis fails or the queue is full: nothing acknowledged was lost,
   * and a retry of the whole batch is safe.
   */
  @Override
  public void applyEvents(ApplyEventsRequest request, StreamObserver<ApplyEventsResponse> out) {
    // The same checks as ingest's, again: whoever reaches this service, nothing it applies can be
    // what the public API refuses (a time in 2999 would overflow the decayed sums).
    List<Violation> v = new ArrayList<>();
    List<Interaction> interactions =
        validator.interactions(request.getInteractionsList(), "interactions", v);
    List<ProfileSnapshot> snapshots =
        validator.snapshots(request.getSnapshotsList(), "snapshots", v);
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    commits
        .submit(toSnapshots(snapshots), toEvents(interactions))
        .whenComplete(
            (r, e) -> {
              if (e == null) {
                out.onNext(
                    ApplyEventsResponse.newBuilder()
                        .setAcceptedCount(r.accepted())
                        .setDuplicateCount(r.duplicates())
                        .setSnapshotCount(r.snapshots())
                        .setSuppressedCount(r.suppressed())
                        .setSuppressedSnapshotCount(r.suppressedSnapshots())
                        .build());
                out.onCompleted();
              } else {
                StatusRuntimeException status = ERRORS.toStatus(e, "the scoring");
                if (status.getCause() instanceof Failure.StoreUnavailable) {
                  scorer.metrics().redisError();
                }
                out.onError(status);
              }
            });
  }

  static List<SnapshotEvent> toSnapshots(List<ProfileSnapshot> in) {
    List<SnapshotEvent> out = new ArrayList<>(in.size());
    for (ProfileSnapshot s : in) {
      out.add(
          new SnapshotEvent(
              member(s.getAccount()),
              s.getFollowers(),
              s.getFollowing(),
              s.getPosts(),
              millis(s.getObserveTime())));
    }
    return out;
  }

  static List<ModelEvent> toEvents(List<Interaction> in) {
    List<ModelEvent> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Interaction x = in.get(i);
      out.add(
          new ModelEvent(
              x.getEventId(),
              kind(x),
              member(x.getActor()),
              member(x.getTarget()),
              List.copyOf(x.getTopicsList()),
              millis(x.getEventTime())));
    }
    return out;
  }

  private static InteractionKind kind(Interaction x) {
    switch (x.getType()) {
      case INTERACTION_TYPE_LIKE:
        return InteractionKind.LIKE;
      case INTERACTION_TYPE_COMMENT:
        return InteractionKind.COMMENT;
      case INTERACTION_TYPE_REPLY:
        return InteractionKind.REPLY;
      case INTERACTION_TYPE_SHARE:
        return InteractionKind.SHARE;
      case INTERACTION_TYPE_MENTION:
        return InteractionKind.MENTION;
      default:
        throw new IllegalArgumentException("unknown interaction type " + x.getTypeValue());
    }
  }

  static String member(AccountRef a) {
    return RedisKeys.member(a.getNetwork(), a.getAccountId());
  }

  static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }
}
