package dev.kernelbroker.mcp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Logback's unconfigured default is DEBUG, which buries test output under Netty's start-up chatter. */
public final class TestLogging {
  private TestLogging() {}

  public static void quiet() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.INFO);
  }
}
