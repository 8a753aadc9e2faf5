/**
 * Dense float matrices ({@link org.flowmatch4j.tensor.Matrix}, flat row-major, rows = samples)
 * and the kernels that work on them ({@link org.flowmatch4j.tensor.Kernels}): matrix products in
 * the three layouts of forward and backward passes, bias and row/column operations, elementwise
 * maps and activations, reductions and the Adam update. {@link org.flowmatch4j.tensor.Kernels#get()}
 * picks the Vector API implementation when {@code jdk.incubator.vector} is present (override with
 * {@code -Dfm4j.kernels=vector|scalar}); {@link org.flowmatch4j.tensor.Parallel} holds the bounded
 * thread pool ({@code -Dfm4j.threads=N} or {@link org.flowmatch4j.tensor.Parallel#setThreads}).
 */
package org.flowmatch4j.tensor;
