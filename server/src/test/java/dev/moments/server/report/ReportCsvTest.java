package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

  @Test
  void oneRowPerMetricAndVariant() {
    JsonObject metric =
        new JsonObject()
            .put("metric", "signup")
            .put("role", "primary")
            .put("type", "binomial")
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
                            .put("significant", true)));
    String csv = ReportCsv.write(new JsonObject().put("metrics", new JsonArray().add(metric)));
    assertEquals(
        List.of(
            "metric,role,type,variant,units,conversions,mean,absolute_lift,relative_lift,ci_low,ci_high,p_value,adjusted_p_value,chance_to_beat,significant",
            "signup,primary,binomial,control,100,10,0.1,,,,,,,,",
            "signup,primary,binomial,bold,100,20,0.2,0.1,1.0,0.5,1.5,0.01,0.02,0.99,true"),
        List.of(csv.split("\r\n")));
    assertEquals(true, csv.endsWith("\r\n"));
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
        ReportCsv.write(ReportBuilder.build(spec, rows, Fixtures.START, null)).split("\r\n");
    assertEquals(5, lines.length);
    assertEquals("refund,guardrail,binomial,bold,1000,0,0.0,,,,,,,,false", lines[4]);
  }
}
