package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Load your own data" block, run as written by {@code sh} in an empty folder whose
 * {@code ./sway} is this build's command, against a local stack; its output must begin as the
 * README shows.
 */
class ReadmeOwnDataTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  @TempDir Path dir;

  /** The body of the n-th fenced block (0-based) of a README section with this language tag. */
  static String block(String readme, String section, int n, String tag) {
    String s = readme.substring(readme.indexOf("\n## " + section + "\n") + 1);
    s = s.substring(0, s.indexOf("\n## "));
    List<String> found = new ArrayList<>();
    StringBuilder body = null;
    String open = null;
    for (String line : s.split("\n", -1)) {
      if (body == null && line.startsWith("```")) {
        open = line.substring(3);
        body = new StringBuilder();
      } else if (body != null && line.equals("```")) {
        if (open.equals(tag)) {
          found.add(body.toString());
        }
        body = null;
      } else if (body != null) {
        body.append(line).append('\n');
      }
    }
    assertThat(found).as("```%s blocks of %s", tag, section).hasSizeGreaterThan(n);
    return found.get(n);
  }

  @Test
  void theLoadYourOwnDataBlockRunsAsWritten() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String script = block(readme, "Load your own data", 1, "sh");
    String expected = block(readme, "Load your own data", 0, "");
    assertThat(script).contains("./sway ingest events.csv profiles.jsonl");

    Path sway = dir.resolve("sway");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        sway,
        "#!/bin/sh\nexec '"
            + java
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.sway.cli.SwayDev \"$@\"\n");
    Files.setPosixFilePermissions(sway, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(dir.resolve("block.sh"), script);

    ProcessBuilder pb = new ProcessBuilder("sh", "-e", "block.sh").directory(dir.toFile());
    pb.environment().put("SWAY_INGEST_TARGET", LOCAL.stack().ingestTarget());
    pb.environment().put("SWAY_QUERY_TARGET", LOCAL.stack().queryTarget());
    pb.environment().put("SWAY_API_KEY", LOCAL.stack().apiKey());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    // Each line shown must start an output line, up to its timing or its ellipsis.
    List<String> lines = out.lines().toList();
    for (String e : expected.lines().toList()) {
      String stable = e.replaceFirst(" in [\\d.]+ s.*$", "").replaceFirst("….*$", "");
      assertThat(lines).as(out).anyMatch(l -> l.startsWith(stable));
    }
  }
}
