package dev.switchboard.globaldata;

import dev.switchboard.core.ConfigKeys;
import dev.switchboard.core.MetricsOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of a {@link GlobalData}: the map, the limits, and for client mode the members to
 * connect to. JSON keys are the property names ({@code mapName}, {@code maxValueSize},
 * {@code maxKeyLength}, {@code clusterName}, {@code members}, {@code connectTimeout},
 * {@code minimumMembers}, {@code updateFunctions}). A {@link GlobalDataVerticle}'s config may also hold the keys of
 * {@link WorkermanOptions}, which these options accept and leave to that class.
 *
 * <p>Not thread-safe: build it on one thread, then hand it over.
 */
public class GlobalDataOptions {

  /** Default Hazelcast map holding the variables: {@value}. */
  public static final String DEFAULT_MAP_NAME = "switchboard.globaldata";

  /** Default maximum size of one encoded (JSON, UTF-8) value in bytes: {@value} (1 MiB). */
  public static final int DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

  /** Default maximum key length in characters: {@value}. */
  public static final int DEFAULT_MAX_KEY_LENGTH = 1024;

  /** Default member a client connects to: {@value}. */
  public static final String DEFAULT_MEMBER = "127.0.0.1:5701";

  /**
   * Default time a client's start waits for the cluster (and bound of one connection attempt),
   * in milliseconds: {@value}.
   */
  public static final long DEFAULT_CONNECT_TIMEOUT = 10_000;

  /**
   * Default minimum number of members the member configuration's split-brain protection of the
   * map must require: {@value} (none required). See {@link #setMinimumMembers(int)}.
   */
  public static final int DEFAULT_MINIMUM_MEMBERS = 0;

  /** The JSON keys of {@link #GlobalDataOptions(JsonObject)}, with their types. */
  private static final ConfigKeys KEYS = ConfigKeys.of("GlobalData")
      .strings("mapName", "clusterName").ints("maxValueSize", "maxKeyLength", "minimumMembers")
      .stringArrays("members").longs("connectTimeout").objects("metrics", "updateFunctions")
      // a GlobalDataVerticle's config also holds its Workerman listener's keys, read from it by
      // WorkermanOptions: known here, so that a typo in one of them is named like any other
      .with("GlobalData", WorkermanOptions.KEYS);

  private String mapName = DEFAULT_MAP_NAME;
  private int maxValueSize = DEFAULT_MAX_VALUE_SIZE;
  private int maxKeyLength = DEFAULT_MAX_KEY_LENGTH;
  private String clusterName;
  private List<String> members = new ArrayList<>(List.of(DEFAULT_MEMBER));
  private long connectTimeout = DEFAULT_CONNECT_TIMEOUT;
  private int minimumMembers = DEFAULT_MINIMUM_MEMBERS;
  private MetricsOptions metrics = new MetricsOptions();
  private Map<String, String> updateFunctions = new LinkedHashMap<>();

  /** Options with every default. */
  public GlobalDataOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public GlobalDataOptions(GlobalDataOptions other) {
    this.mapName = other.mapName;
    this.maxValueSize = other.maxValueSize;
    this.maxKeyLength = other.maxKeyLength;
    this.clusterName = other.clusterName;
    this.members = new ArrayList<>(other.members);
    this.connectTimeout = other.connectTimeout;
    this.minimumMembers = other.minimumMembers;
    this.metrics = new MetricsOptions(other.metrics);
    this.updateFunctions = new LinkedHashMap<>(other.updateFunctions);
  }

  /**
   * Reads options from JSON (a verticle's {@code config()}); absent keys keep their defaults.
   *
   * @param json the options as JSON
   * @throws IllegalArgumentException when a value is invalid or of the wrong JSON type, or a key
   *     unknown (unless the JSON holds {@code "strict": false}: then it is logged at WARN and
   *     ignored)
   */
  public GlobalDataOptions(JsonObject json) {
    json = KEYS.check(json);
    setMapName(json.getString("mapName", DEFAULT_MAP_NAME));
    setMaxValueSize(json.getInteger("maxValueSize", DEFAULT_MAX_VALUE_SIZE));
    setMaxKeyLength(json.getInteger("maxKeyLength", DEFAULT_MAX_KEY_LENGTH));
    String name = json.getString("clusterName");
    if (name != null) {
      setClusterName(name);
    }
    JsonArray list = json.getJsonArray("members");
    if (list != null) {
      List<String> parsed = new ArrayList<>();
      list.forEach(m -> parsed.add(String.valueOf(m)));
      setMembers(parsed);
    }
    setConnectTimeout(json.getLong("connectTimeout", DEFAULT_CONNECT_TIMEOUT));
    setMinimumMembers(json.getInteger("minimumMembers", DEFAULT_MINIMUM_MEMBERS));
    setMetrics(MetricsOptions.of(json));
    JsonObject functions = json.getJsonObject("updateFunctions");
    if (functions != null) {
      Map<String, String> parsed = new LinkedHashMap<>();
      for (String function : functions.fieldNames()) {
        if (!(functions.getValue(function) instanceof String className)) {
          throw new IllegalArgumentException("updateFunctions." + function
              + " must be a class name (a string)");
        }
        parsed.put(function, className);
      }
      setUpdateFunctions(parsed);
    }
  }

  /**
   * @return these options as JSON, readable by {@link #GlobalDataOptions(JsonObject)}
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("mapName", mapName)
        .put("maxValueSize", maxValueSize)
        .put("maxKeyLength", maxKeyLength)
        .put("clusterName", clusterName)
        .put("members", new JsonArray(new ArrayList<>(members)))
        .put("connectTimeout", connectTimeout)
        .put("minimumMembers", minimumMembers)
        .put("metrics", metrics.toJson())
        .put("updateFunctions", new JsonObject(new LinkedHashMap<>(updateFunctions)));
  }

  /**
   * @return the Hazelcast map holding the variables
   */
  public String getMapName() {
    return mapName;
  }

  /**
   * @param mapName the Hazelcast map holding the variables, not blank
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMapName(String mapName) {
    Objects.requireNonNull(mapName, "mapName");
    if (mapName.isBlank()) {
      throw new IllegalArgumentException("mapName must not be blank");
    }
    this.mapName = mapName;
    return this;
  }

  /**
   * @return the maximum size of one encoded value in bytes
   */
  public int getMaxValueSize() {
    return maxValueSize;
  }

  /**
   * @param maxValueSize the maximum size of one encoded (JSON, UTF-8) value in bytes, positive
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMaxValueSize(int maxValueSize) {
    if (maxValueSize <= 0) {
      throw new IllegalArgumentException("maxValueSize must be > 0");
    }
    this.maxValueSize = maxValueSize;
    return this;
  }

  /**
   * @return the maximum key length in characters
   */
  public int getMaxKeyLength() {
    return maxKeyLength;
  }

  /**
   * @param maxKeyLength the maximum key length in characters, positive
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMaxKeyLength(int maxKeyLength) {
    if (maxKeyLength <= 0) {
      throw new IllegalArgumentException("maxKeyLength must be > 0");
    }
    this.maxKeyLength = maxKeyLength;
    return this;
  }

  /**
   * @return the cluster name a client joins (client mode only); null until set: there is no
   *     shared default, a client must be given its cluster's own name
   */
  public String getClusterName() {
    return clusterName;
  }

  /**
   * @param clusterName the cluster name a client joins (client mode only), not blank: the
   *                    deployment's own name (the shipped cluster.xml's
   *                    {@code switchboard.cluster.name}); client mode fails without one
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setClusterName(String clusterName) {
    Objects.requireNonNull(clusterName, "clusterName");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("clusterName must not be blank");
    }
    this.clusterName = clusterName;
    return this;
  }

  /**
   * @return the {@code host:port} members a client connects to (client mode only)
   */
  public List<String> getMembers() {
    return List.copyOf(members);
  }

  /**
   * @param members {@code host:port} members a client connects to (client mode only), at least
   *                one; the client learns the rest of the cluster from them
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMembers(List<String> members) {
    Objects.requireNonNull(members, "members");
    if (members.isEmpty() || members.stream().anyMatch(m -> m == null || m.isBlank())) {
      throw new IllegalArgumentException("members must hold at least one host:port, none blank");
    }
    this.members = new ArrayList<>(members);
    return this;
  }

  /**
   * @return how long a client's start waits for the cluster, in milliseconds
   */
  public long getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * @param connectTimeout how long a client's start waits for the cluster before failing with
   *                       {@code NO_MEMBER}, in milliseconds, positive; it also bounds one
   *                       connection attempt (a port that accepts but never answers) and how
   *                       long a silent member is trusted before its connection closes. It does
   *                       not limit reconnection: a client that has lost the cluster keeps
   *                       reconnecting until closed, and calls made meanwhile fail at once with
   *                       {@code UNAVAILABLE}
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setConnectTimeout(long connectTimeout) {
    if (connectTimeout <= 0) {
      throw new IllegalArgumentException("connectTimeout must be > 0");
    }
    this.connectTimeout = connectTimeout;
    return this;
  }

  /**
   * @return the minimum number of members the map's split-brain protection must require; 0 when
   *     none is required
   */
  public int getMinimumMembers() {
    return minimumMembers;
  }

  /**
   * The split-brain protection a {@link GlobalDataVerticle} requires of its member's
   * configuration. Hazelcast reads split-brain protection from the member configuration only
   * (the {@code cluster.xml} every member starts with), so this option does not configure it: it
   * states what the deployment needs, and the verticle's start fails when the configuration
   * gives the map less (no protection, one not on reads and writes, a smaller minimum). Set it to
   * a majority of the members (2 of 3, 3 of 4 or 5) to have a minority side refuse every call
   * with {@code NO_QUORUM} instead of accepting writes lost when the partition heals.
   *
   * @param minimumMembers 0 (no requirement, the default) or at least 2
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMinimumMembers(int minimumMembers) {
    if (minimumMembers != 0 && minimumMembers < 2) {
      throw new IllegalArgumentException("minimumMembers must be 0 (none) or >= 2");
    }
    this.minimumMembers = minimumMembers;
    return this;
  }

  /** @return the metrics options (a live reference: change it before the verticle starts) */
  public MetricsOptions getMetrics() {
    return metrics;
  }

  /**
   * Metrics ({@code GET /metrics}, Prometheus's text format): on by default; {@code
   * metrics.enabled} false registers none of GlobalData's meters; served on a listener of their own
   * when {@code metrics.port} is set (see docs/operations.md). {@code metrics.publicPort} is
   * for gateways and ignored here.
   *
   * @param metrics the metrics options (JSON key {@code metrics})
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setMetrics(MetricsOptions metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    return this;
  }

  /** @return the update functions to register on the member: name to class name */
  public Map<String, String> getUpdateFunctions() {
    return updateFunctions;
  }

  /**
   * Update functions ({@link UpdateFunction}) the member registers under these names when a
   * {@link GlobalDataVerticle} or {@link GlobalData#member} starts on it, for
   * {@link GlobalData#update}: each class implements {@link UpdateFunction}, has a public
   * no-argument constructor and is on the member's class path. Only these names (and those
   * registered with {@link UpdateFunctions}) may run; callers cannot name a class. Ignored in
   * client mode (functions run on the members). Default: none.
   *
   * @param updateFunctions name to class name (JSON key {@code updateFunctions}, an object)
   * @return a reference to this, so the API can be used fluently
   */
  public GlobalDataOptions setUpdateFunctions(Map<String, String> updateFunctions) {
    this.updateFunctions = new LinkedHashMap<>(Objects.requireNonNull(updateFunctions,
        "updateFunctions"));
    return this;
  }
}
