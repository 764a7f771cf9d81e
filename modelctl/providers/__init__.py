"""Provider registry and provider modules (built-ins register through entry points too)."""
