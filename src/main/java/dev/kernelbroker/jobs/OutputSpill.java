package dev.kernelbroker.jobs;

/**
 * Where a job's whole output stream can go beside the bounded log it keeps in memory (for example a file in the
 * session's workspace). Called in output order from one job at a time; must not block.
 */
public interface OutputSpill {
  OutputSpill NONE = new OutputSpill() {
    @Override
    public void write(String stream, String text) { }

    @Override
    public void finish() { }
  };

  void write(String stream, String text);

  /** The job ended: nothing more comes. */
  void finish();
}
