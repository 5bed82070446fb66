package dev.kernelbroker.jobs;

import dev.kernelbroker.jupyter.Output;

/** What a job sees of its work as it happens: when its turn came, and every output as it arrives. */
public interface JobObserver {
  JobObserver NONE = new JobObserver() {
    @Override
    public void started() { }

    @Override
    public void output(Output output) { }
  };

  /** The work began (its queue turn came); called at most once, from any thread. */
  void started();

  /** One output, in order, from any thread. */
  void output(Output output);
}
