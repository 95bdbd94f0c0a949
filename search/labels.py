"""Facet labels (a category's name for its code, a region's title for its slug …) without a
database query per search: each vocabulary is a ProcessCopy (home/process_copy.py), loaded
once per UI language and dropped when one of its models is edited."""

from home.process_copy import ProcessCopy

# facet name → value → label in the active language
Vocabulary = dict[str, dict[str, str]]
Labels = ProcessCopy[Vocabulary]
