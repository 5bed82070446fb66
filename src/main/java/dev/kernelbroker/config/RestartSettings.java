package dev.kernelbroker.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Restarts without losing sessions: what happens to sandboxes at exit, how long a new broker keeps an adopted
 * sandbox nobody came back for, and the secret session ids are hashed with before they are written on a sandbox
 * (empty: a key file under the state folder, made on first use).
 */
public record RestartSettings(OnExit onExit, Duration adoptGrace, Optional<String> sessionKey) {
  public RestartSettings {
    Objects.requireNonNull(onExit, "onExit");
    Objects.requireNonNull(adoptGrace, "adoptGrace");
    Objects.requireNonNull(sessionKey, "sessionKey");
    if (sessionKey.isPresent() && sessionKey.get().length() < 32) {
      throw new ConfigException("BROKER_SESSION_KEY must be at least 32 characters, got "
          + sessionKey.get().length());
    }
  }

  public boolean keep() {
    return onExit == OnExit.KEEP;
  }
}
