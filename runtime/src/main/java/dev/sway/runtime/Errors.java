package dev.sway.runtime;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.List;

/** Builds the rich gRPC errors of AIP-193 that every Sway service returns. */
public final class Errors {
  private Errors() {}

  /** A field that failed validation. */
  public record Violation(String field, String description) {}

  /**
   * INVALID_ARGUMENT with a {@code google.rpc.BadRequest} detail listing every violation. The
   * status message names the first few so that a person reading a log sees the cause.
   */
  public static StatusRuntimeException invalidArgument(List<Violation> violations) {
    BadRequest.Builder bad = BadRequest.newBuilder();
    for (Violation v : violations) {
      bad.addFieldViolations(BadRequest.FieldViolation.newBuilder()
          .setField(v.field()).setDescription(v.description()));
    }
    StringBuilder msg = new StringBuilder("invalid request: ");
    for (int i = 0; i < Math.min(3, violations.size()); i++) {
      if (i > 0) {
        msg.append("; ");
      }
      msg.append(violations.get(i).field()).append(": ").append(violations.get(i).description());
    }
    if (violations.size() > 3) {
      msg.append("; and ").append(violations.size() - 3).append(" more");
    }
    com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
        .setCode(Code.INVALID_ARGUMENT_VALUE)
        .setMessage(msg.toString())
        .addDetails(Any.pack(bad.build()))
        .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** The field violations carried by an error, empty when it has none. */
  public static List<BadRequest.FieldViolation> violationsOf(Throwable t) {
    com.google.rpc.Status status = StatusProto.fromThrowable(t);
    if (status == null) {
      return List.of();
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(BadRequest.class)) {
        try {
          return any.unpack(BadRequest.class).getFieldViolationsList();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          return List.of();
        }
      }
    }
    return List.of();
  }
}
