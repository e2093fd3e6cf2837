package dev.sway.cli;

import dev.sway.checks.Validator;
import dev.sway.cli.ingest.LineParser;
import dev.sway.cli.ingest.Record;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.StreamInteractionsRequest;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sway ingest FILE...}: streams files to the ingest service in batches. Every line is
 * checked here first with the service's own validator, so a bad line is reported with its number
 * and reason and never takes good lines down with it.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Load CSV, JSON Lines or SNAP Higgs activity files (plain or .gz) through the ingest API.",
    footer = {"", "Exit code 0 when every line was stored, 5 when some lines were rejected."})
public final class IngestCommand implements Callable<Integer> {
  static final int EXIT_SOME_REJECTED = 5;

  @Mixin Targets targets;

  @Parameters(arity = "1..*", paramLabel = "FILE")
  List<Path> files;

  @Option(names = "--format", description = "csv, jsonl or higgs (default: from the file name).")
  LineParser.Format format;

  @Option(
      names = "--network",
      defaultValue = "x",
      description = "Network of Higgs files (default ${DEFAULT-VALUE}).")
  String network;

  @Option(
      names = "--batch",
      defaultValue = "1000",
      description = "Items per batch (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Option(
      names = "--show-errors",
      defaultValue = "20",
      description = "Bad lines to print (default ${DEFAULT-VALUE}).")
  int showErrors;

  @Override
  public Integer call() throws Exception {
    long rejected = 0;
    long accepted = 0;
    long duplicates = 0;
    long snapshots = 0;
    long suppressed = 0;
    long t0 = System.nanoTime();
    try (SwayClient client = targets.client()) {
      for (Path file : files) {
        FileBatches batches =
            new FileBatches(
                file,
                format != null ? format : LineParser.guess(file.toString()),
                network,
                batch,
                showErrors,
                System.err);
        ProgressBar bar =
            noProgress
                ? null
                : new ProgressBarBuilder()
                    .setTaskName(file.getFileName().toString())
                    .setInitialMax(Files.size(file))
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" KiB", 1 << 10)
                    .showSpeed()
                    .setUpdateIntervalMillis(250)
                    .build();
        try {
          BulkLoader.Totals t;
          try {
            t =
                BulkLoader.load(
                    client,
                    batches,
                    2,
                    ack -> {
                      if (bar != null) {
                        bar.stepTo(batches.bytesRead());
                        bar.setExtraMessage(
                            String.format(Locale.ROOT, "%,d items", batches.items()));
                      }
                    });
          } catch (BulkLoader.Failed f) {
            // What was stored stays stored: say how far the load got, so that a rerun (safe:
            // event ids make it a duplicate) is a decision, not a guess.
            System.err.printf(
                Locale.ROOT,
                "%s: stopped after %,d acknowledged batches (accepted %,d, duplicate %,d,"
                    + " snapshots %,d) and %d resumed streams; earlier files: accepted %,d%n",
                file,
                f.totals.batches.get(),
                f.totals.accepted.get(),
                f.totals.duplicates.get(),
                f.totals.snapshots.get(),
                f.totals.resumes.get(),
                accepted);
            throw f;
          }
          accepted += t.accepted.get();
          duplicates += t.duplicates.get();
          snapshots += t.snapshots.get();
          suppressed += t.suppressed.get();
          rejected += batches.rejected();
        } finally {
          if (bar != null) {
            bar.stepTo(batches.bytesRead());
            bar.close();
          }
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "accepted %,d  duplicate %,d  snapshots %,d  rejected %,d  in %.1f s (%,.0f items/s)%n",
        accepted,
        duplicates,
        snapshots,
        rejected,
        secs,
        (accepted + duplicates + snapshots) / secs);
    if (suppressed > 0) {
      System.out.printf(
          Locale.ROOT,
          "suppressed %,d (they name erased accounts, or unregistered ones in opt-in mode:"
              + " acknowledged, not stored)%n",
          suppressed);
    }
    return rejected > 0 ? EXIT_SOME_REJECTED : 0;
  }

  /** Reads a file lazily into validated batches. */
  public static final class FileBatches
      implements Iterator<StreamInteractionsRequest>, AutoCloseable {
    private final Path file;
    private final BufferedReader reader;
    private final LineParser parser;
    private final Validator validator = new Validator(Clock.systemUTC());
    private final int batchSize;
    private final int showErrors;
    private final PrintStream err;
    private final AtomicLong bytes = new AtomicLong();
    private long line;
    private long rejected;
    private long items;
    private long batchId;
    private StreamInteractionsRequest next;
    private boolean eof;

    public FileBatches(
        Path file,
        LineParser.Format format,
        String network,
        int batchSize,
        int showErrors,
        PrintStream err)
        throws IOException {
      this.file = file;
      InputStream raw =
          new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              if (n > 0) {
                bytes.addAndGet(n);
              }
              return n;
            }
          };
      InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
      this.parser = new LineParser(format, network);
      this.batchSize = batchSize;
      this.showErrors = showErrors;
      this.err = err;
    }

    long bytesRead() {
      return bytes.get();
    }

    public long rejected() {
      return rejected;
    }

    long items() {
      return items;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !eof) {
        next = read();
      }
      return next != null;
    }

    @Override
    public StreamInteractionsRequest next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      StreamInteractionsRequest r = next;
      next = null;
      return r;
    }

    private StreamInteractionsRequest read() {
      List<Interaction> interactions = new ArrayList<>(batchSize);
      List<ProfileSnapshot> snaps = new ArrayList<>();
      try {
        String s;
        while (interactions.size() + snaps.size() < batchSize && (s = reader.readLine()) != null) {
          Record r = parser.parse(++line, s);
          if (r.isError()) {
            reject(r.error());
            continue;
          }
          List<Violation> v = new ArrayList<>();
          if (r.interaction() != null) {
            List<Interaction> ok = validator.interactions(List.of(r.interaction()), "", v);
            if (v.isEmpty()) {
              interactions.add(ok.get(0));
            }
          } else if (r.snapshot() != null) {
            validator.snapshots(List.of(r.snapshot()), "", v);
            if (v.isEmpty()) {
              snaps.add(r.snapshot());
            }
          }
          if (!v.isEmpty()) {
            reject(
                String.join(
                    "; ",
                    v.stream()
                        .map(
                            x ->
                                x.field().replaceFirst("^\\[0\\]\\.?", "") + ": " + x.description())
                        .toList()));
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(file + ": read failed: " + e.getMessage(), e);
      }
      if (interactions.isEmpty() && snaps.isEmpty()) {
        eof = true;
        close();
        return null;
      }
      items += interactions.size() + snaps.size();
      return StreamInteractionsRequest.newBuilder()
          .setBatchId(batchId++)
          .addAllInteractions(interactions)
          .addAllSnapshots(snaps)
          .build();
    }

    private void reject(String reason) {
      rejected++;
      if (rejected <= showErrors) {
        err.println(file.getFileName() + ":" + line + ": " + reason);
      } else if (rejected == showErrors + 1) {
        err.println("(more bad lines are counted but not shown; --show-errors N shows more)");
      }
    }

    @Override
    public void close() {
      try {
        reader.close();
      } catch (IOException e) {
        // Nothing to do: the file was read.
      }
    }
  }
}
