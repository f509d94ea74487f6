"""The JSON API (/api/v1/): personal access tokens, resources with OpenAPI, idempotent writes and webhooks."""
