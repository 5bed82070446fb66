package dev.kernelbroker.customtools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one call of a defined tool gave: its JSON value, or an error (the function raised, returned something that
 * is not JSON, timed out); {@code printed} is what it wrote to stdout, {@code details} a traceback or kernel summary.
 */
public record CustomToolOutcome(boolean ok, JsonNode value, String error, String printed, String details) {
  static CustomToolOutcome failed(String error, String printed, String details) {
    return new CustomToolOutcome(false, null, error, printed == null ? "" : printed, details == null ? "" : details);
  }
}
