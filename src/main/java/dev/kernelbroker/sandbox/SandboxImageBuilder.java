package dev.kernelbroker.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the sandbox image exists, building it from the jar's build context when it is missing or stale. */
public final class SandboxImageBuilder {
  static final String CONTEXT_LABEL = "dev.kernelbroker.context-sha256";
  private static final Logger LOG = LoggerFactory.getLogger(SandboxImageBuilder.class);
  private static final Duration BUILD_DEADLINE = Duration.ofMinutes(30);

  private SandboxImageBuilder() {}

  /**
   * Blocking. An image the user names is used as it is; the default image is rebuilt when it carries our
   * context label with another digest (the sources changed). One built by hand, without the label, is kept.
   *
   * @return whether the image was built now, so that a container created from the tag before is of another image
   */
  public static boolean ensure(DockerClient docker, String image, boolean buildable) {
    Optional<JsonObject> present = EngineCalls.of(docker).inspectImage(image);
    if (present.isPresent() && !buildable) {
      return false;
    }
    if (!buildable) {
      throw new SandboxException("the sandbox image " + image + " is not present; build it, or unset"
          + " BROKER_SANDBOX_IMAGE to let the broker build the default image");
    }
    BuildContext context = BuildContext.fromClasspath();
    if (present.isEmpty()) {
      build(docker, image, context, "missing");
      return true;
    }
    if (stale(present.get(), context)) {
      build(docker, image, context, "out of date");
      return true;
    }
    return false;
  }

  /**
   * Blocking. The image's id when the engine holds it and {@link #ensure} would build nothing for it (built from
   * these sources, or by hand); empty otherwise.
   */
  public static Optional<String> current(DockerClient docker, String image) {
    return EngineCalls.of(docker).inspectImage(image)
        .filter(present -> !stale(present, BuildContext.fromClasspath()))
        .map(present -> present.getString("Id"));
  }

  private static boolean stale(JsonObject image, BuildContext context) {
    JsonObject config = image.getJsonObject("Config");
    JsonObject labels = config == null ? null : config.getJsonObject("Labels");
    String built = labels == null ? null : labels.getString(CONTEXT_LABEL);
    return built != null && !built.equals(context.sha256());
  }

  private static void build(DockerClient docker, String image, BuildContext context, String why) {
    LOG.info("Sandbox image {} is {}; building it from the bundled container/ sources (a few minutes the first"
        + " time)", image, why);
    long started = System.nanoTime();
    try {
      String id = docker.buildImageCmd(new ByteArrayInputStream(context.tar()))
          .withDockerfilePath(BuildContext.DOCKERFILE)
          .withTags(Set.of(image))
          .withLabels(Map.of(CONTEXT_LABEL, context.sha256()))
          .withRemove(true)
          .exec(new BuildImageResultCallback() {
            @Override
            public void onNext(BuildResponseItem item) {
              if (item.getStream() != null && !item.getStream().isBlank()) {
                LOG.info("[image build] {}", item.getStream().stripTrailing());
              }
              super.onNext(item);
            }
          })
          .awaitImageId(BUILD_DEADLINE.toMinutes(), TimeUnit.MINUTES);
      LOG.info("Built sandbox image {} ({}) in {} s", image, id, (System.nanoTime() - started) / 1_000_000_000);
    } catch (IOException | RuntimeException e) {
      throw new SandboxException("building the sandbox image " + image + " failed: " + e.getMessage(), e);
    }
  }
}
