/**
 * Single-cell data: the AnnData model, {@code .h5ad} / CSV / NumPy input and output, and (in
 * {@code org.flowmatch4j.data.preprocess}) scanpy-style preprocessing.
 *
 * <h2>The model</h2>
 *
 * {@link org.flowmatch4j.data.AnnData} holds X ({@link org.flowmatch4j.data.DataMatrix}: a
 * {@link org.flowmatch4j.data.DenseMatrix} around the shared {@link org.flowmatch4j.tensor.Matrix},
 * or a CSR/CSC {@link org.flowmatch4j.data.SparseMatrix}), the {@code obs}/{@code var}
 * {@link org.flowmatch4j.data.DataFrame}s of typed {@link org.flowmatch4j.data.Column}s
 * (numeric, bool, string, categorical, nullable int/bool), {@code obsm}, {@code varm},
 * {@code layers}, {@code obsp}, {@code varp}, {@code raw} and {@code uns}.
 *
 * <h2>Recipes</h2>
 *
 * <pre>{@code
 * // Trajectory: an embedding and a numeric time per cell
 * AnnData a = H5ad.read(path, ReadOptions.metadata().withObsm("X_pca"));   // X not loaded
 * Matrix x = a.obsmDense("X_pca");            // n x d, checked finite and non-empty
 * double[] t = a.obsTime("day");              // numeric, numeric categories, or ordered categorical
 *
 * // ... or from a CSV whose 'samples' column is the time point
 * AnnData c = Csv.read(Path.of("dygen.csv")).toAnnData("samples");
 * Matrix x = c.x().toDense();                 // the numeric feature columns
 * double[] t = c.obsTime("samples");
 *
 * // Perturbation (kang_valid.h5ad, legacy layout): condition x cell type subsets
 * AnnData k = H5ad.read(path);
 * int[] train = AnnData.where(mask);                          // any boolean mask over cells
 * int[] cd4Ctrl = k.obsRows("cell_type", "CD4T");             // rows with that label
 * String[] condition = k.obsLabels("condition");
 * Pca pca = Pca.fit(k.x().selectRows(train), 50, Pca.Solver.AUTO, seed);
 * Matrix z = pca.transform(k.x().selectRows(cd4Ctrl));        // cells -> PC space
 * Matrix genes = pca.inverseTransform(predictedZ);            // PC space -> genes
 *
 * // Writing predictions (atomic; anndata >= 0.8 reads it)
 * AnnData out = AnnData.of(genes);
 * out.obs().put("condition", Column.Categorical.of(labels, false));
 * out.obsm().put("X_pca", DenseMatrix.of(predictedZ));
 * H5ad.write(Path.of("pred.h5ad"), out);
 *
 * // distance: --a-key obsm/X_pca, or a subset by obs column and value
 * Matrix a1 = H5ad.readObsm(path, "X_pca");
 * Matrix a2 = k.obsmDense("X_pca").rows(k.obsRows("condition", "stimulated"));
 * }</pre>
 *
 * <h2>Errors</h2>
 *
 * Bad input (missing file or key, corrupt or truncated HDF5, wrong shape or dtype, NaN where
 * values must be finite, empty data) is one {@link java.lang.IllegalArgumentException} whose
 * message starts with the file and names the key; the command line maps it to exit code 2.
 */
package org.flowmatch4j.data;
