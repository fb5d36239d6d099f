package dev.switchboard.testkit;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries, checked on the classes of the module under test (its {@code
 * target/classes} and {@code target/test-classes}) and on the import lines of its sources by a
 * {@code ModuleBoundariesTest} in every module, so that {@code mvn verify} fails on a crossing:
 *
 * <ul>
 *   <li>an {@code impl} package is private to its module: no class of another module (main or
 *       test) uses it;</li>
 *   <li>a public API package uses no {@code internal} package: API signatures and bodies stay on
 *       API types (and their own module's {@code impl}, for the {@code create} factories);</li>
 *   <li>an {@code internal} package is used only by the modules its package-info names.</li>
 * </ul>
 *
 * <p>The API rule reads main classes only (a test may reach into internals to drive them).
 *
 * <p>Threading: a test's thread; stateless.
 */
public final class ModuleBoundaries {

  /** Each {@code internal} package with the root packages of the modules that may use it. */
  private static final Map<String, List<String>> INTERNAL_USERS = Map.of(
      "dev.switchboard.channel.internal..", List.of("dev.switchboard.channel",
          "dev.switchboard.channel.server", "dev.switchboard.gateway", "dev.switchboard.bench"),
      "dev.switchboard.globaldata.internal..", List.of("dev.switchboard.globaldata",
          "dev.switchboard.bench"));

  /** An import (static or not) from an impl or internal package: group 1 is that package. */
  private static final Pattern IMPORT = Pattern.compile(
      "^\\s*import\\s+(?:static\\s+)?(dev\\.switchboard(?:\\.\\w+)*?\\.(?:impl|internal))\\.");

  private ModuleBoundaries() {
  }

  /**
   * Checks the classes of the module whose directory is the working directory (as surefire and
   * failsafe run a module's tests).
   *
   * @param roots the module's root packages, e.g. {@code dev.switchboard.channel.server}; its
   *              {@code impl} packages are those under them
   * @throws AssertionError naming every violation
   */
  public static void check(String... roots) {
    Path main = Path.of("target/classes");
    Path test = Path.of("target/test-classes");
    check(load(main), load(main, test), roots);
    checkImports(Path.of("src"), roots);
  }

  /**
   * Checks the classes of an application module (examples, benchmarks: no public API of its
   * own, so the rule on API packages does not apply) whose directory is the working directory.
   *
   * @param roots the module's root packages
   * @throws AssertionError naming every violation
   */
  public static void checkApplication(String... roots) {
    JavaClasses all = load(Path.of("target/classes"), Path.of("target/test-classes"));
    for (ArchRule rule : rules(roots)) {
      rule.check(all);
    }
    checkImports(Path.of("src"), roots);
  }

  /**
   * The same boundaries on the import lines of the sources (the class rules see only what the
   * bytecode uses: an unused import is not in it).
   *
   * @param sources the module's source folder
   * @param roots   the module's root packages
   * @throws AssertionError naming every import of another module's impl package or of an
   *                        internal package the module may not use
   */
  public static void checkImports(Path sources, String... roots) {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher imported = IMPORT.matcher(lines.get(i));
          if (imported.find() && !allowed(imported.group(1), roots)) {
            violations.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!violations.isEmpty()) {
      throw new AssertionError("imports across the module boundaries of "
          + String.join(", ", roots) + " (an impl package is private to its module; an internal"
          + " package is for the users its package-info names):\n"
          + String.join("\n", violations));
    }
  }

  /** Whether a module with these roots may import from the impl or internal package given. */
  private static boolean allowed(String pkg, String... roots) {
    if (pkg.endsWith(".impl")) {
      return Arrays.stream(roots).anyMatch(root -> pkg.startsWith(root + "."));
    }
    List<String> users = INTERNAL_USERS.get(pkg + "..");
    return users == null || Arrays.stream(roots).anyMatch(users::contains);
  }

  /**
   * @param main  the module's main classes
   * @param all   its main and test classes
   * @param roots the module's root packages
   * @throws AssertionError naming every violation
   */
  public static void check(JavaClasses main, JavaClasses all, String... roots) {
    apiRule(roots).check(main);
    for (ArchRule rule : rules(roots)) {
      rule.check(all);
    }
  }

  /** The rule on main classes: public API packages use no internal package. */
  private static ArchRule apiRule(String... roots) {
    String[] ownApi = Arrays.stream(roots).map(root -> root + "..").toArray(String[]::new);
    return noClasses().that(publicApi(ownApi))
        .should().dependOnClassesThat(resideInAPackage("dev.switchboard..internal.."))
        .as("no public API class of " + String.join(", ", roots) + " uses an internal package")
        .allowEmptyShould(true);
  }

  /** The rules on main and test classes: impl and internal packages used by their users only. */
  private static List<ArchRule> rules(String... roots) {
    String[] ownImpl = Arrays.stream(roots).map(root -> root + "..impl..").toArray(String[]::new);
    List<ArchRule> rules = new ArrayList<>();
    rules.add(noClasses()
        .should().dependOnClassesThat(resideInAPackage("dev.switchboard..impl..")
            .and(DescribedPredicate.not(resideInAnyPackage(ownImpl))))
        .as("no class of " + String.join(", ", roots) + " uses another module's impl package")
        .because("an impl package is private to its module (issue 14); share through core or a"
            + " documented internal package"));
    INTERNAL_USERS.forEach((internal, users) -> {
      if (Arrays.stream(roots).noneMatch(users::contains)) {
        rules.add(noClasses().should().dependOnClassesThat(resideInAPackage(internal))
            .as("no class of " + String.join(", ", roots) + " uses " + internal)
            .because("its package-info names its users: " + users));
      }
    });
    return rules;
  }

  private static DescribedPredicate<JavaClass> publicApi(String[] ownPackages) {
    return resideInAnyPackage(ownPackages)
        .and(DescribedPredicate.not(resideInAnyPackage("..impl..", "..internal..")))
        .as("in a public API package");
  }

  private static JavaClasses load(Path... paths) {
    List<Path> present = Arrays.stream(paths).filter(Files::isDirectory).toList();
    if (present.isEmpty()) {
      throw new AssertionError("no compiled classes under " + Path.of("").toAbsolutePath());
    }
    return new ClassFileImporter().importPaths(present);
  }
}
