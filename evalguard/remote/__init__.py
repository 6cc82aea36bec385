"""Clients of remote services (HF Jobs, ...), imported lazily: `check`, `sync`, `extract`
and `export` never load them. This package's own import stays empty."""
