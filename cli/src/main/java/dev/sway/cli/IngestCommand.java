package dev.sway.cli;

import dev.sway.checks.Limits;
import dev.sway.cli.ingest.LineParser;
import dev.sway.cli.ingest.TimeOrder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sway ingest FILE...}: loads files through the ingest service in batches. Every line is
 * checked here first with the service's own validator, so a bad line is reported with its number
 * and reason and never takes good lines down with it; what passes is sent in event-time order
 * ({@link TimeOrder}), so the scores do not depend on the order of the files or their rows.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Load CSV, JSON Lines or SNAP Higgs activity files (plain or .gz) through the ingest API."
            + " Every file is checked first (it exists, its format, a CSV header): a problem there"
            + " stops before anything is stored. Bad lines are then reported by number and"
            + " skipped; the rest is sent merged into one order by event time (snapshots and"
            + " interactions interleaved), so files and rows may come in any order. Loading a file"
            + " again is safe: event ids make repeats duplicates. Exit code 5 when some lines were"
            + " rejected.",
    // The footer is LineParser.FORMATS_HELP, set by SwayCli.finish: the parser owns its formats.
    footerHeading = "%n")
public final class IngestCommand implements Callable<Integer> {
  static final int EXIT_SOME_REJECTED = ExitCode.SOME_REJECTED.code;

  @Mixin Targets targets;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "csv, jsonl or higgs, any case (default: from the file name, else its first line).")
  LineParser.Format format;

  @Option(
      names = "--network",
      defaultValue = "x",
      description = "Network of Higgs files (default ${DEFAULT-VALUE}).")
  String network;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Items per batch, 1 to " + Limits.MAX_BATCH + " (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--no-progress",
      description = "No progress line (none is drawn unless stderr is a terminal).")
  boolean noProgress;

  @Option(
      names = "--show-errors",
      defaultValue = "20",
      description = "Bad lines to print (default ${DEFAULT-VALUE}).")
  int showErrors;

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || batch > Limits.MAX_BATCH) {
      throw CliException.invalid(
          "--batch must be between 1 and " + Limits.MAX_BATCH + "; got " + batch);
    }
    if (showErrors < 0) {
      throw CliException.invalid("--show-errors must be 0 or more; got " + showErrors);
    }
    // Every file is checked before anything is sent, so a typo in the second name or a wrong
    // header does not leave half a load behind.
    List<LineParser.Format> formats = new ArrayList<>();
    for (Path file : files) {
      formats.add(check(file, format));
    }
    Totals sum = new Totals();
    long t0 = System.nanoTime();
    // Everything is read and checked first, then sent merged into one order by event time:
    // snapshots and interactions interleaved, whatever the files' order and the rows' order inside
    // them, so the scores do not depend on either (an external sort: bounded memory).
    try (TimeOrder order = new TimeOrder()) {
      for (int f = 0; f < files.size(); f++) {
        Path file = files.get(f);
        Progress bar =
            noProgress
                ? Progress.NONE
                : Progress.onTerminal(file.getFileName().toString(), Files.size(file));
        try (FileBatches batches =
            new FileBatches(file, formats.get(f), network, batch, showErrors, System.err)) {
          while (batches.hasNext()) {
            order.addAll(batches.next());
            bar.update(batches.bytesRead(), batches.items());
          }
          sum.rejected += batches.rejected();
        } finally {
          bar.close();
        }
      }
      send(order, sum, t0);
    }
    System.out.println(sum.line(t0));
    if (sum.suppressed > 0) {
      System.out.printf(
          Locale.ROOT,
          "suppressed %,d (they name erased accounts, or unregistered ones in opt-in mode:"
              + " acknowledged, not stored)%n",
          sum.suppressed);
    }
    return sum.rejected > 0 ? EXIT_SOME_REJECTED : 0;
  }

  /** Sends the merged items; on a failure says what was stored before it, then rethrows. */
  private void send(TimeOrder order, Totals sum, long t0) throws Exception {
    Progress bar =
        noProgress || order.items() == 0
            ? Progress.NONE
            : Progress.onTerminal("sending in time order", order.items());
    try (SwayClient client = targets.client()) {
      AtomicLong sent = new AtomicLong();
      BulkLoader.Totals t;
      try {
        t =
            BulkLoader.load(
                client,
                order.batches(batch),
                2,
                ack ->
                    bar.update(
                        sent.addAndGet(
                            ack.getAcceptedCount()
                                + ack.getDuplicateCount()
                                + ack.getSnapshotCount()
                                + ack.getSuppressedCount()),
                        sent.get()));
      } catch (BulkLoader.Failed failed) {
        bar.close();
        sum.add(failed.totals, 0);
        // What was stored stays stored: say how far the load got, so that a rerun (safe: event
        // ids make it a duplicate) is a decision, not a guess.
        System.err.println(
            "stopped in the load of "
                + String.join(", ", files.stream().map(Path::toString).toList())
                + (failed.totals.resumes.get() > 0
                    ? " after " + failed.totals.resumes.get() + " retries"
                    : "")
                + "; stored before the failure: "
                + sum.line(t0)
                + " (rerunning the command is safe: repeated events count once)");
        throw failed;
      } finally {
        bar.close();
      }
      sum.add(t, 0);
    }
  }

  /** The format of a file, after checking it can be loaded; throws with what to do when not. */
  static LineParser.Format check(Path file, LineParser.Format given) throws IOException {
    if (!Files.exists(file)) {
      throw new CliException(ExitCode.NOT_FOUND, "no such file: " + file + " (nothing was loaded)");
    }
    if (Files.isDirectory(file)) {
      throw CliException.invalid(file + " is a directory, not a file (nothing was loaded)");
    }
    long lineNo = 0;
    String first = null;
    try (BufferedReader r = FileBatches.open(file, new AtomicLong())) {
      String s;
      while ((s = r.readLine()) != null) {
        lineNo++;
        if (!s.isBlank() && !s.strip().startsWith("#")) {
          first = s;
          break;
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw CliException.invalid(file + " ends in .gz but is not gzip (nothing was loaded)");
    }
    LineParser.Format f = given != null ? given : LineParser.guess(file.toString());
    if (f == null && first != null) {
      f = LineParser.sniff(first);
    }
    if (f == null) {
      if (first == null) {
        return LineParser.Format.CSV;
      }
      throw CliException.invalid(
          "cannot tell the format of "
              + file
              + " from its name or its first line; pass --format csv, jsonl or higgs"
              + " ('sway ingest --help' shows each). Nothing was loaded.");
    }
    if (f == LineParser.Format.CSV && first != null) {
      String problem = LineParser.headerProblem(first);
      if (problem != null) {
        throw CliException.invalid(file + ":" + lineNo + ": " + problem + ". Nothing was loaded.");
      }
    }
    return f;
  }

  /** What a load stored, over every file. */
  static final class Totals {
    long accepted;
    long duplicates;
    long snapshots;
    long suppressed;
    long rejected;

    void add(BulkLoader.Totals t, long rejectedLines) {
      accepted += t.accepted.get();
      duplicates += t.duplicates.get();
      snapshots += t.snapshots.get();
      suppressed += t.suppressed.get();
      rejected += rejectedLines;
    }

    String line(long t0) {
      double secs = Math.max(1e-3, (System.nanoTime() - t0) / 1e9);
      long items = accepted + duplicates + snapshots;
      // A rate over a handful of items or a fraction of a second says nothing: left out.
      String rate =
          secs >= 1 && items >= 100
              ? String.format(Locale.ROOT, " (%,.0f items/s)", items / secs)
              : "";
      return String.format(
          Locale.ROOT,
          "accepted %,d  duplicate %,d  snapshots %,d  rejected %,d  in %.1f s%s",
          accepted,
          duplicates,
          snapshots,
          rejected,
          secs,
          rate);
    }
  }
}
