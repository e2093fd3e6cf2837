import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * Redis CPU per account written by {@code apply-accounts.lua} variants, against one Redis of its
 * own: the same calls (64 accounts each, a 409-byte record, one history point of the day the
 * series ends with, one event id) sent for 20,480 accounts per variant, variants alternated round
 * by round so that a noisy machine spreads over all of them. Redis CPU is INFO cpu's user + sys
 * before and after. {@code -DseedPoints=90} first gives every account a 90-point series.
 *
 * <p>Run from the repository root, with the dev-stack jar built and a Redis on the port:
 *
 * <pre>
 * redis-server --port 6399 --save '' --appendonly no &amp;
 * git show REV:store/src/main/resources/dev/sway/store/apply-accounts.lua &gt; /tmp/before.lua
 * java -DseedPoints=90 -cp dev-stack/target/sway-dev-stack-0.1.0-SNAPSHOT-all.jar \
 *   benchmarks/redis-scripts/ApplyAccountsCpu.java 6399 4 /tmp/before.lua \
 *   store/src/main/resources/dev/sway/store/apply-accounts.lua
 * </pre>
 *
 * Arguments: port, rounds, then the script files. It flushes that Redis first.
 */
public class ApplyAccountsCpu {
  static byte[] a(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
  public static void main(String[] argv) throws Exception {
    int port = Integer.parseInt(argv[0]);
    int accounts = 20_480, perCall = 64, rounds = Integer.parseInt(argv[1]);
    List<String> variants = Arrays.asList(argv).subList(2, argv.length);
    RedisConnector c = RedisConnector.connect("redis://127.0.0.1:" + port, 30_000);
    RedisClusterAsyncCommands<String, byte[]> bin = c.binary();
    RedisClusterCommands<String, String> sync = c.sync();
    sync.flushall();
    Map<String, String> sha = new LinkedHashMap<>();
    int seed = Integer.parseInt(System.getProperty("seedPoints", "0"));
    if (seed > 0) {
      RedisClusterCommands<String, byte[]> bs0 = c.binarySync();
      byte[] series = new byte[15 * seed];
      for (int p = 0; p < seed; p++) { series[15 * p + 2] = (byte) p; }
      for (int i = 0; i < 20_480; i++) bs0.set("sway:h:{x:u" + i + "}", series);
    }
    for (String v : variants) sha.put(v, bin.scriptLoad(Files.readString(Path.of(v))).get());
    Random r = new Random(1);
    byte[] payload = new byte[400]; r.nextBytes(payload);
    long[] version = new long[accounts];
    int[] day = new int[accounts];
    for (int round = 0; round < rounds; round++) {
      for (String v : variants) {
        RedisClusterCommands<String, byte[]> bs = c.binarySync();
        for (int i = 0; i < accounts; i++) version[i] = AccountRecord.versionOf(bs.get("sway:a:{x:u" + i + "}"));
        double cpu0 = cpu(sync);
        long written = 0;
        for (int start = 0; start + perCall <= accounts; start += perCall * 16) {
          List<CompletableFuture<List<Object>>> fs = new ArrayList<>();
          for (int cs = start; cs < Math.min(accounts, start + perCall * 16); cs += perCall) {
            List<String> keys = new ArrayList<>(List.of("sway:hist"));
            List<byte[]> args = new ArrayList<>(List.of(a("3000000"), a(Integer.toString(perCall)), a("h")));
            for (int i = cs; i < cs + perCall; i++) {
              String m = "x:u" + i;
              keys.add("sway:a:{" + m + "}"); keys.add("sway:h:{" + m + "}");
              args.add(AccountRecord.header(version[i]));
              byte[] rec = new byte[409];
              System.arraycopy(AccountRecord.header(version[i] + 1 == 0 ? 1 : version[i] + 1), 0, rec, 0, 9);
              System.arraycopy(payload, 0, rec, 9, 400);
              args.add(rec);
              byte[] pt = new byte[15]; pt[0] = 0; pt[1] = (byte) (day[i] >> 8); pt[2] = (byte) day[i];
              args.add(pt);
              args.add(version[i] == 0 ? a("a") : a("o"));
              args.add(a("5")); args.add(a("5"));
              args.add(a("1"));
              keys.add("sway:e:{" + m + "}:1");
              args.add(a("1")); args.add(a(Long.toString(r.nextLong())));
            }
            fs.add(bin.<List<Object>>evalsha(sha.get(v), ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(byte[][]::new)).toCompletableFuture());
          }
          for (CompletableFuture<List<Object>> f : fs) {
            List<Object> res = f.get(30, TimeUnit.SECONDS);
            for (Object o : res) if (!(o instanceof Long l && l == 1L)) throw new IllegalStateException("refused " + o);
          }
          for (int i = start; i < Math.min(accounts, start + perCall * 16); i++) { version[i]++; written++; }
        }
        double cpu1 = cpu(sync);
        System.out.printf(Locale.ROOT, "round %d %-40s %.2f us Redis CPU per account%n", round, v, (cpu1 - cpu0) * 1e6 / written);
      }
    }
    c.close();
  }
  static double cpu(RedisClusterCommands<String, String> s) {
    double t = 0;
    for (String l : s.info("cpu").split("\r?\n")) {
      if (l.startsWith("used_cpu_user:") || l.startsWith("used_cpu_sys:")) t += Double.parseDouble(l.substring(l.indexOf(':') + 1));
    }
    return t;
  }
}
