package io.actormq.multijvm;

import io.actormq.broker.BrokerMain;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry point of a broker child JVM: {@link BrokerMain} plus a guard that halts the child when
 * its stdin reaches end of file. The parent holds the other end of that pipe and never writes to
 * it, so EOF means the parent is gone; a parent killed with SIGKILL (a surefire timeout, an IDE's
 * stop button) runs no shutdown hook, and without this guard its brokers would live on.
 */
public final class ChildBrokerMain {

  private ChildBrokerMain() {}

  public static void main(String[] args) {
    Thread guard = new Thread(ChildBrokerMain::haltWhenParentGoes, "parent-watch");
    guard.setDaemon(true);
    guard.start();
    BrokerMain.main(args);
  }

  private static void haltWhenParentGoes() {
    InputStream in = System.in;
    byte[] sink = new byte[64];
    try {
      while (in.read(sink) >= 0) {
        // The parent never writes; whatever comes is ignored.
      }
    } catch (IOException e) {
      System.err.println("parent-watch: stdin failed (" + e + "), treating the parent as gone");
    }
    System.err.println("parent-watch: the test JVM is gone; halting this broker");
    // Like kill -9, which every broker must survive anyway; a graceful stop could hang with
    // nobody left to wait for it.
    Runtime.getRuntime().halt(3);
  }
}
