package dev.sway.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sway.checks.Validator;
import dev.sway.cli.ingest.LineParser;
import dev.sway.cli.ingest.Record;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing (Jazzer) of what reads untrusted input: the request validators and the
 * file parsers of {@code sway ingest}. Without JAZZER_FUZZ=1 each test replays its seeds as a
 * regression test; CI also runs it in fuzzing mode with a short budget.
 */
class InputFuzzTest {
  static final Validator VALIDATOR = new Validator(Clock.systemUTC());

  // Any bytes that parse as a request must be validated without throwing; an item judged valid
  // must really be within the documented limits.
  @FuzzTest(maxDuration = "20s")
  void validatorNeverThrows(byte[] data) {
    RecordInteractionsRequest req;
    try {
      req = RecordInteractionsRequest.parseFrom(data);
    } catch (InvalidProtocolBufferException e) {
      return;
    }
    List<Violation> v = new ArrayList<>();
    var out = VALIDATOR.interactions(req.getInteractionsList(), "interactions", v);
    if (v.isEmpty()) {
      for (var i : out) {
        assertThat(i.getEventId()).isNotEmpty().hasSizeLessThanOrEqualTo(128);
        assertThat(i.getTopicsCount()).isLessThanOrEqualTo(16);
        assertThat(i.getActor().getAccountId()).doesNotContain("{", "}");
      }
    }
    try {
      RecordProfileSnapshotsRequest s = RecordProfileSnapshotsRequest.parseFrom(data);
      VALIDATOR.snapshots(s.getSnapshotsList(), "snapshots", new ArrayList<>());
    } catch (InvalidProtocolBufferException e) {
      // not a snapshot request: nothing to check
    }
  }

  // Every line of every format yields a record or an error with a reason, never an exception.
  @FuzzTest(maxDuration = "20s")
  void lineParsersNeverThrow(FuzzedDataProvider data) {
    LineParser.Format format = data.pickValue(LineParser.Format.values());
    LineParser parser = new LineParser(format, "x");
    if (format == LineParser.Format.CSV) {
      parser.parse(
          1,
          data.pickValue(
              new String[] {
                "event_id,type,actor,target,time,topics,content_id",
                "account,followers,following,posts,time"
              }));
    }
    for (int line = 2; data.remainingBytes() > 0 && line < 20; line++) {
      Record r = parser.parse(line, data.consumeString(300));
      assertThat(r.line()).isEqualTo(line);
      if (r.isError()) {
        assertThat(r.error()).isNotBlank();
      }
    }
  }
}
