package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 1 for Java: every ```java block of every README compiles against the SDK as written
 * (the sdk-js harness runs the other languages). A block that is a whole compilation unit is
 * compiled as it is; a snippet is compiled as the body of a method whose parameters and helper
 * methods are the names the README assumes (listed in {@link #CONTEXTS}, keyed by the block's first
 * line, so a new snippet fails until someone says what it assumes). The FakeMomentsClient snippet
 * is also run, so the behaviour the README promises in a test is checked too.
 */
class ReadmeJavaBlocksTest {
  private static final List<String> READMES =
      List.of(
          "README.md",
          "server/README.md",
          "sdk-java/README.md",
          "sdk-js/README.md",
          "dashboard/README.md");
  private static final Pattern FENCE =
      Pattern.compile("(?m)^( *)```java\\n(.*?)^ *```", Pattern.DOTALL);

  /** What a snippet assumes: the method's parameters and the class's helpers, by first line. */
  private static final Map<String, String[]> CONTEXTS =
      Map.of(
          "MomentsClient client = MomentsClient.builder(\"http://localhost:8080\", serverKey).build();",
          new String[] {
            "String serverKey",
            "static void showGuidedTour(String payload) {} static void showClassicOnboarding() {}"
          },
          "FakeMomentsClient moments = new FakeMomentsClient()",
          new String[] {
            "",
            """
            static void assertEquals(Object expected, Object actual) {
              if (!java.util.Objects.equals(expected, actual))
                throw new AssertionError("expected " + expected + " but was " + actual);
            }
            /** The service the README tests: shows the onboarding variant and records a purchase. */
            record OnboardingService(MomentsClient moments) {
              void start(String user) {
                moments.assign("smot.onboarding", user, Map.of());
                moments.track(user, "first_purchase", 49.90);
              }
            }
            """
          },
          "AssignmentConfig config = AssignmentConfig.fromJson(body);   // GET /api/v1/sdk/config body; build once per version",
          new String[] {
            "String body, Map<String, Object> attributes, String moment, String unitId,"
                + " Map<String, String> stored",
            ""
          });

  /**
   * A block that shows a type's signatures with elided bodies: its methods must exist on the type.
   */
  private static final Map<String, Class<?>> SUMMARIES =
      Map.of("public interface StickyStore {", StickyStore.class);

  @TempDir Path classes;

  record Block(String file, int line, String text) {
    String firstLine() {
      return text.lines().findFirst().orElse("").strip();
    }

    boolean isCompilationUnit() {
      return text.startsWith("import ") || text.startsWith("package ");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyJavaBlockCompilesAsWritten() throws IOException {
    List<Block> blocks = blocks();
    assertTrue(blocks.size() >= 4, "the READMEs' java blocks were found: " + blocks.size());
    return blocks.stream()
        .map(
            b ->
                DynamicTest.dynamicTest(
                    b.file() + ":" + b.line() + " " + b.firstLine(), () -> check(b)));
  }

  @Test
  void everyContextNamesABlockStillInTheReadmes() throws IOException {
    List<String> firstLines = blocks().stream().map(Block::firstLine).toList();
    for (String key : CONTEXTS.keySet()) {
      assertTrue(
          firstLines.contains(key), "CONTEXTS names a block the READMEs no longer have: " + key);
    }
  }

  /**
   * Issue 20 item 2: until the SDK is on Maven Central, the README installs it from the repository
   * and shows the dependency; both must name this module as its pom does, or a copy fails to
   * resolve.
   */
  @Test
  void theReadmeInstallsAndDependsOnThisModule() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String pom = Files.readString(Path.of("pom.xml"));
    String own = pom.substring(pom.indexOf("</parent>"));
    String parent = pom.substring(pom.indexOf("<parent>"), pom.indexOf("</parent>"));
    Matcher dependency =
        Pattern.compile(
                "<dependency>\\s*<groupId>(.+?)</groupId>\\s*<artifactId>(.+?)</artifactId>\\s*"
                    + "<version>(.+?)</version>\\s*</dependency>")
            .matcher(readme);
    assertTrue(dependency.find(), "README.md shows a <dependency> fragment");
    assertEquals(tag(parent, "groupId"), dependency.group(1), "groupId");
    assertEquals(tag(own, "artifactId"), dependency.group(2), "artifactId");
    assertEquals(tag(parent, "version"), dependency.group(3), "version");
    assertTrue(
        readme.contains("mvn -B -q -pl sdk-java -am install -DskipTests"),
        "README.md says how to install the module from the repository");
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">(.+?)</" + name + ">").matcher(xml);
    assertTrue(m.find(), "pom.xml has " + name);
    return m.group(1);
  }

  private void check(Block block) throws Exception {
    Class<?> summarized = SUMMARIES.get(block.firstLine());
    if (summarized != null) {
      checkSummary(block, summarized);
      return;
    }
    if (block.isCompilationUnit()) {
      Matcher type =
          Pattern.compile("public (?:final )?(?:class|interface|record) (\\w+)")
              .matcher(block.text());
      assertTrue(type.find(), "a compilation unit declares a public type");
      compile(type.group(1), block.text());
      return;
    }
    String[] context = CONTEXTS.get(block.firstLine());
    if (context == null) {
      fail(
          block.file()
              + ":"
              + block.line()
              + ": a new snippet; add what it assumes to CONTEXTS: "
              + block.firstLine());
    }
    String source =
        """
        import dev.moments.sdk.*;
        import java.util.*;
        public class Snippet {
          public static void run(%s) throws Exception {
        %s
          }
        %s
        }
        """
            .formatted(context[0], block.text(), context[1]);
    Path compiled = compile("Snippet", source);
    if (context[0].isEmpty()) { // needs nothing from outside: run it as written
      try (URLClassLoader loader =
          new URLClassLoader(new URL[] {compiled.toUri().toURL()}, getClass().getClassLoader())) {
        loader.loadClass("Snippet").getMethod("run").invoke(null);
      }
    }
  }

  /** Every method the block declares exists on the real type with the same parameter count. */
  private static void checkSummary(Block block, Class<?> type) {
    Matcher method = Pattern.compile("(\\w+)\\(([^)]*)\\)\\s*[;{]").matcher(block.text());
    int checked = 0;
    while (method.find()) {
      String name = method.group(1);
      int parameters = method.group(2).isBlank() ? 0 : method.group(2).split(",").length;
      boolean exists =
          Arrays.stream(type.getMethods())
              .anyMatch(m -> m.getName().equals(name) && m.getParameterCount() == parameters);
      assertTrue(
          exists, type.getSimpleName() + " has no " + name + " with " + parameters + " parameters");
      checked++;
    }
    assertEquals(3, checked, "the StickyStore summary shows get, put and inMemory");
  }

  private Path compile(String className, String source) throws Exception {
    Path dir = Files.createTempDirectory(classes, className);
    Path file = dir.resolve(className + ".java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    String classpath = sdkClasses().toString();
    boolean ok =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of("-classpath", classpath, "-d", dir.toString(), "-proc:none"),
                null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file))
            .call();
    if (!ok) {
      fail("does not compile as written:\n" + errors + "\n" + source);
    }
    return dir;
  }

  /** The SDK's compiled classes (target/classes), whatever launcher surefire uses. */
  private static Path sdkClasses() throws URISyntaxException {
    return Path.of(StickyStore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<Block> blocks() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<Block> found = new ArrayList<>();
    for (String readme : READMES) {
      String text = Files.readString(root.resolve(readme));
      Matcher m = FENCE.matcher(text);
      while (m.find()) {
        String indent = m.group(1);
        String body =
            m.group(2)
                .lines()
                .map(l -> l.startsWith(indent) ? l.substring(indent.length()) : l)
                .reduce("", (a, l) -> a + l + "\n");
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        found.add(new Block(readme, line, body.strip() + "\n"));
      }
    }
    return found;
  }
}
