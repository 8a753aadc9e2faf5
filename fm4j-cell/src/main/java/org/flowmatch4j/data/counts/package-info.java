/**
 * Raw count matrices: reading them exactly from {@code .h5ad} ({@code X}, {@code layers/counts},
 * {@code raw/X}) and from 10x Matrix Market folders, with every value checked to be a
 * non-negative integer, and library sizes.
 */
package org.flowmatch4j.data.counts;
