/**
 * Neural networks for flow matching: a reverse-mode autodiff {@link org.flowmatch4j.nn.Tape},
 * differentiable directional derivatives (JVPs), the {@link org.flowmatch4j.nn.Mlp} velocity field,
 * {@link org.flowmatch4j.nn.Adam}/AdamW, {@link org.flowmatch4j.nn.Ema}, {@link
 * org.flowmatch4j.nn.LrSchedule}s, {@link org.flowmatch4j.nn.Gradients#clipByGlobalNorm gradient
 * clipping} and versioned {@link org.flowmatch4j.nn.Checkpoint}s.
 *
 * <h2>A training step</h2>
 *
 * Record the forward pass on a tape, build any loss, back-propagate, step the optimiser. The tape
 * reuses its buffers, so after the first step this allocates nothing.
 *
 * <pre>{@code
 * Mlp v = new Mlp(MlpConfig.velocity(d, 64, 3, Activation.SELU, seed));  // TorchCFM's MLP
 * Adam opt = new Adam(v.parameters(), AdamConfig.adamW(1e-3, 1e-5));
 * LrSchedule lr = new LrSchedule.Warmup(1000, new LrSchedule.Cosine(1e-3, 1e-5, steps - 1000));
 * Ema ema = new Ema(v.parameters(), 0.999);
 * Tape tape = new Tape();
 * for (long s = 0; s < steps; s++) {
 *   // fill xt (n x d), t (n x 1), ut (n x d) for this batch
 *   tape.reset();
 *   Var pred = v.forward(tape, tape.constant(xt), tape.constant(t), null);
 *   Var loss = tape.mse(pred, tape.constant(ut));
 *   opt.zeroGrad();
 *   tape.backward(loss);
 *   Gradients.clipByGlobalNorm(v.parameters(), 1.0);
 *   opt.step(lr.lr(opt.steps()));
 *   ema.update(opt.steps() - 1);
 *   float value = loss.item();
 * }
 * try (Ema.Applied a = ema.apply()) {
 *   v.forward(x, t, null, out);                // sample with the averaged weights
 * }
 * }</pre>
 *
 * Two networks (say a velocity and a score network) train together by summing their losses:
 * {@code tape.axpby(1f, lossV, lambda, lossS)}; each optimiser then steps its own parameters.
 *
 * <h2>A loss on a directional derivative</h2>
 *
 * {@link org.flowmatch4j.nn.Mlp#jvp} records {@code v} and {@code J u} as ordinary tape values,
 * so losses on derivatives back-propagate to the parameters (activation second derivatives make
 * this exact). Tangents may stack k directions as k blocks of n rows.
 *
 * <pre>{@code
 * // dv/dt along the path, and a loss that uses it
 * Jvp j = v.jvp(tape, tape.constant(xt), tape.constant(t), null, null, tape.constant(ones), null);
 * Var loss = tape.add(tape.mse(j.value(), tape.constant(ut)),
 *                     tape.scale(tape.mean(tape.mul(j.tangent(), j.tangent())), 0.1f));
 * tape.backward(loss);
 *
 * // exact divergence (d stacked unit tangents), differentiable
 * ValueAndDivergence vd = v.divergence(tape, tape.constant(x), tape.constant(t), null);
 * Var loss2 = tape.mean(tape.mul(vd.divergence(), vd.divergence()));        // n x 1 -> 1 x 1
 *
 * // Hutchinson estimate with a probe eps (n x d): eps^T J eps per row
 * Jvp h = v.jvp(tape, tape.constant(x), tape.constant(t), null, tape.constant(eps), null, null);
 * Var divEstimate = tape.rowSums(tape.mul(h.tangent(), tape.constant(eps)));
 * }</pre>
 *
 * <h2>Conditioning</h2>
 *
 * A condition c (n x condDim) enters by concatenation to the first layer's input (the default),
 * by FiLM of every hidden layer, {@code z_l <- (1 + c G_l^T) * z_l + c B_l^T} with zero-initialised
 * G_l and B_l, or both ({@link org.flowmatch4j.nn.ConditionInjection}, a field of {@link
 * org.flowmatch4j.nn.MlpConfig} saved in checkpoints). Every evaluation path above and below,
 * including JVPs along dc and divergences, supports all three.
 *
 * <h2>Without a tape</h2>
 *
 * Sampling and likelihoods call {@link org.flowmatch4j.nn.Mlp#forward(org.flowmatch4j.tensor.Matrix,
 * org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix)},
 * {@link org.flowmatch4j.nn.Mlp#jvp(org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix,
 * org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix,
 * org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix)}
 * and {@link org.flowmatch4j.nn.Mlp#divergence(org.flowmatch4j.tensor.Matrix,
 * org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix, org.flowmatch4j.tensor.Matrix,
 * org.flowmatch4j.tensor.Matrix)}, which write into caller-supplied matrices and keep a workspace
 * per batch size. None of the classes here is thread-safe; the kernels parallelise internally.
 *
 * <h2>Reproducibility</h2>
 *
 * Initialisation draws from a {@link java.util.SplittableRandom} seeded by the configuration, and
 * every kernel is a fixed sequence of float operations whose split over threads never changes
 * what each output element computes: the same seed gives the same losses bit for bit, for any
 * thread count.
 */
package org.flowmatch4j.nn;
