"""Reading a README's tables: markdown and HTML tables, their layout, the model's column
or row (names), and the scores in it. No I/O; the README source builds results from it."""
