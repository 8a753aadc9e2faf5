package org.flowmatch4j.tasks.perturbation;

/** Where the flow of a (context, condition) task starts from. */
public enum Start {
  /** The control cells of the context, {@code x0}. */
  CONTROL,
  /**
   * The control cells moved by the mean-shift baseline, {@code x0 + s}, with s the condition's
   * shift averaged over the other contexts ({@link Baseline#MEAN_SHIFT_PER_CONTEXT}); the flow
   * learns the correction to that baseline. A training context gets the shift of the training
   * contexts other than itself, exactly as the held-out context gets the shift of the training
   * contexts, so training sees the same kind of error prediction starts from.
   */
  MEAN_SHIFT,
  /**
   * The control cells moved by the condition's shift in the other contexts weighted by how alike
   * their control cells are to this context's ({@link ContextKernel}, bandwidth chosen by
   * leave-one-context-out on the training contexts), {@code x0 + sum_o w_o s_o}; as for {@link
   * #MEAN_SHIFT}, a training context never gets its own shift.
   */
  NEAREST_SHIFT
}
