package dev.switchboard.testkit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The log lines of one logger (and its children) while it is open: a Logback {@link ListAppender}
 * added on creation and removed by {@link #close()}.
 *
 * <p>Threading: lines may be logged from any thread; read them with {@link #lines()}.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  /**
   * @param name the logger's name (a class or package name)
   */
  public LogCapture(String name) {
    logger = (Logger) LoggerFactory.getLogger(name);
    appender.start();
    logger.addAppender(appender);
  }

  /**
   * @return the formatted messages captured so far, each prefixed by its level and a space
   */
  public List<String> lines() {
    synchronized (appender.list) {
      return appender.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .toList();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
