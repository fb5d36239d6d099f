package dev.switchboard.gateway.impl;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the headers in which HTTP proxies name the client they forward: {@code Forwarded} (RFC
 * 7239: the {@code for=} parameter of each element, quoted IPv6 in brackets, optional ports,
 * obfuscated identifiers and {@code unknown}), {@code X-Forwarded-For} (comma-separated
 * addresses) and {@code X-Real-IP} (one address), and walks a list of hops from the right: each
 * proxy appends the address it got its connection from, so the nearest hop is last. Hops that are
 * trusted proxies are skipped; the first untrusted one is the client. A hop whose address is
 * hidden ({@code unknown}, {@code _obfuscated}) ends the walk: the client is then the last address
 * known before it (the proxy that forwarded it).
 *
 * <p>Bounded: the values of one header may hold at most {@value #MAX_LENGTH} characters and
 * {@value #MAX_HOPS} hops; more, or anything that is not the header's syntax, is {@link Malformed}
 * (the caller ignores the header). Addresses are literals only: never a DNS lookup.
 *
 * <p>Threading: stateless.
 */
final class ForwardedHeaders {

  /** The most characters the values of one header may hold: {@value}. */
  static final int MAX_LENGTH = 4096;
  /** The most hops one header may name: {@value}. */
  static final int MAX_HOPS = 32;

  /** An address a header names (its canonical text) and its port, 0 when not given. */
  record Hop(String host, int port) {
  }

  /** A header that is not its syntax or over the bounds; the message says why. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false); // no stack: a client's bad header is not a bug
    }
  }

  /** One hop as named: its address bytes, or null when hidden; its port. */
  private record Node(byte[] address, int port) {
  }

  private ForwardedHeaders() {
  }

  /**
   * @param values  the {@code Forwarded} header's values, in order
   * @param trusted the trusted proxies
   * @param peer    the address the request came from (a trusted proxy)
   * @return the client, or null when there is no such header
   * @throws Malformed when the header is not RFC 7239's syntax or over the bounds
   */
  static Hop forwarded(List<String> values, TrustedProxies trusted, Hop peer) throws Malformed {
    String joined = join(values);
    if (joined == null) {
      return null;
    }
    List<Node> nodes = new ArrayList<>();
    int[] at = {0};
    while (at[0] <= joined.length()) {
      String node = element(joined, at);
      if (node == null) {
        throw new Malformed("an element of Forwarded has no for= parameter");
      }
      nodes.add(node(node, true));
      if (nodes.size() > MAX_HOPS) {
        throw new Malformed("Forwarded names more than " + MAX_HOPS + " hops");
      }
    }
    return walk(nodes, trusted, peer);
  }

  /**
   * @param values  the {@code X-Forwarded-For} header's values, in order
   * @param trusted the trusted proxies
   * @param peer    the address the request came from (a trusted proxy)
   * @return the client, or null when there is no such header
   * @throws Malformed when an entry is not an address or the header is over the bounds
   */
  static Hop xForwardedFor(List<String> values, TrustedProxies trusted, Hop peer)
      throws Malformed {
    String joined = join(values);
    if (joined == null) {
      return null;
    }
    String[] entries = joined.split(",", -1);
    if (entries.length > MAX_HOPS) {
      throw new Malformed("X-Forwarded-For names more than " + MAX_HOPS + " hops");
    }
    List<Node> nodes = new ArrayList<>(entries.length);
    for (String entry : entries) {
      nodes.add(node(entry.trim(), false));
    }
    return walk(nodes, trusted, peer);
  }

  /**
   * @param values the {@code X-Real-IP} header's values
   * @return the client it names, or null when there is no such header
   * @throws Malformed when there are several, or the value is not an address
   */
  static Hop xRealIp(List<String> values) throws Malformed {
    String joined = join(values);
    if (joined == null) {
      return null;
    }
    if (values.size() > 1) {
      throw new Malformed("several X-Real-IP headers");
    }
    Node node = node(joined.trim(), false);
    if (node.address() == null) {
      throw new Malformed("X-Real-IP is not an address");
    }
    return hop(node);
  }

  /** @return the values joined as one list, or null when there are none */
  private static String joined(List<String> values) throws Malformed {
    if (values.isEmpty()) {
      return null;
    }
    int length = values.size() - 1;
    for (String value : values) {
      length += value.length();
      if (length > MAX_LENGTH) {
        throw new Malformed("longer than " + MAX_LENGTH + " characters");
      }
    }
    return String.join(",", values);
  }

  private static String join(List<String> values) throws Malformed {
    String joined = joined(values);
    return joined == null || joined.isBlank() ? null : joined;
  }

  /** From the nearest hop back: trusted proxies are skipped, the first other is the client. */
  private static Hop walk(List<Node> nodes, TrustedProxies trusted, Hop peer) {
    Hop last = peer;
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node node = nodes.get(i);
      if (node.address() == null) {
        return last; // hidden: the proxy that forwarded it is the last address known
      }
      last = hop(node);
      if (!trusted.trusts(node.address())) {
        return last;
      }
    }
    return last; // every hop is a trusted proxy: the first one is the client
  }

  private static Hop hop(Node node) {
    return new Hop(NetUtil.bytesToIpAddress(node.address()), node.port());
  }

  /**
   * Reads one {@code Forwarded} element from {@code at} up to the comma that ends it (moving
   * {@code at} past it).
   *
   * @return its {@code for} value, unquoted, or null when it has none
   */
  private static String element(String header, int[] at) throws Malformed {
    String node = null;
    int i = at[0];
    int end = header.length();
    while (true) {
      i = skipSpace(header, i);
      int nameStart = i;
      while (i < end && isTokenChar(header.charAt(i))) {
        i++;
      }
      if (i == nameStart || i >= end || header.charAt(i) != '=') {
        throw new Malformed("Forwarded: a parameter is not name=value");
      }
      String name = header.substring(nameStart, i).toLowerCase(Locale.ROOT);
      i++;
      StringBuilder value = new StringBuilder();
      if (i < end && header.charAt(i) == '"') {
        i = quoted(header, i + 1, value);
      } else {
        int valueStart = i;
        while (i < end && isTokenChar(header.charAt(i))) {
          i++;
        }
        value.append(header, valueStart, i);
      }
      if (value.length() == 0) {
        throw new Malformed("Forwarded: an empty value");
      }
      if (name.equals("for")) {
        if (node != null) {
          throw new Malformed("Forwarded: two for= in one element");
        }
        node = value.toString();
      }
      i = skipSpace(header, i);
      if (i >= end || header.charAt(i) == ',') {
        at[0] = i + 1;
        return node;
      }
      if (header.charAt(i) != ';') {
        throw new Malformed("Forwarded: unexpected character after a value");
      }
      i++;
    }
  }

  /** Reads a quoted string's content into {@code value}; returns the index after its quote. */
  private static int quoted(String header, int i, StringBuilder value) throws Malformed {
    while (i < header.length()) {
      char c = header.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c == '\\') {
        if (i >= header.length()) {
          break;
        }
        c = header.charAt(i++);
      }
      value.append(c);
    }
    throw new Malformed("Forwarded: an unterminated quoted string");
  }

  private static int skipSpace(String header, int i) {
    while (i < header.length() && (header.charAt(i) == ' ' || header.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 7230 tchar, plus ':', '[' and ']' so that an unquoted address with a port is read. */
  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
        || "!#$%&'*+-.^_`|~:[]".indexOf(c) >= 0;
  }

  /**
   * Parses one hop: {@code unknown}, an obfuscated identifier (in {@code Forwarded} only), an
   * IPv4 address, an IPv6 address (in brackets in {@code Forwarded}; bare or in brackets in
   * {@code X-Forwarded-For}), each with an optional {@code :port}.
   */
  private static Node node(String text, boolean rfc7239) throws Malformed {
    if (text.equalsIgnoreCase("unknown") || rfc7239 && obfuscated(text)) {
      return new Node(null, 0);
    }
    String host = text;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw new Malformed("an IPv6 address without its ']'");
      }
      host = text.substring(1, close);
      String rest = text.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw new Malformed("unexpected text after an IPv6 address");
        }
        port = rest.substring(1);
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) < 0) { // one colon: IPv4 and a port
        host = text.substring(0, colon);
        port = text.substring(colon + 1);
      } else if (colon >= 0 && rfc7239) {
        throw new Malformed("Forwarded: an IPv6 address must be in brackets");
      }
    }
    byte[] address = host.isEmpty() || host.indexOf('%') >= 0 ? null
        : TrustedProxies.address(host);
    if (address == null) {
      throw new Malformed("a hop is not an IP address");
    }
    return new Node(address, port(port, rfc7239));
  }

  private static int port(String port, boolean rfc7239) throws Malformed {
    if (port == null || rfc7239 && obfuscated(port)) {
      return 0;
    }
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
        || Integer.parseInt(port) > 65_535) {
      throw new Malformed("a port is not a number up to 65535");
    }
    return Integer.parseInt(port);
  }

  /** RFC 7239 obfnode / obfport: {@code _} then letters, digits, '.', '_' or '-'. */
  private static boolean obfuscated(String text) {
    if (text.length() < 2 || text.charAt(0) != '_') {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
