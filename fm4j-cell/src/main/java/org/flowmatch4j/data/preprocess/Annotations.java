package org.flowmatch4j.data.preprocess;

import java.util.LinkedHashMap;
import java.util.Map;
import org.flowmatch4j.data.AnnData;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.Dtype;
import org.flowmatch4j.data.NdArray;
import org.flowmatch4j.tensor.Matrix;

/** Where scanpy keeps the results of each preprocessing step in an {@link AnnData}. */
public final class Annotations {
  private Annotations() {}

  /**
   * var {@code highly_variable}, {@code means}, {@code dispersions}, {@code dispersions_norm}
   * and uns {@code hvg/flavor}.
   */
  public static void highlyVariableGenes(AnnData a, HighlyVariableGenes.Result r, String flavor) {
    a.var().put("highly_variable", new Column.Bool(r.highlyVariable()));
    a.var().put("means", new Column.Numeric(r.means(), Dtype.FLOAT64));
    a.var().put("dispersions", new Column.Numeric(r.dispersions(), Dtype.FLOAT64));
    a.var().put("dispersions_norm", new Column.Numeric(r.dispersionsNorm(), Dtype.FLOAT64));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("flavor", flavor);
    a.uns().put("hvg", info);
  }

  /** var {@code mean} and {@code std} of {@code pp.scale}. */
  public static void scale(AnnData a, double[] mean, double[] std) {
    a.var().put("mean", new Column.Numeric(mean, Dtype.FLOAT64));
    a.var().put("std", new Column.Numeric(std, Dtype.FLOAT64));
  }

  /**
   * obsm {@code X_pca} (the scores, n x k), varm {@code PCs} (p x k loadings, zero outside the
   * genes the PCA saw: {@code genes}, or all when null) and uns {@code pca}
   * ({@code variance}, {@code variance_ratio}, {@code params}).
   */
  public static void pca(AnnData a, Pca pca, int[] genes, Matrix scores) {
    int k = pca.k();
    a.obsm().put("X_pca", DenseMatrix.of(scores));
    Matrix load = pca.loadings();
    Matrix full = new Matrix(a.nVars(), k);
    for (int r = 0; r < load.rows; r++) {
      int g = genes == null ? r : genes[r];
      System.arraycopy(load.data, r * k, full.data, g * k, k);
    }
    a.varm().put("PCs", DenseMatrix.of(full));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("variance", NdArray.of(pca.variance()));
    info.put("variance_ratio", NdArray.of(pca.varianceRatio()));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("zero_center", true);
    params.put("use_highly_variable", genes != null);
    info.put("params", params);
    a.uns().put("pca", info);
  }
}
