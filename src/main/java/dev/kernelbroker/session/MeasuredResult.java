package dev.kernelbroker.session;

import dev.kernelbroker.jupyter.ExecutionResult;

/** A call's result with what it used. */
public record MeasuredResult(ExecutionResult result, CallUsage usage) {}
