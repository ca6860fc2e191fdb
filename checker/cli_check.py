"""fzbg check / rules (registered on the main app)."""
