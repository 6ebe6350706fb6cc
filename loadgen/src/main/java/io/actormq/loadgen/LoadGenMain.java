package io.actormq.loadgen;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code loadgen --mode sync --namesrv 127.0.0.1:9876 ...}: runs a workload against any broker
 * speaking the RocketMQ remoting protocol and prints the table and the RESULT line(s) to stdout,
 * progress to stderr. Exit status 0 after a run (errors are figures, not failures), 2 for a bad
 * command line, 1 when the run could not be done.
 */
public final class LoadGenMain {

  private LoadGenMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || Arrays.asList(args).contains("--help")) {
      out.print(OptionsParser.USAGE);
      return args.length == 0 ? 2 : 0;
    }
    Options options;
    try {
      options = OptionsParser.parse(args);
    } catch (UsageException e) {
      err.println("loadgen: " + e.getMessage());
      err.print(OptionsParser.USAGE);
      return 2;
    }
    try {
      List<RunSummary> summaries = new LoadGenerator(options, err).run();
      for (RunSummary summary : summaries) {
        out.print(summary.table());
      }
      out.println();
      for (RunSummary summary : summaries) {
        out.println(summary.resultLine());
      }
      out.flush();
      return 0;
    } catch (UsageException e) {
      err.println("loadgen: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("loadgen: interrupted");
      return 1;
    } catch (Exception e) {
      // The run could not be set up (broker unreachable, topic refused): say so, briefly.
      err.println("loadgen: run failed: " + Meter.describe(e));
      return 1;
    }
  }
}
