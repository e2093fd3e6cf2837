package dev.sway.ingest;

import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sends the acknowledgements of a bulk-load stream in the order the batches arrived, although
 * scoring may finish them out of order. Thread-safe: callbacks arrive on gRPC client threads.
 */
final class OrderedAcks {
  /** One batch's place in the order. */
  static final class Slot {
    StreamInteractionsResponse response;
  }

  private final StreamObserver<StreamInteractionsResponse> out;
  private final Deque<Slot> slots = new ArrayDeque<>();
  private boolean inputDone;
  private boolean closed;

  OrderedAcks(StreamObserver<StreamInteractionsResponse> out) {
    this.out = out;
  }

  synchronized Slot reserve() {
    Slot s = new Slot();
    slots.addLast(s);
    return s;
  }

  synchronized void complete(Slot slot, StreamInteractionsResponse response) {
    slot.response = response;
    drain();
  }

  synchronized void fail(Throwable t) {
    if (!closed) {
      closed = true;
      slots.clear();
      out.onError(t);
    }
  }

  synchronized void finish() {
    inputDone = true;
    drain();
  }

  synchronized void cancel() {
    closed = true;
    slots.clear();
  }

  private void drain() {
    if (closed) {
      return;
    }
    while (!slots.isEmpty() && slots.peekFirst().response != null) {
      out.onNext(slots.pollFirst().response);
    }
    if (inputDone && slots.isEmpty()) {
      closed = true;
      out.onCompleted();
    }
  }
}
