/**
 * AnnData {@code .h5ad} files.
 *
 * <p>Reading ({@link org.flowmatch4j.data.h5ad.H5ad#read}) goes through jhdf and understands the
 * modern encoding (anndata ≥ 0.8), the 0.7 layout and the legacy scGen-era layout; see
 * {@link org.flowmatch4j.data.h5ad.ReadOptions} to read only parts (no X, some obsm keys, selected
 * cells and genes). Numeric arrays are decoded straight into Java arrays (one copy), chunks in
 * parallel. {@link org.flowmatch4j.data.h5ad.H5ad#summarize} describes a file without loading its
 * matrices.
 *
 * <p>Writing ({@link org.flowmatch4j.data.h5ad.H5ad#write}) produces the modern encoding with the
 * project's own minimal HDF5 writer ({@link org.flowmatch4j.data.hdf5.Hdf5Writer}), atomically.
 * Datasets are written uncompressed and contiguous.
 */
package org.flowmatch4j.data.h5ad;
