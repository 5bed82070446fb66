package dev.kernelbroker.jobs;

import java.util.Locale;

/** Where a job is: waiting its turn in the session, running, or ended in one of three ways. */
public enum JobState {
  QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
