"""API Playground's backend: everything but the thin routes in app.py."""
