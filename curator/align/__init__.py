"""Sentence alignment of a text and its translation (no Qt, no database).

`aligner.align()` pairs sentences into beads; `beads` holds the value types. The
package is imported module by module so that readers of exchange formats, which only
need `beads`, do not load numpy.
"""
