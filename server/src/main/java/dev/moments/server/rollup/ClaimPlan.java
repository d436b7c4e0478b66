package dev.moments.server.rollup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one server does with its fold partitions at a heartbeat: each of the {@code members} live
 * servers holds at most its fair share, ceil(partitions / members); one holding more releases the
 * highest numbered ones, one holding fewer tries the free ones, starting at {@code offset} so that
 * servers rarely race for the same partition. Pure.
 *
 * @param release partitions to give up now
 * @param candidates partitions to try, in order, until {@code wanted} are taken
 * @param wanted how many more this server may hold
 */
record ClaimPlan(List<Short> release, List<Short> candidates, int wanted) {

  static ClaimPlan of(int partitions, int members, Set<Short> owned, int offset) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions " + partitions + " must be at least 1");
    }
    int share = (partitions + Math.max(1, members) - 1) / Math.max(1, members);
    List<Short> release = new ArrayList<>();
    TreeSet<Short> kept = new TreeSet<>(owned);
    while (kept.size() > share) {
      release.add(kept.pollLast());
    }
    List<Short> candidates = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      short p = (short) Math.floorMod(offset + i, partitions);
      if (!owned.contains(p)) {
        candidates.add(p);
      }
    }
    return new ClaimPlan(release, candidates, share - kept.size());
  }
}
