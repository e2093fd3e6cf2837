package dev.sway.collectors;

import com.google.rpc.BadRequest;
import com.google.rpc.Status;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one batch until ingest takes it. Every failure but a refusal of some items is retried with
 * backoff: the batch waits, and behind it the stream (that is the backpressure). Items ingest
 * refuses (INVALID_ARGUMENT with field violations, e.g. a clock far apart) are dropped, counted,
 * and the rest sent again.
 */
final class Sender {
  private static final Logger LOG = Logger.getLogger(Sender.class.getName());
  private static final Pattern INDEX = Pattern.compile("^(?:interactions|snapshots)\\[(\\d+)]");

  private final IngestSink sink;
  private final CollectorMetrics metrics;
  private final Backoff backoff;

  Sender(IngestSink sink, CollectorMetrics metrics, Backoff backoff) {
    this.sink = sink;
    this.metrics = metrics;
    this.backoff = backoff;
  }

  /** The acknowledgement, or null when {@code keepTrying} turned false first. */
  IngestSink.Ack interactions(List<Interaction> batch, BooleanSupplier keepTrying)
      throws InterruptedException {
    List<Interaction> items = new ArrayList<>(batch);
    while (keepTrying.getAsBoolean()) {
      if (items.isEmpty()) {
        return new IngestSink.Ack(0, 0, 0);
      }
      try {
        IngestSink.Ack ack = sink.recordInteractions(items);
        backoff.reset();
        metrics.acknowledged("accepted", ack.accepted());
        metrics.acknowledged("duplicate", ack.duplicate());
        metrics.acknowledged("suppressed", ack.suppressed());
        return ack;
      } catch (StatusRuntimeException e) {
        if (!retry(e, items)) {
          return null;
        }
      }
    }
    return null;
  }

  /** True once stored; false when {@code keepTrying} turned false first. */
  boolean snapshots(List<ProfileSnapshot> batch, BooleanSupplier keepTrying)
      throws InterruptedException {
    List<ProfileSnapshot> items = new ArrayList<>(batch);
    while (keepTrying.getAsBoolean()) {
      if (items.isEmpty()) {
        return true;
      }
      try {
        metrics.acknowledged("snapshot", sink.recordSnapshots(items));
        backoff.reset();
        return true;
      } catch (StatusRuntimeException e) {
        if (!retry(e, items)) {
          return false;
        }
      }
    }
    return false;
  }

  /** Handles one failure: drops refused items or waits; false when interrupted. */
  private boolean retry(StatusRuntimeException e, List<?> items) throws InterruptedException {
    String code = e.getStatus().getCode().name();
    metrics.ingestError(code);
    if (e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
      TreeSet<Integer> bad = refused(e);
      if (!bad.isEmpty()) {
        for (int i : bad.descendingSet()) {
          if (i < items.size()) {
            items.remove(i);
            metrics.skipped("refused");
          }
        }
        return true;
      }
      // A refusal naming no item: the batch cannot succeed as it is.
      LOG.log(Level.WARNING, "ingest refused a batch of {0}: {1}", new Object[] {items.size(), e});
      for (int i = 0; i < items.size(); i++) {
        metrics.skipped("refused");
      }
      items.clear();
      return true;
    }
    long delayMs = backoff.nextDelayMs();
    if (backoff.attempts() == 1 || backoff.attempts() % 10 == 0) {
      LOG.log(
          Level.WARNING,
          "ingest: {0} ({1}); retrying in {2} ms",
          new Object[] {code, e.getStatus().getDescription(), delayMs});
    }
    Thread.sleep(delayMs);
    return true;
  }

  private static TreeSet<Integer> refused(StatusRuntimeException e) {
    TreeSet<Integer> out = new TreeSet<>();
    Status s = StatusProto.fromThrowable(e);
    if (s == null) {
      return out;
    }
    for (var any : s.getDetailsList()) {
      if (any.is(BadRequest.class)) {
        try {
          for (var v : any.unpack(BadRequest.class).getFieldViolationsList()) {
            Matcher m = INDEX.matcher(v.getField());
            if (m.find()) {
              out.add(Integer.parseInt(m.group(1)));
            }
          }
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
          return out;
        }
      }
    }
    return out;
  }
}
