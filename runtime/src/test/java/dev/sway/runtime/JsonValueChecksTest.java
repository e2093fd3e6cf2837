package dev.sway.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.RecordInteractionsRequest;
import org.junit.jupiter.api.Test;

/** A wrong value in an HTTP request's JSON is named with its field and the forms accepted. */
class JsonValueChecksTest {
  static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  @Test
  void anUnknownEnumNameListsTheNamesAccepted() {
    assertThatThrownBy(
            () ->
                JsonValueChecks.check(
                    json("{\"direction\":\"sideways\"}"), ListMoversRequest.getDescriptor(), ""))
        .isInstanceOf(HttpJsonRequests.BadInput.class)
        .hasMessage(
            "'direction' must be one of MOVE_DIRECTION_UP, MOVE_DIRECTION_DOWN; got 'sideways'");
  }

  @Test
  void aTimeThatIsNotRfc3339SaysWhatIs() {
    assertThatThrownBy(
            () ->
                JsonValueChecks.check(
                    json("{\"startTime\":\"2026-12-01 10:00:00\"}"),
                    GetScoreHistoryRequest.getDescriptor(),
                    ""))
        .hasMessageContaining("'start_time' must be an RFC 3339 time")
        .hasMessageContaining("2026-12-01T10:00:00Z")
        .hasMessageContaining("got '2026-12-01 10:00:00'");
  }

  @Test
  void nestedAndRepeatedFieldsAreNamedByTheirPath() {
    assertThatThrownBy(
            () ->
                JsonValueChecks.check(
                    json(
                        "{\"interactions\":[{\"type\":\"INTERACTION_TYPE_LIKE\"},"
                            + "{\"type\":\"LOVE\"}]}"),
                    RecordInteractionsRequest.getDescriptor(),
                    ""))
        .hasMessageStartingWith("'interactions[1].type' must be one of INTERACTION_TYPE_")
        .hasMessageEndingWith("got 'LOVE'");
    assertThatThrownBy(
            () ->
                JsonValueChecks.check(
                    json("{\"windowDays\":\"seven\"}"), ListMoversRequest.getDescriptor(), ""))
        .hasMessage("'window_days' must be a whole number; got 'seven'");
  }

  @Test
  void goodValuesPass() throws Exception {
    JsonValueChecks.check(
        json("{\"direction\":\"MOVE_DIRECTION_DOWN\",\"windowDays\":\"30\",\"pageSize\":5}"),
        ListMoversRequest.getDescriptor(),
        "");
    JsonValueChecks.check(
        json("{\"startTime\":\"2026-12-01T11:00:00+01:00\"}"),
        GetScoreHistoryRequest.getDescriptor(),
        "");
    assertThat(JsonValueChecks.field(ListMoversRequest.getDescriptor(), "window_days"))
        .isSameAs(JsonValueChecks.field(ListMoversRequest.getDescriptor(), "windowDays"));
  }
}
