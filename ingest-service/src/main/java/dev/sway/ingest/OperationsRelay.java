package dev.sway.ingest;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import dev.sway.runtime.Errors;
import dev.sway.runtime.Errors.Violation;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The public {@code google.longrunning.Operations} of Sway: the erasures ErasePerson started.
 * GetOperation is checked here and forwarded to scoring, which keeps the operations; the other
 * methods (list, cancel, delete, wait) are not offered (UNIMPLEMENTED). Never blocks the calling
 * thread.
 */
final class OperationsRelay extends OperationsGrpc.OperationsImplBase {
  private static final Pattern NAME =
      Pattern.compile(
          "operations/erase-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final ScoringClient scoring;

  OperationsRelay(ScoringClient scoring) {
    this.scoring = scoring;
  }

  /** The operation's progress, or its result once done; NOT_FOUND when unknown or expired. */
  @Override
  public void getOperation(GetOperationRequest req, StreamObserver<Operation> out) {
    if (!NAME.matcher(req.getName()).matches()) {
      out.onError(
          Errors.invalidArgument(
              List.of(
                  new Violation(
                      "name",
                      "must be an operation name returned by ErasePerson (operations/erase-<uuid>)"))));
      return;
    }
    IngestGrpcService.relay(scoring.operations().getOperation(req), out, op -> op);
  }
}
