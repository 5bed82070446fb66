package dev.kernelbroker;

public final class Main {
  public static void main(String[] args) {
    System.err.println("kernel-broker: not wired yet");
  }
}
