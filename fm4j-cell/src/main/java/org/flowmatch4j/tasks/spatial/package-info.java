/**
 * Spatial transcriptomics from histology: per-spot image features of an H&amp;E section, baselines
 * (training mean, ridge, k nearest neighbours) and a per-spot conditional flow from a count or
 * Gaussian source to the spots' log1p expression, scored leave one section out.
 */
package org.flowmatch4j.tasks.spatial;
