package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's event stream for this broker's sandboxes: a container that dies (killed, out of memory, exited) is
 * reported at once, so {@code /health} shows it within a second instead of when its session calls next.
 */
final class StopWatch implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(StopWatch.class);

  private final ResultCallback.Adapter<Event> stream;

  private StopWatch(ResultCallback.Adapter<Event> stream) {
    this.stream = stream;
  }

  static StopWatch start(DockerClient docker, Map<String, String> ownLabels, Consumer<String> onStopped) {
    ResultCallback.Adapter<Event> callback = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Event event) {
        if (event.getId() != null) {
          onStopped.accept(event.getId());
        }
      }

      @Override
      public void onError(Throwable error) {
        LOG.debug("Docker's event stream ended: {}", error.toString());
      }
    };
    docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die")
        .withLabelFilter(ownLabels).exec(callback);
    return new StopWatch(callback);
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (java.io.IOException e) {
      LOG.debug("closing Docker's event stream: {}", e.toString());
    }
  }
}
