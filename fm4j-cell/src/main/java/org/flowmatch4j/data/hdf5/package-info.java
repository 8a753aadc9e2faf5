/**
 * A minimal pure-Java HDF5 writer: superblock version 2, version 2 object headers with compact
 * links and attributes, contiguous datasets of fixed-point, IEEE float, h5py-style boolean enum,
 * UTF-8 variable-length string (global heap) and compound types. It writes what AnnData needs and
 * nothing more; every file it writes is read back by h5dump, h5py/anndata and jhdf in the tests.
 */
package org.flowmatch4j.data.hdf5;
