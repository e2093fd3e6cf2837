package dev.sway.cli;

import com.google.longrunning.GetOperationRequest;
import com.google.longrunning.Operation;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ErasePersonRequest;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.LiftSuppressionRequest;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.PersonExport;
import dev.sway.v1.RegisterAccountsRequest;
import dev.sway.v1.UnlinkAccountsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sway link}, {@code unlink}, {@code erase}, {@code export}: persons and their data. */
final class PersonCommands {
  private PersonCommands() {}

  static List<AccountRef> refs(List<String> accounts) {
    return accounts.stream().map(ScoreCommand::parseAccount).toList();
  }

  static String names(List<AccountRef> refs) {
    return String.join(
        ", ", refs.stream().map(a -> a.getNetwork() + ":" + a.getAccountId()).toList());
  }

  static String suppressedNote(String subject) {
    return "the erased account(s) of "
        + subject
        + " stay suppressed: events and snapshots naming them are "
        + "acknowledged and dropped; to score one again: sway unsuppress --account NETWORK:ACCOUNT";
  }

  @Command(
      name = "unsuppress",
      mixinStandardHelpOptions = true,
      description =
          "Let an erased account be scored again from now on (nothing erased comes back).")
  static final class Unsuppress implements Callable<Integer> {
    @Mixin Targets targets;

    @Option(
        names = "--account",
        required = true,
        paramLabel = "NETWORK:ACCOUNT",
        description = "The erased account.")
    String account;

    @Override
    public Integer call() throws Exception {
      try (SwayClient c = targets.client()) {
        boolean lifted =
            c.ingest()
                .liftSuppression(
                    LiftSuppressionRequest.newBuilder()
                        .setAccount(ScoreCommand.parseAccount(account))
                        .build())
                .getLifted();
        System.out.println(
            lifted
                ? account + ": suppression lifted; its next events are scored"
                : account + " was not suppressed");
      }
      return 0;
    }
  }

  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Record that accounts agreed to be scored (needed when the deployment runs in opt-in mode).")
  static final class Register implements Callable<Integer> {
    @Mixin Targets targets;

    @Parameters(arity = "1..*", paramLabel = "NETWORK:ACCOUNT")
    List<String> accounts;

    @Override
    public Integer call() throws Exception {
      try (SwayClient c = targets.client()) {
        int n =
            c.ingest()
                .registerAccounts(
                    RegisterAccountsRequest.newBuilder().addAllAccounts(refs(accounts)).build())
                .getRegisteredCount();
        System.out.printf("registered %d new account(s) of %d%n", n, accounts.size());
      }
      return 0;
    }
  }

  /** A person id or one account. */
  static final class Who {
    @Option(names = "--person", description = "A person created with 'sway link'.")
    String person;

    @Option(names = "--account", paramLabel = "NETWORK:ACCOUNT", description = "One account.")
    String account;

    /** Sets the subject on a request builder: the person, or else the account. */
    <B> B on(B builder, BiConsumer<B, String> person, BiConsumer<B, AccountRef> oneAccount) {
      if (this.person != null) {
        person.accept(builder, this.person);
      } else {
        oneAccount.accept(builder, ScoreCommand.parseAccount(account));
      }
      return builder;
    }
  }

  /** A person and accounts to attach or detach. */
  abstract static class Membership implements Callable<Integer> {
    @Mixin Targets targets;

    @Parameters(index = "0", paramLabel = "PERSON")
    String person;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "NETWORK:ACCOUNT")
    List<String> accounts;

    /** Applies the change; returns the person's accounts afterwards. */
    abstract List<AccountRef> change(SwayClient c, List<AccountRef> refs);

    @Override
    public Integer call() throws Exception {
      try (SwayClient c = targets.client()) {
        List<AccountRef> now = change(c, refs(accounts));
        System.out.println(person + ": " + (now.isEmpty() ? "(no accounts)" : names(now)));
      }
      return 0;
    }
  }

  @Command(
      name = "link",
      mixinStandardHelpOptions = true,
      description =
          "Link accounts on several networks to one person; the person's score combines them.")
  static final class Link extends Membership {
    @Override
    List<AccountRef> change(SwayClient c, List<AccountRef> refs) {
      return c.ingest()
          .linkAccounts(
              LinkAccountsRequest.newBuilder().setPersonId(person).addAllAccounts(refs).build())
          .getAccountsList();
    }
  }

  @Command(
      name = "unlink",
      mixinStandardHelpOptions = true,
      description = "Detach accounts from a person.")
  static final class Unlink extends Membership {
    @Override
    List<AccountRef> change(SwayClient c, List<AccountRef> refs) {
      return c.ingest()
          .unlinkAccounts(
              UnlinkAccountsRequest.newBuilder().setPersonId(person).addAllAccounts(refs).build())
          .getAccountsList();
    }
  }

  @Command(
      name = "erase",
      mixinStandardHelpOptions = true,
      description =
          "Remove every stored trace of a person and its accounts, or of one account. Idempotent.")
  static final class Erase implements Callable<Integer> {
    @Mixin Targets targets;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    @Option(
        names = "--no-wait",
        description =
            "Return once the erasure started, printing its operation name, "
                + "instead of waiting until it is done.")
    boolean noWait;

    @Option(
        names = "--poll-ms",
        defaultValue = "500",
        description =
            "How often to ask whether the erasure is done " + "(default ${DEFAULT-VALUE}).")
    long pollMs;

    @Override
    public Integer call() throws Exception {
      ErasePersonRequest.Builder req =
          who.on(
              ErasePersonRequest.newBuilder(),
              ErasePersonRequest.Builder::setPersonId,
              ErasePersonRequest.Builder::setAccount);
      String subject = who.person != null ? "person " + who.person : who.account;
      try (SwayClient c = targets.client()) {
        Operation op = c.ingest().erasePerson(req.build());
        System.out.printf(
            "erasing %s: its scores, history and leaderboard entries are gone (operation %s)%n",
            subject, op.getName());
        if (noWait) {
          System.out.println(suppressedNote(subject));
          System.out.printf(
              "its engagement in other accounts is being removed; follow it with: sway operation %s%n",
              op.getName());
          return 0;
        }
        while (!op.getDone()) {
          Thread.sleep(Math.max(10, pollMs));
          op =
              c.operations()
                  .getOperation(GetOperationRequest.newBuilder().setName(op.getName()).build());
        }
        int rc = OperationCommand.print(op);
        System.out.println(suppressedNote(subject));
        return rc;
      }
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Print (or write) everything stored about a person or one account, as JSON"
              + " (docs/privacy.md lists the fields), or with --readable as a report for people."
              + " Exit code 4 when nothing is stored.")
  static final class Export implements Callable<Integer> {
    @Mixin Targets targets;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Who who;

    @Option(
        names = {"-o", "--output"},
        description = "Write to this file instead of printing.")
    Path output;

    @Option(
        names = "--readable",
        description =
            "A report for the person it is about: dates, what each number means, the score as"
                + " shown (the JSON is the complete record).")
    boolean readable;

    @Override
    public Integer call() throws Exception {
      ExportPersonRequest.Builder req =
          who.on(
              ExportPersonRequest.newBuilder(),
              ExportPersonRequest.Builder::setPersonId,
              ExportPersonRequest.Builder::setAccount);
      try (SwayClient c = targets.client()) {
        PersonExport export = c.ingest().exportPerson(req.build()).getExport();
        String json = readable ? ReadableExport.format(export) : CliJson.print(export);
        if (output != null) {
          Files.writeString(output, json + System.lineSeparator());
          System.err.printf(
              Locale.ROOT,
              "wrote %s: %,d account(s), %,d bytes%n",
              output,
              export.getAccountsCount(),
              Files.size(output));
        } else {
          System.out.println(json);
        }
      }
      return 0;
    }
  }
}
