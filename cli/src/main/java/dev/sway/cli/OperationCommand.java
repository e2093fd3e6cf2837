package dev.sway.cli;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sway.v1.ErasePersonMetadata;
import dev.sway.v1.ErasePersonResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sway operation NAME}: where a long-running operation (an erasure) stands. */
@Command(
    name = "operation",
    mixinStandardHelpOptions = true,
    description =
        "Show the progress or the result of an erasure started with 'sway erase --no-wait'.")
final class OperationCommand implements Callable<Integer> {
  @Mixin Targets targets;

  @Parameters(paramLabel = "NAME", description = "The operation name, operations/erase-<uuid>.")
  String name;

  @Override
  public Integer call() throws Exception {
    try (SwayClient c = targets.client()) {
      return print(
          c.operations().getOperation(GetOperationRequest.newBuilder().setName(name).build()));
    }
  }

  /** Prints the operation's state; the exit code is 0 when done, 4 while it runs. */
  static int print(Operation op) throws InvalidProtocolBufferException {
    if (op.getDone() && op.hasResponse()) {
      ErasePersonResponse r = op.getResponse().unpack(ErasePersonResponse.class);
      System.out.printf(
          "erased %d account(s): %d keys deleted, %d entries removed%n",
          r.getAccountCount(), r.getDeletedKeyCount(), r.getRemovedEntryCount());
      return 0;
    }
    if (op.getDone()) {
      System.out.printf("erasure failed: %s%n", op.getError().getMessage());
      return 1;
    }
    ErasePersonMetadata m = op.getMetadata().unpack(ErasePersonMetadata.class);
    System.out.printf(
        "%s: running, %d account record(s) examined so far%n",
        op.getName(), m.getScannedRecordCount());
    return 4;
  }
}
