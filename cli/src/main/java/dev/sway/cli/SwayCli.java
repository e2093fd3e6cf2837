package dev.sway.cli;

import dev.sway.cli.ingest.LineParser;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sway} command. */
@Command(
    name = "sway",
    mixinStandardHelpOptions = true,
    version = "sway 0.1.0",
    description = "Explainable, real-time influence scores.",
    subcommands = {
      ScoreCommand.class,
      TopCommand.class,
      HistoryCommand.class,
      MoversCommand.class,
      WatchCommand.class,
      ExplainCommand.class,
      TopicsCommand.class,
      IngestCommand.class,
      ConnectCommand.class,
      PersonCommands.Link.class,
      PersonCommands.Unlink.class,
      PersonCommands.Erase.class,
      OperationCommand.class,
      PersonCommands.Unsuppress.class,
      PersonCommands.Register.class,
      PersonCommands.Export.class,
      KeygenCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SwayCli implements Runnable {
  // Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level.
  private static final Logger CHANNEL_LOG = Logger.getLogger("io.grpc.internal.ManagedChannelImpl");

  /** Exit code when a service could not be reached or failed. */
  public static final int EXIT_UNAVAILABLE = ExitCode.UNAVAILABLE.code;

  /** Exit code when what was asked for does not exist. */
  public static final int EXIT_NOT_FOUND = ExitCode.NOT_FOUND.code;

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    quietLogs();
    return finish(commandLine(new SwayCli())).execute(args);
  }

  /**
   * The command line of {@code sway}; the development stack adds its own subcommands to it, then
   * calls {@link #finish}.
   */
  public static CommandLine commandLine(Object command) {
    return new CommandLine(command);
  }

  /**
   * Finishes a command line once every subcommand is added: the same error handling and enum
   * spelling (--format higgs as well as HIGGS) on every command, and each answers {@code
   * --version}.
   */
  public static CommandLine finish(CommandLine cli) {
    ErrorHandler errors = new ErrorHandler();
    String[] version = cli.getCommandSpec().version();
    applyAll(cli, version, errors);
    CommandLine ingest = cli.getSubcommands().get("ingest");
    if (ingest != null) {
      // Wide enough that the example lines stay whole: they are meant to be pasted.
      ingest.getCommandSpec().usageMessage().footer(LineParser.FORMATS_HELP).width(100);
    }
    return cli;
  }

  private static void applyAll(CommandLine c, String[] version, ErrorHandler errors) {
    c.setCaseInsensitiveEnumValuesAllowed(true);
    c.setExecutionExceptionHandler(errors);
    c.setParameterExceptionHandler(errors);
    if (c.getCommandSpec().version().length == 0) {
      c.getCommandSpec().version(version);
    }
    for (CommandLine sub : c.getSubcommands().values()) {
      applyAll(sub, version, errors);
    }
  }

  static void quietLogs() {
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    // gRPC logs a failed name resolution as a warning with a stack trace; the command says it once.
    CHANNEL_LOG.setLevel(Level.OFF);
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (var h : root.getHandlers()) {
      h.setLevel(Level.WARNING);
    }
  }
}
