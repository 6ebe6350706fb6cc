package io.actormq.broker.cluster;

/**
 * The {@link ClusterSnapshot} as last published by {@link ClusterDirectory}. Until the directory
 * has seen the cluster, the node knows only itself, which is also what a single node always sees.
 */
public final class ClusterView {

  private volatile ClusterSnapshot snapshot;

  public ClusterView(String selfBroker) {
    this.snapshot = ClusterSnapshot.alone(selfBroker);
  }

  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  void publish(ClusterSnapshot newSnapshot) {
    snapshot = newSnapshot;
  }
}
