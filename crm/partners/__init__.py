"""Partner registry: organisations, people and their affiliations over time, tags."""
