package dev.switchboard.testkit;

import org.junit.jupiter.api.AfterEach;

/**
 * Base class of tests that need real clustered nodes: {@link #startNodes(int)} in the test or a
 * {@code @BeforeEach}, every node closed after each test.
 */
public abstract class ClusteredTestBase {

  /** The nodes of the running test, or null before {@link #startNodes(int)}. */
  protected ClusterNodes cluster;

  /**
   * Starts {@code count} clustered nodes on 127.0.0.1 under a random cluster name.
   *
   * @param count how many nodes
   * @return the nodes, also kept in {@link #cluster}
   * @throws Exception when a node does not start in time
   */
  protected ClusterNodes startNodes(int count) throws Exception {
    if (cluster != null) {
      throw new IllegalStateException("nodes already started for this test");
    }
    cluster = ClusterNodes.start(count);
    return cluster;
  }

  /**
   * Closes every node of the test.
   *
   * @throws Exception when they do not close in time
   */
  @AfterEach
  public void closeNodes() throws Exception {
    if (cluster != null) {
      try {
        cluster.close();
      } finally {
        cluster = null;
      }
    }
  }
}
