"""Use cases. Each takes plain values or models, and commits once per use case."""
