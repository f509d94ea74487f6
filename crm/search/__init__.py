"""Global search across the registry."""
