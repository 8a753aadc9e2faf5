/**
 * Preprocessing as scanpy does it, on {@link org.flowmatch4j.data.DataMatrix} (dense or sparse):
 * {@link org.flowmatch4j.data.preprocess.Normalize#normalizeTotal} and
 * {@link org.flowmatch4j.data.preprocess.Normalize#log1p},
 * {@link org.flowmatch4j.data.preprocess.HighlyVariableGenes#seurat},
 * {@link org.flowmatch4j.data.preprocess.Scale#scale},
 * {@link org.flowmatch4j.data.preprocess.Pca} (exact or randomized, with inverse transform) and
 * {@link org.flowmatch4j.data.preprocess.StandardScaler} for whitening an embedding. Statistics are
 * computed in double precision. Checked against scikit-learn and hand-written scanpy steps by
 * {@code src/test/python/gen_preprocess_goldens.py}.
 *
 * <pre>{@code
 * DataMatrix x = Normalize.log1p(Normalize.normalizeTotal(a.x(), 1e4));
 * int[] hvg = HighlyVariableGenes.seurat(x, 2000, 20).selected();
 * Pca pca = Pca.fit(Scale.dense(Scale.scale(x.selectCols(hvg), true, 10)), 50, Pca.Solver.AUTO, 0);
 * Matrix scores = pca.scores();                 // obsm/X_pca
 * StandardScaler w = StandardScaler.fit(scores); // whiten for training, w.inverseTransform after
 * }</pre>
 */
package org.flowmatch4j.data.preprocess;
