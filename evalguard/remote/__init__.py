"""Clients of remote services: the Hub (`hub`, with `refresh` for commands over repos),
Artificial Analysis (`aa`), HF Jobs (`jobs`, `collect`).

Imported only by commands that talk to them: `check`, `sync`, `extract` and `export` on
local files never load this package, huggingface_hub's HfApi, requests or dotenv
(tests/test_imports.py). This package's own import stays empty.
"""
