package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

  @Test
  void oneRowPerMetricAndVariant() {
    String csv = ReportCsv.write(new JsonObject().put("metrics", new JsonArray().add(signup())));
    assertEquals(
        List.of(
            "metric,role,type,direction,unit,variant,units,conversions,mean,absolute_lift,relative_lift,ci_low,ci_high,p_value,adjusted_p_value,chance_to_beat,significant,improvement",
            "signup,primary,binomial,increase,,control,100,10,0.1,,,,,,,,,",
            "signup,primary,binomial,increase,,bold,100,20,0.2,0.1,1.0,0.5,1.5,0.01,0.02,0.99,true,true"),
        List.of(csv.split("\r\n")));
    assertEquals(true, csv.endsWith("\r\n"));
  }

  /**
   * A split changed while the experiment ran: the comparisons pool periods of different splits
   * (Simpson's paradox when the baseline drifts), so the dashboard shows them but never as a win or
   * loss, and the decision reads the weighted estimate. The CSV wrote the pooled comparison's
   * "true,true" as if it were the call: a spreadsheet showed a significant improvement the report
   * withholds.
   */
  @Test
  void aPooledComparisonOfAChangingSplitIsNotMarkedSignificant() {
    JsonObject report =
        new JsonObject()
            .put("metrics", new JsonArray().add(signup()))
            .put("changingSplit", new JsonObject().put("estimator", "inverse-probability"));
    assertEquals(
        "signup,primary,binomial,increase,,bold,100,20,0.2,0.1,1.0,0.5,1.5,0.01,0.02,0.99,,",
        ReportCsv.write(report).split("\r\n")[2]);
  }

  /** A binomial metric: bold converts twice as often as control, significantly. */
  private static JsonObject signup() {
    return new JsonObject()
        .put("metric", "signup")
        .put("role", "primary")
        .put("type", "binomial")
        .put("direction", "increase")
        .put(
            "variants",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("key", "control")
                        .put("units", 100)
                        .put("conversions", 10)
                        .put("mean", 0.1))
                .add(
                    new JsonObject()
                        .put("key", "bold")
                        .put("units", 100)
                        .put("conversions", 20)
                        .put("mean", 0.2)))
        .put(
            "comparisons",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("variant", "bold")
                        .put("control", "control")
                        .put("absoluteLift", 0.1)
                        .put("relativeLift", 1.0)
                        .put("ci", new JsonArray().add(0.5).add(1.5))
                        .put("pValue", 0.01)
                        .put("adjustedPValue", 0.02)
                        .put("chanceToBeat", 0.99)
                        .put("significant", true)
                        .put("improvement", true)));
  }

  /** Issue 15 item 10: "24.87" said nothing; the unit column says seconds. */
  @Test
  void aMeanMetricsUnitIsInItsRows() {
    var spec =
        Fixtures.spec(
            Fixtures.fixed(0.1),
            Fixtures.primary("signup"),
            new MetricSpec(
                dev.moments.server.experiment.Metric.of(
                        "time_on_page", dev.moments.server.stats.MetricType.MEAN)
                    .withUnit("s"),
                MetricRole.SECONDARY));
    var rows =
        new Fixtures.Rows()
            .units("control", 0, 4)
            .units("bold", 0, 4)
            .values("time_on_page", "control", 0, 4, 99.48, 3000)
            .values("time_on_page", "bold", 0, 4, 120, 4000)
            .list();
    String[] lines =
        ReportCsv.write(ReportBuilder.build(ReportInput.of(spec, rows, Fixtures.START)))
            .split("\r\n");
    assertEquals(
        true,
        lines[3].startsWith("time_on_page,secondary,mean,increase,s,control,4,4,24.87,"),
        lines[3]);
  }

  @Test
  void quotesPerRfc4180() {
    assertEquals("plain", ReportCsv.quote("plain"));
    assertEquals("\"a,b\"", ReportCsv.quote("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", ReportCsv.quote("say \"hi\""));
    assertEquals("\"two\nlines\"", ReportCsv.quote("two\nlines"));
  }

  @Test
  void writesARealReport() {
    var rows =
        new Fixtures.Rows()
            .binomial("signup", "control", 1000, 100)
            .binomial("signup", "bold", 1000, 130)
            .list();
    var spec =
        Fixtures.spec(
            Fixtures.fixed(0.1), Fixtures.primary("signup"), Fixtures.guardrail("refund"));
    String[] lines =
        ReportCsv.write(ReportBuilder.build(ReportInput.of(spec, rows, Fixtures.START)))
            .split("\r\n");
    assertEquals(5, lines.length);
    assertEquals("refund,guardrail,binomial,decrease,,bold,1000,0,0.0,,,,,,,,false,", lines[4]);
  }
}
