/**
 * The library's front door: {@link org.flowmatch4j.FlowMatching} trains a flow between two point
 * clouds (or from Gaussian noise) in a few lines, and returns an immutable {@link
 * org.flowmatch4j.FlowModel} that samples, pushes points between times, computes
 * log-likelihoods and saves itself with its {@link org.flowmatch4j.FlowConfig} and {@link
 * org.flowmatch4j.Provenance}. The packages below it ({@code tensor}, {@code nn}, {@code ot},
 * {@code fm}, {@code train}, {@code metrics}) are the parts it is built from, for callers that need
 * more control. See {@code docs/library.md}.
 */
package org.flowmatch4j;
