import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.data.h5ad.H5ad;
import org.flowmatch4j.data.h5ad.ReadOptions;

/**
 * A digest of every bit of what the .h5ad reader decodes from each FILE (obs and var names, X's
 * arrays, one obsm matrix and its float64 values where stored), one line per array, so that two
 * builds of the reader can be compared with diff:
 *
 * <pre>
 *   /usr/bin/python3 bench/h5ad_bench.py generate DIR
 *   java --add-modules jdk.incubator.vector -cp OLD.jar bench/H5adDigests.java X_pca DIR/plain.h5ad DIR/gzip.h5ad &gt; old.txt
 *   java --add-modules jdk.incubator.vector -cp NEW.jar bench/H5adDigests.java X_pca DIR/plain.h5ad DIR/gzip.h5ad &gt; new.txt
 *   diff old.txt new.txt
 * </pre>
 */
public final class H5adDigests {
  private H5adDigests() {}

  public static void main(String[] args) throws Exception {
    String obsm = args[0];
    for (int f = 1; f < args.length; f++) {
      Path file = Path.of(args[f]);
      AnnData a = H5ad.read(file, ReadOptions.metadata().withUns(false).withX(true).withObsm(obsm));
      String name = file.getFileName().toString();
      print(name, "obs names", strings(a.obs().index()));
      print(name, "var names", strings(a.var().index()));
      print(name, "X", matrix(a.requireX()));
      print(name, "obsm/" + obsm, matrix(a.obsm().get(obsm)));
    }
  }

  private static void print(String file, String what, String digest) {
    System.out.println(file + "  " + what + "  " + digest);
  }

  private static String strings(String[] s) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String t : s) {
      md.update(t.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return s.length + " " + HexFormat.of().formatHex(md.digest());
  }

  private static String matrix(DataMatrix m) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    String shape = m.rows() + "x" + m.cols() + " " + m.storage();
    if (m instanceof SparseMatrix s) {
      md.update(ints(s.indptr));
      md.update(ints(s.indices));
      md.update(floats(s.data));
    } else {
      DenseMatrix d = (DenseMatrix) m;
      md.update(floats(d.values().data));
      if (d.exact() != null) {
        ByteBuffer b = ByteBuffer.allocate(8 * d.exact().length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(d.exact());
        md.update(b);
      }
    }
    return shape + " " + HexFormat.of().formatHex(md.digest());
  }

  private static ByteBuffer ints(int[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return b;
  }

  private static ByteBuffer floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b;
  }
}
