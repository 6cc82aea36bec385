"""Real local servers that speak remote APIs, for tests (no mocks of HTTP clients)."""
