package dev.sway.runtime;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;

/** Builds the rich gRPC errors of AIP-193 that every Sway service returns. */
public final class Errors {
  private Errors() {}

  /** A field that failed validation. */
  public record Violation(String field, String description) {}

  /**
   * Violations listed in an error, at most. Details travel in a trailer, and clients limit metadata
   * (grpc-java: 8 KiB by default): a longer list turns INVALID_ARGUMENT into an unreadable
   * transport error on the client.
   */
  public static final int MAX_VIOLATIONS_LISTED = 30;

  /**
   * The violations to send: the first {@link #MAX_VIOLATIONS_LISTED}, then, when there are more,
   * one that says how many were left out (its field is the first one left out).
   */
  public static List<Violation> listed(List<Violation> violations) {
    if (violations.size() <= MAX_VIOLATIONS_LISTED) {
      return violations;
    }
    List<Violation> out = new ArrayList<>(violations.subList(0, MAX_VIOLATIONS_LISTED));
    int more = violations.size() - MAX_VIOLATIONS_LISTED;
    out.add(
        new Violation(
            violations.get(MAX_VIOLATIONS_LISTED).field(),
            "and "
                + more
                + " more violation"
                + (more == 1 ? "" : "s")
                + " not listed (the first "
                + MAX_VIOLATIONS_LISTED
                + " are)"));
    return out;
  }

  /**
   * INVALID_ARGUMENT with a {@code google.rpc.BadRequest} detail listing the violations (at most
   * {@link #MAX_VIOLATIONS_LISTED} and a count of the rest). The status message names the first few
   * so that a person reading a log sees the cause.
   */
  public static StatusRuntimeException invalidArgument(List<Violation> violations) {
    BadRequest.Builder bad = BadRequest.newBuilder();
    for (Violation v : listed(violations)) {
      bad.addFieldViolations(
          BadRequest.FieldViolation.newBuilder()
              .setField(v.field())
              .setDescription(truncate(v.description())));
    }
    StringBuilder msg = new StringBuilder("invalid request: ");
    for (int i = 0; i < Math.min(3, violations.size()); i++) {
      if (i > 0) {
        msg.append("; ");
      }
      msg.append(violations.get(i).field())
          .append(": ")
          .append(truncate(violations.get(i).description()));
    }
    if (violations.size() > 3) {
      msg.append("; and ").append(violations.size() - 3).append(" more");
    }
    Status status =
        Status.newBuilder()
            .setCode(Code.INVALID_ARGUMENT_VALUE)
            .setMessage(msg.toString())
            .addDetails(Any.pack(bad.build()))
            .build();
    return StatusProto.toStatusRuntimeException(status);
  }

  /** Descriptions can quote input; they are cut at 200 characters. */
  private static String truncate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  /** The field violations carried by an error, empty when it has none. */
  public static List<BadRequest.FieldViolation> violationsOf(Throwable t) {
    Status status = StatusProto.fromThrowable(t);
    if (status == null) {
      return List.of();
    }
    for (Any any : status.getDetailsList()) {
      if (any.is(BadRequest.class)) {
        try {
          return any.unpack(BadRequest.class).getFieldViolationsList();
        } catch (InvalidProtocolBufferException e) {
          return List.of();
        }
      }
    }
    return List.of();
  }
}
