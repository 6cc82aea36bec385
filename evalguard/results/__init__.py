"""Evaluation results as evalguard reasons about them (provenance, comparison) and the
reconciliation of a source's results with what a card already holds."""
