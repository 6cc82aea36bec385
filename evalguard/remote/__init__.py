"""Clients of remote services: the Hub (`hub`) and Artificial Analysis (`aa`).

Imported only by commands that talk to them: `check`, `sync`, `extract` and `export` on
local files never load this package, huggingface_hub's HfApi, requests or dotenv
(tests/test_imports.py).
"""
