package dev.sway.cli.eval;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one cut ranks and against what: the accounts with a score at the cut (they received at least
 * one interaction before it; an account that only engaged others has no score), what each receives
 * in the window after the cut, and the baselines computed on the interactions before it.
 *
 * @param known how many interactions lie before the cut (a prefix of the dataset's events)
 * @param members the ranked accounts' ids, in order of first appearance in the data
 * @param future what each ranked account receives in the window
 * @param counting the counting baselines of {@link Counting}, in table order
 * @param pagerank PageRank of the interaction graph before the cut (engager → target)
 * @param accounts accounts seen before the cut (engagers included)
 * @param futureEvents measured interactions in the window, whoever received them
 */
record CutData(
    int known,
    int[] members,
    double[] future,
    Map<String, double[]> counting,
    double[] pagerank,
    int accounts,
    int futureEvents) {

  /** Ranked accounts that receive something in the window. */
  int receiving() {
    return (int) Arrays.stream(future).filter(v -> v > 0).count();
  }

  static CutData at(Dataset d, int k) {
    List<Interaction> events = d.events();
    long cutS = d.cuts().cutS(k);
    long endS = d.cuts().endS(k);
    int known = firstAtOrAfter(events, cutS);
    List<Interaction> before = events.subList(0, known);

    // Accounts in order of first appearance (as engager or target), so that ties fall the same
    // way at every cut.
    Map<Integer, Integer> seen = new HashMap<>();
    int[] ids = new int[2 * known];
    int[] from = new int[known];
    int[] to = new int[known];
    for (int i = 0; i < known; i++) {
      Interaction e = before.get(i);
      from[i] = index(seen, ids, e.actor());
      to[i] = index(seen, ids, e.target());
    }
    boolean[] received = new boolean[seen.size()];
    for (int t : to) {
      received[t] = true;
    }
    Map<Integer, Integer> ranked = new LinkedHashMap<>();
    for (int i = 0; i < seen.size(); i++) {
      if (received[i]) {
        ranked.put(ids[i], ranked.size());
      }
    }
    int[] members = ranked.keySet().stream().mapToInt(Integer::intValue).toArray();

    double[] future = new double[members.length];
    Map<Integer, Set<Integer>> futureEngagers = new HashMap<>();
    int futureEvents = 0;
    for (int i = known; i < events.size() && events.get(i).timeS() < endS; i++) {
      Interaction e = events.get(i);
      if (!e.measured()) {
        continue;
      }
      futureEvents++;
      Integer t = ranked.get(e.target());
      if (t == null) {
        continue;
      }
      if (d.measure() == Dataset.Measure.RECEIVED
          || futureEngagers.computeIfAbsent(t, x -> new HashSet<>()).add(e.actor())) {
        future[t]++;
      }
    }

    double[] prAll = PageRank.compute(seen.size(), from, to, 0.85, 50);
    double[] pagerank = new double[members.length];
    for (int i = 0; i < members.length; i++) {
      pagerank[i] = prAll[seen.get(members[i])];
    }
    return new CutData(
        known,
        members,
        future,
        Counting.at(before, ranked, cutS, d.countLabel()),
        pagerank,
        seen.size(),
        futureEvents);
  }

  private static int index(Map<Integer, Integer> seen, int[] ids, int id) {
    Integer i = seen.get(id);
    if (i == null) {
      i = seen.size();
      seen.put(id, i);
      ids[i] = id;
    }
    return i;
  }

  /** The index of the first event at or after {@code cutS}; events are in time order. */
  static int firstAtOrAfter(List<Interaction> events, long cutS) {
    int lo = 0;
    int hi = events.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (events.get(mid).timeS() < cutS) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
