package dev.kernelbroker.files;

import dev.kernelbroker.config.FileSettings;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each session may still take out of its workspace: a budget of downloads and bytes per session, and files
 * registered by content hash (uploads, a call's output files) with an expiry and a most number of downloads. Keyed
 * by an owner (a session's key), so one session's hashes are never found from another.
 */
public final class FileGrants {
  /** A file registered for download by hash; {@code maxDownloads} 0 means no limit but the session's. */
  public record Grant(String sha256, WorkspacePath path, long size, Instant expiresAt, int maxDownloads) {}

  private static final int MAX_GRANTS_PER_OWNER = 10_000;

  private final FileSettings settings;
  private final Map<String, Owner> owners = new ConcurrentHashMap<>();

  public FileGrants(FileSettings settings) {
    this.settings = settings;
  }

  public FileSettings settings() {
    return settings;
  }

  public Grant register(String owner, String sha256, WorkspacePath path, long size, Instant expiresAt,
      int maxDownloads) {
    Grant grant = new Grant(sha256, path, size, expiresAt, maxDownloads);
    Owner o = owner(owner);
    synchronized (o) {
      if (o.grants.size() >= MAX_GRANTS_PER_OWNER && !o.grants.containsKey(sha256)) {
        o.grants.keySet().stream().findFirst().ifPresent(o.grants::remove);
      }
      o.grants.put(sha256, new Entry(grant));
    }
    return grant;
  }

  /** The owner's live grant for this hash: empty when unknown; refused when expired or used up. */
  public Optional<Grant> find(String owner, String sha256) {
    Owner o = owners.get(owner);
    if (o == null) {
      return Optional.empty();
    }
    synchronized (o) {
      Entry e = o.grants.get(sha256);
      if (e == null) {
        return Optional.empty();
      }
      check(e);
      return Optional.of(e.grant);
    }
  }

  /** Counts one download of a registered file against its own limit and the session's budget. */
  public Grant download(String owner, String sha256, long bytes) {
    Owner o = owner(owner);
    synchronized (o) {
      Entry e = o.grants.get(sha256);
      if (e == null) {
        throw WorkspaceFileException.notFound("no file with hash " + sha256 + " in this session");
      }
      check(e);
      charge(o, bytes);
      e.downloads++;
      return e.grant;
    }
  }

  /** Counts one file handed out (download_file, resources/read) against the session's budget. */
  public void charge(String owner, long bytes) {
    Owner o = owner(owner);
    synchronized (o) {
      charge(o, bytes);
    }
  }

  public void forget(String owner) {
    owners.remove(owner);
  }

  private void charge(Owner o, long bytes) {
    if (o.downloads + 1 > settings.sessionMaxDownloads()) {
      throw WorkspaceFileException.limit("This session has had its " + settings.sessionMaxDownloads()
          + " downloads (BROKER_SESSION_MAX_DOWNLOADS); no more files can be taken out of it.");
    }
    if (o.bytes + bytes > settings.sessionMaxDownloadBytes()) {
      throw WorkspaceFileException.limit("This file (" + bytes + " bytes) would take the session past its "
          + settings.sessionMaxDownloadBytes() + " bytes of downloads (BROKER_SESSION_MAX_DOWNLOAD_BYTES; "
          + o.bytes + " used).");
    }
    o.downloads++;
    o.bytes += bytes;
  }

  private static void check(Entry e) {
    if (Instant.now().isAfter(e.grant.expiresAt())) {
      throw new WorkspaceFileException(WorkspaceFileException.Reason.EXPIRED, "The file " + e.grant.path()
          + " expired at " + e.grant.expiresAt() + " (expires_seconds)");
    }
    if (e.grant.maxDownloads() > 0 && e.downloads >= e.grant.maxDownloads()) {
      throw new WorkspaceFileException(WorkspaceFileException.Reason.EXPIRED, "The file " + e.grant.path()
          + " was downloaded " + e.downloads + " times, its limit (max_downloads)");
    }
  }

  private Owner owner(String owner) {
    return owners.computeIfAbsent(owner, k -> new Owner());
  }

  private static final class Owner {
    final Map<String, Entry> grants = new java.util.LinkedHashMap<>();
    int downloads;
    long bytes;
  }

  private static final class Entry {
    final Grant grant;
    int downloads;

    Entry(Grant grant) {
      this.grant = grant;
    }
  }
}
