"""Privacy (AVG): lawful basis and provenance per person, access requests, erasure and the retention review."""
