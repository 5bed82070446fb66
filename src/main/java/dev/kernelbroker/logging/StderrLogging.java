package dev.kernelbroker.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The broker's logging, set up in code rather than from a logback.xml: parsing XML cost a cold start about 80 ms of
 * its first 150 (issue 9). Logback asks configurators found as services before its own file lookup, so this one steps
 * aside when there is a file to read: a logback.xml, a logback-test.xml (the tests') or
 * {@code -Dlogback.configurationFile}. Logs go to stderr only: in stdio mode, stdout carries nothing but MCP messages.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ClassLoader loader = StderrLogging.class.getClassLoader();
    if (System.getProperty("logback.configurationFile") != null || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n");
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    context.getLogger("dev.kernelbroker").setLevel(Level.INFO);
    context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // A starting sandbox resets the readiness probe's connections; the probe's own result reports them.
    context.getLogger("io.vertx.core.net.impl.ConnectionBase").setLevel(Level.OFF);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
