package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the server's packages point one way, down these layers: a class may use its
 * own package and the packages of lower layers, never a package of its own layer or above. Read
 * from the compiled classes' constant pools, so fully qualified names, signatures and lambdas count
 * as much as imports do.
 */
class PackageDependenciesTest {
  /**
   * Top to bottom; "" is the root package, where {@code main} wires everything together. The JIT
   * warm-up starts a private server through the root's public start-up, so it sits above it; only
   * {@link #ENTRY_POINT} names it, to run it before the real start.
   */
  static final List<Set<String>> LAYERS =
      List.of(
          Set.of("warmup"),
          Set.of(""),
          Set.of("http"),
          Set.of("alerts", "bandit"),
          Set.of("report"),
          Set.of("rollup", "assignment", "schedule"),
          Set.of("store", "events"),
          Set.of("webhooks"),
          Set.of("experiment", "db", "auth"),
          Set.of("stats", "config", "domain", "jobs"));

  static final String ENTRY_POINT = "dev/moments/server/Main.class";

  private static final Pattern REFERENCE =
      Pattern.compile("dev/moments/server/(?:([a-z]+)/)?[A-Z]");

  @Test
  void everyPackageIsInALayer() throws IOException {
    Set<String> unplaced = new TreeSet<>(dependencies().keySet());
    LAYERS.forEach(unplaced::removeAll);
    assertEquals(Set.of(), unplaced, "packages missing from LAYERS");
  }

  @Test
  void dependenciesPointDownTheLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    dependencies()
        .forEach(
            (from, uses) ->
                uses.forEach(
                    (to, example) -> {
                      if (!from.equals(to)
                          && layer(to) <= layer(from)
                          && !entryToWarmup(to, example)) {
                        violations.add(label(from) + " -> " + label(to) + " (" + example + ")");
                      }
                    }));
    assertEquals(List.of(), violations);
  }

  @Test
  void outsideHttpOnlyTheCompositionRootKnowsIt() throws IOException {
    assertEquals(Set.of("dev/moments/server/MomentsServer.class"), usersFromOutside("http"));
  }

  @Test
  void theCheckSeesARealUpwardReference() throws IOException {
    // the HTTP layer uses the report builder: were layer() upside down, this would be a violation
    assertTrue(dependencies().get("http").containsKey("report"));
    assertTrue(layer("http") < layer("report"));
  }

  @Test
  void onlyTheEntryPointKnowsTheWarmup() throws IOException {
    assertEquals(Set.of(ENTRY_POINT), usersFromOutside("warmup"));
  }

  /** The classes outside {@code pkg} that name a class of it (nested classes as their outer). */
  private static Set<String> usersFromOutside(String pkg) throws IOException {
    Set<String> users = new TreeSet<>();
    for (Reference r : references()) {
      if (!r.from().equals(pkg) && r.to().equals(pkg)) {
        users.add(r.className().replaceFirst("\\$.*", ".class"));
      }
    }
    return users;
  }

  private static boolean entryToWarmup(String to, String example) {
    return to.equals("warmup") && example.equals(ENTRY_POINT);
  }

  private static int layer(String pkg) {
    for (int i = 0; i < LAYERS.size(); i++) {
      if (LAYERS.get(i).contains(pkg)) {
        return i;
      }
    }
    return -1;
  }

  private static String label(String pkg) {
    return pkg.isEmpty() ? "(root)" : pkg;
  }

  /** Package → package it references → one class that does, for the message. */
  private static Map<String, Map<String, String>> dependencies() throws IOException {
    Map<String, Map<String, String>> result = new TreeMap<>();
    for (Reference r : references()) {
      result.computeIfAbsent(r.from(), k -> new TreeMap<>()).putIfAbsent(r.to(), r.className());
    }
    return result;
  }

  /** A class of package {@code from} names a class of package {@code to}. */
  private record Reference(String className, String from, String to) {}

  private static List<Reference> references() throws IOException {
    Path root =
        Path.of(MomentsServer.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<Reference> references = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root.resolve("dev/moments/server"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace('\\', '/');
        Matcher own = REFERENCE.matcher(name);
        if (!own.lookingAt()) {
          continue;
        }
        String from = own.group(1) == null ? "" : own.group(1);
        for (String constant : utf8Constants(file)) {
          Matcher m = REFERENCE.matcher(constant);
          while (m.find()) {
            references.add(new Reference(name, from, m.group(1) == null ? "" : m.group(1)));
          }
        }
      }
    }
    return references;
  }

  /** The UTF-8 entries of a class file's constant pool (JVMS 4.4). */
  static List<String> utf8Constants(Path classFile) throws IOException {
    try (InputStream raw = Files.newInputStream(classFile);
        DataInputStream in = new DataInputStream(raw)) {
      in.readInt(); // magic
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      List<String> strings = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> strings.add(in.readUTF());
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 15 -> in.skipNBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // eight-byte constants take two slots
          }
          default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
        }
      }
      return strings;
    }
  }
}
