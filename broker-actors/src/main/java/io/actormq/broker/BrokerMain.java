package io.actormq.broker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a single broker node and blocks until it stops (SIGTERM, Ctrl-C).
 *
 * <pre>
 * BrokerMain [--port N] [--data DIR] [--config FILE] [-Dkey=value ...]
 * </pre>
 *
 * Configuration, highest precedence first: these arguments, JVM system properties, the file of
 * {@code --config}, {@code application.conf}, {@code reference.conf}.
 */
public final class BrokerMain {

  private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

  static final String USAGE =
      "usage: actormq start [--port N] [--data DIR] [--config FILE] [-Dkey=value ...]";

  private BrokerMain() {}

  /** The parsed command line: configuration overrides and an optional config file. */
  record Arguments(Map<String, String> overrides, Path configFile, boolean help) {

    static Arguments parse(List<String> args) {
      Map<String, String> overrides = new LinkedHashMap<>();
      Path configFile = null;
      boolean help = false;
      Iterator<String> it = args.iterator();
      while (it.hasNext()) {
        String arg = it.next();
        // --name=value and --name value are the same.
        int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
        String option = eq < 0 ? arg : arg.substring(0, eq);
        String inline = eq < 0 ? null : arg.substring(eq + 1);
        switch (option) {
          case "-h", "--help" -> help = true;
          case "--port" -> overrides.put("actormq.broker.port", port(value(option, inline, it)));
          case "--data" ->
              overrides.put(
                  "actormq.home",
                  Path.of(value(option, inline, it)).toAbsolutePath().normalize().toString());
          case "--config" -> configFile = Path.of(value(option, inline, it));
          default -> {
            int sep = arg.indexOf('=');
            if (!arg.startsWith("-D") || sep <= 2) {
              throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            overrides.put(arg.substring(2, sep), arg.substring(sep + 1));
          }
        }
      }
      return new Arguments(overrides, configFile, help);
    }

    private static String value(String option, String inline, Iterator<String> rest) {
      if (inline != null) {
        return inline;
      }
      if (!rest.hasNext()) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return rest.next();
    }

    private static String port(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        }
        return value;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--port needs a number, got '" + value + "'");
      }
    }
  }

  public static void main(String[] args) {
    Config config;
    try {
      Arguments arguments = Arguments.parse(List.of(args));
      if (arguments.help()) {
        System.out.println(USAGE);
        return;
      }
      config = load(arguments);
    } catch (IllegalArgumentException | ConfigException e) {
      System.err.println("actormq: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Node node;
    try {
      node = Node.start(config);
    } catch (RuntimeException e) {
      Throwable cause = rootCause(e);
      if (cause instanceof IOException || cause instanceof NodeStartRefused) {
        // Port in use, data directory not writable or not this broker's: the message says it all.
        log.error(
            "ActorMQ failed to start: {}",
            cause instanceof NodeStartRefused ? cause.getMessage() : e.getMessage());
      } else {
        log.error("ActorMQ failed to start", e);
      }
      System.exit(1);
      return;
    }
    log.info(
        "ActorMQ {} started: data {}, listening on {} (advertised {}), flush {}",
        version(),
        node.config().home().toAbsolutePath().normalize(),
        node.boundAddress(),
        node.advertisedAddress(),
        node.config().logConfig().flushPolicy());
    node.whenStopped().toCompletableFuture().join();
    // Exits even if some library left a non-daemon thread behind. During a SIGTERM the JVM is
    // already exiting and this call just waits for the shutdown hooks.
    System.exit(0);
  }

  /** The layered configuration for these arguments, resolved. */
  static Config load(Arguments arguments) {
    Config file =
        arguments.configFile() == null
            ? ConfigFactory.empty()
            : ConfigFactory.parseFile(
                arguments.configFile().toFile(),
                ConfigParseOptions.defaults().setAllowMissing(false));
    // Unresolved reference so that an overridden actormq.home also moves the paths derived from it.
    return ConfigFactory.parseMap(arguments.overrides(), "command line")
        .withFallback(ConfigFactory.systemProperties())
        .withFallback(file)
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReferenceUnresolved())
        .resolve();
  }

  static String version() {
    try (InputStream in = BrokerMain.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "(unknown version)";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "(unknown version)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
