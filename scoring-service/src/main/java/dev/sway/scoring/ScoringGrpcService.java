package dev.sway.scoring;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.RedisKeys;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * gRPC face of the scoring service: converts contracts to engine records and maps failures to
 * statuses. Inputs were validated by the ingest service.
 */
public final class ScoringGrpcService extends ScoringServiceGrpc.ScoringServiceImplBase {
  private static final Logger log = Logger.getLogger(ScoringGrpcService.class.getName());
  private final BatchScorer scorer;

  public ScoringGrpcService(BatchScorer scorer) {
    this.scorer = scorer;
  }

  /**
   * Applies a batch; returns after every account of it is stored in Redis. Runs on a handler
   * thread of the server's bounded executor and blocks on Redis. A redelivered event id is
   * counted as a duplicate. UNAVAILABLE when Redis fails: nothing acknowledged was lost, and a
   * retry of the whole batch is safe.
   */
  @Override
  public void applyEvents(ApplyEventsRequest request, StreamObserver<ApplyEventsResponse> out) {
    ApplyResult r;
    try {
      r = scorer.apply(toSnapshots(request.getSnapshotsList()), toEvents(request.getInteractionsList()));
    } catch (AccountStore.StoreException e) {
      out.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (IllegalStateException e) {
      out.onError(Status.ABORTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (RuntimeException e) {
      log.log(Level.WARNING, "applyEvents failed", e);
      out.onError(Status.INTERNAL.withDescription("scoring failed").asRuntimeException());
      return;
    }
    out.onNext(ApplyEventsResponse.newBuilder()
        .setAcceptedCount(r.accepted())
        .setDuplicateCount(r.duplicates())
        .setSnapshotCount(r.snapshots())
        .build());
    out.onCompleted();
  }

  static List<SnapshotEvent> toSnapshots(List<ProfileSnapshot> in) {
    List<SnapshotEvent> out = new ArrayList<>(in.size());
    for (ProfileSnapshot s : in) {
      out.add(new SnapshotEvent(member(s.getAccount()), s.getFollowers(), s.getFollowing(),
          s.getPosts(), millis(s.getObserveTime())));
    }
    return out;
  }

  static List<ModelEvent> toEvents(List<Interaction> in) {
    List<ModelEvent> out = new ArrayList<>(in.size());
    for (int i = 0; i < in.size(); i++) {
      Interaction x = in.get(i);
      out.add(new ModelEvent(x.getEventId(), kind(x), member(x.getActor()),
          member(x.getTarget()), List.copyOf(x.getTopicsList()), millis(x.getEventTime())));
    }
    return out;
  }

  private static InteractionKind kind(Interaction x) {
    switch (x.getType()) {
      case INTERACTION_TYPE_LIKE: return InteractionKind.LIKE;
      case INTERACTION_TYPE_COMMENT: return InteractionKind.COMMENT;
      case INTERACTION_TYPE_REPLY: return InteractionKind.REPLY;
      case INTERACTION_TYPE_SHARE: return InteractionKind.SHARE;
      case INTERACTION_TYPE_MENTION: return InteractionKind.MENTION;
      default: throw new IllegalArgumentException("unknown interaction type " + x.getTypeValue());
    }
  }

  static String member(AccountRef a) {
    return RedisKeys.member(a.getNetwork(), a.getAccountId());
  }

  static long millis(Timestamp t) {
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }
}
