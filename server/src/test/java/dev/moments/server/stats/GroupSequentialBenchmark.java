package dev.moments.server.stats;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to compute one design's boundaries for daily looks (equally spaced), as a report does for
 * each comparison when its boundaries are not cached. Run: {@code mvn -B -pl server -am test -Pjmh
 * -DskipTests -Dsdk-js.skip=true -Djmh.args=GroupSequentialBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GroupSequentialBenchmark {

  @Param({"30", "100", "365"})
  public int looks;

  @Param({"OBRIEN_FLEMING", "POCOCK"})
  public Spending spending;

  private double[] t;

  @Setup
  public void setUp() {
    t = GroupSequentialDesignTest.equallySpaced(looks);
  }

  @Benchmark
  public Boundaries boundaries() {
    return GroupSequentialDesign.boundaries(t, 0.05, spending);
  }
}
