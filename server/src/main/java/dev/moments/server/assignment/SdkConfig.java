package dev.moments.server.assignment;

import dev.moments.sdk.AssignmentConfig;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.Holdout;
import dev.moments.server.experiment.HoldoutJson;
import dev.moments.server.experiment.Moment;
import dev.moments.server.experiment.Status;
import dev.moments.server.experiment.Variant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One version of what SDKs need to assign locally: the JSON served at GET /sdk/config (with its
 * ETag), and the same JSON parsed by the SDK's own core, so the server assigns exactly as the SDKs
 * do.
 */
public record SdkConfig(
    String version,
    Buffer body,
    AssignmentConfig assignment,
    Map<String, JsonObject> payloads,
    Map<String, List<String>> runningAdExperiments,
    Map<String, String> urls,
    Map<String, List<String>> runningStickyExperiments) {

  /**
   * Experiments an SDK can act on: running, paused (assigns nobody, keeps its buckets) and rolled
   * out.
   */
  public static SdkConfig of(List<Experiment> experiments, List<Moment> moments) {
    return of(experiments, moments, List.of());
  }

  /**
   * With the running holdouts (spec/README.md, "Holdouts"); an ended one is left out, so its units
   * return to the experiments of its moments.
   */
  public static SdkConfig of(
      List<Experiment> experiments, List<Moment> moments, List<Holdout> holdouts) {
    JsonArray exported = new JsonArray();
    Map<String, JsonObject> payloads = new HashMap<>();
    Map<String, List<String>> ads = new HashMap<>();
    Map<String, String> urls = new HashMap<>();
    Map<String, List<String>> sticky = new HashMap<>();
    for (Experiment e : experiments) {
      if (!e.holdsRange()) {
        continue;
      }
      exported.add(export(e));
      for (Variant v : e.variants()) {
        payloads.put(e.key() + "/" + v.key(), v.payload());
        if (v.url() != null) {
          urls.put(e.key() + "/" + v.key(), v.url());
          if (v.key().equals(e.control())) {
            urls.putIfAbsent(e.moment(), v.url()); // keys hold no '/': no clash
          }
        }
      }
      if (e.status() == Status.RUNNING && e.isAdExperiment()) {
        ads.computeIfAbsent(e.moment(), m -> new ArrayList<>()).add(e.key());
      }
      if (e.status() == Status.RUNNING && e.sticky()) {
        sticky.computeIfAbsent(e.moment(), m -> new ArrayList<>()).add(e.key());
      }
    }
    JsonArray momentList = new JsonArray();
    moments.forEach(
        m -> momentList.add(new JsonObject().put("key", m.key()).put("stage", m.stage().name())));
    JsonArray holdoutList = new JsonArray();
    holdouts.stream().filter(Holdout::running).forEach(h -> holdoutList.add(HoldoutJson.forSdk(h)));
    JsonObject content =
        new JsonObject()
            .put("experiments", exported)
            .put("moments", momentList)
            .put("holdouts", holdoutList);
    String version = digest(content.encode());
    JsonObject document = new JsonObject().put("version", version).mergeIn(content);
    Buffer body = document.toBuffer();
    return new SdkConfig(
        version,
        body,
        AssignmentConfig.fromJson(body.toString()),
        Map.copyOf(payloads),
        Map.copyOf(ads),
        Map.copyOf(urls),
        Map.copyOf(sticky));
  }

  public JsonObject payload(String experiment, String variant) {
    return payloads.getOrDefault(experiment + "/" + variant, new JsonObject());
  }

  /** The page of a variant of a split-URL test, as configured on it; empty when it has none. */
  public Optional<String> url(String experiment, String variant) {
    return Optional.ofNullable(urls.get(experiment + "/" + variant));
  }

  /**
   * The original page of a moment's split-URL test: the url of its first experiment's control, for
   * visitors in none of its experiments; empty when no control has one.
   */
  public Optional<String> originalUrl(String moment) {
    return Optional.ofNullable(urls.get(moment));
  }

  /** The running ad experiments of a moment (an ad click may name them), in config order. */
  public List<String> runningAdExperiments(String moment) {
    return runningAdExperiments.getOrDefault(moment, List.of());
  }

  /** The running sticky experiments of a moment: a unit keeps its first counted variant. */
  public List<String> runningStickyExperiments(String moment) {
    return runningStickyExperiments.getOrDefault(moment, List.of());
  }

  public String etag() {
    return "\"" + version + "\"";
  }

  private static JsonObject export(Experiment e) {
    JsonArray variants = new JsonArray();
    e.variants()
        .forEach(
            v ->
                variants.add(
                    ExperimentJson.withUrl(
                        new JsonObject()
                            .put("key", v.key())
                            .put("weight", v.weight())
                            .put("kind", v.kind().wire())
                            .put("payload", v.payload()),
                        v)));
    return new JsonObject()
        .put("key", e.key())
        .put("moment", e.moment())
        .put("salt", e.salt())
        .put("trafficPercent", e.trafficPercent())
        .put("ranges", ExperimentJson.rangesJson(e.ranges()))
        .put("variants", variants)
        .put("targeting", e.targeting())
        .put("status", e.status().wire())
        .put("rollout", e.rollout())
        .put("sticky", e.sticky())
        // informational: SDKs read a bandit's weights from its variants (spec/README.md)
        .put("allocation", e.allocation().toJson());
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
