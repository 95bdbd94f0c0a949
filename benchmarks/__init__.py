"""Speed and memory of the offer search, measured end to end: `python -m benchmarks`
(benchmarks/README.md). Run on demand, not part of the test suite."""
