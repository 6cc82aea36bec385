"""Sources of evaluation results: each turns something (README tables, ...) into
model-index results with their provenance. No I/O of their own."""
