package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.common.Failure;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** One status per kind of failure, the message kept where it is Sway's own, internals hidden. */
class StatusMapperTest {
  static final StatusMapper MAPPER = StatusMapper.plain();

  static Status map(Throwable t) {
    return MAPPER.toStatus(t, "the call").getStatus();
  }

  @Test
  void eachKindOfFailureIsItsStatusWithItsMessage() {
    assertThat(map(new Failure.StoreUnavailable("Redis did not answer within 5000 ms", null)))
        .satisfies(s -> assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE))
        .satisfies(
            s -> assertThat(s.getDescription()).isEqualTo("Redis did not answer within 5000 ms"));
    assertThat(map(new Failure.WriteContention("kept changing")).getCode())
        .isEqualTo(Status.Code.ABORTED);
    assertThat(map(new Failure.Conflict("already linked to person 'p1'")).getDescription())
        .isEqualTo("already linked to person 'p1'");
    assertThat(map(new Failure.Conflict("x")).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(map(new Failure.CorruptRecord("sway:a:{x:y} does not decode", null)).getCode())
        .isEqualTo(Status.Code.DATA_LOSS);
  }

  @Test
  void aStatusAlreadyChosenIsKeptAndWrappersAreLookedThrough() {
    StatusRuntimeException notFound =
        Status.NOT_FOUND.withDescription("no score").asRuntimeException();
    assertThat(MAPPER.toStatus(notFound, "x")).isSameAs(notFound);
    assertThat(map(new StatusException(Status.PERMISSION_DENIED)).getCode())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(
            map(new CompletionException(new ExecutionException(new Failure.WriteContention("w"))))
                .getCode())
        .isEqualTo(Status.Code.ABORTED);
  }

  @Test
  void anUnexpectedExceptionIsInternalWithoutItsMessage() {
    // A plain IllegalStateException is not contention (it used to be read as ABORTED).
    Status s = map(new IllegalStateException("secret internals at line 42"));
    assertThat(s.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(s.getDescription()).isEqualTo("the call failed");
    assertThat(map(new RejectedExecutionException("queue full")).getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aServiceTranslatesItsLibrariesExceptions() {
    StatusMapper m =
        new StatusMapper(
            t ->
                t instanceof java.io.UncheckedIOException
                    ? new Failure.StoreUnavailable("store: " + t.getMessage(), t)
                    : null);
    Status s =
        m.toStatus(new java.io.UncheckedIOException("reset", new java.io.IOException()), "x")
            .getStatus();
    assertThat(s.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(s.getDescription()).isEqualTo("store: reset");
    String longMessage = "m".repeat(2_000);
    assertThat(map(new Failure.Conflict(longMessage)).getDescription())
        .hasSizeLessThan(StatusMapper.MAX_DESCRIPTION_CHARS + 2);
  }
}
