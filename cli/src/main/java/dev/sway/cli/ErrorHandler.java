package dev.sway.cli;

import dev.sway.runtime.Errors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns failures into one readable line and an exit code scripts can trust. */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof StatusRuntimeException s) {
      Status st = s.getStatus();
      cmd.getErr().println("sway: " + st.getCode() + ": " + st.getDescription());
      for (var v : Errors.violationsOf(s)) {
        cmd.getErr().println("  " + v.getField() + ": " + v.getDescription());
      }
      return switch (st.getCode()) {
        case NOT_FOUND -> SwayCli.EXIT_NOT_FOUND;
        case INVALID_ARGUMENT -> 2;
        default -> SwayCli.EXIT_UNAVAILABLE;
      };
    }
    cmd.getErr().println("sway: " + e.getMessage());
    return 1;
  }
}
