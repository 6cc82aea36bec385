"""A model repo as one unit: its files read from a folder or the Hub (`RepoSnapshot`), the
changes a command would make (`RepoPlan`), and where they go (a folder, a Hub pull
request, nowhere for a dry run). Batch runs loop over repos through these values, never
through a command's printed text."""
