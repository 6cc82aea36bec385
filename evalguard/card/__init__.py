"""A model repo's files as bytes evalguard must not disturb: the README split into front
matter and body, the YAML read with positions, the model-index block rewritten, the
`.eval_results/*.yaml` files, and atomic writes."""
