package dev.switchboard.core.internal;

import io.vertx.core.Future;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names a port a listener could not bind, and what holds it when the machine says so: a failed
 * {@code listen()} whose cause is a {@link BindException} ("Address already in use", which names
 * no port) becomes one line, {@code gateway HTTP port 127.0.0.1:8282 is in use (held by pid 4242
 * java)}. The holder is looked up on Linux from {@code /proc/net/tcp} and {@code tcp6} (the
 * listening socket's inode) and {@code /proc/<pid>/fd} (the process holding that inode), best
 * effort: only processes whose descriptors this user may read, at most {@link #MAX_PROCESSES}
 * processes and {@link #MAX_MILLIS} ms; elsewhere, or when not found, the line names the port
 * only.
 *
 * <p>Threading: stateless; the lookup reads files, so it runs on a worker or at a failed start.
 */
public final class PortInUse {

  /** Processes whose descriptors are read, at most. */
  static final int MAX_PROCESSES = 4096;

  /** Time the lookup of the holder may take, in ms. */
  static final long MAX_MILLIS = 1_000;

  /** TCP state LISTEN in /proc/net/tcp. */
  private static final String LISTEN = "0A";

  private static final Path PROC = Path.of("/proc");

  private PortInUse() {
  }

  /**
   * @param listening a listener's {@code listen()}
   * @param what      what listens (e.g. {@code gateway HTTP port})
   * @param host      its host
   * @param port      its port
   * @param <T>       the listener
   * @return {@code listening}, its failure when the port is in use replaced by a
   *     {@link BindException} whose message names the port and its holder
   */
  public static <T> Future<T> named(Future<T> listening, String what, String host, int port) {
    return listening.recover(e -> {
      if (!inUse(e)) {
        return Future.failedFuture(e);
      }
      BindException named = new BindException(describe(what, host, port));
      named.initCause(e);
      return Future.failedFuture(named);
    });
  }

  /**
   * @return one line naming the port in use and, when found, its holder
   */
  static String describe(String what, String host, int port) {
    String holder = holder(port);
    return what + " " + host + ":" + port + " is in use"
        + (holder == null ? "" : " (held by " + holder + ")");
  }

  /**
   * @param port a TCP port
   * @return {@code pid N name} of a process listening on it, or null when not found
   */
  static String holder(int port) {
    try {
      Set<String> inodes = new HashSet<>();
      for (String table : List.of("net/tcp", "net/tcp6")) {
        Path file = PROC.resolve(table);
        if (Files.isReadable(file)) {
          listeningInodes(Files.readAllLines(file, StandardCharsets.US_ASCII), port, inodes);
        }
      }
      return inodes.isEmpty() ? null : process(inodes);
    } catch (IOException | RuntimeException e) {
      return null; // best effort: the line names the port
    }
  }

  /** Adds the inodes of the LISTEN sockets on {@code port} in a /proc/net/tcp table. */
  static void listeningInodes(List<String> lines, int port, Set<String> inodes) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length > 9 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3])
          && !"0".equals(fields[9])) {
        inodes.add(fields[9]);
      }
    }
  }

  private static String process(Set<String> inodes) throws IOException {
    Set<String> targets = new HashSet<>();
    inodes.forEach(inode -> targets.add("socket:[" + inode + "]"));
    long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
    int seen = 0;
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path pid : pids) {
        if (++seen > MAX_PROCESSES || System.nanoTime() > deadline) {
          return null;
        }
        if (holds(pid.resolve("fd"), targets)) {
          return "pid " + pid.getFileName() + " " + name(pid);
        }
      }
    }
    return null;
  }

  private static boolean holds(Path fds, Set<String> targets) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path link : links) {
        try {
          if (targets.contains(Files.readSymbolicLink(link).toString())) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile: the next one
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or gone: not readable
    }
    return false;
  }

  private static String name(Path pid) {
    try {
      return LogSafe.escape(Files.readString(pid.resolve("comm"), StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      return "(name unknown)";
    }
  }

  /**
   * A bind failure: a {@link BindException} (NIO transport) or Netty's native one (epoll: an
   * IOException whose message says it) anywhere in the cause chain.
   */
  static boolean inUse(Throwable e) {
    Throwable cause = e;
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      if (cause instanceof BindException || String.valueOf(cause.getMessage())
          .contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
