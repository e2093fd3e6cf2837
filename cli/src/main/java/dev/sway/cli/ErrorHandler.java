package dev.sway.cli;

import dev.sway.runtime.Errors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into a few readable lines — what went wrong, where, and what to do — and an {@link
 * ExitCode} scripts can trust. No Java class names reach the user.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof ParameterException p) {
      return handleParseException(p, new String[0]);
    }
    Failure f = describe(e);
    err.println("sway: " + f.message);
    f.hints.forEach(h -> err.println("  " + h));
    err.flush();
    return f.exit.code;
  }

  /**
   * Unknown options and missing arguments are usage errors; values that do not convert, invalid.
   */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("See '" + name + " --help'.");
    err.flush();
    boolean usage =
        ex instanceof CommandLine.UnmatchedArgumentException
            || ex instanceof CommandLine.MissingParameterException
            || ex instanceof CommandLine.MaxValuesExceededException
            || ex instanceof CommandLine.MutuallyExclusiveArgsException
            || ex instanceof CommandLine.OverwrittenOptionException
            // A command's own "give this or that" check; values that do not convert are invalid.
            || (ex.getClass() == ParameterException.class
                && !(ex.getCause() instanceof CommandLine.TypeConversionException)
                && !String.valueOf(ex.getMessage()).startsWith("Invalid value"));
    return (usage ? ExitCode.USAGE : ExitCode.INVALID_ARGUMENT).code;
  }

  /** A message, hints, and the exit code. */
  record Failure(ExitCode exit, String message, List<String> hints) {}

  static Failure describe(Throwable e) {
    if (e instanceof CliException c) {
      return new Failure(c.exit, c.getMessage(), List.of());
    }
    StatusRuntimeException s = find(e, StatusRuntimeException.class);
    if (s != null) {
      return describe(s);
    }
    if (e instanceof IllegalArgumentException) {
      return new Failure(ExitCode.INVALID_ARGUMENT, e.getMessage(), List.of());
    }
    if (e instanceof NoSuchFileException n) {
      return new Failure(ExitCode.NOT_FOUND, "no such file: " + n.getFile(), List.of());
    }
    if (e instanceof AccessDeniedException a) {
      return new Failure(
          ExitCode.USAGE, "cannot read " + a.getFile() + ": permission denied", List.of());
    }
    if (e instanceof IOException) {
      return new Failure(ExitCode.USAGE, "input or output failed: " + e.getMessage(), List.of());
    }
    String m = e.getMessage();
    return new Failure(
        ExitCode.USAGE,
        m == null || m.isBlank() ? "failed: " + e.getClass().getSimpleName() : m,
        List.of());
  }

  private static Failure describe(StatusRuntimeException s) {
    Status st = s.getStatus();
    CallSite site = CallSite.of(s);
    String service = site == null ? "the service" : "the " + site.service() + " service";
    String at = site == null ? "" : " at " + site.target();
    String said = st.getDescription() == null ? "" : st.getDescription();
    List<String> hints = new ArrayList<>();
    switch (st.getCode()) {
      case UNAVAILABLE -> {
        String cause = transportCause(st);
        if (cause != null) {
          boolean ingest = site != null && site.service().equals("ingest");
          hints.add(
              "Is it running? 'sway up' starts the services locally ("
                  + (ingest ? "ingest on 127.0.0.1:50051" : "query on 127.0.0.1:50053")
                  + "); otherwise give its address with "
                  + (site == null ? "--target HOST:PORT" : site.addressSetting())
                  + ".");
          return new Failure(
              ExitCode.UNAVAILABLE, "cannot reach " + service + at + " (" + cause + ")", hints);
        }
        hints.add("It may be restarting or overloaded; try again.");
        return new Failure(ExitCode.UNAVAILABLE, service + at + " is unavailable: " + said, hints);
      }
      case DEADLINE_EXCEEDED -> {
        hints.add("Raise --deadline-ms, or check that the address is the right one.");
        return new Failure(
            ExitCode.UNAVAILABLE, "no answer from " + service + at + " in time", hints);
      }
      case UNIMPLEMENTED -> {
        hints.add(
            "Is that "
                + service
                + "? 'sway up' listens on 127.0.0.1:50051 (ingest) and 127.0.0.1:50053 (query);"
                + " set "
                + (site == null ? "--target" : site.addressSetting())
                + ".");
        return new Failure(
            ExitCode.UNAVAILABLE,
            (site == null ? "the server" : site.target())
                + " does not offer "
                + (site == null ? "this call" : site.method()),
            hints);
      }
      case UNAUTHENTICATED -> {
        boolean unknown = said.toLowerCase(Locale.ROOT).contains("unknown");
        if (unknown) {
          hints.add(
              "'sway up' makes a new key each time it starts: use the one it printed last"
                  + " (export SWAY_API_KEY=…), or a key listed in the services' SWAY_API_KEYS.");
          return new Failure(
              ExitCode.NOT_ALLOWED, service + at + " does not accept this API key", hints);
        }
        hints.add(
            "Set SWAY_API_KEY=KEY or pass --api-key KEY ('sway up' prints a key; 'sway keygen'"
                + " makes one for a deployment).");
        return new Failure(ExitCode.NOT_ALLOWED, service + at + " needs an API key", hints);
      }
      case PERMISSION_DENIED -> {
        hints.add("Use a key with that scope ('sway keygen NAME --scope SCOPE').");
        return new Failure(ExitCode.NOT_ALLOWED, said, hints);
      }
      case NOT_FOUND -> {
        return new Failure(ExitCode.NOT_FOUND, said, hints);
      }
      case INVALID_ARGUMENT, OUT_OF_RANGE -> {
        var violations = Errors.violationsOf(s);
        if (violations.isEmpty()) {
          return new Failure(ExitCode.INVALID_ARGUMENT, said, hints);
        }
        for (var v : violations) {
          hints.add(v.getField() + ": " + v.getDescription());
        }
        return new Failure(ExitCode.INVALID_ARGUMENT, service + " rejected the request:", hints);
      }
      case FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED -> {
        return new Failure(ExitCode.CONFLICT, said, hints);
      }
      case INTERNAL, UNKNOWN -> {
        if (said.toLowerCase(Locale.ROOT).contains("http2")
            || said.toLowerCase(Locale.ROOT).contains("content-type")) {
          hints.add(
              "The address answers, but not as a gRPC server: is it Redis, a web port or another"
                  + " program? Set "
                  + (site == null ? "--target HOST:PORT" : site.addressSetting())
                  + ".");
          return new Failure(
              ExitCode.UNAVAILABLE,
              (site == null ? "the server" : site.target()) + " is not " + service,
              hints);
        }
        return new Failure(ExitCode.UNAVAILABLE, service + at + " failed: " + said, hints);
      }
      default -> {
        return new Failure(ExitCode.UNAVAILABLE, service + at + ": " + said, hints);
      }
    }
  }

  /** Why a call could not reach its server, in words; null when the server itself answered. */
  private static String transportCause(Status st) {
    Throwable c = st.getCause();
    if (find(c, ConnectException.class) != null) {
      return "connection refused";
    }
    if (find(c, UnknownHostException.class) != null
        || find(c, UnresolvedAddressException.class) != null
        || (st.getDescription() != null
            && st.getDescription().startsWith("Unable to resolve host"))) {
      return "unknown host";
    }
    if (c instanceof IOException || "io exception".equals(st.getDescription())) {
      return c != null && c.getMessage() != null ? c.getMessage() : "connection failed";
    }
    if (st.getDescription() != null
        && (st.getDescription().startsWith("Network closed")
            || st.getDescription().contains("Connection closed"))) {
      return "the connection was closed: TLS on one side only?";
    }
    return null;
  }

  /** The first of a throwable's causes (itself included) of a type, or null. */
  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
