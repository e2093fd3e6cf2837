package dev.sway.ingest;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.longrunning.Operation;
import dev.sway.checks.AccountChecks;
import dev.sway.checks.Validator;
import dev.sway.runtime.Errors;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.ExportPersonResponse;
import dev.sway.v1.FieldViolation;
import dev.sway.v1.IngestServiceGrpc;
import dev.sway.v1.Interaction;
import dev.sway.v1.LiftSuppressionRequest;
import dev.sway.v1.LiftSuppressionResponse;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.LinkAccountsResponse;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.RecordProfileSnapshotsResponse;
import dev.sway.v1.RegisterAccountsRequest;
import dev.sway.v1.RegisterAccountsResponse;
import dev.sway.v1.ScoringServiceErasePersonRequest;
import dev.sway.v1.ScoringServiceExportPersonRequest;
import dev.sway.v1.ScoringServiceExportPersonResponse;
import dev.sway.v1.ScoringServiceLiftSuppressionRequest;
import dev.sway.v1.ScoringServiceLiftSuppressionResponse;
import dev.sway.v1.ScoringServiceLinkAccountsRequest;
import dev.sway.v1.ScoringServiceLinkAccountsResponse;
import dev.sway.v1.ScoringServiceRegisterAccountsRequest;
import dev.sway.v1.ScoringServiceRegisterAccountsResponse;
import dev.sway.v1.ScoringServiceUnlinkAccountsRequest;
import dev.sway.v1.ScoringServiceUnlinkAccountsResponse;
import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import dev.sway.v1.UnlinkAccountsRequest;
import dev.sway.v1.UnlinkAccountsResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The public write API. Every request is validated whole before anything is forwarded; a valid
 * batch is acknowledged only after the scoring service has stored it. Handlers never block: they
 * forward and complete the call from the scoring response's callback.
 */
public final class IngestGrpcService extends IngestServiceGrpc.IngestServiceImplBase {
  /**
   * Batches of one stream forwarded to scoring at once; more are held back by flow control. One: a
   * stream is applied in the order it was sent, so state that spans accounts (a pair's reverse
   * direction, reactions given per day, engagers' scores) is seen as it happened.
   */
  static final int STREAM_WINDOW = 1;

  /** Default of {@code --stream-stall-ms}. */
  public static final long DEFAULT_STREAM_STALL_MS = 60_000;

  /** One timer thread for every stream's stall check; the checks are tiny. */
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "stream-stall-timer");
            t.setDaemon(true);
            return t;
          });

  private final long streamStallMs;
  private final Validator validator;
  private final ScoringClient scoring;
  private final IngestMetrics metrics;

  public IngestGrpcService(Validator validator, ScoringClient scoring, IngestMetrics metrics) {
    this(validator, scoring, metrics, DEFAULT_STREAM_STALL_MS);
  }

  /**
   * @param streamStallMs how long a bulk-load stream may go without reading its acknowledgements
   *     before it is cancelled
   */
  public IngestGrpcService(
      Validator validator, ScoringClient scoring, IngestMetrics metrics, long streamStallMs) {
    this.streamStallMs = streamStallMs;
    this.validator = validator;
    this.scoring = scoring;
    this.metrics = metrics;
  }

  /**
   * Validates and stores profile snapshots. INVALID_ARGUMENT with field violations when any
   * snapshot is invalid (nothing stored); otherwise returns after scoring stored them.
   */
  @Override
  public void recordProfileSnapshots(
      RecordProfileSnapshotsRequest req, StreamObserver<RecordProfileSnapshotsResponse> out) {
    List<Violation> v = new ArrayList<>();
    List<ProfileSnapshot> snaps = validator.snapshots(req.getSnapshotsList(), "snapshots", v);
    if (!v.isEmpty()) {
      metrics.rejected(req.getSnapshotsCount());
      out.onError(Errors.invalidArgument(v));
      return;
    }
    forward(
        ApplyEventsRequest.newBuilder().addAllSnapshots(snaps).build(),
        out::onError,
        r -> {
          out.onNext(
              RecordProfileSnapshotsResponse.newBuilder()
                  .setAcceptedCount(r.getSnapshotCount())
                  .setSuppressedCount(r.getSuppressedSnapshotCount())
                  .build());
          out.onCompleted();
        });
  }

  /**
   * Validates and stores interactions. INVALID_ARGUMENT with field violations naming the index and
   * field when any is invalid (nothing stored); otherwise returns the accepted and duplicate counts
   * after scoring stored them.
   */
  @Override
  public void recordInteractions(
      RecordInteractionsRequest req, StreamObserver<RecordInteractionsResponse> out) {
    List<Violation> v = new ArrayList<>();
    List<Interaction> items = validator.interactions(req.getInteractionsList(), "interactions", v);
    if (!v.isEmpty()) {
      metrics.rejected(req.getInteractionsCount());
      metrics.rejectedByType(req.getInteractionsList());
      out.onError(Errors.invalidArgument(v));
      return;
    }
    forward(
        ApplyEventsRequest.newBuilder().addAllInteractions(items).build(),
        out::onError,
        r -> {
          out.onNext(
              RecordInteractionsResponse.newBuilder()
                  .setAcceptedCount(r.getAcceptedCount())
                  .setDuplicateCount(r.getDuplicateCount())
                  .setSuppressedCount(r.getSuppressedCount())
                  .build());
          out.onCompleted();
        });
  }

  /**
   * Bulk load: each batch is validated and forwarded; acknowledgements come back in batch order.
   * Batches are applied one after the other ({@link #STREAM_WINDOW}); gRPC flow control holds the
   * client back meanwhile. An invalid batch is answered with its violations and the stream goes on;
   * a scoring failure ends the stream with its status (the client resends from the first
   * unacknowledged batch, which is safe).
   */
  @Override
  public StreamObserver<StreamInteractionsRequest> streamInteractions(
      StreamObserver<StreamInteractionsResponse> responses) {
    ServerCallStreamObserver<StreamInteractionsResponse> out =
        (ServerCallStreamObserver<StreamInteractionsResponse>) responses;
    OrderedAcks acks = new OrderedAcks(out);
    out.disableAutoRequest();
    InboundGate gate = new InboundGate(out, timer, streamStallMs);
    out.request(STREAM_WINDOW);
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamInteractionsRequest batch) {
        OrderedAcks.Slot slot = acks.reserve();
        List<Violation> v = new ArrayList<>();
        List<Interaction> items =
            validator.interactions(batch.getInteractionsList(), "interactions", v);
        List<ProfileSnapshot> snaps = validator.snapshots(batch.getSnapshotsList(), "snapshots", v);
        if (!v.isEmpty()) {
          metrics.rejected(batch.getInteractionsCount() + batch.getSnapshotsCount());
          StreamInteractionsResponse.Builder r =
              StreamInteractionsResponse.newBuilder().setBatchId(batch.getBatchId());
          for (Violation x : Errors.listed(v)) {
            r.addViolations(
                FieldViolation.newBuilder().setField(x.field()).setDescription(x.description()));
          }
          acks.complete(slot, r.build());
          gate.requestNext();
          return;
        }
        forward(
            ApplyEventsRequest.newBuilder()
                .addAllInteractions(items)
                .addAllSnapshots(snaps)
                .build(),
            acks::fail,
            r -> {
              acks.complete(
                  slot,
                  StreamInteractionsResponse.newBuilder()
                      .setBatchId(batch.getBatchId())
                      .setAcceptedCount(r.getAcceptedCount())
                      .setDuplicateCount(r.getDuplicateCount())
                      .setSnapshotCount(r.getSnapshotCount())
                      .setSuppressedCount(r.getSuppressedCount() + r.getSuppressedSnapshotCount())
                      .build());
              gate.requestNext();
            });
      }

      @Override
      public void onError(Throwable t) {
        gate.disarm();
        acks.cancel();
      }

      @Override
      public void onCompleted() {
        gate.disarm();
        acks.finish();
      }
    };
  }

  /** Links accounts to a person. FAILED_PRECONDITION when one belongs to another person. */
  @Override
  public void linkAccounts(LinkAccountsRequest req, StreamObserver<LinkAccountsResponse> out) {
    checkedRelay(
        v -> validator.link(req.getPersonId(), req.getAccountsList(), v),
        () ->
            scoring
                .stub()
                .linkAccounts(
                    ScoringServiceLinkAccountsRequest.newBuilder().setRequest(req).build()),
        out,
        ScoringServiceLinkAccountsResponse::getResponse);
  }

  /** Ends an account's suppression (admin). */
  @Override
  public void liftSuppression(
      LiftSuppressionRequest req, StreamObserver<LiftSuppressionResponse> out) {
    checkedRelay(
        v -> AccountChecks.checkAccount(req.hasAccount() ? req.getAccount() : null, "account", v),
        () ->
            scoring
                .stub()
                .liftSuppression(
                    ScoringServiceLiftSuppressionRequest.newBuilder().setRequest(req).build()),
        out,
        ScoringServiceLiftSuppressionResponse::getResponse);
  }

  /** Registers consenting accounts (admin); FAILED_PRECONDITION for a suppressed one. */
  @Override
  public void registerAccounts(
      RegisterAccountsRequest req, StreamObserver<RegisterAccountsResponse> out) {
    checkedRelay(
        v -> validator.register(req.getAccountsList(), v),
        () ->
            scoring
                .stub()
                .registerAccounts(
                    ScoringServiceRegisterAccountsRequest.newBuilder().setRequest(req).build()),
        out,
        ScoringServiceRegisterAccountsResponse::getResponse);
  }

  /** Unlinks accounts from a person. */
  @Override
  public void unlinkAccounts(
      UnlinkAccountsRequest req, StreamObserver<UnlinkAccountsResponse> out) {
    checkedRelay(
        v -> validator.link(req.getPersonId(), req.getAccountsList(), v),
        () ->
            scoring
                .stub()
                .unlinkAccounts(
                    ScoringServiceUnlinkAccountsRequest.newBuilder().setRequest(req).build()),
        out,
        ScoringServiceUnlinkAccountsResponse::getResponse);
  }

  /**
   * Erases a person or one account, everywhere; idempotent. Answers with scoring's operation once
   * the accounts' own data is gone; {@link OperationsRelay} answers the polls.
   */
  @Override
  public void erasePerson(ErasePersonRequest req, StreamObserver<Operation> out) {
    checkedRelay(
        v -> validator.subject(req.getPersonId(), req.getAccount(), req.hasAccount(), v),
        () ->
            scoring
                .stub()
                .erasePerson(ScoringServiceErasePersonRequest.newBuilder().setRequest(req).build()),
        out,
        op -> op);
  }

  /** Exports everything stored about a person or one account, as JSON. */
  @Override
  public void exportPerson(ExportPersonRequest req, StreamObserver<ExportPersonResponse> out) {
    checkedRelay(
        v -> validator.subject(req.getPersonId(), req.getAccount(), req.hasAccount(), v),
        () ->
            scoring
                .stub()
                .exportPerson(
                    ScoringServiceExportPersonRequest.newBuilder().setRequest(req).build()),
        out,
        ScoringServiceExportPersonResponse::getResponse);
  }

  /** Relays an administrative call to scoring once {@code checks} found nothing wrong. */
  private static <S, R> void checkedRelay(
      Consumer<List<Violation>> checks,
      Supplier<ListenableFuture<S>> call,
      StreamObserver<R> out,
      Function<S, R> unwrap) {
    List<Violation> v = new ArrayList<>();
    checks.accept(v);
    if (!v.isEmpty()) {
      out.onError(Errors.invalidArgument(v));
      return;
    }
    relay(call.get(), out, unwrap);
  }

  static <S, R> void relay(ListenableFuture<S> f, StreamObserver<R> out, Function<S, R> unwrap) {
    Futures.addCallback(
        f,
        new FutureCallback<>() {
          @Override
          public void onSuccess(S r) {
            out.onNext(unwrap.apply(r));
            out.onCompleted();
          }

          @Override
          public void onFailure(Throwable t) {
            out.onError(Status.fromThrowable(t).asRuntimeException());
          }
        },
        MoreExecutors.directExecutor());
  }

  private void forward(
      ApplyEventsRequest request, Consumer<Throwable> onError, Consumer<ApplyEventsResponse> onOk) {
    long received = System.nanoTime();
    // Retries stop a little before the caller's own deadline, so the caller hears why (e.g.
    // UNAVAILABLE) rather than its deadline passing.
    Deadline callerDeadline = Context.current().getDeadline();
    long budgetMs =
        callerDeadline == null ? -1 : callerDeadline.timeRemaining(TimeUnit.MILLISECONDS) - 250;
    ListenableFuture<ApplyEventsResponse> f = scoring.apply(request, budgetMs);
    Futures.addCallback(
        f,
        new FutureCallback<>() {
          @Override
          public void onSuccess(ApplyEventsResponse r) {
            metrics.stored(r, received);
            onOk.accept(r);
          }

          @Override
          public void onFailure(Throwable t) {
            Status s = Status.fromThrowable(t);
            metrics.failed(s.getCode());
            // Scoring's status is passed on: UNAVAILABLE and DEADLINE_EXCEEDED tell the client the
            // batch may not be stored and a retry is safe.
            onError.accept(
                s.withDescription("scoring: " + s.getDescription()).asRuntimeException());
          }
        },
        MoreExecutors.directExecutor());
  }
}
