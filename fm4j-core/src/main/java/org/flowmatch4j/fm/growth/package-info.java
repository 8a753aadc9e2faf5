/**
 * Unbalanced flow matching: a velocity v(x, t) and a growth rate g(x, t) learned together from
 * pairs of cells at consecutive time points, so that the weighted population follows the
 * unbalanced continuity equation {@code dp/dt + div(p v) = g p}. {@link
 * org.flowmatch4j.fm.growth.IntervalTargets} draws the regression targets of one interval (the
 * WFR geodesics of WFR-FM, or straight paths of an unbalanced minibatch plan), and {@link
 * org.flowmatch4j.fm.growth.GrowthField} integrates position and log-weight together.
 */
package org.flowmatch4j.fm.growth;
