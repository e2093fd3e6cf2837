package dev.sway.cli;

import static dev.sway.cli.EndToEndTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ExportPersonRequest;
import dev.sway.v1.ExportPersonResponse;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LinkAccountsRequest;
import dev.sway.v1.PersonExport;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import dev.sway.v1.RegisterAccountsRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * docs/privacy.md lists every field Sway stores about an account; ExportPerson must return exactly
 * those fields, no more (something stored but not declared) and no fewer (declared but not
 * exported).
 */
class PrivacyInventoryTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  /** Fields of the export whose keys are data (topic names, bucket numbers), not field names. */
  static final Set<String> MAPS = Set.of("topics", "topic_raw_scores", "received_event_ids");

  /** Containers of the export's structure. */
  static final Set<String> STRUCTURE = Set.of("accounts", "record");

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  /** The "exported as" column of the inventory table: every name in backticks. */
  static Set<String> declared() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "privacy.md"));
    String table = doc.substring(doc.indexOf("| data | where | why | kept for | exported as |"));
    table = table.substring(0, table.indexOf("\n\n"));
    Set<String> out = new TreeSet<>();
    for (String row : table.split("\n")) {
      String[] cells = row.split("\\|");
      if (cells.length < 6 || row.startsWith("|---") || row.startsWith("| data |")) {
        continue;
      }
      Matcher m = Pattern.compile("`([a-z_]+)`").matcher(cells[5]);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  static void fields(JsonElement e, Set<String> out) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> fields(x, out));
    } else if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (String k : o.keySet()) {
        if (!STRUCTURE.contains(k)) {
          out.add(k);
        }
        if (!MAPS.contains(k)) {
          fields(o.get(k), out);
        }
      }
    }
  }

  @Test
  void theExportHoldsExactlyTheFieldsTheInventoryLists() throws Exception {
    SwayClient c = LOCAL.client();
    InteractionType share = InteractionType.INTERACTION_TYPE_SHARE;
    // An account with every kind of data: a snapshot, engagement received on a topic and given,
    // a person, consent.
    c.ingest()
        .recordProfileSnapshots(
            RecordProfileSnapshotsRequest.newBuilder()
                .addSnapshots(
                    ProfileSnapshot.newBuilder()
                        .setAccount(acct("inv"))
                        .setFollowers(120)
                        .setFollowing(80)
                        .setPosts(30)
                        .setObserveTime(Timestamps.fromMillis(System.currentTimeMillis() - 5000)))
                .build());
    c.ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(event("i1", share, "inv-fan", "inv", "chess"))
                .addInteractions(event("i2", share, "inv", "inv-other", "chess"))
                .build());
    c.ingest()
        .linkAccounts(
            LinkAccountsRequest.newBuilder()
                .setPersonId("inv-person")
                .addAccounts(acct("inv"))
                .build());
    c.ingest()
        .registerAccounts(RegisterAccountsRequest.newBuilder().addAccounts(acct("inv")).build());

    ExportPersonResponse response =
        c.ingest().exportPerson(ExportPersonRequest.newBuilder().setPersonId("inv-person").build());
    String json = response.getJson();
    // The JSON is the contract's message, printed: it parses back into the same message.
    PersonExport.Builder parsed = PersonExport.newBuilder();
    JsonFormat.parser().merge(json, parsed);
    assertThat(parsed.build()).isEqualTo(response.getExport());
    assertThat(response.getExport().getAccounts(0).getRecord().getFollowers()).isEqualTo(120);
    Set<String> exported = new TreeSet<>();
    fields(JsonParser.parseString(json), exported);

    Set<String> declared = declared();
    assertThat(declared).as("the inventory lists fields").hasSizeGreaterThan(20);
    assertThat(exported).as("exported but not in docs/privacy.md").isSubsetOf(declared);
    assertThat(declared).as("in docs/privacy.md but not exported").isSubsetOf(exported);
  }
}
