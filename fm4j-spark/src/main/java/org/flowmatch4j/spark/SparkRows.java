package org.flowmatch4j.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.flowmatch4j.data.Column;
import org.flowmatch4j.data.DataFrame;
import org.flowmatch4j.data.DataMatrix;
import org.flowmatch4j.data.DenseMatrix;
import org.flowmatch4j.data.SparseMatrix;
import org.flowmatch4j.tensor.Matrix;

/**
 * Cells as Spark rows: the cell id ({@value #ID}, AnnData's obs_names), each obs column, and
 * named vector columns (ML vectors: sparse where the matrix is sparse).
 */
public final class SparkRows {
  /** The column of cell ids. */
  public static final String ID = "obs_names";

  private SparkRows() {}

  /** The schema: {@value #ID}, the obs columns, then one ML vector column per name in {@code vectors}. */
  public static StructType schema(DataFrame obs, String... vectors) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField(ID, DataTypes.StringType, false));
    for (Map.Entry<String, Column> e : obs.columns().entrySet()) {
      for (String v : vectors) {
        if (e.getKey().equals(ID) || e.getKey().equals(v)) {
          throw new IllegalArgumentException("obs column '" + e.getKey() + "' has the name of a column the job writes");
        }
      }
      f.add(DataTypes.createStructField(e.getKey(), type(e.getValue()), true));
    }
    for (String v : vectors) {
      f.add(DataTypes.createStructField(v, SQLDataTypes.VectorType(), false));
    }
    return DataTypes.createStructType(f);
  }

  private static DataType type(Column c) {
    if (c instanceof Column.Numeric n) {
      return n.type().isInteger() ? DataTypes.LongType : DataTypes.DoubleType;
    }
    if (c instanceof Column.Bool || c instanceof Column.NullableBool) {
      return DataTypes.BooleanType;
    }
    return c instanceof Column.NullableInt ? DataTypes.LongType : DataTypes.StringType;
  }

  /** Row i of obs with {@code schema} ({@link #schema}): the id and the obs values, followed by {@code vectors}. */
  public static Row row(StructType schema, DataFrame obs, int i, Object... vectors) {
    Map<String, Column> cols = obs.columns();
    Object[] v = new Object[1 + cols.size() + vectors.length];
    v[0] = obs.index()[i];
    int k = 1;
    for (Column c : cols.values()) {
      v[k++] = value(c, i);
    }
    System.arraycopy(vectors, 0, v, k, vectors.length);
    return new GenericRowWithSchema(v, schema);
  }

  private static Object value(Column c, int i) {
    if (c instanceof Column.Numeric n) {
      return n.type().isInteger() ? (Object) (long) n.values()[i] : (Object) n.values()[i];
    }
    if (c instanceof Column.Bool b) {
      return b.values()[i];
    }
    if (c instanceof Column.NullableBool b) {
      return b.mask()[i] ? null : b.values()[i];
    }
    if (c instanceof Column.NullableInt n) {
      return n.mask()[i] ? null : n.values()[i];
    }
    if (c instanceof Column.Strings s) {
      return s.values()[i];
    }
    Column.Categorical cat = (Column.Categorical) c;
    return cat.codes()[i] < 0 ? null : cat.categories().get(cat.codes()[i]);
  }

  /** Row {@code r}'s values followed by {@code more}. */
  public static Row extend(Row r, Object... more) {
    Object[] v = new Object[r.size() + more.length];
    for (int c = 0; c < r.size(); c++) {
      v[c] = r.get(c);
    }
    System.arraycopy(more, 0, v, r.size(), more.length);
    return RowFactory.create(v);
  }

  /** The vectors in column {@code column} of {@code rows} as the rows of a float32 matrix (n x d). */
  public static Matrix matrix(List<Row> rows, int column, int d) {
    List<Vector> v = new ArrayList<>(rows.size());
    for (Row r : rows) {
      v.add(r.getAs(column));
    }
    return matrix(v, d);
  }

  /**
   * The rows of a block of cells with {@code schema} ({@link #schema} of obs and one vector
   * column): obs and row i of {@code m} (n_b rows) as the vector column.
   */
  public static java.util.Iterator<Row> rows(StructType schema, DataFrame obs, DataMatrix m) {
    List<Row> out = new ArrayList<>(obs.size());
    for (int i = 0; i < obs.size(); i++) {
      out.add(row(schema, obs, i, vector(m, i)));
    }
    return out.iterator();
  }

  /** Row i of X as an ML vector: sparse for a sparse matrix (CSR is read row by row), dense otherwise. */
  public static Vector vector(DataMatrix x, int i) {
    if (x instanceof SparseMatrix s) {
      SparseMatrix csr = s.toCsr();
      int from = csr.indptr[i];
      int len = csr.indptr[i + 1] - from;
      int[] idx = new int[len];
      double[] val = new double[len];
      for (int k = 0; k < len; k++) {
        idx[k] = csr.indices[from + k];
        val[k] = csr.data[from + k];
      }
      return Vectors.sparse(csr.cols, idx, val);
    }
    return vector(((DenseMatrix) x).values(), i);
  }

  /** Row i of a dense matrix as a dense ML vector. */
  public static Vector vector(Matrix m, int i) {
    double[] v = new double[m.cols];
    for (int j = 0; j < m.cols; j++) {
      v[j] = m.data[i * m.cols + j];
    }
    return Vectors.dense(v);
  }

  /** Vectors of one length as the rows of a float32 matrix (n x d). */
  public static Matrix matrix(List<Vector> rows, int d) {
    Matrix m = new Matrix(rows.size(), d);
    for (int i = 0; i < rows.size(); i++) {
      Vector v = rows.get(i);
      if (v.size() != d) {
        throw new IllegalArgumentException("a vector of length " + v.size() + " where " + d + " were expected");
      }
      double[] a = v.toArray();
      for (int j = 0; j < d; j++) {
        m.data[i * d + j] = (float) a[j];
      }
    }
    return m;
  }
}
