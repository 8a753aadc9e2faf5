package org.flowmatch4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;

/**
 * obs and var of an {@code .h5ad} file, read once per JVM (one executor, or the whole of local mode)
 * and shared by its tasks: a task that reads the cells of its row range cuts its rows out of obs
 * instead of reading the whole frame again, so reading obs costs n per executor, not n per task
 * (n x P over P partitions). One file is held at a time, by a soft reference (the collector may
 * drop it under memory pressure; the next task reads it again), and it is read again when the
 * file's size or modification time changes.
 */
final class FileMetadata {
  private record Entry(String path, long size, long modified, AnnData metadata) {}

  private static SoftReference<Entry> held = new SoftReference<>(null);

  private FileMetadata() {}

  /** obs and var of the file at {@code path} (no matrix, no uns); the caller must not modify them. */
  static synchronized AnnData of(String path) {
    Path p = Path.of(path);
    long size;
    long modified;
    try {
      size = Files.size(p);
      modified = Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read: "
          + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()), e);
    }
    Entry e = held.get();
    if (e == null || !e.path.equals(path) || e.size != size || e.modified != modified) {
      e = new Entry(path, size, modified, H5ad.read(p, ReadOptions.metadata().withUns(false)));
      held = new SoftReference<>(e);
    }
    return e.metadata;
  }
}
