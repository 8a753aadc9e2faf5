package org.flowmatch4j.fm.source;

/** The per-gene count distribution: negative binomial, or zero-inflated negative binomial. */
public enum CountModel {
  /** NB(mu, theta): pi fixed at 0. */
  NB,
  /** ZINB(mu, theta, pi). */
  ZINB
}
