/**
 * Raw count matrices: reading them exactly from {@code .h5ad} ({@code X}, {@code layers/counts},
 * {@code raw/X}), from 10x HDF5 matrices ({@code filtered_feature_bc_matrix.h5}) and from 10x Matrix
 * Market folders, with every value checked to be a
 * non-negative integer, and library sizes.
 */
package org.flowmatch4j.data.counts;
