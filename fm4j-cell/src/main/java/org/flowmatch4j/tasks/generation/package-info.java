/**
 * Count-aware generation of cells: a flow from a source distribution (Gaussian, or a negative
 * binomial / zero-inflated negative binomial fitted to the counts or fixed) to the log1p counts
 * of selected genes, optionally conditioned on a label, with counts drawn around the generated
 * values, evaluated on held-out cells next to an independent-per-gene ZINB baseline.
 */
package org.flowmatch4j.tasks.generation;
