package org.flowmatch4j.tensor;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix products on the Vector API: {@code C (+)= op(A) op(B) (+ 1 bias^T)}.
 *
 * <p>Method (after Goto and van de Geijn, "Anatomy of high-performance matrix multiplication"):
 * the k dimension is cut into blocks of {@link #KC}; for each block, {@code op(B)} is packed into
 * panels of 2L columns (L = float lanes, 16 with AVX-512), laid out {@code [p][column]} so that
 * the inner loop reads it sequentially. A micro-kernel keeps a 12 x 2L tile of C in 24 vector
 * registers, loaded from its starting values C0, and for each p broadcasts 12 elements of A and
 * issues 24 fused multiply-adds. A 12-row block of A is packed as {@code [p][12]} when B has at least {@link
 * #PACK_A_MIN_COLUMNS} columns (the block is then reused by many panels and the kernel addresses A
 * with constant offsets); for narrow B it is read in place, since packing would cost more than it
 * saves. Narrow right edges use a 12 x L kernel, and partial tiles run on a zero-padded buffer.
 * Every element of C is thus {@code fma(a_k, b_k, ... fma(a_1, b_1, c0))} in order of k, where c0
 * is C itself (accumulate, and every k block after the first), the bias or zero.
 *
 * <p>The micro-kernels are kept small enough for C2 to compile every vector operation in them to
 * machine instructions (a kernel over its inlining budget leaves some operations as calls, whose
 * vectors are then boxed on the heap on every iteration): they have no branch, loading a tile's
 * starting values from an array and a row stride given by the caller (C itself; the bias row or a
 * row of zeros with stride 0), and only the packed kernels, whose A needs no address arithmetic,
 * take two k per iteration. For
 * them a packed block has an even depth: an odd kc is padded with a row of -0 in A and of +0 in B,
 * whose step adds {@code -0 * +0 = -0} to every element and so leaves every value, the sign of a
 * zero included, unchanged. {@code bench/alloc.sh} checks that no compiled kernel allocates.
 *
 * <p>A tile's accumulators are carried around the k loop, so C2 parses them as plain {@code
 * FloatVector}s, and a store compiles to one instruction only when C2 knows the stored vector's
 * class and species as constants. Left to itself it takes them from the type profiles of the
 * Vector API's shared methods, which in some fresh JVMs did not fold to constants: the stores then
 * ran as calls on vectors boxed on the heap, several times slower ({@code bench/intrinsics.sh}).
 * Every store therefore first casts its vector to the exact class of S's vectors, {@code
 * V.cast(c00).intoArray(c, o)}: {@code Class.cast} on a constant class is a C2 intrinsic that gives
 * the value that exact type, whatever the profiles say, and the check folds away once the loop is
 * known to carry only vectors of that class. The kernels call the Vector API directly, never a
 * helper of their own: when a kernel's compile outgrows C2's node budget for inlining, the Vector
 * API's methods (annotated to be inlined) are still inlined, later, but a helper would stay a call
 * whose vector arguments are boxed.
 *
 * <p>Large products are split over threads: B is packed once per k block (panels shared out),
 * then threads claim blocks of rows of C. Each element is computed by the same sequence of
 * operations whatever the split, so the results do not depend on the thread count.
 */
final class VectorGemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Rows of C per micro-kernel tile. */
  static final int MR = 12;
  /** Depth of a k block: a packed B block holds KC x n floats. */
  static final int KC = 512;
  /** Pack A (rather than read it in place) when B has at least this many padded columns. */
  static final int PACK_A_MIN_COLUMNS = 96;

  static final int SET = 0;
  static final int ACC = 1;
  static final int BIAS = 2;

  /** The starting values of a tile in SET mode: a row of zeros, read with row stride 0. */
  private static final float[] ZEROS = new float[2 * L];

  /**
   * The exact class of the vectors of {@link #S} (a final class of the Vector API), to which every
   * store casts its vector (see the class comment); the elementwise kernels ({@link VectorMaps},
   * {@link VectorKernels}) store the same way.
   */
  @SuppressWarnings("unchecked")
  static final Class<? extends FloatVector> V = (Class<? extends FloatVector>) S.vectorType();

  private static final ThreadLocal<Task> TASK = ThreadLocal.withInitial(Task::new);
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorGemm() {}

  /** Per-thread packing buffers, grown on demand. */
  private static final class Buffers {
    float[] packB = new float[0];
    final float[] packA = new float[MR * packedDepth(KC)];
    final float[] tile = new float[MR * 2 * L];
  }

  /** Computes {@code C (+)= op(A) op(B)}, with the bias row added when not accumulating. */
  static void product(
      boolean ta, boolean tb, Matrix a, Matrix b, Matrix c, boolean acc, Matrix bias) {
    int k = Checks.product(ta, tb, a, b, c);
    int m = c.rows;
    int n = c.cols;
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0) {
      if (!acc) {
        for (int i = 0; i < m; i++) {
          if (bias == null) {
            Arrays.fill(c.data, i * n, (i + 1) * n, 0f);
          } else {
            System.arraycopy(bias.data, 0, c.data, i * n, n);
          }
        }
      }
      return;
    }
    Task task = TASK.get();
    task.set(ta, tb, a.data, b.data, c.data, acc, bias == null ? null : bias.data, m, n, k);
    try {
      if (Checks.rowParts(m, n, k, MR) == 1) {
        task.serial();
      } else {
        task.parallel();
      }
    } finally {
      task.clear();
    }
  }

  /**
   * One product; reused per calling thread. Serial: for each k block, pack B, then sweep the rows.
   * Parallel: for each k block, pack B once into a shared buffer (panels split over threads),
   * then let threads claim blocks of rows. Row blocks start at multiples of MR, so every tile, and
   * hence every element, is computed exactly as in the serial sweep.
   */
  private static final class Task implements IntConsumer {
    private static final int PACK = 0;
    private static final int COMPUTE = 1;

    boolean ta;
    boolean tb;
    float[] a;
    float[] b;
    float[] c;
    float[] bias;
    boolean acc;
    int m;
    int n;
    int k;
    int padded;
    // the k block being computed in parallel
    float[] sharedB = new float[0];
    int phase;
    int p0;
    int kc;
    int mode;
    int parts;
    int rowsPerPart;

    void set(boolean ta, boolean tb, float[] a, float[] b, float[] c, boolean acc, float[] bias,
        int m, int n, int k) {
      this.ta = ta;
      this.tb = tb;
      this.a = a;
      this.b = b;
      this.c = c;
      this.acc = acc;
      this.bias = bias;
      this.m = m;
      this.n = n;
      this.k = k;
      this.padded = paddedWidth(n);
    }

    void clear() {
      a = b = c = bias = null;
    }

    private int modeOf(int blockStart) {
      return blockStart > 0 || acc ? ACC : bias != null ? BIAS : SET;
    }

    void serial() {
      Buffers buf = BUFFERS.get();
      if (buf.packB.length < packedDepth(Math.min(KC, k)) * padded) {
        buf.packB = new float[packedDepth(Math.min(KC, k)) * padded];
      }
      for (int start = 0; start < k; start += KC) {
        int depth = Math.min(KC, k - start);
        packB(buf.packB, start, depth, 0, n);
        rows(buf, buf.packB, start, depth, modeOf(start), 0, m);
      }
    }

    void parallel() {
      int threads = Parallel.threads();
      if (sharedB.length < packedDepth(Math.min(KC, k)) * padded) {
        sharedB = new float[packedDepth(Math.min(KC, k)) * padded];
      }
      int tiles = (m + MR - 1) / MR;
      int wanted = Math.min(tiles, 4 * threads);
      rowsPerPart = (tiles + wanted - 1) / wanted * MR;
      int rowParts = (m + rowsPerPart - 1) / rowsPerPart;
      int panels = (padded + 2 * L - 1) / (2 * L);
      for (int start = 0; start < k; start += KC) {
        p0 = start;
        kc = Math.min(KC, k - start);
        mode = modeOf(start);
        phase = PACK;
        parts = Math.min(threads, panels);
        Parallel.run(parts, this);
        phase = COMPUTE;
        parts = rowParts;
        Parallel.run(parts, this);
      }
    }

    @Override
    public void accept(int p) {
      if (phase == PACK) {
        // panels start at multiples of 2L columns
        int panels = (padded + 2 * L - 1) / (2 * L);
        int j0 = (int) ((long) panels * p / parts) * 2 * L;
        int j1 = (int) Math.min(n, (long) panels * (p + 1) / parts * 2 * L);
        packB(sharedB, p0, kc, j0, j1);
      } else {
        int i0 = p * rowsPerPart;
        rows(BUFFERS.get(), sharedB, p0, kc, mode, i0, Math.min(m, i0 + rowsPerPart));
      }
    }

    /** Rows [i0, i1) of C for the k block [p0, p0 + kc), B packed in bp. */
    private void rows(Buffers buf, float[] bp, int p0, int kc, int mode, int i0, int i1) {
      // packing A pays when its block is reused by several panels of B (and always for a
      // partial block, which needs zero padding)
      boolean packAll = padded >= PACK_A_MIN_COLUMNS;
      int kp = packedDepth(kc);
      for (int i = i0; i < i1; i += MR) {
        int mr = Math.min(MR, i1 - i);
        boolean packed = packAll || mr < MR;
        if (packed) {
          packA(buf.packA, i, mr, p0, kc);
        }
        for (int j0 = 0; j0 < n; ) {
          int w = n - j0 > L ? 2 * L : L;
          int nr = Math.min(w, n - j0);
          boolean full = mr == MR && nr == w;
          float[] ct = full ? c : buf.tile;
          int co = full ? i * n + j0 : 0;
          int ldc = full ? n : w;
          // the tile's starting values: C (or the tile holding them) row by row, else one row of
          // the bias or of zeros for every row
          float[] c0 = ct;
          int o0 = co;
          int ld0 = ldc;
          if (!full) {
            loadTile(buf.tile, w, mr, nr, i, j0, mode);
          } else if (mode == BIAS) {
            c0 = bias;
            o0 = j0;
            ld0 = 0;
          } else if (mode == SET) {
            c0 = ZEROS;
            o0 = 0;
            ld0 = 0;
          }
          int bo = j0 * kp;
          if (packed) {
            if (w == L) {
              packed1(buf.packA, 0, bp, bo, kp, c0, o0, ld0, ct, co, ldc);
            } else {
              packed2(buf.packA, 0, bp, bo, kp, c0, o0, ld0, ct, co, ldc);
            }
          } else if (ta) {
            if (w == L) {
              cols1(a, p0 * m + i, m, bp, bo, kc, c0, o0, ld0, ct, co, ldc);
            } else {
              cols2(a, p0 * m + i, m, bp, bo, kc, c0, o0, ld0, ct, co, ldc);
            }
          } else {
            if (w == L) {
              rows1(a, i * k + p0, k, bp, bo, kc, c0, o0, ld0, ct, co, ldc);
            } else {
              rows2(a, i * k + p0, k, bp, bo, kc, c0, o0, ld0, ct, co, ldc);
            }
          }
          if (!full) {
            storeTile(buf.tile, w, mr, nr, i, j0);
          }
          j0 += w;
        }
      }
    }

    /**
     * Fills a tile (row stride w) with the starting values of a partial block of C (C itself,
     * the bias or zeros, by mode) and zeros around them, so that the kernel runs on it exactly as
     * it runs on full blocks.
     */
    private void loadTile(float[] tile, int w, int mr, int nr, int i, int j0, int mode) {
      Arrays.fill(tile, 0f);
      for (int r = 0; r < mr; r++) {
        int ti = r * w;
        if (mode == ACC) {
          System.arraycopy(c, (i + r) * n + j0, tile, ti, nr);
        } else if (mode == BIAS) {
          System.arraycopy(bias, j0, tile, ti, nr);
        }
      }
    }

    /** Copies the valid mr x nr corner of a tile (row stride w) into C. */
    private void storeTile(float[] tile, int w, int mr, int nr, int i, int j0) {
      for (int r = 0; r < mr; r++) {
        System.arraycopy(tile, r * w, c, (i + r) * n + j0, nr);
      }
    }

    /**
     * Packs rows p0 .. p0+kc of op(B), columns [j0, j1) (j0 at a panel start), into panels of
     * {@link #packedDepth} rows (a row of zeros pads an odd kc); the panel at column j starts at
     * j * packedDepth(kc).
     */
    private void packB(float[] bp, int p0, int kc, int j0, int j1) {
      int kp = packedDepth(kc);
      for (int j = j0; j < j1; ) {
        int w = n - j > L ? 2 * L : L;
        int nr = Math.min(w, n - j);
        int off = j * kp;
        if (kp > kc) {
          Arrays.fill(bp, off + kc * w, off + kp * w, 0f);
        }
        if (!tb) {
          for (int p = 0; p < kc; p++) {
            int dst = off + p * w;
            System.arraycopy(b, (p0 + p) * n + j, bp, dst, nr);
            if (nr < w) {
              Arrays.fill(bp, dst + nr, dst + w, 0f);
            }
          }
        } else {
          for (int col = 0; col < nr; col++) {
            int src = (j + col) * k + p0;
            int dst = off + col;
            for (int p = 0; p < kc; p++) {
              bp[dst + p * w] = b[src + p];
            }
          }
          for (int col = nr; col < w; col++) {
            for (int p = 0; p < kc; p++) {
              bp[off + col + p * w] = 0f;
            }
          }
        }
        j += w;
      }
    }

    /**
     * Packs rows i .. i+mr of op(A), columns p0 .. p0+kc, as [p][MR], with zero rows after mr,
     * and a row of -0 after kc when kc is odd.
     */
    private void packA(float[] ap, int i, int mr, int p0, int kc) {
      if (ta) {
        for (int p = 0; p < kc; p++) {
          System.arraycopy(a, (p0 + p) * m + i, ap, p * MR, mr);
        }
      } else {
        if (mr == MR) {
          // p outer: twelve sequential read streams, one sequential write stream
          int q = i * k + p0;
          for (int p = 0, d = 0; p < kc; p++, d += MR, q++) {
            ap[d] = a[q];
            ap[d + 1] = a[q + k];
            ap[d + 2] = a[q + 2 * k];
            ap[d + 3] = a[q + 3 * k];
            ap[d + 4] = a[q + 4 * k];
            ap[d + 5] = a[q + 5 * k];
            ap[d + 6] = a[q + 6 * k];
            ap[d + 7] = a[q + 7 * k];
            ap[d + 8] = a[q + 8 * k];
            ap[d + 9] = a[q + 9 * k];
            ap[d + 10] = a[q + 10 * k];
            ap[d + 11] = a[q + 11 * k];
          }
        } else {
          for (int r = 0; r < mr; r++) {
            int src = (i + r) * k + p0;
            for (int p = 0; p < kc; p++) {
              ap[p * MR + r] = a[src + p];
            }
          }
        }
      }
      if (mr < MR) {
        for (int p = 0; p < kc; p++) {
          Arrays.fill(ap, p * MR + mr, (p + 1) * MR, 0f);
        }
      }
      if ((kc & 1) != 0) {
        Arrays.fill(ap, kc * MR, (kc + 1) * MR, -0f);
      }
    }
  }

  /** Rows of a packed k block: kc rounded up to even, for the packed kernels' two k a turn. */
  static int packedDepth(int kc) {
    return kc + (kc & 1);
  }

  /** Columns of packed B for n columns: panels of 2L, the last one L wide when it fits. */
  static int paddedWidth(int n) {
    int total = 0;
    for (int j0 = 0; j0 < n; ) {
      int w = n - j0 > L ? 2 * L : L;
      total += w;
      j0 += w;
    }
    return total;
  }

  /** A 12 x 2L tile of C = C0 + op(A) B; A(r, p) = a[ao + r * as + p] (row-major A). */
  private static void rows2(float[] a, int ao, int as, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); c01 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); c11 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); c21 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); c31 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); c41 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); c51 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); c61 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); c71 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); c81 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); c91 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); ca1 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o); cb1 = FloatVector.fromArray(S, c0, o + L);
    int r0 = ao, r1 = ao + 1 * as, r2 = ao + 2 * as, r3 = ao + 3 * as;
    int r4 = ao + 4 * as, r5 = ao + 5 * as, r6 = ao + 6 * as, r7 = ao + 7 * as;
    int r8 = ao + 8 * as, r9 = ao + 9 * as, r10 = ao + 10 * as, r11 = ao + 11 * as;
    for (int p = 0; p < kc; p++) {
      int bp = bo + p * 2 * L;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[r0 + p]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[r1 + p]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[r2 + p]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[r3 + p]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[r4 + p]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[r5 + p]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[r6 + p]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[r7 + p]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[r8 + p]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[r9 + p]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[r10 + p]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
      x = FloatVector.broadcast(S, a[r11 + p]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
    }
    V.cast(c00).intoArray(c, co); V.cast(c01).intoArray(c, co + L); co += ldc;
    V.cast(c10).intoArray(c, co); V.cast(c11).intoArray(c, co + L); co += ldc;
    V.cast(c20).intoArray(c, co); V.cast(c21).intoArray(c, co + L); co += ldc;
    V.cast(c30).intoArray(c, co); V.cast(c31).intoArray(c, co + L); co += ldc;
    V.cast(c40).intoArray(c, co); V.cast(c41).intoArray(c, co + L); co += ldc;
    V.cast(c50).intoArray(c, co); V.cast(c51).intoArray(c, co + L); co += ldc;
    V.cast(c60).intoArray(c, co); V.cast(c61).intoArray(c, co + L); co += ldc;
    V.cast(c70).intoArray(c, co); V.cast(c71).intoArray(c, co + L); co += ldc;
    V.cast(c80).intoArray(c, co); V.cast(c81).intoArray(c, co + L); co += ldc;
    V.cast(c90).intoArray(c, co); V.cast(c91).intoArray(c, co + L); co += ldc;
    V.cast(ca0).intoArray(c, co); V.cast(ca1).intoArray(c, co + L); co += ldc;
    V.cast(cb0).intoArray(c, co); V.cast(cb1).intoArray(c, co + L);
  }

  /** A 12 x 1L tile of C = C0 + op(A) B; A(r, p) = a[ao + r * as + p] (row-major A). */
  private static void rows1(float[] a, int ao, int as, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70, c80, c90, ca0, cb0;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o);
    int r0 = ao, r1 = ao + 1 * as, r2 = ao + 2 * as, r3 = ao + 3 * as;
    int r4 = ao + 4 * as, r5 = ao + 5 * as, r6 = ao + 6 * as, r7 = ao + 7 * as;
    int r8 = ao + 8 * as, r9 = ao + 9 * as, r10 = ao + 10 * as, r11 = ao + 11 * as;
    for (int p = 0; p < kc; p++) {
      int bp = bo + p * L;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector x;
      x = FloatVector.broadcast(S, a[r0 + p]); c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[r1 + p]); c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[r2 + p]); c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[r3 + p]); c30 = x.fma(b0, c30);
      x = FloatVector.broadcast(S, a[r4 + p]); c40 = x.fma(b0, c40);
      x = FloatVector.broadcast(S, a[r5 + p]); c50 = x.fma(b0, c50);
      x = FloatVector.broadcast(S, a[r6 + p]); c60 = x.fma(b0, c60);
      x = FloatVector.broadcast(S, a[r7 + p]); c70 = x.fma(b0, c70);
      x = FloatVector.broadcast(S, a[r8 + p]); c80 = x.fma(b0, c80);
      x = FloatVector.broadcast(S, a[r9 + p]); c90 = x.fma(b0, c90);
      x = FloatVector.broadcast(S, a[r10 + p]); ca0 = x.fma(b0, ca0);
      x = FloatVector.broadcast(S, a[r11 + p]); cb0 = x.fma(b0, cb0);
    }
    V.cast(c00).intoArray(c, co); co += ldc;
    V.cast(c10).intoArray(c, co); co += ldc;
    V.cast(c20).intoArray(c, co); co += ldc;
    V.cast(c30).intoArray(c, co); co += ldc;
    V.cast(c40).intoArray(c, co); co += ldc;
    V.cast(c50).intoArray(c, co); co += ldc;
    V.cast(c60).intoArray(c, co); co += ldc;
    V.cast(c70).intoArray(c, co); co += ldc;
    V.cast(c80).intoArray(c, co); co += ldc;
    V.cast(c90).intoArray(c, co); co += ldc;
    V.cast(ca0).intoArray(c, co); co += ldc;
    V.cast(cb0).intoArray(c, co);
  }

  /** A 12 x 2L tile of C = C0 + op(A) B; A(r, p) = a[ao + r + p * as] (transposed A). */
  private static void cols2(float[] a, int ao, int as, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); c01 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); c11 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); c21 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); c31 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); c41 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); c51 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); c61 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); c71 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); c81 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); c91 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); ca1 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o); cb1 = FloatVector.fromArray(S, c0, o + L);
    for (int p = 0; p < kc; p++, ao += as) {
      int bp = bo + p * 2 * L;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
      x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b0, c80); c81 = x.fma(b1, c81);
      x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b0, c90); c91 = x.fma(b1, c91);
      x = FloatVector.broadcast(S, a[ao + 10]); ca0 = x.fma(b0, ca0); ca1 = x.fma(b1, ca1);
      x = FloatVector.broadcast(S, a[ao + 11]); cb0 = x.fma(b0, cb0); cb1 = x.fma(b1, cb1);
    }
    V.cast(c00).intoArray(c, co); V.cast(c01).intoArray(c, co + L); co += ldc;
    V.cast(c10).intoArray(c, co); V.cast(c11).intoArray(c, co + L); co += ldc;
    V.cast(c20).intoArray(c, co); V.cast(c21).intoArray(c, co + L); co += ldc;
    V.cast(c30).intoArray(c, co); V.cast(c31).intoArray(c, co + L); co += ldc;
    V.cast(c40).intoArray(c, co); V.cast(c41).intoArray(c, co + L); co += ldc;
    V.cast(c50).intoArray(c, co); V.cast(c51).intoArray(c, co + L); co += ldc;
    V.cast(c60).intoArray(c, co); V.cast(c61).intoArray(c, co + L); co += ldc;
    V.cast(c70).intoArray(c, co); V.cast(c71).intoArray(c, co + L); co += ldc;
    V.cast(c80).intoArray(c, co); V.cast(c81).intoArray(c, co + L); co += ldc;
    V.cast(c90).intoArray(c, co); V.cast(c91).intoArray(c, co + L); co += ldc;
    V.cast(ca0).intoArray(c, co); V.cast(ca1).intoArray(c, co + L); co += ldc;
    V.cast(cb0).intoArray(c, co); V.cast(cb1).intoArray(c, co + L);
  }

  /** A 12 x 1L tile of C = C0 + op(A) B; A(r, p) = a[ao + r + p * as] (transposed A). */
  private static void cols1(float[] a, int ao, int as, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70, c80, c90, ca0, cb0;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o);
    for (int p = 0; p < kc; p++, ao += as) {
      int bp = bo + p * L;
      FloatVector b0 = FloatVector.fromArray(S, b, bp);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b0, c00);
      x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b0, c10);
      x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b0, c20);
      x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b0, c30);
      x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b0, c40);
      x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b0, c50);
      x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b0, c60);
      x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b0, c70);
      x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b0, c80);
      x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b0, c90);
      x = FloatVector.broadcast(S, a[ao + 10]); ca0 = x.fma(b0, ca0);
      x = FloatVector.broadcast(S, a[ao + 11]); cb0 = x.fma(b0, cb0);
    }
    V.cast(c00).intoArray(c, co); co += ldc;
    V.cast(c10).intoArray(c, co); co += ldc;
    V.cast(c20).intoArray(c, co); co += ldc;
    V.cast(c30).intoArray(c, co); co += ldc;
    V.cast(c40).intoArray(c, co); co += ldc;
    V.cast(c50).intoArray(c, co); co += ldc;
    V.cast(c60).intoArray(c, co); co += ldc;
    V.cast(c70).intoArray(c, co); co += ldc;
    V.cast(c80).intoArray(c, co); co += ldc;
    V.cast(c90).intoArray(c, co); co += ldc;
    V.cast(ca0).intoArray(c, co); co += ldc;
    V.cast(cb0).intoArray(c, co);
  }

  /** A 12 x 2L tile of C = C0 + op(A) B; A packed as [p][12] at a[ao..], kc even; two k a turn. */
  private static void packed2(float[] a, int ao, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
    FloatVector c60, c61, c70, c71, c80, c81, c90, c91, ca0, ca1, cb0, cb1;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); c01 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); c11 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); c21 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); c31 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); c41 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); c51 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); c61 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); c71 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); c81 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); c91 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); ca1 = FloatVector.fromArray(S, c0, o + L); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o); cb1 = FloatVector.fromArray(S, c0, o + L);
    for (int p = 0; p < kc; p += 2, ao += 2 * MR) {
      int bp = bo + p * 2 * L;
      FloatVector b00 = FloatVector.fromArray(S, b, bp);
      FloatVector b01 = FloatVector.fromArray(S, b, bp + L);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b00, c00); c01 = x.fma(b01, c01);
      x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b00, c10); c11 = x.fma(b01, c11);
      x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b00, c20); c21 = x.fma(b01, c21);
      x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b00, c30); c31 = x.fma(b01, c31);
      x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b00, c40); c41 = x.fma(b01, c41);
      x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b00, c50); c51 = x.fma(b01, c51);
      x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b00, c60); c61 = x.fma(b01, c61);
      x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b00, c70); c71 = x.fma(b01, c71);
      x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b00, c80); c81 = x.fma(b01, c81);
      x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b00, c90); c91 = x.fma(b01, c91);
      x = FloatVector.broadcast(S, a[ao + 10]); ca0 = x.fma(b00, ca0); ca1 = x.fma(b01, ca1);
      x = FloatVector.broadcast(S, a[ao + 11]); cb0 = x.fma(b00, cb0); cb1 = x.fma(b01, cb1);
      FloatVector b10 = FloatVector.fromArray(S, b, bp + 2 * L);
      FloatVector b11 = FloatVector.fromArray(S, b, bp + 2 * L + L);
      x = FloatVector.broadcast(S, a[ao + 12]); c00 = x.fma(b10, c00); c01 = x.fma(b11, c01);
      x = FloatVector.broadcast(S, a[ao + 13]); c10 = x.fma(b10, c10); c11 = x.fma(b11, c11);
      x = FloatVector.broadcast(S, a[ao + 14]); c20 = x.fma(b10, c20); c21 = x.fma(b11, c21);
      x = FloatVector.broadcast(S, a[ao + 15]); c30 = x.fma(b10, c30); c31 = x.fma(b11, c31);
      x = FloatVector.broadcast(S, a[ao + 16]); c40 = x.fma(b10, c40); c41 = x.fma(b11, c41);
      x = FloatVector.broadcast(S, a[ao + 17]); c50 = x.fma(b10, c50); c51 = x.fma(b11, c51);
      x = FloatVector.broadcast(S, a[ao + 18]); c60 = x.fma(b10, c60); c61 = x.fma(b11, c61);
      x = FloatVector.broadcast(S, a[ao + 19]); c70 = x.fma(b10, c70); c71 = x.fma(b11, c71);
      x = FloatVector.broadcast(S, a[ao + 20]); c80 = x.fma(b10, c80); c81 = x.fma(b11, c81);
      x = FloatVector.broadcast(S, a[ao + 21]); c90 = x.fma(b10, c90); c91 = x.fma(b11, c91);
      x = FloatVector.broadcast(S, a[ao + 22]); ca0 = x.fma(b10, ca0); ca1 = x.fma(b11, ca1);
      x = FloatVector.broadcast(S, a[ao + 23]); cb0 = x.fma(b10, cb0); cb1 = x.fma(b11, cb1);
    }
    V.cast(c00).intoArray(c, co); V.cast(c01).intoArray(c, co + L); co += ldc;
    V.cast(c10).intoArray(c, co); V.cast(c11).intoArray(c, co + L); co += ldc;
    V.cast(c20).intoArray(c, co); V.cast(c21).intoArray(c, co + L); co += ldc;
    V.cast(c30).intoArray(c, co); V.cast(c31).intoArray(c, co + L); co += ldc;
    V.cast(c40).intoArray(c, co); V.cast(c41).intoArray(c, co + L); co += ldc;
    V.cast(c50).intoArray(c, co); V.cast(c51).intoArray(c, co + L); co += ldc;
    V.cast(c60).intoArray(c, co); V.cast(c61).intoArray(c, co + L); co += ldc;
    V.cast(c70).intoArray(c, co); V.cast(c71).intoArray(c, co + L); co += ldc;
    V.cast(c80).intoArray(c, co); V.cast(c81).intoArray(c, co + L); co += ldc;
    V.cast(c90).intoArray(c, co); V.cast(c91).intoArray(c, co + L); co += ldc;
    V.cast(ca0).intoArray(c, co); V.cast(ca1).intoArray(c, co + L); co += ldc;
    V.cast(cb0).intoArray(c, co); V.cast(cb1).intoArray(c, co + L);
  }

  /** A 12 x 1L tile of C = C0 + op(A) B; A packed as [p][12] at a[ao..], kc even; two k a turn. */
  private static void packed1(float[] a, int ao, float[] b, int bo, int kc,
      float[] c0, int o0, int ld0, float[] c, int co, int ldc) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70, c80, c90, ca0, cb0;
    int o = o0;
    c00 = FloatVector.fromArray(S, c0, o); o += ld0;
    c10 = FloatVector.fromArray(S, c0, o); o += ld0;
    c20 = FloatVector.fromArray(S, c0, o); o += ld0;
    c30 = FloatVector.fromArray(S, c0, o); o += ld0;
    c40 = FloatVector.fromArray(S, c0, o); o += ld0;
    c50 = FloatVector.fromArray(S, c0, o); o += ld0;
    c60 = FloatVector.fromArray(S, c0, o); o += ld0;
    c70 = FloatVector.fromArray(S, c0, o); o += ld0;
    c80 = FloatVector.fromArray(S, c0, o); o += ld0;
    c90 = FloatVector.fromArray(S, c0, o); o += ld0;
    ca0 = FloatVector.fromArray(S, c0, o); o += ld0;
    cb0 = FloatVector.fromArray(S, c0, o);
    for (int p = 0; p < kc; p += 2, ao += 2 * MR) {
      int bp = bo + p * L;
      FloatVector b00 = FloatVector.fromArray(S, b, bp);
      FloatVector x;
      x = FloatVector.broadcast(S, a[ao]); c00 = x.fma(b00, c00);
      x = FloatVector.broadcast(S, a[ao + 1]); c10 = x.fma(b00, c10);
      x = FloatVector.broadcast(S, a[ao + 2]); c20 = x.fma(b00, c20);
      x = FloatVector.broadcast(S, a[ao + 3]); c30 = x.fma(b00, c30);
      x = FloatVector.broadcast(S, a[ao + 4]); c40 = x.fma(b00, c40);
      x = FloatVector.broadcast(S, a[ao + 5]); c50 = x.fma(b00, c50);
      x = FloatVector.broadcast(S, a[ao + 6]); c60 = x.fma(b00, c60);
      x = FloatVector.broadcast(S, a[ao + 7]); c70 = x.fma(b00, c70);
      x = FloatVector.broadcast(S, a[ao + 8]); c80 = x.fma(b00, c80);
      x = FloatVector.broadcast(S, a[ao + 9]); c90 = x.fma(b00, c90);
      x = FloatVector.broadcast(S, a[ao + 10]); ca0 = x.fma(b00, ca0);
      x = FloatVector.broadcast(S, a[ao + 11]); cb0 = x.fma(b00, cb0);
      FloatVector b10 = FloatVector.fromArray(S, b, bp + L);
      x = FloatVector.broadcast(S, a[ao + 12]); c00 = x.fma(b10, c00);
      x = FloatVector.broadcast(S, a[ao + 13]); c10 = x.fma(b10, c10);
      x = FloatVector.broadcast(S, a[ao + 14]); c20 = x.fma(b10, c20);
      x = FloatVector.broadcast(S, a[ao + 15]); c30 = x.fma(b10, c30);
      x = FloatVector.broadcast(S, a[ao + 16]); c40 = x.fma(b10, c40);
      x = FloatVector.broadcast(S, a[ao + 17]); c50 = x.fma(b10, c50);
      x = FloatVector.broadcast(S, a[ao + 18]); c60 = x.fma(b10, c60);
      x = FloatVector.broadcast(S, a[ao + 19]); c70 = x.fma(b10, c70);
      x = FloatVector.broadcast(S, a[ao + 20]); c80 = x.fma(b10, c80);
      x = FloatVector.broadcast(S, a[ao + 21]); c90 = x.fma(b10, c90);
      x = FloatVector.broadcast(S, a[ao + 22]); ca0 = x.fma(b10, ca0);
      x = FloatVector.broadcast(S, a[ao + 23]); cb0 = x.fma(b10, cb0);
    }
    V.cast(c00).intoArray(c, co); co += ldc;
    V.cast(c10).intoArray(c, co); co += ldc;
    V.cast(c20).intoArray(c, co); co += ldc;
    V.cast(c30).intoArray(c, co); co += ldc;
    V.cast(c40).intoArray(c, co); co += ldc;
    V.cast(c50).intoArray(c, co); co += ldc;
    V.cast(c60).intoArray(c, co); co += ldc;
    V.cast(c70).intoArray(c, co); co += ldc;
    V.cast(c80).intoArray(c, co); co += ldc;
    V.cast(c90).intoArray(c, co); co += ldc;
    V.cast(ca0).intoArray(c, co); co += ldc;
    V.cast(cb0).intoArray(c, co);
  }
}
