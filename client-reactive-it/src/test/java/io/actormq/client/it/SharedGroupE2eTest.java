package io.actormq.client.it;

import static io.actormq.client.it.E2e.WAIT;
import static io.actormq.client.it.E2e.await;
import static io.actormq.client.it.E2e.consumer;
import static io.actormq.client.it.E2e.messages;
import static io.actormq.client.it.E2e.sendAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.actormq.client.ActorMqClient;
import io.actormq.client.ProducerSettings;
import io.actormq.client.ReactiveConsumer;
import io.actormq.client.ReactiveProducer;
import io.actormq.client.ReceivedMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The reactive client beside the official client and inside Pekko Streams and Reactor. */
class SharedGroupE2eTest {

  private static NodeFixture node;
  private static ActorMqClient client;
  private static ReactiveProducer producer;

  @BeforeAll
  static void start() throws Exception {
    node = new NodeFixture();
    client = E2e.client(node.address());
    producer = client.producer(ProducerSettings.of("shared-producer"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anActorMqConsumerAndAnOfficialPushConsumerSplitTheQueues() throws Exception {
    sendAll(producer, messages("sg-split", 8));
    Set<String> consumedByOfficial = ConcurrentHashMap.newKeySet();
    DefaultMQPushConsumer official = new DefaultMQPushConsumer("sg-split-g");
    official.setNamesrvAddr(node.address());
    official.setInstanceName("official-" + System.nanoTime());
    official.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
    official.subscribe("sg-split", "*");
    official.registerMessageListener(
        (MessageListenerConcurrently)
            (msgs, ctx) -> {
              msgs.forEach(m -> consumedByOfficial.add(new String(m.getBody())));
              return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
    official.start();
    try {
      ReactiveConsumer ours = client.consumer(consumer("sg-split-g", "sg-split"));
      Set<String> consumedByOurs = ConcurrentHashMap.newKeySet();
      Probe probe =
          new Probe(true) {
            @Override
            public void onNext(ReceivedMessage m) {
              consumedByOurs.add(m.bodyText());
              super.onNext(m);
            }
          };
      ours.subscribe(probe);
      probe.request(Long.MAX_VALUE);

      await(
          "the two members to split the 8 queues evenly",
          () -> {
            Set<Integer> mine =
                ours.assignedQueues().stream()
                    .filter(q -> q.topic().equals("sg-split"))
                    .map(q -> q.queueId())
                    .collect(Collectors.toSet());
            Set<Integer> theirs = officialQueues(official);
            Set<Integer> union = new HashSet<>(mine);
            union.addAll(theirs);
            return mine.size() == 4 && theirs.size() == 4 && union.size() == 8;
          });

      sendAll(producer, messages("sg-split", 80).stream().map(m -> m.withTags("late")).toList());
      await(
          "every message consumed by one of the members",
          () -> {
            Set<String> all = new HashSet<>(consumedByOurs);
            all.addAll(consumedByOfficial);
            return all.size() == 80;
          });
      assertThat(consumedByOurs).isNotEmpty();
      assertThat(consumedByOfficial).isNotEmpty();
      probe.cancel();
      ours.terminated().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      official.shutdown();
    }
  }

  // The official consumer publishes its assignment nowhere else; its implementation object is
  // deprecated as API but is where the process queues live.
  @SuppressWarnings("deprecation")
  private static Set<Integer> officialQueues(DefaultMQPushConsumer official) {
    Set<MessageQueue> queues =
        official.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet();
    return queues.stream()
        .filter(q -> q.getTopic().equals("sg-split"))
        .map(MessageQueue::getQueueId)
        .collect(Collectors.toSet());
  }

  @Test
  void theConsumerIsAPekkoStreamsSourceAndTheProducerASink() throws Exception {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "interop");
    try {
      // Producer as the sink of a Pekko stream; the results come back as a Pekko source.
      List<String> sent =
          Source.fromPublisher(
                  producer.send(
                      Source.range(0, 29)
                          .map(i -> io.actormq.client.Message.of("sg-pekko", "p" + i))
                          .runWith(
                              Sink.asPublisher(
                                  org.apache.pekko.stream.javadsl.AsPublisher.WITHOUT_FANOUT),
                              system)))
              .map(r -> r.message().bodyText())
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(sent).hasSize(30);

      ReactiveConsumer consumer = client.consumer(consumer("sg-pekko-g", "sg-pekko"));
      List<String> got =
          Source.fromPublisher(consumer)
              .map(
                  m -> {
                    m.ack();
                    return m.bodyText();
                  })
              .take(30)
              .runWith(Sink.seq(), system)
              .toCompletableFuture()
              .get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      assertThat(new HashSet<>(got)).isEqualTo(new HashSet<>(sent));
      // take(30) cancels upstream: the consumer leaves its group.
      consumer.terminated().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      system.terminate();
    }
  }

  @Test
  void reactorDrivesTheProducerAndTheConsumer() throws Exception {
    List<String> sent =
        Flux.from(
                producer.send(
                    Flux.range(0, 40)
                        .map(i -> io.actormq.client.Message.of("sg-reactor", "r" + i))))
            .map(r -> r.message().bodyText())
            .collectList()
            .block(WAIT);
    assertThat(sent).hasSize(40);

    ReactiveConsumer consumer = client.consumer(consumer("sg-reactor-g", "sg-reactor"));
    List<String> got =
        Flux.from(consumer)
            .limitRate(8)
            .doOnNext(ReceivedMessage::ack)
            .map(ReceivedMessage::bodyText)
            .take(40)
            .collectList()
            .block(WAIT);
    assertThat(new HashSet<>(got)).isEqualTo(new HashSet<>(sent));
    consumer.terminated().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(consumer.stats().maxBufferedPerQueue())
        .isLessThanOrEqualTo(consumer.settings().prefetchPerQueue());
  }
}
