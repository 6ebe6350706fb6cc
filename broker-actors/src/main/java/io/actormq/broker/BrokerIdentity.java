package io.actormq.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Binds a data directory to the broker it holds. Offsets, message ids and routes all say which
 * broker a queue belongs to, so starting a directory's queues under another broker name would hand
 * clients the same data as a second broker's, with message ids that resolve nowhere.
 */
final class BrokerIdentity {

  static final String FILE = "broker-name";

  private BrokerIdentity() {}

  /**
   * Records {@code brokerName} in a new data directory, or checks that an existing one holds it.
   *
   * @throws NodeStartRefused if the directory belongs to another broker
   */
  static void claim(Path home, String brokerName) throws IOException {
    Path file = home.resolve(FILE);
    if (Files.exists(file)) {
      String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!owner.equals(brokerName)) {
        throw new NodeStartRefused(
            "the data directory "
                + home
                + " belongs to broker "
                + owner
                + ", not "
                + brokerName
                + " (actormq.broker.broker-name); start it with its own name or use another"
                + " directory");
      }
      return;
    }
    Path tmp = home.resolve(FILE + ".tmp");
    Files.writeString(tmp, brokerName + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
